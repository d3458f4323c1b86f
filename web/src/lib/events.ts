/** Activity events, as the server sends them over SSE and stores them (`/api/events`). */

export const EVENT_TYPES = [
  "message_in",
  "message_out",
  "status_change",
  "new_lead",
  "booking",
  "opt_out",
  "opt_in",
  "help_request",
  "unrouted",
  "human_takeover",
  "bot_resumed",
  "bot_toggle",
  "reply_suppressed",
  "forward_failed",
  "conversation_read",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const MESSAGE_EVENTS: readonly EventType[] = ["message_in", "message_out", "reply_suppressed"];

export interface EventData {
  contactId: string;
  phone: string;
  name: string | null;
  messageId?: string;
  body?: string;
  direction?: "inbound" | "outbound";
  source?: "customer" | "bot" | "manual" | "system";
  botName?: string | null;
  twilioStatus?: string | null;
  twilioSid?: string | null;
  mode?: "bot" | "human";
  contactStatus?: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  errorExplanation?: string | null;
}

export interface ActivityEvent {
  id: number;
  type: EventType;
  data: EventData;
  /** RFC 3339, when the server recorded the event. */
  createdAt: string;
  routeId?: string | null;
}

function str(record: Record<string, unknown>, key: string): string | undefined {
  const v = record[key];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function nullableStr(record: Record<string, unknown>, key: string): string | null | undefined {
  return record[key] === null ? null : str(record, key);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** Reads an event's `data` defensively: unknown fields are ignored, wrong types dropped. */
export function parseEventData(raw: unknown): EventData | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const contactId = str(r, "contactId");
  const phone = str(r, "phone");
  if (!contactId || phone === undefined) return null;
  const data: EventData = { contactId, phone, name: nullableStr(r, "name") ?? null };
  const optional = {
    messageId: str(r, "messageId"),
    body: str(r, "body"),
    direction: oneOf(str(r, "direction"), ["inbound", "outbound"] as const),
    source: oneOf(str(r, "source"), ["customer", "bot", "manual", "system"] as const),
    botName: nullableStr(r, "botName"),
    twilioStatus: nullableStr(r, "twilioStatus"),
    twilioSid: nullableStr(r, "twilioSid"),
    mode: oneOf(str(r, "mode"), ["bot", "human"] as const),
    contactStatus: str(r, "contactStatus"),
    errorCode: nullableStr(r, "errorCode"),
    errorMessage: nullableStr(r, "errorMessage"),
    errorExplanation: nullableStr(r, "errorExplanation"),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (data as unknown as Record<string, unknown>)[key] = value;
  }
  return data;
}

/** One SSE message (`id`, `event`, JSON `data`) as an `ActivityEvent`, or null when unreadable. */
export function parseSseEvent(type: string, lastEventId: string, json: string, now = new Date()): ActivityEvent | null {
  if (!isEventType(type)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const data = parseEventData(raw);
  const id = Number(lastEventId);
  if (!data || !Number.isFinite(id)) return null;
  const record = raw as Record<string, unknown>;
  // The server stamps live events with their time and route; older servers did not.
  const createdAt = str(record, "createdAt") ?? now.toISOString();
  const routeId = nullableStr(record, "routeId");
  return routeId === undefined ? { id, type, data, createdAt } : { id, type, data, createdAt, routeId };
}
