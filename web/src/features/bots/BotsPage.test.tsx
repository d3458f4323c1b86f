import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import type { BotList } from "./bots";
import BotsPage from "./BotsPage";
import { bot, route } from "./fixtures";

const me = (role: "admin" | "agent") => ({ id: "u1", email: `${role}@example.com`, role, mustChangePassword: false });

const SALES = bot({
  id: "bot_sales",
  name: "Sales bot",
  active: true,
  routes: [route("r1", "+15005550006")],
  sources: [{ id: "src_r1", name: "Sales SMS", category: "WebHook", enabled: true }],
  figures: {
    messages: 1204,
    lastSevenDays: ["06", "07", "08", "09", "10", "11", "12"].map((d, i) => ({ date: `2026-03-${d}`, inbound: i, outbound: i })),
    bookingsThisMonth: 3, conversationsThisMonth: 12, conversion: 0.25, bookingsSource: "CloseBot's agency summary for this month, per source (1 source)" },
});
const SUPPORT = bot({ id: "bot_support", name: "Support bot", routes: [], figures: { messages: 5000 } });
const LIST: BotList = { items: [SUPPORT, SALES], error: null };

function renderPage(path = "/bots") {
  return renderAt(path, [{ path: "/bots", element: <BotsPage /> }]);
}

const card = (name: string) => screen.getByRole("article", { name });

describe("BotsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each bot's numbers and figures, leaving the time zone to the business's setting", async () => {
    let asked: string | null = "not asked";
    fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/bots": (_b, url) => {
        asked = url.searchParams.get("timezone");
        return jsonResponse(200, LIST);
      },
    });
    renderPage();
    const sales = await screen.findByRole("article", { name: "Sales bot" });
    expect(within(sales).getByText("+1 (500) 555-0006")).toBeInTheDocument();
    expect(within(sales).getByTestId("bot-messages")).toHaveTextContent("1,204");
    expect(within(sales).getByTestId("bot-conversion")).toHaveAccessibleName(/^25%: 3 bookings ÷ 12 conversations this month\. Bookings: CloseBot's agency summary/);
    expect(card("Support bot")).toHaveAttribute("data-active", "false");
    expect(card("Support bot").className).toMatch(/opacity-60/);
    expect(asked).toBeNull();
  });

  it("switches all of a bot's routes, and explains why a bot with no route cannot be switched", async () => {
    const user = userEvent.setup();
    let served = LIST;
    const calls = fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/bots": () => jsonResponse(200, served),
      "PUT /api/bots/bot_sales/active": () => {
        served = { ...LIST, items: [SUPPORT, { ...SALES, active: false, routes: [route("r1", "+15005550006", false)] }] };
        return jsonResponse(200, { routes: 1 });
      },
    });
    renderPage();
    await screen.findByRole("article", { name: "Sales bot" });
    const support = within(card("Support bot")).getByRole("switch", { name: "Support bot active" });
    expect(support).toBeDisabled();
    expect(support).toHaveAccessibleDescription(/No Twilio number is routed to this bot yet/);
    expect(within(card("Support bot")).getByRole("link", { name: "route one" })).toHaveAttribute("href", "/routing");

    const sales = within(card("Sales bot")).getByRole("switch", { name: "Sales bot active" });
    expect(sales).toHaveAttribute("aria-checked", "true");
    await user.click(sales);
    await vi.waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toEqual([{ method: "PUT", path: "/api/bots/bot_sales/active", body: { active: false } }]));
    await vi.waitFor(() => expect(within(card("Sales bot")).getByRole("switch", { name: "Sales bot active" })).toHaveAttribute("aria-checked", "false"));
    expect(card("Sales bot")).toHaveAttribute("data-active", "false");
    expect(within(card("Sales bot")).getByText("(paused)")).toBeInTheDocument();
  });

  it("is read-only for agents: no switch, no create button", async () => {
    fakeApi({ "GET /api/auth/me": me("agent"), "GET /api/bots": LIST });
    renderPage();
    await screen.findByRole("article", { name: "Sales bot" });
    expect(screen.queryAllByRole("switch")).toEqual([]);
    expect(screen.queryByRole("button", { name: /Create New Bot/ })).toBeNull();
    expect(within(card("Sales bot")).getByTestId("bot-status")).toHaveTextContent("Active");
    expect(within(card("Support bot")).getByText("None yet")).toBeInTheDocument();
    expect(within(card("Support bot")).queryByRole("link", { name: "route one" })).toBeNull();
  });

  it("says CloseBot could not be asked, and still lists the bots from routes", async () => {
    const fromRoutes = { ...SALES, onlyInRoutes: true, sources: [] };
    fakeApi({ "GET /api/auth/me": me("admin"), "GET /api/bots": { items: [fromRoutes], error: "CloseBot could not be reached" } });
    renderPage();
    const banner = await screen.findByTestId("bots-error");
    expect(banner).toHaveTextContent("CloseBot could not be asked for the bots just now.");
    expect(within(banner).getByText("CloseBot could not be reached.")).toBeInTheDocument();
    expect(banner).toHaveTextContent("Showing the bots your routes name, with this app's own figures.");
    expect(within(card("Sales bot")).getByText("From your routes")).toBeInTheDocument();
  });

  it("sorts (the address's choice first) and searches by name", async () => {
    const user = userEvent.setup();
    fakeApi({ "GET /api/auth/me": me("admin"), "GET /api/bots": LIST });
    renderPage("/bots?sort=messages");
    await screen.findByRole("article", { name: "Sales bot" });
    const order = () => screen.getAllByRole("article").map((a) => a.getAttribute("aria-label"));
    expect(order()).toEqual(["Support bot", "Sales bot"]);
    await user.selectOptions(screen.getByRole("combobox", { name: "Sort bots" }), "name");
    expect(order()).toEqual(["Sales bot", "Support bot"]);
    await user.type(screen.getByRole("searchbox", { name: "Search bots" }), "supp");
    expect(order()).toEqual(["Support bot"]);
    await user.clear(screen.getByRole("searchbox", { name: "Search bots" }));
    await user.type(screen.getByRole("searchbox", { name: "Search bots" }), "nothing like it");
    expect(screen.getByText("No bot matches “nothing like it”")).toBeInTheDocument();
  });

  it("expands a card for its sources, the last 7 days and Edit flow in a new tab", async () => {
    const user = userEvent.setup();
    fakeApi({ "GET /api/auth/me": me("admin"), "GET /api/bots": LIST });
    renderPage();
    const sales = await screen.findByRole("article", { name: "Sales bot" });
    expect(within(sales).queryByTestId("bot-details")).toBeNull();
    await user.click(within(sales).getByRole("button", { name: "Details of Sales bot" }));
    const details = within(sales).getByTestId("bot-details");
    expect(within(details).getByRole("list", { name: "Sources of Sales bot" })).toHaveTextContent("Sales SMS");
    const edit = within(details).getByRole("link", { name: "Edit flow of Sales bot in CloseBot (opens a new tab)" });
    expect(edit).toHaveAttribute("href", "https://app.closebot.com/bot/bot_sales");
    expect(edit).toHaveAttribute("target", "_blank");
    expect(edit).toHaveAttribute("rel", "noopener noreferrer");
    expect(within(details).getByTestId("bot-week")).toHaveTextContent("42 messages in the last 7 days");
    expect(await within(details).findByRole("img", { name: /^Messages per day over the last 7 days for Sales bot\. Fri, Mar 6: 0, .*Thu, Mar 12: 12$/ })).toBeInTheDocument();
    expect(within(details).getByTestId("bot-bookings-source")).toHaveTextContent("Bookings: CloseBot's agency summary for this month, per source (1 source)");
    expect(within(sales).getByRole("button", { name: "Hide details of Sales bot" })).toHaveAttribute("aria-expanded", "true");
  });
});
