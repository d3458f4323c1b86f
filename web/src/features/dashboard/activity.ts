/** The dashboard's activity table: which events it shows and how each reads. */
import type { BadgeTone } from "@/components/ui/badge";
import { EVENT_TYPES, parseEventData, isEventType, type ActivityEvent, type EventType } from "@/lib/events";
import type { StoredEvent } from "@/lib/api";
import { statusTone } from "@/lib/status";

/** Event types worth a row: all but delivery receipts, reads and toggles. */
const NOT_IN_FEED: readonly EventType[] = ["status_change", "conversation_read", "bot_toggle"];
export const FEED_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => !NOT_IN_FEED.includes(t));

export const FEED_SIZE = 50;

export function isFeedEvent(event: ActivityEvent): boolean {
  return FEED_TYPES.includes(event.type);
}

export function fromStored(stored: StoredEvent): ActivityEvent | null {
  const data = parseEventData(stored.data);
  if (!data || !isEventType(stored.type)) return null;
  return { id: stored.id, type: stored.type, data, createdAt: stored.createdAt, routeId: stored.routeId ?? null };
}

/** Adds `event` to a newest-first feed: no duplicates, at most `FEED_SIZE` rows. */
export function addToFeed(feed: readonly ActivityEvent[], event: ActivityEvent): ActivityEvent[] {
  if (feed.some((e) => e.id === event.id)) return [...feed];
  return [event, ...feed].sort((a, b) => b.id - a.id).slice(0, FEED_SIZE);
}

export interface Pill {
  label: string;
  tone: BadgeTone;
}

const typePills: Partial<Record<EventType, Pill>> = {
  new_lead: { label: "new", tone: "blue" },
  opt_out: { label: "opted out", tone: "red" },
  opt_in: { label: "opted in", tone: "green" },
  help_request: { label: "help", tone: "yellow" },
  unrouted: { label: "unrouted", tone: "yellow" },
  human_takeover: { label: "human", tone: "yellow" },
  bot_resumed: { label: "bot", tone: "green" },
  forward_failed: { label: "failed", tone: "red" },
  reply_suppressed: { label: "held", tone: "yellow" },
};

/** The row's status pill: the contact's status when the event carries it, else what happened. */
export function pillFor(event: ActivityEvent): Pill {
  const typed = typePills[event.type];
  if (typed && event.type !== "reply_suppressed") return typed;
  const status = event.data.contactStatus;
  if (status) return { label: status, tone: statusTone(status) };
  return typed ?? { label: "active", tone: "green" };
}

const summaries: Record<EventType, string> = {
  message_in: "Inbound SMS",
  message_out: "Reply sent",
  status_change: "Delivery update",
  new_lead: "New lead",
  opt_out: "Opted out",
  opt_in: "Opted back in",
  help_request: "Asked for help",
  unrouted: "Texted a number with no route",
  human_takeover: "A person took over",
  bot_resumed: "Handed back to the bot",
  bot_toggle: "Bot switched",
  reply_suppressed: "Bot reply held back",
  forward_failed: "Could not reach the bot",
  conversation_read: "Read",
};

/** "Inbound SMS", "Bot reply", "Manual reply"… with the message body when there is one. */
export function describe(event: ActivityEvent): { title: string; body?: string } {
  let title = summaries[event.type];
  if (event.type === "message_out") {
    title = event.data.source === "manual" ? "Manual reply" : event.data.source === "system" ? "Auto-reply" : "Bot reply";
  }
  const body = event.data.body;
  return body === undefined || body === null ? { title } : { title, body };
}
