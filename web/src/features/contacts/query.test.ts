import { EMPTY_VIEW, ariaSort, clearFilters, exportHref, pageCount, toApiQuery, toggleSort, viewFromParams, viewToParams, withFilters, type ContactView } from "./query";

const view = (patch: Partial<ContactView> = {}): ContactView => ({ ...EMPTY_VIEW, ...patch });

describe("contacts view ⇄ URL", () => {
  it("round-trips filters, sort and page through the URL", () => {
    const v = view({ search: "ada", status: "hot", bot: "bot_1", from: "2026-03-01", to: "2026-03-07", sort: "name", order: "desc", page: 3 });
    const params = viewToParams(v);
    expect(params.toString()).toBe("q=ada&status=hot&bot=bot_1&from=2026-03-01&to=2026-03-07&sort=name&order=desc&page=3");
    expect(viewFromParams(params)).toEqual(v);
  });

  it("leaves the defaults out, so a plain /contacts stays plain", () => {
    expect(viewToParams(EMPTY_VIEW).toString()).toBe("");
    expect(viewFromParams(new URLSearchParams())).toEqual(EMPTY_VIEW);
  });

  it("falls back to defaults for anything malformed", () => {
    const v = viewFromParams(new URLSearchParams("status=lukewarm&sort=shoe&order=up&page=-2&from=2026-02-30&to=soon"));
    expect(v).toEqual(EMPTY_VIEW);
  });

  it("reads a sort without an order in that column's default order", () => {
    expect(viewFromParams(new URLSearchParams("sort=messages"))).toMatchObject({ sort: "messages", order: "desc" });
    expect(viewFromParams(new URLSearchParams("sort=phone"))).toMatchObject({ sort: "phone", order: "asc" });
  });

  it("accepts each status and the hot/warm aliases (cold is both)", () => {
    for (const status of ["new", "active", "qualified", "booked", "closed", "cold", "hot", "warm"]) {
      expect(viewFromParams(new URLSearchParams({ status })).status).toBe(status);
    }
    expect(viewFromParams(new URLSearchParams("status=HOT")).status).toBe("hot");
  });
});

describe("sorting by a column", () => {
  it("starts a new column in its default order and flips the same one", () => {
    const byName = toggleSort(view({ page: 4 }), "name");
    expect(byName).toMatchObject({ sort: "name", order: "asc", page: 1 });
    expect(toggleSort(byName, "name")).toMatchObject({ sort: "name", order: "desc" });
    expect(toggleSort(toggleSort(byName, "name"), "name")).toMatchObject({ sort: "name", order: "asc" });
    expect(toggleSort(byName, "messages")).toMatchObject({ sort: "messages", order: "desc" });
    // The default column (last contact, newest first) clicked flips to oldest first.
    expect(toggleSort(EMPTY_VIEW, "lastContact")).toMatchObject({ sort: "lastContact", order: "asc" });
  });

  it("says which column is sorted, and how, for aria-sort", () => {
    const v = view({ sort: "status", order: "asc" });
    expect(ariaSort(v, "status")).toBe("ascending");
    expect(ariaSort({ ...v, order: "desc" }, "status")).toBe("descending");
    expect(ariaSort(v, "name")).toBe("none");
  });
});

describe("filters", () => {
  it("go back to page 1 when they change, and clearing keeps the sort", () => {
    expect(withFilters(view({ page: 5 }), { status: "warm" })).toMatchObject({ status: "warm", page: 1 });
    expect(clearFilters(view({ search: "x", bot: "b", sort: "phone", order: "desc", page: 2 }))).toEqual(view({ sort: "phone", order: "desc" }));
  });

  it("become the API's query, days as instants bounding local days", () => {
    const q = toApiQuery(view({ search: "  555 0123 ", status: "cold", from: "2026-03-01", to: "2026-03-01" }));
    expect(q).toMatchObject({ search: "555 0123", status: "cold", sort: "lastContact", order: "desc" });
    expect(new Date(q.dateFrom ?? "").getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(q.dateTo ?? "").getTime()).toBe(new Date(2026, 2, 2).getTime() - 1);
    expect(toApiQuery(EMPTY_VIEW)).toEqual({ sort: "lastContact", order: "desc" });
  });

  it("export the same selection and order (every page, so no page or limit)", () => {
    const href = exportHref(view({ status: "hot", bot: "r1", sort: "name", order: "asc", page: 3 }));
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/api/contacts/export");
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: "hot", bot: "r1", sort: "name", order: "asc" });
  });

  it("count pages, at least one", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
  });
});
