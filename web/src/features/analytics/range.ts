/**
 * The Analytics page's date range, kept pure: presets and a custom range,
 * read from and written to the address, turned into local dates of the
 * business's time zone (never the browser's), into the API's parameters
 * and into the picker's label ("Last 30 Days (Nov 1 – Nov 30, 2026)").
 * Dates are plain `YYYY-MM-DD` strings of that zone.
 */
import type { operations } from "@/lib/api-types";

export type PresetKey = "today" | "7d" | "30d" | "90d" | "month" | "last-month";
export type Resolution = "hour" | "day" | "week";

export type Selection = { preset: PresetKey } | { preset: "custom"; start: string; end: string };

export interface Dates {
  start: string;
  end: string;
}

export const PRESETS: readonly { key: PresetKey; label: string }[] = [
  { key: "today", label: "Today" },
  { key: "7d", label: "Last 7 Days" },
  { key: "30d", label: "Last 30 Days" },
  { key: "90d", label: "Last 90 Days" },
  { key: "month", label: "This Month" },
  { key: "last-month", label: "Last Month" },
];

export const DEFAULT_PRESET: PresetKey = "30d";
/** The server's longest range: two years (and a leap day). */
export const MAX_DAYS = 731;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date `YYYY-MM-DD` (not 2026-02-30). */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function toUtc(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days from `start` to `end`, both included. */
export function dayCount({ start, end }: Dates): number {
  return Math.round((toUtc(end) - toUtc(start)) / DAY_MS) + 1;
}

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter of local dates in `zone` (UTC when the browser does not know the zone). */
function dateFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    const options = { year: "numeric", month: "2-digit", day: "2-digit", hourCycle: "h23" } as const;
    try {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone });
    } catch {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The local date in `zone` at the instant `at` (ms or an RFC 3339 string). */
export function localDate(zone: string, at: number | string): string {
  const parts = dateFormatter(zone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The browser's own zone: only a first guess, until the server names the business's. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The first and last day a selection covers, `today` being the business's today. */
export function datesFor(selection: Selection, today: string): Dates {
  switch (selection.preset) {
    case "today":
      return { start: today, end: today };
    case "7d":
      return { start: addDays(today, -6), end: today };
    case "30d":
      return { start: addDays(today, -29), end: today };
    case "90d":
      return { start: addDays(today, -89), end: today };
    case "month":
      return { start: monthStart(today), end: today };
    case "last-month": {
      const end = addDays(monthStart(today), -1);
      return { start: monthStart(end), end };
    }
    case "custom":
      return { start: selection.start, end: selection.end };
  }
}

/** The dates a range of the API covers, in its own zone (its end is exclusive). */
export function datesOfRange(range: { start: string; end: string; timeZone: string }): Dates {
  return { start: localDate(range.timeZone, range.start), end: localDate(range.timeZone, Date.parse(range.end) - 1) };
}

/** Why a custom range cannot be asked for, and which field to mark; null when it can. */
export function customProblem(start: string, end: string, today: string): { field: "start" | "end"; message: string } | null {
  if (!start) return { field: "start", message: "Choose the first day." };
  if (!isDate(start)) return { field: "start", message: "The first day is not a date (YYYY-MM-DD)." };
  if (!end) return { field: "end", message: "Choose the last day." };
  if (!isDate(end)) return { field: "end", message: "The last day is not a date (YYYY-MM-DD)." };
  if (end < start) return { field: "end", message: "The last day must be on or after the first." };
  if (end > today) return { field: "end", message: `The last day cannot be after today (${shortDate(today, true)}).` };
  if (dayCount({ start, end }) > MAX_DAYS) return { field: "start", message: "A range covers at most two years." };
  return null;
}

const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const monthDayYear = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "Nov 1" or "Nov 1, 2026". */
export function shortDate(date: string, withYear = false): string {
  return (withYear ? monthDayYear : monthDay).format(toUtc(date));
}

/** "Nov 30, 2026", "Nov 1 – Nov 30, 2026", "Dec 15, 2025 – Jan 13, 2026". */
export function datesText({ start, end }: Dates): string {
  if (start === end) return shortDate(start, true);
  if (start.slice(0, 4) === end.slice(0, 4)) return `${shortDate(start)} – ${shortDate(end, true)}`;
  return `${shortDate(start, true)} – ${shortDate(end, true)}`;
}

/** For a sentence: "on Nov 30, 2026", "between Nov 1 and Nov 30, 2026". */
export function datesPhrase({ start, end }: Dates): string {
  if (start === end) return `on ${shortDate(start, true)}`;
  return `between ${shortDate(start, start.slice(0, 4) !== end.slice(0, 4))} and ${shortDate(end, true)}`;
}

/** The picker's label: "Last 30 Days (Nov 1 – Nov 30, 2026)"; a custom range is its dates. */
export function selectionLabel(selection: Selection, dates: Dates): string {
  const preset = PRESETS.find((p) => p.key === selection.preset);
  return preset ? `${preset.label} (${datesText(dates)})` : datesText(dates);
}

/** The resolutions that make sense for a range of `days` (the server refuses hours over 31 days). */
export function allowedResolutions(days: number): Resolution[] {
  const out: Resolution[] = [];
  if (days <= 30) out.push("hour");
  if (days >= 2) out.push("day");
  if (days >= 14) out.push("week");
  return out;
}

/** What the server picks when none is asked: hours for two days or less, else days. */
export function defaultResolution(days: number): Resolution {
  return days <= 2 ? "hour" : "day";
}

function isPreset(value: string | null): value is PresetKey {
  return PRESETS.some((p) => p.key === value);
}

function isResolution(value: string | null): value is Resolution {
  return value === "hour" || value === "day" || value === "week";
}

/** The selection in the address (`range`, `from`, `to`); the default preset when absent or unreadable. */
export function readSelection(params: URLSearchParams): Selection {
  const range = params.get("range");
  if (range === "custom") {
    const start = params.get("from") ?? "";
    const end = params.get("to") ?? "";
    if (isDate(start) && isDate(end) && start <= end && dayCount({ start, end }) <= MAX_DAYS) return { preset: "custom", start, end };
    return { preset: DEFAULT_PRESET };
  }
  return { preset: isPreset(range) ? range : DEFAULT_PRESET };
}

/** The resolution asked for in the address (`res`), when it suits the range; null: the server's default. */
export function readResolution(params: URLSearchParams, days: number): Resolution | null {
  const res = params.get("res");
  return isResolution(res) && allowedResolutions(days).includes(res) ? res : null;
}

/** `params` with `selection` (and no resolution: a new range starts from its default). */
export function withSelection(params: URLSearchParams, selection: Selection): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["range", "from", "to", "res"]) next.delete(key);
  if (selection.preset === "custom") {
    next.set("range", "custom");
    next.set("from", selection.start);
    next.set("to", selection.end);
  } else if (selection.preset !== DEFAULT_PRESET) {
    next.set("range", selection.preset);
  }
  return next;
}

export function withResolution(params: URLSearchParams, resolution: Resolution, days: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (resolution === defaultResolution(days)) next.delete("res");
  else next.set("res", resolution);
  return next;
}

/** The overview's query (generated from the server's OpenAPI), less `include`, which api.ts adds. */
export type RangeQuery = Omit<NonNullable<operations["getAnalyticsOverview"]["parameters"]["query"]>, "include">;

/**
 * The API's parameters. A range ending today ends now (no `end`), so it
 * compares with a previous period of the same length; the default preset
 * sends no dates at all: the server counts its 30 days in the business's
 * zone, which the page need not know yet.
 */
export function queryFor(selection: Selection, dates: Dates, today: string, resolution: Resolution | null): RangeQuery {
  const query: RangeQuery = {};
  if (selection.preset !== DEFAULT_PRESET) {
    query.start = dates.start;
    if (dates.end !== today) query.end = dates.end;
  }
  if (resolution) query.resolution = resolution;
  return query;
}
