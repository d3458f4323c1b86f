/**
 * The round-trip tracer's words: each hop's name, its time in the business's
 * time zone, the gap since the previous hop, its facts, and why a step did
 * not happen. Pure, so every sentence is unit-tested.
 */
import type { Schemas } from "@/lib/api";

export type MessageTrace = Schemas["MessageTrace"];
export type TraceHop = Schemas["TraceHop"];
export type HopKind = Schemas["HopKind"];
export type HopStatus = Schemas["HopStatus"];

const names: Record<HopKind, string> = {
  webhookReceived: "Webhook received",
  stored: "Stored",
  queuedForBot: "Queued for the bot",
  forwardedToBot: "Forwarded to CloseBot",
  botReplyReceived: "Bot reply received",
  queuedForSend: "Queued for Twilio",
  sentToTwilio: "Sent to Twilio",
  statusCallback: "Status callback",
  statusLookup: "Status looked up",
};

/** The hop's name: its step, and for a status the status itself. */
export function hopName(hop: Pick<TraceHop, "kind" | "twilioStatus" | "duplicate">): string {
  if (hop.kind === "webhookReceived" && hop.duplicate) return "Webhook received again (duplicate)";
  if ((hop.kind === "statusCallback" || hop.kind === "statusLookup") && hop.twilioStatus) {
    return `${names[hop.kind]}: ${hop.twilioStatus}`;
  }
  return names[hop.kind];
}

export const statusLabels: Record<HopStatus, string> = {
  ok: "Done",
  failed: "Failed",
  skipped: "Not done",
  pending: "Pending",
};

/** "+120 ms", "+4.2 s", "+42 s", "+1m 4s", "+2h 5m", "+1d 23h". */
export function formatGap(ms: number): string {
  const gap = Math.max(0, Math.round(ms));
  if (gap < 1000) return `+${gap} ms`;
  if (gap < 10_000) return `+${(Math.floor(gap / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(gap / 1000);
  if (seconds < 60) return `+${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `+${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `+${hours}h ${minutes % 60}m`;
  return `+${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Formats instants in one time zone, the way the rest of the app writes times (en-US). */
export class ZoneClock {
  private readonly time: Intl.DateTimeFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly dateKey: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    const zone = ZoneClock.valid(timeZone);
    this.time = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", second: "2-digit" });
    this.day = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", month: "short", day: "numeric" });
    this.dateKey = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  }

  private static valid(zone: string): string {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone;
    } catch {
      return "UTC";
    }
  }

  /** "2:02:07 PM" */
  clock(at: string): string {
    return this.time.format(new Date(at));
  }

  /** "Mon, Nov 30" */
  date(at: string): string {
    return this.day.format(new Date(at));
  }

  sameDay(a: string, b: string): boolean {
    return this.dateKey.format(new Date(a)) === this.dateKey.format(new Date(b));
  }

  /** The time, with the date in front when it is another day than `relativeTo`. */
  when(at: string, relativeTo: string): string {
    return this.sameDay(at, relativeTo) ? this.clock(at) : `${this.date(at)}, ${this.clock(at)}`;
  }
}

/** Forwards to the bot "are not forwarded"; texts to the customer "are not sent". */
function notDone(kind: HopKind): string {
  return kind === "queuedForBot" || kind === "forwardedToBot" ? "Not forwarded" : "Not sent";
}

/** Why the step did not happen (yet), in words; null when it happened. */
export function reasonSentence(hop: TraceHop, clock: ZoneClock): string | null {
  const at = (when: string | null | undefined) => (when ? clock.when(when, hop.at) : null);
  switch (hop.reason) {
    case null:
    case undefined:
      return null;
    case "optedOut": {
      const keyword = hop.optOutKeyword?.startsWith("twilio:") ? "Twilio error 21610" : (hop.optOutKeyword ?? "STOP");
      const since = at(hop.optedOutAt);
      return `${notDone(hop.kind)}: the contact opted out (${since ? `${keyword} at ${since}` : keyword})`;
    }
    case "humanMode":
      return `${notDone(hop.kind)}: a person has taken over the conversation`;
    case "routePaused":
      return `${notDone(hop.kind)}: the number's route is paused`;
    case "closedHours": {
      if (hop.status !== "pending") return `${notDone(hop.kind)}: the route was closed`;
      const opens = at(hop.retryAt);
      return opens ? `Held until the route opens at ${opens}` : "Held until the route's hours change (they never open as set)";
    }
    case "waitingForRetry": {
      const next = at(hop.retryAt);
      const attempt = hop.attempt ? ` (attempt ${hop.attempt})` : "";
      return next ? `Waiting for retry at ${next}${attempt}` : `Waiting for retry${attempt}`;
    }
    case "withheld":
      // The eligibility rule speaks of texts it did not send; a forward is "not forwarded".
      return hop.reasonText?.replace(/^Not sent:/, `${notDone(hop.kind)}:`) ?? `${notDone(hop.kind)}: withheld by the app`;
  }
}

/** The hop's facts, one short phrase each: "Attempt 2", "HTTP 503", "took 12 ms"… */
export function hopFacts(hop: TraceHop): string[] {
  const facts: string[] = [];
  if (hop.attempt && hop.status !== "pending") facts.push(`Attempt ${hop.attempt}`);
  if (hop.httpStatus) facts.push(`HTTP ${hop.httpStatus}`);
  if (hop.tookMs !== null && hop.tookMs !== undefined) facts.push(`took ${formatTook(hop.tookMs)}`);
  if (hop.signature === "valid") facts.push("Twilio signature valid");
  if (hop.signature === "notChecked") facts.push("Twilio signature not checked");
  if (hop.kind === "sentToTwilio" && hop.twilioStatus) facts.push(`Twilio answered “${hop.twilioStatus}”`);
  return facts;
}

function formatTook(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What went wrong, in words, with Twilio's code explained when known. */
export function hopError(hop: Pick<TraceHop, "error" | "errorCode" | "errorExplanation">): string | null {
  if (hop.errorExplanation && hop.errorCode) {
    return hop.error ? `${hop.errorExplanation} (Twilio error ${hop.errorCode}) — ${hop.error}` : `${hop.errorExplanation} (Twilio error ${hop.errorCode})`;
  }
  if (hop.error && hop.errorCode) return `${hop.error} (Twilio error ${hop.errorCode})`;
  return hop.error ?? (hop.errorCode ? `Twilio error ${hop.errorCode}` : null);
}

/** How the messages of a round trip are named above their hops. */
export function messageLabel(message: Schemas["TraceMessage"] | undefined): string {
  if (!message) return "Message";
  switch (message.source) {
    case "customer":
      return "Customer's text";
    case "bot":
      return "Bot reply";
    case "manual":
      return "Manual reply";
    case "system":
      return "Auto-reply";
  }
}
