import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { jsonResponse, renderAt } from "@/test/render";
import type { ImportView } from "./importApi";
import { ImportSetup } from "./ImportSetup";

const draft: ImportView = {
  id: "imp1",
  state: "draft",
  fileName: "leads.csv",
  headers: ["Mobile", "Name", "Home"],
  options: { columns: [{ kind: "phone" }, { kind: "name" }, { kind: "field", name: "Home" }], defaultCountry: "US", defaultStatus: "new", firstMessage: null },
  totalRows: 120,
  rowsDone: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  rejected: 0,
  messagesQueued: 0,
  messagesPending: 0,
  error: null,
  preview: [
    { rowNumber: 2, cells: ["2025550123", "Ada", "2025550999"], outcome: "create", phone: "+12025550123", name: "Ada", reason: null },
    { rowNumber: 3, cells: ["12", "Bob", ""], outcome: "reject", phone: null, name: "Bob", reason: "`12` is not a phone number" },
  ],
  createdAt: "2026-01-01T00:00:00Z",
  finishedAt: null,
};

const route = { id: "r1", twilioNumber: "+15005550006", botName: "Sales bot", active: true, closebotSourceId: "s", maxConcurrent: 10 };

describe("ImportSetup", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("maps columns with one phone, previews again, and starts with a paced first message", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({
      "GET /api/routes": { items: [route], total: 1, page: 1, limit: 200 },
      "POST /api/contacts/import/imp1/preview": (body) => jsonResponse(200, { ...draft, options: body, preview: [{ ...draft.preview[0], outcome: "update" }] }),
      "POST /api/contacts/import/imp1/start": () => jsonResponse(202, { ...draft, state: "running" }),
    });
    const onStarted = vi.fn();
    renderAt("/", [{ path: "/", element: <ImportSetup draft={draft} onStarted={onStarted} onCancel={() => undefined} /> }]);

    const rows = screen.getAllByTestId("preview-row");
    expect(rows.map((r) => r.dataset.outcome)).toEqual(["create", "reject"]);
    expect(rows[1]).toHaveTextContent("`12` is not a phone number");

    await user.selectOptions(screen.getByLabelText("Home becomes"), "phone");
    expect(screen.getByLabelText("Mobile becomes")).toHaveValue("field");
    expect(screen.getByLabelText("Mobile: field name")).toHaveValue("Mobile");
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith("/preview"))).toHaveLength(1));
    const previewed = calls.find((c) => c.path.endsWith("/preview"))?.body as { columns: unknown };
    expect(previewed.columns).toEqual([{ kind: "field", name: "Mobile" }, { kind: "name" }, { kind: "phone" }]);
    await waitFor(() => expect(screen.getAllByTestId("preview-row").map((r) => r.dataset.outcome)).toEqual(["update"]));

    // No phone column: said in words, no preview asked, no import possible.
    await user.selectOptions(screen.getByLabelText("Home becomes"), "skip");
    expect(screen.getByTestId("mapping-problem")).toHaveTextContent("Choose the column that holds the phone number.");
    expect(screen.getByRole("button", { name: "Import 120 rows" })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText("Mobile becomes"), "phone");

    await user.click(screen.getByRole("switch"));
    await user.type(screen.getByLabelText("Message"), "Hi from Acme!");
    const pace = screen.getByLabelText("Pace (segments a second)");
    await user.clear(pace);
    await user.type(pace, "0.1");
    expect(screen.getByTestId("pace-estimate")).toHaveTextContent("Sending takes about 20 minutes for up to 120 contacts (1 segment each at 0.1 a second).");
    await user.selectOptions(screen.getByLabelText("Numbers without + are from"), "GB");

    await user.click(screen.getByRole("button", { name: "Import 120 rows" }));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(calls.find((c) => c.path.endsWith("/start"))?.body).toEqual({
      columns: [{ kind: "phone" }, { kind: "name" }, { kind: "skip" }],
      defaultCountry: "GB",
      defaultStatus: "new",
      firstMessage: { routeId: "r1", body: "Hi from Acme!", segmentsPerSecond: 0.1 },
    });
  });
});
