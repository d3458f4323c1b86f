import { deliveryOf, forwardNote } from "./delivery";

const outbound = { direction: "outbound" as const, twilioStatus: null, twilioSid: null, errorCode: null, errorMessage: null, errorExplanation: null };

describe("deliveryOf", () => {
  it("says nothing for inbound messages", () => {
    expect(deliveryOf({ ...outbound, direction: "inbound", twilioStatus: "received" })).toBeNull();
  });

  it("follows the status forward", () => {
    expect(deliveryOf(outbound)?.label).toBe("Queued");
    expect(deliveryOf({ ...outbound, twilioStatus: "queued", twilioSid: "SM1" })?.label).toBe("Sending…");
    expect(deliveryOf({ ...outbound, twilioStatus: "delivered" })).toEqual({ label: "Delivered", tone: "ok" });
  });

  it("explains failures in words, with Twilio's code", () => {
    const failed = deliveryOf({
      ...outbound,
      twilioStatus: "undelivered",
      errorCode: "30007",
      errorMessage: "Carrier violation",
      errorExplanation: "The carrier filtered this message as spam",
    });
    expect(failed).toEqual({ label: "Not delivered", tone: "failed", detail: "The carrier filtered this message as spam (Twilio error 30007)" });
    expect(deliveryOf({ ...outbound, twilioStatus: "failed", errorCode: "99999" })?.detail).toBe("Twilio error 99999");
  });

  it("says why a canceled message was not sent", () => {
    expect(deliveryOf({ ...outbound, twilioStatus: "canceled", errorMessage: "A person took over" })).toEqual({
      label: "Not sent",
      tone: "muted",
      detail: "A person took over",
    });
  });
});

describe("forwardNote", () => {
  it("notes inbound texts that did not reach the bot", () => {
    expect(forwardNote({ direction: "inbound", forwardState: "human" })).toMatch(/person/);
    expect(forwardNote({ direction: "inbound", forwardState: "survey_answer" })).toMatch(/survey answer: recorded, not sent to the bot/);
    expect(forwardNote({ direction: "inbound", forwardState: "forwarded" })).toBeNull();
    expect(forwardNote({ direction: "outbound", forwardState: "failed" })).toBeNull();
  });
});
