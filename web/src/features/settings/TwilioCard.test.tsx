import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import type { Connection } from "./connection";
import { TwilioCard } from "./TwilioCard";

const SID = "AC0123456789abcdef0123456789abcdef";
const idle: Connection = { result: undefined, checking: false, failure: undefined, test: () => undefined };

describe("TwilioCard", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows credentials set by the environment read-only, with a note, and no Save", () => {
    renderAt("/", [{ path: "/", element: <TwilioCard saved={{ accountSid: SID, authTokenSet: true, fromEnvironment: true }} connection={idle} /> }]);
    expect(screen.getByText(/Set in the environment/)).toBeInTheDocument();
    expect(screen.getByLabelText("Account SID")).toBeDisabled();
    expect(screen.getByLabelText("Account SID")).toHaveValue(SID);
    expect(screen.getByLabelText("Auth token")).toBeDisabled();
    expect(screen.getByLabelText("Auth token")).toHaveValue("");
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.getByText("set")).toBeInTheDocument();
  });

  it("saves what was typed and shows the server's sentence when it refuses", async () => {
    const user = userEvent.setup();
    let answer = jsonResponse(422, { error: { code: "validation_failed", message: "twilio.authToken must not be empty" } });
    const calls = fakeApi({ "PUT /api/settings": () => answer });
    renderAt("/", [{ path: "/", element: <TwilioCard saved={{ accountSid: null, authTokenSet: false, fromEnvironment: false }} connection={idle} /> }]);
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    await user.type(screen.getByLabelText("Account SID"), "AC123");
    await user.type(screen.getByLabelText("Auth token"), "tok");
    await user.click(save);
    expect(await screen.findByRole("alert")).toHaveTextContent("AC followed by 32");
    expect(calls).toHaveLength(0);

    await user.clear(screen.getByLabelText("Account SID"));
    await user.type(screen.getByLabelText("Account SID"), SID);
    await user.click(save);
    expect(await screen.findByRole("alert")).toHaveTextContent("twilio.authToken must not be empty");
    expect(calls.at(-1)).toEqual({ method: "PUT", path: "/api/settings", body: { twilio: { accountSid: SID, authToken: "tok" } } });

    answer = jsonResponse(200, {});
    await user.click(save);
    await vi.waitFor(() => expect(screen.getByLabelText("Auth token")).toHaveValue(""));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a green Connected, or the provider's error in words", () => {
    const message = "Authentication failed — check the Account SID and auth token (error 20003)";
    const saved = { accountSid: SID, authTokenSet: true, fromEnvironment: false };
    const ok = { twilio: { ok: true, message: "Connected to e2e (active)" }, closebot: { ok: false, message: "n/a" } };
    const { unmount } = renderAt("/", [{ path: "/", element: <TwilioCard saved={saved} connection={{ ...idle, result: ok }} /> }]);
    const status = screen.getByTestId("twilio-status");
    expect(status).toHaveAttribute("data-tone", "green");
    expect(within(status).getByText("Connected")).toBeInTheDocument();
    unmount();

    const bad = { ...ok, twilio: { ok: false, message } };
    renderAt("/", [{ path: "/", element: <TwilioCard saved={saved} connection={{ ...idle, result: bad }} /> }]);
    expect(screen.getByTestId("twilio-status")).toHaveAttribute("data-tone", "red");
    expect(screen.getByText(message)).toBeInTheDocument();
  });
});
