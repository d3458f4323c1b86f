import { EVENT_TYPES, parseEventData, parseSseEvent } from "./events";

const message = {
  type: "message_in",
  contactId: "c1",
  phone: "+15551230000",
  name: null,
  messageId: "42",
  body: "<img src=x onerror=alert(1)>",
  direction: "inbound",
  source: "customer",
  twilioStatus: "queued",
  mode: "bot",
  contactStatus: "new",
};

describe("parseSseEvent", () => {
  it("reads a message event with the fields its type documents", () => {
    const json = JSON.stringify({ ...message, botName: "Sales bot", createdAt: "2026-03-01T09:59:00.000Z", routeId: "r1" });
    const event = parseSseEvent("message_in", "17", json);
    const fields: Record<string, unknown> = { ...message };
    delete fields.type;
    expect(event).toEqual({
      id: 17,
      type: "message_in",
      createdAt: "2026-03-01T09:59:00.000Z",
      routeId: "r1",
      data: { ...fields, botName: "Sales bot" },
    });
  });

  it("takes the time and route the server stamped on the event", () => {
    const json = JSON.stringify({
      type: "opt_out",
      contactId: "c2",
      phone: "+15551230001",
      name: "Ada",
      keyword: "STOP",
      messageSid: null,
      twilioNumber: null,
      botName: "Sales bot",
      createdAt: "2026-11-24T09:30:00.000Z",
      routeId: "r1",
    });
    const event = parseSseEvent("opt_out", "18", json, new Date("2026-11-24T10:00:00Z"));
    expect(event?.createdAt).toBe("2026-11-24T09:30:00.000Z");
    expect(event?.routeId).toBe("r1");
    expect(event?.data.botName).toBe("Sales bot");
    expect(event?.data.keyword).toBe("STOP");
  });

  it("ignores unknown types, bad JSON, bad ids and events missing required fields", () => {
    expect(parseSseEvent("mystery", "1", "{}")).toBeNull();
    expect(parseSseEvent("booking", "1", JSON.stringify({ contactId: "c", phone: "+1", name: null }))).toBeNull();
    expect(parseSseEvent("message_in", "1", "{not json")).toBeNull();
    expect(parseSseEvent("message_in", "1", JSON.stringify({ phone: "+1" }))).toBeNull();
    expect(parseSseEvent("message_in", "x", JSON.stringify(message))).toBeNull();
    const withoutBody: Record<string, unknown> = { ...message };
    delete withoutBody.body;
    expect(parseSseEvent("message_in", "1", JSON.stringify(withoutBody))).toBeNull();
  });
});

describe("parseEventData", () => {
  it("reads the type from the data and refuses a mismatch", () => {
    expect(parseEventData(message)?.messageId).toBe("42");
    expect(parseEventData(message, "message_out")).toBeNull();
  });

  it("refuses required fields of the wrong kind or outside the known values", () => {
    expect(parseEventData({ ...message, direction: "sideways" })).toBeNull();
    expect(parseEventData({ ...message, messageId: 9 })).toBeNull();
  });

  it("leaves out optional fields of the wrong kind", () => {
    const data = parseEventData({ ...message, botName: 7 });
    expect(data).not.toBeNull();
    expect(data && "botName" in data).toBe(false);
  });

  it("knows exactly the types the server sends", () => {
    expect(EVENT_TYPES).toContain("conversation_read");
    expect(EVENT_TYPES).not.toContain("booking");
  });
});
