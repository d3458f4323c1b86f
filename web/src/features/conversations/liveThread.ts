/** Live events and local changes applied to a cached conversation thread. */
import type { InfiniteData } from "@tanstack/react-query";
import type { Contact, Message, Thread } from "@/lib/api";
import { MESSAGE_EVENTS, type ActivityEvent } from "@/lib/events";

/** Page 0 holds the latest messages; each further page goes further back (`before` cursor). */
export type ThreadData = InfiniteData<Thread>;

export interface ThreadChange {
  data: ThreadData;
  /** Worth re-reading from the server (fields the event does not carry). */
  refetch: boolean;
}

function hasMessage(data: ThreadData, id: string): boolean {
  return data.pages.some((p) => p.messages.some((m) => m.id === id));
}

function withContact(data: ThreadData, patch: Partial<Contact>): ThreadData {
  return { ...data, pages: data.pages.map((p) => ({ ...p, contact: { ...p.contact, ...patch } })) };
}

function withMessage(data: ThreadData, id: string, patch: Partial<Message>): ThreadData {
  return {
    ...data,
    pages: data.pages.map((p) => ({ ...p, messages: p.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) })),
  };
}

/** Adds a message to the latest page (once). */
export function appendMessage(data: ThreadData, message: Message): ThreadData {
  if (hasMessage(data, message.id)) return withMessage(data, message.id, message);
  const [latest, ...older] = data.pages;
  if (!latest) return data;
  return { ...data, pages: [{ ...latest, messages: [...latest.messages, message] }, ...older] };
}

export function setContact(data: ThreadData, contact: Contact): ThreadData {
  return withContact(data, contact);
}

export function applyToThread(data: ThreadData, event: ActivityEvent): ThreadChange {
  const d = event.data;
  const contact = data.pages[0]?.contact;
  if (!contact || contact.id !== d.contactId) return { data, refetch: false };
  if (MESSAGE_EVENTS.includes(event.type) && d.messageId !== undefined) {
    const contactPatch: Partial<Contact> = {};
    if (d.mode) contactPatch.mode = d.mode;
    if (d.contactStatus) contactPatch.status = d.contactStatus;
    let next = withContact(data, contactPatch);
    if (!hasMessage(next, d.messageId)) {
      const inbound = d.direction !== "outbound";
      next = appendMessage(next, {
        id: d.messageId,
        contactId: d.contactId,
        direction: inbound ? "inbound" : "outbound",
        source: d.source ?? (inbound ? "customer" : "bot"),
        body: d.body ?? "",
        fromNumber: inbound ? contact.phone : "",
        toNumber: inbound ? "" : contact.phone,
        twilioStatus: d.twilioStatus ?? null,
        createdAt: event.createdAt,
      });
    }
    return { data: next, refetch: true };
  }
  switch (event.type) {
    case "status_change": {
      if (d.messageId === undefined || !hasMessage(data, d.messageId)) return { data, refetch: false };
      const patch: Partial<Message> = {};
      if (d.twilioStatus !== undefined) patch.twilioStatus = d.twilioStatus;
      if (d.twilioSid !== undefined) patch.twilioSid = d.twilioSid;
      if (d.errorCode !== undefined) patch.errorCode = d.errorCode;
      if (d.errorMessage !== undefined) patch.errorMessage = d.errorMessage;
      if (d.errorExplanation !== undefined) patch.errorExplanation = d.errorExplanation;
      return { data: withMessage(data, d.messageId, patch), refetch: false };
    }
    case "human_takeover":
      return { data: withContact(data, { mode: "human" }), refetch: false };
    case "bot_resumed":
      return { data: withContact(data, { mode: "bot" }), refetch: false };
    case "conversation_read":
      return { data: withContact(data, { unreadCount: 0 }), refetch: false };
    case "opt_out":
    case "opt_in":
      return { data: withContact(data, { optedOut: event.type === "opt_out" }), refetch: true };
    default:
      return { data, refetch: false };
  }
}

/** Messages oldest first across the loaded pages. */
export function threadMessages(data: ThreadData | undefined): Message[] {
  if (!data) return [];
  return [...data.pages].reverse().flatMap((p) => p.messages);
}
