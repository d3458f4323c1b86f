import type { ActivityEvent } from "@/lib/events";
import { FEED_SIZE, addToFeed, describe as describeEvent, fromStored, pillFor } from "./activity";

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

describe("pillFor and describe", () => {
  it("shows the contact's status on message events", () => {
    expect(pillFor(event(1))).toEqual({ label: "active", tone: "green" });
    expect(pillFor(event(1, { data: { contactId: "c", phone: "+1", name: null, contactStatus: "closed" } }))).toEqual({ label: "closed", tone: "gray" });
  });

  it("shows what happened on other events", () => {
    expect(pillFor(event(1, { type: "opt_out" }))).toEqual({ label: "opted out", tone: "red" });
    expect(pillFor(event(1, { type: "human_takeover" })).label).toBe("human");
  });

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
