import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import type { ContactDetail } from "./api";
import { ContactEditForm } from "./ContactEditForm";

const contact = {
  id: "c1",
  name: "Ada",
  phone: "+12025550123",
  email: null,
  company: null,
  status: "new",
  tags: ["vip"],
} as ContactDetail;

describe("ContactEditForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a refusal beside the field it names, then saves only what changed", async () => {
    const user = userEvent.setup();
    let answer = jsonResponse(422, { error: { code: "validation_failed", message: "email: `ada@` is not an email address" } });
    const calls = fakeApi({ "PUT /api/contacts/c1": () => answer });
    const onDone = vi.fn();
    renderAt("/", [{ path: "/", element: <ContactEditForm contact={contact} onDone={onDone} /> }]);

    await user.type(screen.getByLabelText("Email"), "ada@");
    await user.type(screen.getByLabelText("Tags"), "hot lead{Enter}");
    await user.click(screen.getByRole("button", { name: "Remove tag vip" }));
    await user.selectOptions(screen.getByLabelText("Status"), "qualified");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByTestId("contact-email-error")).toHaveTextContent("is not an email address");
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(onDone).not.toHaveBeenCalled();
    expect(calls[0]?.body).toEqual({ email: "ada@", status: "qualified", tags: ["hot lead"] });

    answer = jsonResponse(200, { ...contact, email: "ada@example.com" });
    await user.type(screen.getByLabelText("Email"), "example.com");
    expect(screen.queryByTestId("contact-email-error")).toBeNull();
    await user.type(screen.getByLabelText("Tags"), "typed, not entered");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls[1]?.body).toEqual({ email: "ada@example.com", status: "qualified", tags: ["hot lead", "typed", "not entered"] });
  });

  it("keeps a too-long tag in the box with its reason, and sends nothing", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({});
    renderAt("/", [{ path: "/", element: <ContactEditForm contact={contact} onDone={() => undefined} /> }]);
    await user.type(screen.getByLabelText("Tags"), `${"x".repeat(51)}{Enter}`);
    expect(await screen.findByTestId("contact-tags-error")).toHaveTextContent("at most 50 characters");
    expect(screen.getByLabelText("Tags")).toHaveValue("x".repeat(51));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(calls).toHaveLength(0);
  });
});
