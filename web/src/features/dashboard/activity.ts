/** The dashboard's activity table: which events it shows and how each reads. */
import type { BadgeTone } from "@/components/ui/badge";
import { EVENT_TYPES, parseEventData, isEventType, type ActivityEvent, type EventType } from "@/lib/events";
import type { StoredEvent } from "@/lib/api";

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

/**
 * A conversation's state, as the dashboard's pills say it: `pending` while
 * the customer's last text waits for an answer, `active` while it is being
 * answered (by the bot or a person), `closed` once the contact opted out or
 * was closed.
 */
export type ConversationState = "active" | "pending" | "closed";

const statePills: Record<ConversationState, Pill> = {
  active: { label: "active", tone: "green" },
  pending: { label: "pending", tone: "yellow" },
  closed: { label: "closed", tone: "gray" },
};

export function pillFor(state: ConversationState): Pill {
  return statePills[state];
}

/** The conversation's state after `event`, given its state before (undefined: not known). */
export function nextState(previous: ConversationState | undefined, event: ActivityEvent): ConversationState {
  const { type, data } = event;
  // `twilioStatus` of an inbound text is what became of it; `opted_out`: nobody may answer.
  if (type === "opt_out" || data.contactStatus === "closed" || data.twilioStatus === "opted_out") return "closed";
  if (type === "opt_in") return "active";
  // Someone who left stays gone until they text again (a late bot reply is only held back).
  if (previous === "closed" && type !== "message_in") return "closed";
  switch (type) {
    case "message_in":
      // STOP, START, HELP… are answered by the app itself (their own events follow).
      return data.twilioStatus === "keyword" ? (previous ?? "active") : "pending";
    case "new_lead":
    case "unrouted":
    case "forward_failed":
    case "reply_suppressed":
      return "pending";
    default:
      // A reply went out (bot, person or auto-reply), a person took over, the bot resumed…
      return "active";
  }
}

/** One row of the activity table. */
export interface FeedRow {
  event: ActivityEvent;
  /** A new contact's first text: its `new_lead` event is folded into this row. */
  newLead: boolean;
  /** The contact's conversation state now (after its newest event in the feed). */
  state: ConversationState;
}

/** The table's rows, newest first, from a newest-first feed: one event, one row. */
export function feedRows(feed: readonly ActivityEvent[]): FeedRow[] {
  const oldestFirst = [...feed].sort((a, b) => a.id - b.id);
  const states = new Map<string, ConversationState>();
  const leads = new Map<string, ActivityEvent>();
  const folded = new Set<number>();
  const newLeads = new Set<number>();
  for (const event of oldestFirst) {
    const contact = event.data.contactId;
    states.set(contact, nextState(states.get(contact), event));
    if (event.type === "new_lead") leads.set(contact, event);
    const lead = leads.get(contact);
    if (event.type === "message_in" && lead) {
      folded.add(lead.id);
      newLeads.add(event.id);
      leads.delete(contact);
    }
  }
  return oldestFirst
    .filter((event) => !folded.has(event.id))
    .reverse()
    .map((event) => ({ event, newLead: newLeads.has(event.id), state: states.get(event.data.contactId) ?? "active" }));
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

/** "Inbound SMS", "New lead", "Bot reply", "Manual reply"… with the message body when there is one. */
export function describe(event: ActivityEvent, newLead = false): { title: string; body?: string } {
  let title = newLead ? "New lead" : summaries[event.type];
  if (event.type === "message_out") {
    title = event.data.source === "manual" ? "Manual reply" : event.data.source === "system" ? "Auto-reply" : "Bot reply";
  }
  const body = event.data.body;
  return body === undefined || body === null ? { title } : { title, body };
}
