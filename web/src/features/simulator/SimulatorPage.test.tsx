import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import { aPhone, aSandbox, aText } from "./fixtures";
import SimulatorPage from "./SimulatorPage";

const me = (role: "admin" | "agent") => ({ id: "u1", email: `${role}@example.com`, role, mustChangePassword: false });

function renderPage(path = "/simulator") {
  return renderAt(path, [{ path: "/simulator", element: <SimulatorPage /> }]);
}

describe("SimulatorPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("texts the sandbox number as the chosen customer and shows what the handset received", async () => {
    const user = userEvent.setup();
    const texts = [aText({ sid: "SM1", direction: "sent", body: "Hi there", outcome: "delivered to the app" })];
    const calls = fakeApi({
      "GET /api/auth/me": me("agent"),
      "GET /api/sandbox": aSandbox(),
      "GET /api/sandbox/phone": () => jsonResponse(200, aPhone(texts)),
      "POST /api/sandbox/texts": (body) => {
        const { body: text } = body as { body: string };
        texts.push(aText({ sid: `SM${texts.length + 1}`, direction: "sent", body: text, outcome: "delivered to the app" }));
        texts.push(aText({ sid: `SM${texts.length + 1}`, body: "Hi, this is Sam with Brightside Solar." }));
        return jsonResponse(201, texts.at(-2));
      },
    });
    renderPage();
    const log = await screen.findByRole("log", { name: "Texts between +1 (206) 555-0123 and +1 (206) 555-0100" });
    expect(within(log).getByText("Hi there")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Text message"), "Do you install in Tacoma?");
    await user.click(screen.getByRole("button", { name: "Send text" }));
    await within(log).findByText("Hi, this is Sam with Brightside Solar.");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ from: "+12065550123", body: "Do you install in Tacoma?" });
    expect(screen.getByLabelText("Text message")).toHaveValue("");
    const bubbles = within(log).getAllByTestId("phone-text");
    expect(bubbles.map((b) => b.dataset.direction)).toEqual(["sent", "sent", "received"]);
  });

  it("sends STOP from the quick keys and says the business can no longer text", async () => {
    const user = userEvent.setup();
    let stopped: string[] = [];
    const calls = fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/sandbox": aSandbox(),
      "GET /api/sandbox/phone": () => jsonResponse(200, aPhone([], { stopped })),
      "POST /api/sandbox/texts": () => {
        stopped = ["+12065550100"];
        return jsonResponse(201, aText({ sid: "SM9", direction: "sent", body: "STOP" }));
      },
    });
    renderPage();
    const quick = await screen.findByRole("group", { name: "Quick replies" });
    await user.click(within(quick).getByRole("button", { name: "STOP" }));
    await screen.findByText(/You texted STOP/);
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ from: "+12065550123", body: "STOP" });
  });

  it("switches customers: a typed number, or a new fictional one", async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    fakeApi({
      "GET /api/auth/me": me("agent"),
      "GET /api/sandbox": aSandbox({ handsets: ["+12065550123", "+12065550142"] }),
      "GET /api/sandbox/phone": (_b, url) => {
        asked.push(url.searchParams.get("number") ?? "");
        return jsonResponse(200, aPhone([]));
      },
    });
    renderPage();
    const field = await screen.findByLabelText("Texting as");
    await user.clear(field);
    await user.type(field, "not a number");
    await user.click(screen.getByRole("button", { name: "Use" }));
    expect(screen.getByText(/Type a phone number/)).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, "(206) 555-0177");
    await user.click(screen.getByRole("button", { name: "Use" }));
    await waitFor(() => expect(asked).toContain("+12065550177"));
    expect(screen.getByRole("button", { name: "+1 (206) 555-0177" })).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByRole("button", { name: "+1 (206) 555-0142" }));
    await waitFor(() => expect(asked.at(-1)).toBe("+12065550142"));
  });

  it("lets admins close the sandbox route for after-hours texts; agents only see it", async () => {
    const user = userEvent.setup();
    let view = aSandbox();
    const calls = fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/sandbox": () => jsonResponse(200, view),
      "GET /api/sandbox/phone": aPhone([]),
      "PUT /api/sandbox": (body) => {
        view = aSandbox(body as object);
        return jsonResponse(200, view);
      },
    });
    renderPage();
    const toggle = await screen.findByRole("switch", { name: /After hours/ });
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ afterHours: true });
  });

  it("explains sandbox mode is off, and lets an admin switch it on", async () => {
    const user = userEvent.setup();
    let view = aSandbox({ enabled: false, routeId: null, botName: null });
    const calls = fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/sandbox": () => jsonResponse(200, view),
      "PUT /api/sandbox": () => {
        view = aSandbox();
        return jsonResponse(200, view);
      },
      "GET /api/sandbox/phone": aPhone([]),
    });
    renderPage();
    await user.click(await screen.findByRole("button", { name: "Switch sandbox mode on" }));
    await screen.findByRole("log");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ enabled: true });
  });
});
