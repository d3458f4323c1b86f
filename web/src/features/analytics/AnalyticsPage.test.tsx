import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, type Call } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import AnalyticsPage from "./AnalyticsPage";
import { overview } from "./fixtures";
import { addDays } from "./range";
import type { Overview } from "./tables";

// jsdom lays nothing out: what is tested here are the charts' words and tables
// (the browser test draws them). Recharts' containers render nothing.
vi.mock("recharts", async (importOriginal) => {
  const real = await importOriginal<typeof import("recharts")>();
  const Nothing = () => null;
  return { ...real, LineChart: Nothing, BarChart: Nothing, PieChart: Nothing, AreaChart: Nothing };
});

const ADMIN = { id: "u1", email: "admin@example.com", role: "admin", mustChangePassword: false };
// 2026-11-30 20:30 UTC: Monday evening in New York, already Tuesday Dec 1 in Kiritimati (UTC+14).
const NOW = new Date(Date.UTC(2026, 10, 30, 20, 30));

type Serve = (url: URL) => Overview | Response;

function renderPage(serve: Serve, path = "/analytics") {
  const asked: URL[] = [];
  const calls = fakeApi({
    "GET /api/auth/me": ADMIN,
    "GET /api/analytics/overview": (_b, url) => {
      asked.push(url);
      const answer = serve(url);
      return answer instanceof Response ? answer : jsonResponse(200, answer);
    },
  });
  renderAt(path, [{ path: "/analytics", element: <AnalyticsPage /> }]);
  return { asked, calls };
}

const query = (url: URL | undefined) => Object.fromEntries(url?.searchParams ?? []);
const stat = (id: string) => screen.getByTestId(`stat-${id}`);

describe("AnalyticsPage", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    localStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("paints every card and chart from one request, the default range sending no dates", async () => {
    const { asked, calls } = renderPage(() => overview());
    expect(await screen.findByTestId("stat-conversations-value")).toHaveTextContent("12");
    expect(calls.map((c: Call) => c.path)).toEqual(["/api/auth/me", "/api/analytics/overview"]);
    expect(query(asked[0])).toEqual({ include: "messages,bots,outcomes,leaderboard" });

    // The label: the server's range, in the business's zone.
    expect(screen.getByTestId("range-picker")).toHaveTextContent("Last 30 Days (Nov 28 – Nov 30, 2026)");
    expect(screen.getByText("America/New_York")).toBeInTheDocument();

    // Conversations up 20%: good news. Booking rate down 50%: bad. Response time down 30%: good.
    expect(within(stat("conversations")).getByTestId("stat-change")).toHaveAttribute("data-tone", "good");
    expect(within(stat("conversations")).getByTestId("stat-change")).toHaveTextContent("+20%");
    expect(within(stat("conversations")).getByText("vs Nov 25 – Nov 27, 2026")).toBeInTheDocument();
    expect(within(stat("booking-rate")).getByTestId("stat-change")).toHaveAttribute("data-tone", "bad");
    expect(screen.getByTestId("stat-booking-rate-value")).toHaveTextContent("25%");
    expect(screen.getByTestId("stat-booking-rate-detail")).toHaveTextContent("3 bookings ÷ 12 conversations");
    expect(screen.getByTestId("booking-source")).toHaveTextContent("From contacts marked booked — CloseBot's booking graph is unavailable: timed out");
    expect(screen.getByTestId("stat-response-time-value")).toHaveTextContent("1m 45s");
    expect(within(stat("response-time")).getByTestId("stat-change")).toHaveAttribute("data-tone", "good");
    expect(screen.getByTestId("stat-response-time-detail")).toHaveTextContent("Median 1m 1s · 9 replies");
    expect(screen.getByTestId("stat-csat-value")).toHaveTextContent("4.5/5");
    expect(screen.getByTestId("stat-csat-detail")).toHaveTextContent("2 answers · 50% response rate");
    expect(within(stat("csat")).getByTestId("stat-change")).toHaveTextContent("—");

    // Every chart, with words for screen readers.
    expect(screen.getByRole("img", { name: /^Line chart of messages per day: 30 inbound and 25 outbound messages in all; the busiest day was Mon, Nov 30 with 36\.$/ })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /^Bar chart of conversations by bot: Sales bot 8, =HYPERLINK/ })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /^Donut chart of the outcomes of 12 conversations: Booked 3 \(25%\)/ })).toBeInTheDocument();
    expect(screen.getByTestId("outcomes-total")).toHaveTextContent("12");
    expect(screen.getByText(/quiet for more than 7 days/)).toBeInTheDocument();
    const board = screen.getByRole("region", { name: "Top performing bots" });
    const rows = within(board).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual(["1", "2"]);
    // A bot's name is text, never markup.
    expect(within(rows[0]!).getByRole("rowheader")).toHaveTextContent('=HYPERLINK("http://evil.example","Support")');
  });

  it("shows a chart's numbers as a table on demand", async () => {
    const user = userEvent.setup();
    renderPage(() => overview());
    const chart = await screen.findByRole("region", { name: "Messages over time" });
    const toggle = within(chart).getByRole("button", { name: "Table" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    const table = within(chart).getByRole("table", { name: /Messages per day/ });
    expect(within(table).getAllByRole("row").map((r) => r.textContent)).toEqual(["DayInboundOutboundTotal", "Sat, Nov 2810919", "Sun, Nov 29000", "Mon, Nov 30201636"]);

    const outcomes = screen.getByRole("region", { name: "Outcome distribution" });
    await user.click(within(outcomes).getByRole("button", { name: "Table" }));
    expect(within(outcomes).getByRole("row", { name: "Dropped 1 8.3%" })).toBeInTheDocument();

    const cards = screen.getByRole("region", { name: "Key figures" });
    await user.click(within(cards).getByRole("button", { name: "Table" }));
    expect(within(cards).getByRole("row", { name: "Mon, Nov 30 8 25% 1m 53s 5.0/5" })).toBeInTheDocument();
  });

  it("downloads a chart's CSV built from what it shows", async () => {
    const user = userEvent.setup();
    let saved: Blob | undefined;
    Object.defineProperty(URL, "createObjectURL", { value: (b: Blob) => ((saved = b), "blob:x"), configurable: true });
    Object.defineProperty(URL, "revokeObjectURL", { value: () => undefined, configurable: true });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    renderPage(() => overview());
    const chart = await screen.findByRole("region", { name: "Conversations by bot" });
    await user.click(within(chart).getByRole("button", { name: "Download CSV of Conversations by bot" }));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe("conversations-by-bot-2026-11-28-to-2026-11-30.csv");
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(saved!);
    });
    expect(text.split("\r\n")[2]).toBe(`"'=HYPERLINK(""http://evil.example"",""Support"")",bot_evil,4,15`);
    click.mockRestore();
  });

  it("counts 'today' in the business's zone, correcting a first guess from the browser's", async () => {
    // The browser (UTC here) thinks it is Nov 30; the business is in Kiritimati, where it is Dec 1.
    const kiritimati = (url: URL) => {
      const start = url.searchParams.get("start");
      return overview({
        range: { timeZone: "Pacific/Kiritimati", start: start === "2026-12-01" ? "2026-11-30T10:00:00Z" : "2026-11-29T10:00:00Z", end: "2026-11-30T20:30:00Z", resolution: "hour" },
      });
    };
    const { asked } = renderPage(kiritimati, "/analytics?range=today");
    await vi.waitFor(() => expect(asked.map((u) => u.searchParams.get("start"))).toEqual(["2026-11-30", "2026-12-01"]));
    await vi.waitFor(() => expect(screen.getByTestId("range-picker")).toHaveTextContent("Today (Dec 1, 2026)"));
    expect(localStorage.getItem("closebot-sms.businessTimeZone")).toBe("Pacific/Kiritimati");
  });

  it("remembers the business's zone, so the next visit asks the right day at once", async () => {
    localStorage.setItem("closebot-sms.businessTimeZone", "Pacific/Kiritimati");
    const { asked } = renderPage(() => overview({ range: { timeZone: "Pacific/Kiritimati" } }), "/analytics?range=7d");
    await screen.findByTestId("stat-conversations-value");
    expect(asked.map(query)).toEqual([{ start: "2026-11-25", include: "messages,bots,outcomes,leaderboard" }]);
  });

  it("changes the range from the picker: a preset, then a checked custom range, kept in the address", async () => {
    const user = userEvent.setup();
    const { asked } = renderPage((url) => {
      const start = url.searchParams.get("start");
      // The server's range ends at the midnight after the last day.
      const end = addDays(url.searchParams.get("end") ?? "2026-11-30", 1);
      return start ? overview({ conversations: { value: 2 }, range: { timeZone: "UTC", start: `${start}T00:00:00Z`, end: `${end}T00:00:00Z` } }) : overview();
    });
    await screen.findByTestId("stat-conversations-value");
    await user.click(screen.getByTestId("range-picker"));
    await user.click(screen.getByRole("button", { name: "Last Month" }));
    await vi.waitFor(() => expect(query(asked.at(-1))).toMatchObject({ start: "2026-10-01", end: "2026-10-31" }));
    expect(await screen.findByText("Last Month (Oct 1 – Oct 31, 2026)")).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.getByTestId("stat-conversations-value")).toHaveTextContent("2"));

    await user.click(screen.getByTestId("range-picker"));
    const form = screen.getByRole("form", { name: "Custom range" });
    await user.clear(within(form).getByLabelText("From"));
    await user.type(within(form).getByLabelText("From"), "2026-11-20");
    await user.clear(within(form).getByLabelText("To"));
    await user.type(within(form).getByLabelText("To"), "2026-11-10");
    await user.click(within(form).getByRole("button", { name: "Apply range" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("The last day must be on or after the first.");
    expect(within(form).getByLabelText("To")).toHaveAttribute("aria-invalid", "true");
    await user.clear(within(form).getByLabelText("To"));
    await user.type(within(form).getByLabelText("To"), "2026-11-25");
    await user.click(within(form).getByRole("button", { name: "Apply range" }));
    await vi.waitFor(() => expect(query(asked.at(-1))).toMatchObject({ start: "2026-11-20", end: "2026-11-25" }));
  });

  it("switches between hours, days and weeks where the range allows", async () => {
    const user = userEvent.setup();
    const { asked } = renderPage((url) => overview({ range: { resolution: url.searchParams.get("resolution") ?? "day" } }));
    await screen.findByTestId("stat-conversations-value");
    const group = screen.getByRole("group", { name: "Group by" });
    expect(within(group).getAllByRole("button").map((b) => b.textContent)).toEqual(["Hour", "Day", "Week"]);
    expect(within(group).getByRole("button", { name: "Day" })).toHaveAttribute("aria-pressed", "true");
    await user.click(within(group).getByRole("button", { name: "Week" }));
    await vi.waitFor(() => expect(query(asked.at(-1))).toMatchObject({ resolution: "week" }));
    await vi.waitFor(() => expect(within(group).getByRole("button", { name: "Week" })).toHaveAttribute("aria-pressed", "true"));
  });

  it("says why the figures failed, in words, and tries again", async () => {
    const user = userEvent.setup();
    let fail = true;
    renderPage(() =>
      fail ? jsonResponse(400, { error: { code: "invalid_range", message: "hourly figures cover at most 31 days; use day or week" } }) : overview(),
    );
    const alert = await screen.findByTestId("analytics-error");
    expect(alert).toHaveTextContent("The figures could not be loaded");
    expect(alert).toHaveTextContent("Hourly figures cover at most 31 days; use day or week.");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("stat-conversations-value")).toHaveTextContent("12");
  });

  it("shows an empty range as such, and a satisfaction score it does not have as No data", async () => {
    const empty = overview({
      conversations: { value: 0, previous: 0, change: null, series: [0, 0, 0] },
      csat: { value: null, responses: 0, surveysSent: 0, responseRate: null, series: [null, null, null] },
      messages: { inbound: 0, outbound: 0, points: [] },
    });
    renderPage(() => empty);
    expect(await screen.findByTestId("analytics-empty")).toHaveTextContent("No messages in this range");
    expect(screen.getByTestId("analytics-empty")).toHaveTextContent("between Nov 28 and Nov 30, 2026");
    expect(screen.getByTestId("stat-csat-value")).toHaveTextContent("No data");
    expect(screen.getByTestId("stat-csat-detail")).toHaveTextContent("No survey answered in this range");
    expect(screen.queryByRole("region", { name: "Messages over time" })).toBeNull();
  });

  it("shows the backfill's progress and asks again until it is done", async () => {
    let answers = 0;
    renderPage(() => {
      answers += 1;
      return overview({ preparing: answers === 1 ? { done: 2500, total: 10_000 } : null });
    });
    const banner = await screen.findByTestId("analytics-preparing");
    expect(banner).toHaveTextContent("2,500 of 10,000 (25%)");
    expect(within(banner).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
    await vi.waitFor(() => expect(screen.queryByTestId("analytics-preparing")).toBeNull(), { timeout: 4000 });
    expect(answers).toBe(2);
  });
});
