/**
 * Activity events, as the server sends them over SSE and stores them
 * (`/api/events`). The types and the fields each carries are generated from
 * the server's OpenAPI document (`events.gen.ts`); this parser checks what
 * arrives against them: an event missing a field its type requires is
 * dropped, an optional field of the wrong kind is left out.
 */
import { EVENT_FIELDS, EVENT_TYPES, LIVE_FIELDS, type EventData, type EventType, type FieldSpec } from "./events.gen";

export { EVENT_TYPES, type EventData, type EventType };

export const MESSAGE_EVENTS: readonly EventType[] = ["message_in", "message_out", "reply_suppressed"];

export interface ActivityEvent {
  id: number;
  type: EventType;
  data: EventData;
  /** RFC 3339, when the server recorded the event. */
  createdAt: string;
  routeId?: string | null;
}

export function isEventType(value: unknown): value is EventType {
  return (EVENT_TYPES as readonly unknown[]).includes(value);
}

function fits(value: unknown, spec: FieldSpec): boolean {
  if (value === null) return spec.kinds.includes("null");
  const kind = typeof value;
  if (kind !== "string" && kind !== "number" && kind !== "boolean") return false;
  if (!spec.kinds.includes(kind)) return false;
  return spec.values === null || spec.values.includes(value as string);
}

/** An event's `data`, read by its type's documented fields; null when unusable. */
export function parseEventData(raw: unknown, type?: EventType): EventData | null {
  if (typeof raw !== "object" || raw === null) return null;
  const record = raw as Record<string, unknown>;
  const kind = type ?? record.type;
  if (!isEventType(kind) || (record.type !== undefined && record.type !== kind)) return null;
  const data: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries({ ...EVENT_FIELDS[kind], botName: LIVE_FIELDS.botName })) {
    if (spec === undefined) continue;
    const value = record[name];
    if (value !== undefined && fits(value, spec)) data[name] = value;
    else if (spec.required && name !== "botName") return null;
  }
  return data as unknown as EventData;
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
  const data = parseEventData(raw, type);
  const id = Number(lastEventId);
  if (!data || !Number.isInteger(id)) return null;
  const record = raw as Record<string, unknown>;
  const createdAt = typeof record.createdAt === "string" ? record.createdAt : now.toISOString();
  const routeId = typeof record.routeId === "string" || record.routeId === null ? record.routeId : undefined;
  return routeId === undefined ? { id, type, data, createdAt } : { id, type, data, createdAt, routeId };
}
