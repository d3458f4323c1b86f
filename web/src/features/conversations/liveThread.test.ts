import type { Contact, Message } from "@/lib/api";
import type { ActivityEvent } from "@/lib/events";
import { appendMessage, applyToThread, threadMessages, type ThreadData } from "./liveThread";

const contact: Contact = {
  id: "c1", phone: "+15550001111", status: "active", mode: "bot", optedOut: false, tags: [], fields: {},
  firstContact: "2026-03-01T09:00:00Z", lastContact: "2026-03-01T09:00:00Z", messageCount: 1, unreadCount: 0,
};

function message(id: string, patch: Partial<Message> = {}): Message {
  return { id, contactId: "c1", direction: "outbound", source: "bot", body: `m${id}`, fromNumber: "+15005550006", toNumber: contact.phone, createdAt: "2026-03-01T09:00:00Z", twilioStatus: "queued", ...patch };
}

function thread(latest: Message[], older: Message[] = []): ThreadData {
  const pages = [{ contact, messages: latest, hasMore: older.length > 0 }];
  if (older.length) pages.push({ contact, messages: older, hasMore: false });
  return { pages, pageParams: pages.map((_, i) => (i === 0 ? null : "x")) };
}

function ev(type: ActivityEvent["type"], data: Partial<ActivityEvent["data"]>): ActivityEvent {
  return { id: 9, type, createdAt: "2026-03-01T10:00:00Z", data: { contactId: "c1", phone: contact.phone, name: null, ...data } };
}

describe("applyToThread", () => {
  it("appends a live inbound message once, as text", () => {
    const event = ev("message_in", { messageId: "5", body: "<img src=x onerror=alert(1)>", direction: "inbound", source: "customer", twilioStatus: "received" });
    const once = applyToThread(thread([message("4")]), event);
    const twice = applyToThread(once.data, event);
    expect(threadMessages(twice.data).map((m) => [m.id, m.direction, m.body])).toEqual([
      ["4", "outbound", "m4"],
      ["5", "inbound", "<img src=x onerror=alert(1)>"],
    ]);
    expect(once.refetch).toBe(true);
  });

  it("updates a message's delivery status and error", () => {
    const event = ev("status_change", { messageId: "4", twilioStatus: "undelivered", errorCode: "30006", errorExplanation: "Landline" });
    const { data } = applyToThread(thread([message("4")]), event);
    expect(threadMessages(data)[0]).toMatchObject({ twilioStatus: "undelivered", errorCode: "30006", errorExplanation: "Landline" });
  });

  it("follows takeover and resume", () => {
    const human = applyToThread(thread([]), ev("human_takeover", {})).data;
    expect(human.pages[0]?.contact.mode).toBe("human");
    expect(applyToThread(human, ev("bot_resumed", {})).data.pages[0]?.contact.mode).toBe("bot");
  });

  it("ignores events of other conversations", () => {
    const start = thread([message("4")]);
    expect(applyToThread(start, { ...ev("message_in", { messageId: "7" }), data: { contactId: "other", phone: "+1", name: null, messageId: "7" } }).data).toBe(start);
  });
});

describe("threadMessages and appendMessage", () => {
  it("lists older pages first and replaces a message already there", () => {
    const data = appendMessage(thread([message("3")], [message("1"), message("2")]), message("3", { twilioStatus: "sent" }));
    expect(threadMessages(data).map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(threadMessages(data)[2]?.twilioStatus).toBe("sent");
  });
});
