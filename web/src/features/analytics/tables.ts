/**
 * Each chart's numbers as a table: what the "Table" view shows (formatted)
 * and what its CSV holds (raw numbers: counts, percentages, seconds).
 */
import type { Schemas } from "@/lib/api";
import { formatCount, formatPercent } from "@/lib/format";
import type { Cell } from "./csv";
import { bucketName, formatDuration, rateShown } from "./format";
import type { Resolution } from "./range";

export type Overview = Schemas["Overview"];
export type MessagesChart = Schemas["MessagesChart"];
export type BotsChart = Schemas["BotsChart"];
export type OutcomesChart = Schemas["OutcomesChart"];
export type Leaderboard = Schemas["Leaderboard"];
export type Outcome = Schemas["Outcome"];

export interface Column {
  label: string;
  numeric?: boolean;
}

export interface TableView {
  caption: string;
  columns: Column[];
  rows: { key: string; cells: string[] }[];
  csvHeader: string[];
  csvRows: Cell[][];
}

/** A percentage with one decimal, for CSV (0.25 → 25, 1/3 → 33.3); empty when unknown. */
function percentCell(fraction: number | null | undefined): Cell {
  return fraction === null || fraction === undefined ? null : Math.round(fraction * 1000) / 10;
}

/** Milliseconds as seconds (exact to the millisecond). */
function secondsCell(ms: number | null | undefined): Cell {
  return ms === null || ms === undefined ? null : Math.round(ms) / 1000;
}

function roundCell(value: number | null | undefined, digits: number): Cell {
  if (value === null || value === undefined) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `2026-11-01T14:00` → `2026-11-01 14:00` (a spreadsheet reads it as a date and time). */
function localCell(local: string): string {
  return local.replace("T", " ");
}

function resolutionOf(overview: Overview): Resolution {
  const r = overview.range.resolution;
  return r === "hour" || r === "week" ? r : "day";
}

export function messagesTable(overview: Overview, messages: MessagesChart): TableView {
  const resolution = resolutionOf(overview);
  const zone = overview.range.timeZone;
  return {
    caption: `Messages per ${resolution}, inbound and outbound (${zone} time)`,
    columns: [{ label: resolution === "hour" ? "Hour" : resolution === "week" ? "Week" : "Day" }, { label: "Inbound", numeric: true }, { label: "Outbound", numeric: true }, { label: "Total", numeric: true }],
    rows: messages.points.map((p) => ({
      key: p.start,
      cells: [bucketName(p.local, resolution), formatCount(p.inbound), formatCount(p.outbound), formatCount(p.inbound + p.outbound)],
    })),
    csvHeader: [`Start (${zone})`, "Inbound", "Outbound", "Total"],
    csvRows: messages.points.map((p) => [localCell(p.local), p.inbound, p.outbound, p.inbound + p.outbound]),
  };
}

/** The four cards' figures per bucket (what the sparklines draw). */
export function trendsTable(overview: Overview): TableView {
  const resolution = resolutionOf(overview);
  const zone = overview.range.timeZone;
  const at = <T>(series: readonly T[], i: number): T | null => series[i] ?? null;
  const { conversations, bookingRate, responseTime, csat } = overview;
  return {
    caption: `The cards' figures per ${resolution} (${zone} time)`,
    columns: [
      { label: resolution === "hour" ? "Hour" : resolution === "week" ? "Week" : "Day" },
      { label: "Conversations", numeric: true },
      { label: "Booking rate", numeric: true },
      { label: "Avg response time", numeric: true },
      { label: "Satisfaction", numeric: true },
    ],
    rows: overview.buckets.map((b, i) => {
      const score = at(csat.series, i);
      return {
        key: b.start,
        cells: [
          bucketName(b.local, resolution),
          formatCount(at(conversations.series, i) ?? 0),
          rateShown(at(bookingRate.series, i)),
          formatDuration(at(responseTime.series, i)),
          score === null ? "—" : `${score.toFixed(1)}/5`,
        ],
      };
    }),
    csvHeader: [`Start (${zone})`, "Conversations", "Booking rate (%)", "Avg response time (s)", "Satisfaction (1-5)"],
    csvRows: overview.buckets.map((b, i) => [
      localCell(b.local),
      at(conversations.series, i) ?? 0,
      percentCell(at(bookingRate.series, i)),
      secondsCell(at(responseTime.series, i)),
      roundCell(at(csat.series, i), 2),
    ]),
  };
}

export function botsTable(bots: BotsChart): TableView {
  return {
    caption: "Conversations by bot, most first",
    columns: [{ label: "Bot" }, { label: "Conversations", numeric: true }, { label: "Messages", numeric: true }],
    rows: bots.items.map((b) => ({ key: b.botId, cells: [b.botName, formatCount(b.conversations), formatCount(b.messages)] })),
    csvHeader: ["Bot", "Bot id", "Conversations", "Messages"],
    csvRows: bots.items.map((b) => [b.botName, b.botId, b.conversations, b.messages]),
  };
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  booked: "Booked",
  qualified: "Qualified",
  dropped: "Dropped",
  pending: "Pending",
};

/** A count's share of the total; null with no total. */
export function share(count: number, total: number): number | null {
  return total > 0 ? count / total : null;
}

export function outcomesTable(outcomes: OutcomesChart): TableView {
  return {
    caption: `How the ${formatCount(outcomes.total)} conversations of the range stand`,
    columns: [{ label: "Outcome" }, { label: "Conversations", numeric: true }, { label: "Share", numeric: true }],
    rows: outcomes.items.map((o) => {
      const part = share(o.count, outcomes.total);
      return { key: o.outcome, cells: [OUTCOME_LABELS[o.outcome], formatCount(o.count), part === null ? "—" : formatPercent(part)] };
    }),
    csvHeader: ["Outcome", "Conversations", "Share (%)"],
    csvRows: outcomes.items.map((o) => [OUTCOME_LABELS[o.outcome], o.count, percentCell(share(o.count, outcomes.total))]),
  };
}

/** "4.5 (3 answers)", "—" without answers. */
export function csatCell(average: number | null, responses: number): string {
  if (average === null) return "—";
  return `${average.toFixed(1)}/5 (${formatCount(responses)} ${responses === 1 ? "answer" : "answers"})`;
}

export function leaderboardTable(leaderboard: Leaderboard): TableView {
  return {
    caption: "Bots ranked by booking rate",
    columns: [
      { label: "Rank", numeric: true },
      { label: "Bot" },
      { label: "Conversations", numeric: true },
      { label: "Booking rate", numeric: true },
      { label: "CSAT", numeric: true },
      { label: "Avg response time", numeric: true },
    ],
    rows: leaderboard.items.map((r) => ({
      key: r.botId,
      cells: [
        String(r.rank),
        r.botName,
        formatCount(r.conversations),
        r.bookingRate === null ? "—" : `${rateShown(r.bookingRate)} (${formatCount(r.bookings)})`,
        csatCell(r.csatAverage, r.csatResponses),
        formatDuration(r.averageResponseMs),
      ],
    })),
    csvHeader: ["Rank", "Bot", "Bot id", "Conversations", "Bookings", "Booking rate (%)", "CSAT (1-5)", "CSAT answers", "Avg response time (s)", "Median response time (s)"],
    csvRows: leaderboard.items.map((r) => [
      r.rank,
      r.botName,
      r.botId,
      r.conversations,
      r.bookings,
      percentCell(r.bookingRate),
      roundCell(r.csatAverage, 2),
      r.csatResponses,
      secondsCell(r.averageResponseMs),
      secondsCell(r.medianResponseMs),
    ]),
  };
}
