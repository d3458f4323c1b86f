/**
 * What the contacts table shows — filters, sort and page — kept in the URL
 * (so a reload or a shared link keeps them) and turned into the API's query.
 */

export const SORTS = ["name", "phone", "bot", "status", "messages", "lastContact"] as const;
export type SortKey = (typeof SORTS)[number];
export type Order = "asc" | "desc";

export interface ContactView {
  search: string;
  /** One status, or an alias: hot (qualified, booked), warm (active), cold (cold, closed). */
  status: string;
  /** A CloseBot bot id or a route id. */
  bot: string;
  /** YYYY-MM-DD, days in the browser's time zone (last contact between them). */
  from: string;
  to: string;
  sort: SortKey;
  order: Order;
  page: number;
}

/** Newest contact first, like the server's default. */
export const DEFAULT_SORT: Pick<ContactView, "sort" | "order"> = { sort: "lastContact", order: "desc" };
export const EMPTY_VIEW: ContactView = { search: "", status: "", bot: "", from: "", to: "", ...DEFAULT_SORT, page: 1 };

export const PAGE_SIZE = 50;

/** The statuses a contact can have (server), and the mockup's temperatures that group them. */
export const STATUS_VALUES = ["new", "active", "qualified", "booked", "closed", "cold"] as const;
export const TEMPERATURES = { hot: ["qualified", "booked"], warm: ["active"], cold: ["cold", "closed"] } as const;
const FILTER_VALUES = new Set<string>(["hot", "warm", ...STATUS_VALUES]);

/** The order a column starts in when first clicked: counts and times biggest/newest first, words A→Z. */
export function defaultOrder(sort: SortKey): Order {
  return sort === "lastContact" || sort === "messages" ? "desc" : "asc";
}

/** Clicking a column header: the same column flips its order; another starts in its default order, on page 1. */
export function toggleSort(view: ContactView, sort: SortKey): ContactView {
  const order: Order = view.sort === sort ? (view.order === "asc" ? "desc" : "asc") : defaultOrder(sort);
  return { ...view, sort, order, page: 1 };
}

export function ariaSort(view: ContactView, sort: SortKey): "ascending" | "descending" | "none" {
  if (view.sort !== sort) return "none";
  return view.order === "asc" ? "ascending" : "descending";
}

/** A changed filter starts again on page 1. */
export function withFilters(view: ContactView, patch: Partial<Pick<ContactView, "search" | "status" | "bot" | "from" | "to">>): ContactView {
  return { ...view, ...patch, page: 1 };
}

export function clearFilters(view: ContactView): ContactView {
  return { ...EMPTY_VIEW, sort: view.sort, order: view.order };
}

export function hasFilters(view: ContactView): boolean {
  return Boolean(view.search.trim() || view.status || view.bot || view.from || view.to);
}

function validDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return "";
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(y ?? NaN, (m ?? NaN) - 1, d ?? NaN);
  return date.getMonth() + 1 === m && date.getDate() === d ? value : "";
}

function isSort(value: string | null): value is SortKey {
  return (SORTS as readonly string[]).includes(value ?? "");
}

/** Reads the view from the URL; anything malformed falls back to its default. */
export function viewFromParams(params: URLSearchParams): ContactView {
  const read = (key: string) => params.get(key)?.trim() ?? "";
  const sortParam = params.get("sort");
  const sort = isSort(sortParam) ? sortParam : DEFAULT_SORT.sort;
  const orderParam = params.get("order");
  const order: Order = orderParam === "asc" || orderParam === "desc" ? orderParam : isSort(sortParam) ? defaultOrder(sort) : DEFAULT_SORT.order;
  const page = Number.parseInt(read("page"), 10);
  const status = read("status").toLowerCase();
  return {
    search: read("q"),
    status: FILTER_VALUES.has(status) ? status : "",
    bot: read("bot"),
    from: validDay(read("from")),
    to: validDay(read("to")),
    sort,
    order,
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
}

/** The view as URL parameters: defaults left out, so a plain /contacts stays plain. */
export function viewToParams(view: ContactView): URLSearchParams {
  const params = new URLSearchParams();
  const put = (key: string, value: string) => {
    if (value.trim()) params.set(key, value.trim());
  };
  put("q", view.search);
  put("status", view.status);
  put("bot", view.bot);
  put("from", view.from);
  put("to", view.to);
  if (view.sort !== DEFAULT_SORT.sort || view.order !== DEFAULT_SORT.order) {
    params.set("sort", view.sort);
    params.set("order", view.order);
  }
  if (view.page > 1) params.set("page", String(view.page));
  return params;
}

export interface ContactsQuery {
  search?: string;
  status?: string;
  bot?: string;
  dateFrom?: string;
  dateTo?: string;
  sort: SortKey;
  order: Order;
}

function localDay(day: string, addDays: number): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? NaN, (m ?? NaN) - 1, (d ?? NaN) + addDays);
}

/** The filters and sort as the API reads them (the list and the export alike); days become instants bounding local days. */
export function toApiQuery(view: ContactView): ContactsQuery {
  const query: ContactsQuery = { sort: view.sort, order: view.order };
  if (view.search.trim()) query.search = view.search.trim();
  if (view.status) query.status = view.status;
  if (view.bot) query.bot = view.bot;
  if (view.from) query.dateFrom = localDay(view.from, 0).toISOString();
  if (view.to) query.dateTo = new Date(localDay(view.to, 1).getTime() - 1).toISOString();
  return query;
}

/** Where "Export CSV" points: every contact the filters select, in the table's order. */
export function exportHref(view: ContactView): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(toApiQuery(view))) params.set(key, String(value));
  return `/api/contacts/export?${params.toString()}`;
}

/** The pages there are (at least one). */
export function pageCount(total: number, limit = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / limit));
}
