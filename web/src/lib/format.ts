/** Display helpers: relative times, phone numbers, initials, numbers. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const weekday = new Intl.DateTimeFormat("en-US", { weekday: "short" });
const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });
const fullDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });
const clock = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export type DateInput = string | number | Date;

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * "just now", "5m ago", "3h ago", "Yesterday", "Mon", "Mar 4", "Mar 4, 2024".
 * A time slightly in the future (clock skew) reads as "just now".
 */
export function relativeTime(value: DateInput, now: DateInput = Date.now()): string {
  const then = toDate(value);
  const current = toDate(now);
  if (Number.isNaN(then.getTime())) return "";
  const diff = current.getTime() - then.getTime();
  if (diff < 45_000) return "just now";
  if (diff < HOUR) return `${Math.max(1, Math.round(diff / MINUTE))}m ago`;
  const daysApart = Math.round((startOfDay(current) - startOfDay(then)) / DAY);
  if (daysApart === 0) return `${Math.floor(diff / HOUR)}h ago`;
  if (daysApart === 1) return "Yesterday";
  if (daysApart < 7) return weekday.format(then);
  if (then.getFullYear() === current.getFullYear()) return monthDay.format(then);
  return fullDate.format(then);
}

/** "3:07 PM" */
export function clockTime(value: DateInput): string {
  return clock.format(toDate(value));
}

/** "Mar 4, 2026, 3:07 PM", for tooltips. */
export function fullDateTime(value: DateInput): string {
  return dateTime.format(toDate(value));
}

/** "+1 (202) 555-0123" for North American numbers; other E.164 numbers as they are. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 (${m[1] ?? ""}) ${m[2] ?? ""}-${m[3] ?? ""}` : e164;
}

/** Up to two initials from a name; the phone's last two digits otherwise. */
export function initials(name: string | null | undefined, phone: string): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const first = words[0]?.[0] ?? "";
    const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "";
    return (first + last).toUpperCase();
  }
  const digits = phone.replace(/\D/g, "");
  return digits.slice(-2) || "#";
}

/** The contact's name, or its formatted phone number. */
export function displayName(name: string | null | undefined, phone: string): string {
  const trimmed = name?.trim();
  return trimmed ? trimmed : formatPhone(phone);
}

const integer = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return integer.format(n);
}

/** "1 bot reply", "2 bot replies", "1,204 bot replies". */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 0.873 → "87%", 0.05 → "5.0%". */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  return pct < 10 && pct > 0 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}
