import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import ContactsPage from "./ContactsPage";

const me = (role: "admin" | "agent") => ({ id: "u1", email: `${role}@example.com`, role, mustChangePassword: false });

const ada = {
  id: "c1",
  name: "Ada Lovelace",
  phone: "+12025550123",
  email: "ada@example.com",
  company: "Analytical",
  botName: "Sales bot",
  status: "booked",
  messageCount: 12,
  lastContact: new Date().toISOString(),
  tags: ["vip", "<b>bold</b>"],
  optedOut: false,
};

const detail = {
  ...ada,
  fields: { "Company Size": "50" },
  optOut: null,
  routeId: "r1",
  firstContact: "2026-01-02T10:00:00Z",
  lead: { tags: ["hot"], fields: [{ name: "Industry", value: "Retail", aiProduced: true }], unavailable: null },
};

function api(role: "admin" | "agent", lists: URL[]) {
  return fakeApi({
    "GET /api/auth/me": me(role),
    "GET /api/contacts": (_body: unknown, url: URL) => {
      lists.push(url);
      return jsonResponse(200, { items: [ada], total: 120, page: Number(url.searchParams.get("page")), limit: 50 });
    },
    "GET /api/contacts/c1": detail,
    "GET /api/bots": { items: [{ id: "bot_1", name: "Sales bot" }], error: null },
    "GET /api/routes": { items: [], total: 0, page: 1, limit: 200 },
  });
}

describe("ContactsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists contacts, sorts by a clicked column and pages on the server", async () => {
    const user = userEvent.setup();
    const lists: URL[] = [];
    api("admin", lists);
    renderAt("/contacts?status=hot", [{ path: "/contacts", element: <ContactsPage /> }]);
    const table = await screen.findByRole("table", { name: "Contacts" });
    const row = await within(table).findByTestId("contact-row");
    expect(row).toHaveTextContent("Ada Lovelace");
    expect(row).toHaveTextContent("+1 (202) 555-0123");
    expect(row).toHaveTextContent("Booked");
    // Tags are text, never HTML.
    expect(within(row).getByText("<b>bold</b>")).toBeInTheDocument();
    expect(lists[0]?.searchParams.get("status")).toBe("hot");
    expect(screen.getByTestId("range")).toHaveTextContent("1–50 of 120");

    const nameHeader = within(table).getByRole("columnheader", { name: /Name/ });
    expect(nameHeader).toHaveAttribute("aria-sort", "none");
    expect(within(table).getByRole("columnheader", { name: /Last contact/ })).toHaveAttribute("aria-sort", "descending");
    await user.click(within(nameHeader).getByRole("button"));
    await waitFor(() => expect(nameHeader).toHaveAttribute("aria-sort", "ascending"));
    await waitFor(() => expect(lists.at(-1)?.searchParams.get("sort")).toBe("name"));
    expect(lists.at(-1)?.searchParams.get("order")).toBe("asc");

    await user.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(lists.at(-1)?.searchParams.get("page")).toBe("2"));
    expect(lists.at(-1)?.searchParams.get("status")).toBe("hot");

    const exportLink = screen.getByRole("link", { name: /Export CSV/ });
    const href = new URL(exportLink.getAttribute("href") ?? "", "http://x");
    expect(href.pathname).toBe("/api/contacts/export");
    expect(Object.fromEntries(href.searchParams)).toEqual({ status: "hot", sort: "name", order: "asc" });
    expect(screen.getByRole("button", { name: /Import Contacts/ })).toBeInTheDocument();
  });

  it("opens the panel with what CloseBot collected; an admin may delete", async () => {
    const user = userEvent.setup();
    api("admin", []);
    renderAt("/contacts", [{ path: "/contacts", element: <ContactsPage /> }]);
    await user.click(await within(await screen.findByRole("table", { name: "Contacts" })).findByRole("button", { name: "Open Ada Lovelace" }));
    const panel = await screen.findByRole("dialog", { name: "Contact details" });
    expect(await within(panel).findByRole("heading", { name: "Ada Lovelace" })).toBeInTheDocument();
    expect(within(panel).getByTestId("lead-field")).toHaveTextContent("IndustryRetail");
    expect(within(panel).getByTestId("lead-tags")).toHaveTextContent("hot");
    expect(within(panel).getByTestId("own-fields")).toHaveTextContent("Company Size50");
    expect(within(panel).getByTestId("summary")).toHaveTextContent("12 messages exchanged");
    expect(within(panel).getByRole("link", { name: /View full history/ })).toHaveAttribute("href", "/conversations/c1");
    expect(within(panel).getByRole("link", { name: /Send message/ })).toHaveAttribute("href", "/conversations/c1");

    await user.click(within(panel).getByRole("button", { name: /Delete contact/ }));
    const confirm = await screen.findByRole("dialog", { name: "Delete Ada Lovelace?" });
    expect(confirm).toHaveTextContent("all 12 messages go too");
    expect(confirm).toHaveTextContent("An opted-out number stays suppressed");
  });

  it("shows an agent no import and no delete", async () => {
    const user = userEvent.setup();
    api("agent", []);
    renderAt("/contacts?contact=c1", [{ path: "/contacts", element: <ContactsPage /> }]);
    const panel = await screen.findByRole("dialog", { name: "Contact details" });
    await within(panel).findByRole("heading", { name: "Ada Lovelace" });
    expect(within(panel).getByRole("button", { name: /Edit/ })).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: /Delete contact/ })).toBeNull();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.queryByRole("button", { name: /Import Contacts/ })).toBeNull();
    expect(screen.getByRole("link", { name: /Export CSV/ })).toBeInTheDocument();
  });
});

describe("ContactsPage imports", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows an import another admin started, from the server's list", async () => {
    localStorage.clear();
    const running = {
      id: "imp9",
      state: "running",
      fileName: "from-the-office.csv",
      headers: [],
      options: { columns: [], defaultCountry: "US", defaultStatus: "new", firstMessage: null },
      totalRows: 1000,
      rowsDone: 250,
      created: 250,
      updated: 0,
      skipped: 0,
      rejected: 0,
      messagesQueued: 0,
      messagesPending: 0,
      error: null,
      preview: [],
      createdAt: "2026-01-01T00:00:00Z",
      finishedAt: null,
    };
    fakeApi({
      "GET /api/auth/me": me("admin"),
      "GET /api/contacts": { items: [ada], total: 1, page: 1, limit: 50 },
      "GET /api/bots": { items: [], error: null },
      "GET /api/routes": { items: [], total: 0, page: 1, limit: 200 },
      "GET /api/contacts/import": { items: [{ ...running, id: "old", state: "done" }, running].reverse() },
      "GET /api/contacts/import/imp9": running,
    });
    renderAt("/contacts", [{ path: "/contacts", element: <ContactsPage /> }]);
    const banner = await screen.findByTestId("import-banner");
    expect(banner).toHaveTextContent("Importing from-the-office.csv: 250 of 1,000 rows (25%)");
  });
});
