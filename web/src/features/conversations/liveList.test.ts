import type { ConversationRow } from "@/lib/api";
import type { ActivityEvent } from "@/lib/events";
import { applyToList, flattenRows, type ListData } from "./liveList";

function row(contactId: string, patch: Partial<ConversationRow> = {}): ConversationRow {
  return { contactId, phone: `+1555000${contactId}`, name: null, status: "active", mode: "bot", optedOut: false, unreadCount: 0, lastMessage: "old", lastMessageAt: "2026-03-01T09:00:00Z", botName: "Sales bot", routeDeleted: false, ...patch };
}

function list(...pages: ConversationRow[][]): ListData {
  const total = pages.flat().length;
  return { pages: pages.map((items, i) => ({ items, total, page: i + 1, limit: 2 })), pageParams: pages.map((_, i) => i + 1) };
}

function inbound(contactId: string, body = "new text"): ActivityEvent {
  return {
    id: 1,
    type: "message_in",
    createdAt: "2026-03-01T10:00:00Z",
    data: { contactId, phone: `+1555000${contactId}`, name: null, body, direction: "inbound", mode: "bot", contactStatus: "active", botName: "Sales bot" },
  };
}

const closed = { openContactId: undefined, canInsert: true };

describe("applyToList", () => {
  it("moves a conversation with a new inbound text to the top and counts it unread", () => {
    const { data } = applyToList(list([row("1"), row("2")], [row("3")]), inbound("3"), closed);
    const rows = flattenRows(data);
    expect(rows.map((r) => r.contactId)).toEqual(["3", "1", "2"]);
    expect(rows[0]).toMatchObject({ lastMessage: "new text", lastMessageAt: "2026-03-01T10:00:00Z", unreadCount: 1 });
  });

  it("keeps the open conversation read", () => {
    const { data } = applyToList(list([row("1"), row("2", { unreadCount: 2 })]), inbound("2"), { openContactId: "2", canInsert: true });
    expect(flattenRows(data)[0]).toMatchObject({ contactId: "2", unreadCount: 0 });
  });

  it("adds an unknown conversation when no filter is set, and asks for a refetch otherwise", () => {
    const added = applyToList(list([row("1")]), inbound("9", "<b>hi</b>"), closed);
    expect(flattenRows(added.data)[0]).toMatchObject({ contactId: "9", lastMessage: "<b>hi</b>", unreadCount: 1, status: "active" });
    expect(added.data.pages[0]?.total).toBe(2);
    const filtered = applyToList(list([row("1")]), inbound("9"), { openContactId: undefined, canInsert: false });
    expect(filtered.refetch).toBe(true);
    expect(flattenRows(filtered.data).map((r) => r.contactId)).toEqual(["1"]);
  });

  it("does not count the bot's replies as unread", () => {
    const reply: ActivityEvent = { ...inbound("1", "bot says"), type: "message_out", data: { ...inbound("1").data, body: "bot says", direction: "outbound", source: "bot" } };
    expect(flattenRows(applyToList(list([row("1")]), reply, closed).data)[0]).toMatchObject({ unreadCount: 0, lastMessage: "bot says" });
  });

  it("applies reads, takeovers and opt-outs in place", () => {
    const start = list([row("1", { unreadCount: 3 }), row("2")]);
    const at = (type: ActivityEvent["type"]) => ({ ...inbound("1"), type });
    expect(flattenRows(applyToList(start, at("conversation_read"), closed).data)[0]?.unreadCount).toBe(0);
    expect(flattenRows(applyToList(start, at("human_takeover"), closed).data)[0]?.mode).toBe("human");
    expect(flattenRows(applyToList(start, at("opt_out"), closed).data)[0]?.optedOut).toBe(true);
    expect(flattenRows(applyToList(start, at("status_change"), closed).data)).toEqual(flattenRows(start));
  });
});

describe("flattenRows", () => {
  it("drops a row repeated on a later page", () => {
    expect(flattenRows(list([row("1"), row("2")], [row("2"), row("3")])).map((r) => r.contactId)).toEqual(["1", "2", "3"]);
  });
});
