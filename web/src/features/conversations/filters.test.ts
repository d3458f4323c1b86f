import { EMPTY_FILTERS, activeFilterCount, filtersFromParams, filtersToParams, hasAnyFilter, toApiQuery } from "./filters";

describe("conversation filters", () => {
  it("round-trips through the URL and keeps other parameters", () => {
    const filters = { search: "pizza", status: "active", bot: "r1", from: "2026-03-01", to: "2026-03-07" };
    const params = filtersToParams(filters, new URLSearchParams("keep=1"));
    expect(params.toString()).toBe("keep=1&q=pizza&status=active&bot=r1&from=2026-03-01&to=2026-03-07");
    expect(filtersFromParams(params)).toEqual(filters);
  });

  it("drops empty filters from the URL", () => {
    const params = filtersToParams(EMPTY_FILTERS, new URLSearchParams("q=old&status=new"));
    expect(params.toString()).toBe("");
  });

  it("ignores malformed dates", () => {
    expect(filtersFromParams(new URLSearchParams("from=yesterday&to=2026-13-45")).from).toBe("");
  });

  it("counts the panel's filters, dates as one", () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, status: "new", from: "2026-01-01", to: "2026-01-02" })).toBe(2);
    expect(hasAnyFilter({ ...EMPTY_FILTERS, search: " x " })).toBe(true);
    expect(hasAnyFilter({ ...EMPTY_FILTERS, search: "  " })).toBe(false);
  });

  it("sends only what is set, dates as the bounds of local days", () => {
    expect(toApiQuery({ ...EMPTY_FILTERS, search: "  ada ", status: "booked" })).toEqual({ search: "ada", status: "booked" });
    const q = toApiQuery({ ...EMPTY_FILTERS, from: "2026-03-01", to: "2026-03-01" });
    expect(new Date(q.dateFrom ?? "").getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(q.dateTo ?? "").getTime()).toBe(new Date(2026, 2, 2).getTime() - 1);
  });
});
