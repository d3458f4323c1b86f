import { parseEventData, parseSseEvent } from "./events";

describe("parseSseEvent", () => {
  it("reads a message event", () => {
    const json = JSON.stringify({
      type: "message_in",
      contactId: "c1",
      phone: "+15551230000",
      name: null,
      messageId: "42",
      body: "<img src=x onerror=alert(1)>",
      direction: "inbound",
      source: "customer",
      botName: "Sales bot",
      twilioStatus: "received",
      mode: "bot",
      contactStatus: "new",
    });
    const event = parseSseEvent("message_in", "17", json, new Date("2026-03-01T10:00:00Z"));
    expect(event).toEqual({
      id: 17,
      type: "message_in",
      createdAt: "2026-03-01T10:00:00.000Z",
      data: {
        contactId: "c1",
        phone: "+15551230000",
        name: null,
        messageId: "42",
        body: "<img src=x onerror=alert(1)>",
        direction: "inbound",
        source: "customer",
        botName: "Sales bot",
        twilioStatus: "received",
        mode: "bot",
        contactStatus: "new",
      },
    });
  });

  it("takes the time and route the server stamped on the event", () => {
    const json = JSON.stringify({
      type: "opt_out",
      contactId: "c2",
      phone: "+15551230001",
      name: "Ada",
      botName: "Sales bot",
      createdAt: "2026-11-24T09:30:00.000Z",
      routeId: "r1",
    });
    const event = parseSseEvent("opt_out", "18", json, new Date("2026-11-24T10:00:00Z"));
    expect(event?.createdAt).toBe("2026-11-24T09:30:00.000Z");
    expect(event?.routeId).toBe("r1");
    expect(event?.data.botName).toBe("Sales bot");
  });

  it("ignores unknown types, bad JSON and events without a contact", () => {
    expect(parseSseEvent("mystery", "1", "{}")).toBeNull();
    expect(parseSseEvent("message_in", "1", "{not json")).toBeNull();
    expect(parseSseEvent("message_in", "1", JSON.stringify({ phone: "+1" }))).toBeNull();
    expect(parseSseEvent("message_in", "x", JSON.stringify({ contactId: "c", phone: "+1" }))).toBeNull();
  });
});

describe("parseEventData", () => {
  it("drops fields of the wrong type or outside the known values", () => {
    expect(parseEventData({ contactId: "c", phone: "+1", direction: "sideways", mode: 3, messageId: 9 })).toEqual({
      contactId: "c",
      phone: "+1",
      name: null,
      messageId: "9",
    });
  });
});
