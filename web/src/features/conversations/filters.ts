/** Conversation list filters: kept in the URL, turned into the API's query. */

export interface Filters {
  search: string;
  status: string;
  /** A route id (the API also takes a CloseBot bot id). */
  bot: string;
  /** YYYY-MM-DD, a day in the browser's time zone. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: Filters = { search: "", status: "", bot: "", from: "", to: "" };

const PARAMS: Record<keyof Filters, string> = { search: "q", status: "status", bot: "bot", from: "from", to: "to" };

export function filtersFromParams(params: URLSearchParams): Filters {
  const read = (key: keyof Filters) => params.get(PARAMS[key])?.trim() ?? "";
  return { search: read("search"), status: read("status"), bot: read("bot"), from: validDay(read("from")), to: validDay(read("to")) };
}

/** `params` with the filters written in (empty ones removed), other params kept. */
export function filtersToParams(filters: Filters, params = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of Object.keys(PARAMS) as (keyof Filters)[]) {
    const value = filters[key].trim();
    if (value) next.set(PARAMS[key], value);
    else next.delete(PARAMS[key]);
  }
  return next;
}

/** How many of the panel's filters (status, bot, dates) are set; the search box is not counted. */
export function activeFilterCount(filters: Filters): number {
  return [filters.status, filters.bot, filters.from || filters.to].filter(Boolean).length;
}

export function hasAnyFilter(filters: Filters): boolean {
  return Boolean(filters.search.trim()) || activeFilterCount(filters) > 0;
}

function validDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return "";
  const [, m, d] = value.split("-").map(Number);
  const date = localDay(value, 0);
  return date.getMonth() + 1 === m && date.getDate() === d ? value : "";
}

function localDay(day: string, addDays: number): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? NaN, (m ?? NaN) - 1, (d ?? NaN) + addDays);
}

export interface ConversationQuery {
  search?: string;
  status?: string;
  bot?: string;
  dateFrom?: string;
  dateTo?: string;
}

/** The API's query: dates become instants bounding the local days (from midnight to the end of `to`). */
export function toApiQuery(filters: Filters): ConversationQuery {
  const query: ConversationQuery = {};
  if (filters.search.trim()) query.search = filters.search.trim();
  if (filters.status) query.status = filters.status;
  if (filters.bot) query.bot = filters.bot;
  if (filters.from) query.dateFrom = localDay(filters.from, 0).toISOString();
  if (filters.to) query.dateTo = new Date(localDay(filters.to, 1).getTime() - 1).toISOString();
  return query;
}
