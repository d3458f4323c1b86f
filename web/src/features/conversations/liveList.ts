/** Live events applied to the cached conversation list (pages of rows, newest message first). */
import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationPage, ConversationRow } from "@/lib/api";
import { MESSAGE_EVENTS, type ActivityEvent } from "@/lib/events";

export type ListData = InfiniteData<ConversationPage>;

export interface ListContext {
  /** The conversation on screen: its unread count stays at zero. */
  openContactId: string | undefined;
  /** Without filters, a conversation the list lacks can be added from the event itself. */
  canInsert: boolean;
}

export interface ListChange {
  data: ListData;
  /** The event concerns a conversation the list can't place by itself: refetch. */
  refetch: boolean;
}

function find(data: ListData, contactId: string): ConversationRow | undefined {
  for (const page of data.pages) {
    const row = page.items.find((r) => r.contactId === contactId);
    if (row) return row;
  }
  return undefined;
}

function mapRows(data: ListData, contactId: string, patch: (row: ConversationRow) => ConversationRow): ListData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((row) => (row.contactId === contactId ? patch(row) : row)),
    })),
  };
}

/** Moves (or adds) `row` to the very top; the total grows when it is new. */
function toTop(data: ListData, row: ConversationRow, isNew: boolean): ListData {
  const pages = data.pages.map((page, i) => {
    const items = page.items.filter((r) => r.contactId !== row.contactId);
    return { ...page, total: page.total + (isNew ? 1 : 0), items: i === 0 ? [row, ...items] : items };
  });
  return { ...data, pages };
}

export function applyToList(data: ListData, event: ActivityEvent, ctx: ListContext): ListChange {
  const d = event.data;
  const existing = find(data, d.contactId);
  if (MESSAGE_EVENTS.includes(event.type)) {
    const isOpen = ctx.openContactId === d.contactId;
    const unreadBump = event.type === "message_in" && !isOpen ? 1 : 0;
    if (!existing && !ctx.canInsert) return { data, refetch: true };
    const base: ConversationRow = existing ?? {
      contactId: d.contactId,
      phone: d.phone,
      name: d.name,
      status: d.contactStatus ?? "new",
      mode: d.mode ?? "bot",
      optedOut: false,
      botName: d.botName ?? null,
      routeDeleted: false,
      unreadCount: 0,
    };
    const row: ConversationRow = {
      ...base,
      name: d.name ?? base.name ?? null,
      status: d.contactStatus ?? base.status,
      mode: d.mode ?? base.mode,
      botName: d.botName ?? base.botName ?? null,
      lastMessage: d.body ?? base.lastMessage ?? null,
      lastMessageAt: event.createdAt,
      unreadCount: isOpen ? 0 : base.unreadCount + unreadBump,
    };
    return { data: toTop(data, row, !existing), refetch: false };
  }
  if (!existing) return { data, refetch: false };
  switch (event.type) {
    case "conversation_read":
      return { data: mapRows(data, d.contactId, (r) => ({ ...r, unreadCount: 0 })), refetch: false };
    case "human_takeover":
      return { data: mapRows(data, d.contactId, (r) => ({ ...r, mode: "human" })), refetch: false };
    case "bot_resumed":
      return { data: mapRows(data, d.contactId, (r) => ({ ...r, mode: "bot" })), refetch: false };
    case "opt_out":
      return { data: mapRows(data, d.contactId, (r) => ({ ...r, optedOut: true })), refetch: false };
    case "opt_in":
      return { data: mapRows(data, d.contactId, (r) => ({ ...r, optedOut: false })), refetch: false };
    default:
      return { data, refetch: false };
  }
}

/** Local patch of one row (after a send, a resume or opening it). */
export function patchRow(data: ListData, contactId: string, patch: Partial<ConversationRow>): ListData {
  return mapRows(data, contactId, (r) => ({ ...r, ...patch }));
}

/** All loaded rows, without the duplicates that offset paging can bring when rows move up. */
export function flattenRows(data: ListData | undefined): ConversationRow[] {
  if (!data) return [];
  const seen = new Set<string>();
  const rows: ConversationRow[] = [];
  for (const page of data.pages) {
    for (const row of page.items) {
      if (seen.has(row.contactId)) continue;
      seen.add(row.contactId);
      rows.push(row);
    }
  }
  return rows;
}
