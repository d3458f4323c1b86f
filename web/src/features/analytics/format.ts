/**
 * How the Analytics figures read: durations ("1m 45s"), the change against
 * the previous period and whether it is good news, satisfaction scores,
 * bucket labels and where the bookings came from.
 */
import type { Schemas } from "@/lib/api";
import { formatPercent } from "@/lib/format";
import type { Resolution } from "./range";

export type SourceUse = Schemas["SourceUse"];

/** 40 → "<0.1s", 850 → "0.9s", 4_200 → "4.2s", 105_000 → "1m 45s", 3_900_000 → "1h 5m", 93_600_000 → "1d 2h"; null → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 10_000) {
    const tenths = Math.round(ms / 100) / 10;
    if (tenths === 0) return "<0.1s";
    return tenths < 10 ? `${tenths.toFixed(1)}s` : "10s";
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const units: [number, string][] = [
    [86_400, "d"],
    [3_600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  const i = units.findIndex(([size]) => seconds >= size);
  const [big, bigName] = units[i] ?? [1, "s"];
  const [small, smallName] = units[i + 1] ?? [1, "s"];
  const whole = Math.floor(seconds / big);
  const rest = Math.floor((seconds % big) / small);
  return rest > 0 ? `${whole}${bigName} ${rest}${smallName}` : `${whole}${bigName}`;
}

/**
 * The median wait: the server keeps waits in bins, the first holding all
 * under a second (its median then reads 500 ms whatever they were), so a
 * median below a second says only that.
 */
export function medianShown(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? "under 1s" : formatDuration(ms);
}

/** Whether a rise of the figure is good news (conversations) or bad (response time). */
export type Sense = "up-is-good" | "down-is-good";

export interface ChangeShown {
  /** "+12%", "−3.5%", "0%", or "—" without a previous figure. */
  text: string;
  direction: "up" | "down" | "flat" | null;
  tone: "good" | "bad" | "neutral";
  /** For screen readers: "up 12%", "no previous figure". */
  spoken: string;
}

/** The change against the previous period (a fraction: 0.12 = +12%). */
export function changeShown(change: number | null | undefined, sense: Sense): ChangeShown {
  if (change === null || change === undefined || !Number.isFinite(change)) {
    return { text: "—", direction: null, tone: "neutral", spoken: "no previous figure to compare with" };
  }
  const size = formatPercent(Math.abs(change));
  if (size === "0%") return { text: "0%", direction: "flat", tone: "neutral", spoken: "unchanged" };
  const up = change > 0;
  const good = up === (sense === "up-is-good");
  return {
    text: `${up ? "+" : "−"}${size}`,
    direction: up ? "up" : "down",
    tone: good ? "good" : "bad",
    spoken: `${up ? "up" : "down"} ${size}`,
  };
}

/** 4.8 → "4.8/5"; null (no answers) → "No data", never an invented number. */
export function scoreShown(value: number | null | undefined): string {
  return value === null || value === undefined ? "No data" : `${value.toFixed(1)}/5`;
}

/** A rate of 0..1 as a percentage; "—" when there is none. */
export function rateShown(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : formatPercent(value);
}

const hourFormat = new Intl.DateTimeFormat("en-US", { hour: "numeric", timeZone: "UTC" });
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const dayYearFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const weekdayFormat = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });

/** A bucket's local start (`2026-11-01` or `2026-11-01T14:00`) as a UTC instant with the same wall time. */
function wall(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

/** An axis tick: "2 PM" (hours), "Nov 1" (days and weeks). */
export function bucketTick(local: string, resolution: Resolution): string {
  const at = wall(local);
  if (Number.isNaN(at)) return local;
  return resolution === "hour" ? hourFormat.format(at) : dayFormat.format(at);
}

/** A bucket in full, for tooltips and tables: "Sun, Nov 1, 2 PM", "Sun, Nov 1", "Week of Nov 1, 2026". */
export function bucketName(local: string, resolution: Resolution): string {
  const at = wall(local);
  if (Number.isNaN(at)) return local;
  if (resolution === "hour") return `${weekdayFormat.format(at)}, ${hourFormat.format(at)}`;
  if (resolution === "week") return `Week of ${dayYearFormat.format(at)}`;
  return weekdayFormat.format(at);
}

const SOURCE_WORDS: Record<SourceUse["source"], string> = {
  closebot_booking_graph: "CloseBot's booking graph",
  closebot_agency_summary: "CloseBot's agency summary for this month",
  contact_status: "contacts marked booked",
};

/** Where the bookings came from, one sentence per source used, with the reason CloseBot's graph was not. */
export function bookingSources(sources: readonly SourceUse[]): string[] {
  const several = sources.length > 1;
  return sources.map((s) => {
    const routes = several ? ` (${s.routes} ${s.routes === 1 ? "route" : "routes"})` : "";
    const note = s.note ? ` — ${s.note.trim().replace(/\.$/, "")}` : "";
    return `From ${SOURCE_WORDS[s.source]}${routes}${note}`;
  });
}
