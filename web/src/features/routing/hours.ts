/**
 * Business hours as the Configure form edits them, and as the API stores
 * them (`BusinessHours`: an IANA zone, `{start,end}` or null per weekday,
 * dated exceptions). `null` hours mean always open; a day without hours is
 * closed; `end` may be "24:00" (midnight at the end of the day).
 */
import type { Schemas } from "@/lib/api";

export type BusinessHours = Schemas["BusinessHours"];
export type DateException = Schemas["DateException"];

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type DayKey = (typeof DAYS)[number];
export const DAY_NAMES: Record<DayKey, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};
const DAY_SHORT: Record<DayKey, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

export const MIDNIGHT_END = "24:00";

export interface DayForm {
  open: boolean;
  /** "HH:MM" */
  start: string;
  /** "HH:MM", or "24:00" for midnight. Kept while the day is closed, so switching it back on restores them. */
  end: string;
}

export interface ExceptionForm {
  /** Stable React key for the row. */
  key: string;
  /** "YYYY-MM-DD" */
  date: string;
  closed: boolean;
  start: string;
  end: string;
}

export interface HoursForm {
  /** false: always open (`businessHours: null`). */
  enabled: boolean;
  timezone: string;
  days: Record<DayKey, DayForm>;
  exceptions: ExceptionForm[];
}

const DEFAULT_START = "09:00";
const DEFAULT_END = "17:00";

let keys = 0;
export function newExceptionKey(): string {
  keys += 1;
  return `exception-${keys}`;
}

/** The browser's own time zone, the default for a route that gets hours for the first time. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The form for a route's stored hours; without hours: always open, with Mon–Fri 9–5 ready to switch on. */
export function hoursToForm(hours: BusinessHours | null | undefined, defaultTimeZone = browserTimeZone()): HoursForm {
  const days = {} as Record<DayKey, DayForm>;
  for (const day of DAYS) {
    const stored = hours?.[day];
    days[day] = stored
      ? { open: true, start: stored.start, end: stored.end }
      : { open: !hours && day !== "sat" && day !== "sun", start: DEFAULT_START, end: DEFAULT_END };
  }
  return {
    enabled: Boolean(hours),
    timezone: hours?.timezone ?? defaultTimeZone,
    days,
    exceptions: (hours?.exceptions ?? []).map((e) => ({
      key: newExceptionKey(),
      date: e.date,
      closed: e.closed === true,
      start: e.start ?? DEFAULT_START,
      end: e.end ?? DEFAULT_END,
    })),
  };
}

/** What the API takes: `null` for always open; closed days as `null`; an exception is closed or has both times. */
export function formToHours(form: HoursForm): BusinessHours | null {
  if (!form.enabled) return null;
  const hours: BusinessHours = { timezone: form.timezone };
  for (const day of DAYS) {
    const d = form.days[day];
    hours[day] = d.open ? { start: d.start, end: d.end } : null;
  }
  hours.exceptions = form.exceptions.map((e) => (e.closed ? { date: e.date, closed: true } : { date: e.date, start: e.start, end: e.end }));
  return hours;
}

/** A new exception row: closed all day on `date`. */
export function newException(date: string): ExceptionForm {
  return { key: newExceptionKey(), date, closed: true, start: DEFAULT_START, end: DEFAULT_END };
}

/**
 * `<input type="time">` cannot hold "24:00": an end of midnight is shown as
 * 00:00, which can mean nothing else for an end (it must come after the start).
 */
export function endToInput(end: string): string {
  return end === MIDNIGHT_END ? "00:00" : end;
}
export function endFromInput(value: string): string {
  return value === "00:00" ? MIDNIGHT_END : value;
}

/** "09:00" → "9:00 AM", "13:30" → "1:30 PM", "24:00" → "midnight". */
export function formatClock(hhmm: string): string {
  if (hhmm === MIDNIGHT_END) return "midnight";
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  const h = Number(m[1]);
  const suffix = h < 12 ? "AM" : "PM";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${m[2] ?? "00"} ${suffix}`;
}

/** "Mon–Fri 9:00 AM–5:00 PM, Sat 10:00 AM–2:00 PM · America/New_York · 1 exception", or "Always open". */
export function summarizeHours(hours: BusinessHours | null | undefined): string {
  if (!hours) return "Always open";
  const groups: { from: DayKey; to: DayKey; range: string }[] = [];
  for (const day of DAYS) {
    const d = hours[day];
    if (!d) continue;
    const range = `${formatClock(d.start)}–${formatClock(d.end)}`;
    const last = groups.at(-1);
    const previous = DAYS[DAYS.indexOf(day) - 1];
    if (last && last.range === range && last.to === previous) last.to = day;
    else groups.push({ from: day, to: day, range });
  }
  const weekly = groups.length
    ? groups.map((g) => `${g.from === g.to ? DAY_SHORT[g.from] : `${DAY_SHORT[g.from]}–${DAY_SHORT[g.to]}`} ${g.range}`).join(", ")
    : "Closed every day";
  const count = hours.exceptions?.length ?? 0;
  const extra = count ? ` · ${count} exception${count === 1 ? "" : "s"}` : "";
  return `${weekly} · ${hours.timezone}${extra}`;
}

/** Today's date ("YYYY-MM-DD") in `timeZone`, the default date of a new exception. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
