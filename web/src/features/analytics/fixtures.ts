/** An overview as the server answers it, for the tests: three days in New York. */
import type { Overview } from "./tables";

type Patch = { [K in keyof Overview]?: Partial<Overview[K]> };

export function overview(patch: Patch = {}): Overview {
  const base: Overview = {
    range: {
      start: "2026-11-28T05:00:00Z",
      end: "2026-12-01T05:00:00Z",
      previousStart: "2026-11-25T05:00:00Z",
      previousEnd: "2026-11-28T05:00:00Z",
      timeZone: "America/New_York",
      resolution: "day",
    },
    buckets: [
      { start: "2026-11-28T05:00:00Z", end: "2026-11-29T05:00:00Z", local: "2026-11-28" },
      { start: "2026-11-29T05:00:00Z", end: "2026-11-30T05:00:00Z", local: "2026-11-29" },
      { start: "2026-11-30T05:00:00Z", end: "2026-12-01T05:00:00Z", local: "2026-11-30" },
    ],
    conversations: { value: 12, previous: 10, change: 0.2, series: [4, 0, 8] },
    bookingRate: {
      value: 0.25,
      previous: 0.5,
      change: -0.5,
      series: [0.25, null, 0.25],
      bookings: 3,
      previousBookings: 5,
      sources: [{ source: "contact_status", routes: 1, note: "CloseBot's booking graph is unavailable: timed out" }],
    },
    responseTime: { value: 105_000, previous: 150_000, change: -0.3, series: [90_000, null, 112_500], medianMs: 61_000, responses: 9 },
    csat: {
      value: 4.5,
      previous: null,
      change: null,
      series: [4, null, 5],
      responses: 2,
      surveysSent: 4,
      responseRate: 0.5,
      distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score >= 4 ? 1 : 0 })),
    },
    preparing: null,
    messages: {
      inbound: 30,
      outbound: 25,
      points: [
        { start: "2026-11-28T05:00:00Z", local: "2026-11-28", inbound: 10, outbound: 9 },
        { start: "2026-11-29T05:00:00Z", local: "2026-11-29", inbound: 0, outbound: 0 },
        { start: "2026-11-30T05:00:00Z", local: "2026-11-30", inbound: 20, outbound: 16 },
      ],
    },
    bots: {
      items: [
        { botId: "bot_sales", botName: "Sales bot", conversations: 8, messages: 40 },
        { botId: "bot_evil", botName: '=HYPERLINK("http://evil.example","Support")', conversations: 4, messages: 15 },
      ],
    },
    outcomes: {
      total: 12,
      droppedAfterDays: 7,
      items: [
        { outcome: "booked", count: 3 },
        { outcome: "qualified", count: 4 },
        { outcome: "dropped", count: 1 },
        { outcome: "pending", count: 4 },
      ],
    },
    leaderboard: {
      items: [
        { rank: 1, botId: "bot_evil", botName: '=HYPERLINK("http://evil.example","Support")', conversations: 4, bookings: 2, bookingRate: 0.5, csatAverage: 4.5, csatResponses: 2, averageResponseMs: 45_000, medianResponseMs: 40_000 },
        { rank: 2, botId: "bot_sales", botName: "Sales bot", conversations: 8, bookings: 1, bookingRate: 0.125, csatAverage: null, csatResponses: 0, averageResponseMs: 135_000, medianResponseMs: 500 },
      ],
    },
  };
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const current = (base as Record<string, unknown>)[key];
    out[key] = value !== null && typeof value === "object" && !Array.isArray(value) && current ? { ...current, ...value } : value;
  }
  return out as Overview;
}
