import type { ActivityEvent } from "@/lib/events";
import { FEED_SIZE, addToFeed, describe as describeEvent, feedRows, fromStored, nextState, pillFor, type ConversationState } from "./activity";

function event(id: number, patch: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    id,
    type: "message_in",
    createdAt: "2026-03-01T10:00:00Z",
    data: { contactId: "c1", phone: "+15550001111", name: null, body: "hi", contactStatus: "active" },
    ...patch,
  };
}

describe("addToFeed", () => {
  it("puts the newest first and ignores an event it already has", () => {
    const feed = addToFeed(addToFeed([], event(1)), event(3));
    expect(addToFeed(feed, event(2)).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(addToFeed(feed, event(3)).map((e) => e.id)).toEqual([3, 1]);
  });

  it("keeps at most FEED_SIZE rows", () => {
    let feed: ActivityEvent[] = [];
    for (let i = 1; i <= FEED_SIZE + 5; i++) feed = addToFeed(feed, event(i));
    expect(feed).toHaveLength(FEED_SIZE);
    expect(feed[0]?.id).toBe(FEED_SIZE + 5);
  });
});

function withData(id: number, type: ActivityEvent["type"], data: Partial<ActivityEvent["data"]> = {}, contactId = "c1"): ActivityEvent {
  return event(id, { type, data: { contactId, phone: "+15550001111", name: null, ...data } });
}

/** The state after each event of one conversation, from nothing known. */
function states(...events: ActivityEvent[]): ConversationState[] {
  const out: ConversationState[] = [];
  events.reduce<ConversationState | undefined>((state, e) => {
    const next = nextState(state, e);
    out.push(next);
    return next;
  }, undefined);
  return out;
}

describe("the conversation state the pills show", () => {
  it("is pending while the customer's text waits, and active once it is answered", () => {
    const text = withData(1, "message_in", { direction: "inbound", source: "customer", twilioStatus: "queued", contactStatus: "new" });
    const botReply = withData(2, "message_out", { direction: "outbound", source: "bot", twilioStatus: "queued", contactStatus: "active" });
    const nextText = withData(3, "message_in", { direction: "inbound", source: "customer", twilioStatus: "queued", contactStatus: "active" });
    expect(states(text, botReply, nextText)).toEqual(["pending", "active", "pending"]);
  });

  it("stays pending when nobody will answer the text yet: human mode, closed hours, no route, the bot unreachable or held back", () => {
    for (const twilioStatus of ["human", "held", "no_route", "inactive_route"]) {
      expect(nextState("active", withData(1, "message_in", { twilioStatus, mode: twilioStatus === "human" ? "human" : "bot" }))).toBe("pending");
    }
    expect(nextState("active", withData(1, "forward_failed"))).toBe("pending");
    expect(nextState("active", withData(1, "unrouted"))).toBe("pending");
    expect(nextState("active", withData(1, "reply_suppressed", { source: "bot", twilioStatus: "canceled", mode: "human" }))).toBe("pending");
  });

  it("is active while a person answers or once the bot is back", () => {
    expect(nextState("pending", withData(1, "human_takeover", { mode: "human" }))).toBe("active");
    expect(nextState("pending", withData(1, "message_out", { source: "manual", mode: "human" }))).toBe("active");
    expect(nextState("pending", withData(1, "bot_resumed", { mode: "bot" }))).toBe("active");
  });

  it("is closed after an opt-out or when the contact is closed, until they opt back in", () => {
    const stop = withData(1, "message_in", { twilioStatus: "keyword", body: "STOP" });
    const optOut = withData(2, "opt_out");
    const lateBotReply = withData(3, "reply_suppressed", { source: "bot", twilioStatus: "canceled" });
    const textWhileOut = withData(4, "message_in", { twilioStatus: "opted_out" });
    const start = withData(5, "message_in", { twilioStatus: "keyword", body: "START" });
    const optIn = withData(6, "opt_in");
    expect(states(stop, optOut, lateBotReply, textWhileOut, start, optIn)).toEqual(["active", "closed", "closed", "closed", "closed", "active"]);
    expect(nextState("active", withData(1, "message_out", { source: "bot", contactStatus: "closed" }))).toBe("closed");
  });

  it("reads active green, pending yellow, closed gray", () => {
    expect(pillFor("active")).toEqual({ label: "active", tone: "green" });
    expect(pillFor("pending")).toEqual({ label: "pending", tone: "yellow" });
    expect(pillFor("closed")).toEqual({ label: "closed", tone: "gray" });
  });
});

describe("feedRows", () => {
  it("folds a new contact's new_lead into its first text: one event, one row", () => {
    const lead = withData(10, "new_lead", { botName: "Sales bot" });
    const first = withData(11, "message_in", { body: "hi", twilioStatus: "queued" });
    const rows = feedRows([first, lead]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ newLead: true, state: "pending" });
    expect(rows[0]?.event.id).toBe(11);
    expect(describeEvent(first, true)).toEqual({ title: "New lead", body: "hi" });
  });

  it("marks only the first text of that contact, and keeps a new_lead whose text is not in the feed", () => {
    const rows = feedRows([
      withData(14, "message_in", { body: "other" }, "c2"),
      withData(13, "new_lead", {}, "c2"),
      withData(12, "message_in", { body: "again" }),
      withData(11, "message_in", { body: "hi" }),
      withData(10, "new_lead"),
      withData(9, "new_lead", {}, "c3"),
    ]);
    expect(rows.map((r) => [r.event.id, r.newLead])).toEqual([
      [14, true],
      [12, false],
      [11, true],
      [9, false],
    ]);
  });

  it("gives every row of a conversation its state now, not the one it had then", () => {
    const rows = feedRows([
      withData(3, "message_out", { source: "bot", twilioStatus: "queued" }),
      withData(2, "message_in", { twilioStatus: "queued" }),
      withData(1, "message_in", { twilioStatus: "queued" }, "c2"),
    ]);
    expect(rows.map((r) => [r.event.id, r.state])).toEqual([
      [3, "active"],
      [2, "active"],
      [1, "pending"],
    ]);
  });
});

describe("describe", () => {
  it("tells bot replies from manual ones", () => {
    const out = (source: "bot" | "manual" | "system") =>
      describeEvent(event(1, { type: "message_out", data: { contactId: "c", phone: "+1", name: null, source, body: "x" } })).title;
    expect([out("bot"), out("manual"), out("system")]).toEqual(["Bot reply", "Manual reply", "Auto-reply"]);
  });
});

describe("fromStored", () => {
  it("reads a stored event and skips unreadable ones", () => {
    const data = { type: "new_lead", contactId: "c", phone: "+1", name: null, botName: "Sales bot", createdAt: "2026-03-01T10:00:00Z", routeId: "r1" } as const;
    expect(fromStored({ id: 5, type: "new_lead", contactId: "c", createdAt: "2026-03-01T10:00:00Z", routeId: "r1", data })).toMatchObject({
      id: 5,
      type: "new_lead",
      routeId: "r1",
    });
    const mystery = { id: 6, type: "mystery", contactId: "c", createdAt: "x", routeId: null, data: { ...data, type: "mystery" } };
    expect(fromStored(mystery as unknown as Parameters<typeof fromStored>[0])).toBeNull();
  });
});
