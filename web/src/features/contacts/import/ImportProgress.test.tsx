import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi } from "@/test/fakeApi";
import { renderAt } from "@/test/render";
import type { ImportView } from "./importApi";
import { ImportProgress } from "./ImportProgress";

const running: ImportView = {
  id: "imp1",
  state: "running",
  fileName: "leads.csv",
  headers: [],
  options: { columns: [], defaultCountry: "US", defaultStatus: "new", firstMessage: null },
  totalRows: 200,
  rowsDone: 50,
  created: 40,
  updated: 5,
  skipped: 3,
  rejected: 2,
  messagesQueued: 45,
  messagesPending: 30,
  error: null,
  preview: [],
  createdAt: "2026-01-01T00:00:00Z",
  finishedAt: null,
};

describe("ImportProgress", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows rows done and the counts while running, and stops on request", async () => {
    const user = userEvent.setup();
    const calls = fakeApi({ "POST /api/contacts/import/imp1/stop": { ...running, state: "stopped", messagesPending: 0 } });
    renderAt("/", [{ path: "/", element: <ImportProgress view={running} onAnother={() => undefined} /> }]);
    expect(screen.getByRole("progressbar", { name: "Rows imported" })).toHaveAttribute("aria-valuenow", "50");
    expect(screen.getByText("50 of 200 rows (25%)")).toBeInTheDocument();
    expect(screen.getByTestId("count-created")).toHaveTextContent("40");
    expect(screen.getByTestId("count-rejected")).toHaveTextContent("2");
    expect(screen.getByTestId("first-messages")).toHaveTextContent("15 of 45 handed to Twilio, 30 waiting their turn");
    // Nothing to download until it is over.
    expect(screen.queryByRole("link", { name: /Rows not imported/ })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Stop import" }));
    await waitFor(() => expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /api/contacts/import/imp1/stop"]));
  });

  it("ends with the report, the rows not imported and another file", async () => {
    const user = userEvent.setup();
    fakeApi({});
    const onAnother = vi.fn();
    const done = { ...running, state: "done", rowsDone: 200, messagesPending: 0 };
    renderAt("/", [{ path: "/", element: <ImportProgress view={done} onAnother={onAnother} /> }]);
    expect(screen.getByRole("status")).toHaveTextContent("Import finished");
    expect(screen.getByRole("link", { name: "Rows not imported (5)" })).toHaveAttribute("href", "/api/contacts/import/imp1/rejected.csv");
    expect(screen.queryByRole("button", { name: /Stop/ })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Import another file" }));
    expect(onAnother).toHaveBeenCalled();
  });

  it("offers to stop the first messages still waiting after the rows are in", () => {
    fakeApi({});
    renderAt("/", [{ path: "/", element: <ImportProgress view={{ ...running, state: "done", rowsDone: 200 }} onAnother={() => undefined} /> }]);
    expect(screen.getByRole("status")).toHaveTextContent("Imported; first messages going out");
    expect(screen.getByRole("button", { name: "Stop first messages" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Import another file" })).toBeNull();
  });
});
