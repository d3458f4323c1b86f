import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "./Composer";

describe("Composer", () => {
  it("counts segments live and switches to Unicode for an emoji", async () => {
    const user = userEvent.setup();
    render(<Composer onSend={() => Promise.resolve()} sending={false} mode="bot" />);
    const counter = screen.getByTestId("segment-counter");
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Hello there");
    expect(counter).toHaveTextContent("11 / 160 · 1 segment · GSM-7");
    await user.type(screen.getByRole("textbox", { name: "Message" }), " 😀");
    expect(counter).toHaveTextContent("14 / 70 · 1 segment · Unicode");
  });

  it("sends on Enter, trims, and clears once the server accepted it", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn(() => Promise.resolve());
    render(<Composer onSend={onSend} sending={false} mode="bot" />);
    const box = screen.getByRole("textbox", { name: "Message" });
    await user.type(box, "  On my way  {Enter}");
    expect(onSend).toHaveBeenCalledWith("On my way");
    expect(box).toHaveValue("");
  });

  it("keeps the text when sending fails", async () => {
    const user = userEvent.setup();
    render(<Composer onSend={() => Promise.reject(new Error("409"))} sending={false} mode="human" />);
    const box = screen.getByRole("textbox", { name: "Message" });
    await user.type(box, "Try again");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    expect(box).toHaveValue("Try again");
  });

  it("refuses an empty or over-long message", async () => {
    const user = userEvent.setup();
    const onSend = vi.fn(() => Promise.resolve());
    render(<Composer onSend={onSend} sending={false} mode="bot" />);
    const send = screen.getByRole("button", { name: "Send message" });
    expect(send).toBeDisabled();
    await user.click(screen.getByRole("textbox", { name: "Message" }));
    await user.paste("x".repeat(1601));
    expect(send).toBeDisabled();
    expect(screen.getByTestId("segment-counter")).toHaveTextContent("Too long: 1601 / 1600 characters");
  });

  it("tells the user that sending takes over from the bot", () => {
    render(<Composer onSend={() => Promise.resolve()} sending={false} mode="bot" />);
    expect(screen.getByText(/takes this conversation over from the bot/)).toBeInTheDocument();
  });
});
