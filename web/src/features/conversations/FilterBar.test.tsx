import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Route } from "@/lib/api";
import { FilterBar } from "./FilterBar";
import { EMPTY_FILTERS } from "./filters";

const route: Route = {
  id: "r1",
  twilioNumber: "+15005550006",
  closebotSourceId: "src",
  botName: "Sales bot",
  maxConcurrent: 50,
  active: true,
  csatSurvey: { enabled: false, question: "How did we do?", thankYou: "Thanks!", quietMinutes: 1440 },
  createdAt: "2026-03-01T00:00:00Z",
  updatedAt: "2026-03-01T00:00:00Z",
};

describe("FilterBar", () => {
  it("sends the typed search once typing pauses", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<FilterBar filters={EMPTY_FILTERS} onChange={onChange} routes={[route]} />);
    await user.type(screen.getByRole("searchbox", { name: "Search conversations" }), "roof ");
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...EMPTY_FILTERS, search: "roof" }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it("filters by status, bot and dates from the panel, and clears them", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const filters = { ...EMPTY_FILTERS, search: "x", status: "booked" };
    render(<FilterBar filters={filters} onChange={onChange} routes={[route]} />);
    await user.click(screen.getByRole("button", { name: "All filters (1 active)" }));
    await user.selectOptions(screen.getByLabelText("Bot"), "Sales bot (+15005550006)");
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, bot: "r1" });
    await user.selectOptions(screen.getByLabelText("Status"), "Qualified");
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, status: "qualified" });
    await user.type(screen.getByLabelText("From date"), "2026-03-01");
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, from: "2026-03-01" });
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, search: "x" });
  });
});
