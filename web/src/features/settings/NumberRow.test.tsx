import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { renderAt } from "@/test/render";
import type { NumberView } from "./api";
import { NumberRow } from "./NumberRow";

const INBOUND = "https://sms.example.com/api/webhooks/twilio/inbound";
const SID = "PN0123456789abcdef0123456789abcdef";
const number: NumberView = {
  sid: SID,
  phoneNumber: "+15005550006",
  friendlyName: null,
  smsUrl: "https://old.example.com/sms",
  pointsHere: false,
  route: { id: "r1", botName: "Sales bot", active: true },
};

function renderRow(n: NumberView) {
  return renderAt("/", [{ path: "/", element: <ul><NumberRow number={n} inboundUrl={INBOUND} /></ul> }]);
}

describe("NumberRow", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("warns when texts go elsewhere, and connects only after naming the URL it replaces", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({ [`POST /api/twilio/numbers/${SID}/connect`]: { ...number, smsUrl: INBOUND, pointsHere: true } });
    renderRow(number);
    expect(screen.getByTestId("number-warning")).toHaveTextContent("https://old.example.com/sms");

    await user.click(screen.getByRole("button", { name: "Connect +1 (500) 555-0006" }));
    const dialog = await screen.findByRole("dialog", { name: "Connect +1 (500) 555-0006 to this app?" });
    expect(dialog).toHaveTextContent(`${INBOUND} instead of https://old.example.com/sms`);
    expect(calls).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Connect" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls).toEqual([{ method: "POST", path: `/api/twilio/numbers/${SID}/connect`, body: undefined }]);
  });

  it("keeps the dialog open with Twilio's refusal in words", async () => {
    const user = userEvent.setup();
    fakeApi({
      [`POST /api/twilio/numbers/${SID}/connect`]: () =>
        new Response(JSON.stringify({ error: { code: "twilio_refused", message: "Twilio refused: not yours (error 20404)" } }), { status: 502 }),
    });
    renderRow(number);
    await user.click(screen.getByRole("button", { name: "Connect +1 (500) 555-0006" }));
    await user.click(await screen.findByRole("button", { name: "Connect" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Twilio refused: not yours (error 20404)");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("switches a routed number's route off", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({ "PUT /api/routes/r1": { id: "r1", active: false } });
    renderRow({ ...number, smsUrl: INBOUND, pointsHere: true });
    expect(screen.queryByRole("button", { name: /^Connect/ })).toBeNull();
    const toggle = screen.getByRole("switch", { name: "+1 (500) 555-0006 active" });
    expect(toggle).toHaveAttribute("aria-checked", "true");
    await user.click(toggle);
    await vi.waitFor(() => expect(calls).toEqual([{ method: "PUT", path: "/api/routes/r1", body: { active: false } }]));
  });
});
