import { render, screen } from "@testing-library/react";
import type { Message } from "@/lib/api";
import { MessageBubble } from "./MessageBubble";

function message(patch: Partial<Message>): Message {
  return { id: "1", contactId: "c1", direction: "inbound", source: "customer", body: "hi", fromNumber: "+15551230000", toNumber: "+15005550006", createdAt: "2026-03-01T10:00:00Z", ...patch };
}

describe("MessageBubble", () => {
  it("shows an HTML-looking body as text, never as markup", () => {
    const { container } = render(<MessageBubble message={message({ body: "<img src=x onerror=alert(1)>" })} contactName={null} phone="+15551230000" />);
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(container.querySelector("img")).toBeNull();
  });

  it("tells manual replies from bot replies", () => {
    render(
      <>
        <MessageBubble message={message({ id: "2", direction: "outbound", source: "bot", body: "from bot", twilioStatus: "delivered" })} contactName={null} phone="+1" />
        <MessageBubble message={message({ id: "3", direction: "outbound", source: "manual", body: "from me", twilioStatus: "sent" })} contactName={null} phone="+1" />
      </>,
    );
    expect(screen.getByText("Bot")).toBeInTheDocument();
    expect(screen.getByText("Manual reply")).toBeInTheDocument();
    expect(screen.getByText("Delivered")).toBeInTheDocument();
  });

  it("explains a failed delivery in words", () => {
    render(
      <MessageBubble
        message={message({ direction: "outbound", source: "bot", twilioStatus: "failed", errorCode: "30006", errorExplanation: "The number is a landline or cannot receive texts" })}
        contactName={null}
        phone="+1"
      />,
    );
    expect(screen.getByText("Failed")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("The number is a landline or cannot receive texts (Twilio error 30006)");
  });

  it("notes an inbound text a person is handling", () => {
    render(<MessageBubble message={message({ forwardState: "human" })} contactName="Ada" phone="+1" />);
    expect(screen.getByText(/a person is handling this conversation/)).toBeInTheDocument();
  });
});
