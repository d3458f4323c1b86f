import { formatGap, hopError, hopFacts, hopName, reasonSentence, ZoneClock, type TraceHop } from "./timeline";

function hop(patch: Partial<TraceHop>): TraceHop {
  return { kind: "queuedForBot", messageId: "1", at: "2026-11-28T19:02:07Z", status: "ok", ...patch };
}

const newYork = new ZoneClock("America/New_York");

describe("formatGap", () => {
  it.each([
    [0, "+0 ms"],
    [120, "+120 ms"],
    [999, "+999 ms"],
    [4_250, "+4.2 s"],
    [42_000, "+42 s"],
    [64_000, "+1m 4s"],
    [2 * 3_600_000 + 5 * 60_000, "+2h 5m"],
    [47 * 3_600_000, "+1d 23h"],
    [-5, "+0 ms"],
  ])("%i ms reads %s", (ms, words) => {
    expect(formatGap(ms)).toBe(words);
  });
});

describe("ZoneClock", () => {
  it("tells the time in the business's zone, with the date when the day differs", () => {
    expect(newYork.clock("2026-11-28T19:02:07Z")).toBe("2:02:07 PM");
    expect(newYork.when("2026-11-30T14:00:00Z", "2026-11-28T19:02:07Z")).toBe("Mon, Nov 30, 9:00:00 AM");
    expect(newYork.when("2026-11-28T20:00:00Z", "2026-11-28T19:02:07Z")).toBe("3:00:00 PM");
  });

  it("falls back to UTC for a zone the browser does not know", () => {
    expect(new ZoneClock("Mars/Olympus").clock("2026-11-28T19:02:07Z")).toBe("7:02:07 PM");
  });
});

describe("reasonSentence", () => {
  it("says when and how the contact opted out", () => {
    const optedOut = hop({ status: "skipped", reason: "optedOut", optOutKeyword: "STOP", optedOutAt: "2026-11-28T19:02:00Z" });
    expect(reasonSentence(optedOut, newYork)).toBe("Not forwarded: the contact opted out (STOP at 2:02:00 PM)");
    const byTwilio = hop({ kind: "sentToTwilio", status: "skipped", reason: "optedOut", optOutKeyword: "twilio:21610" });
    expect(reasonSentence(byTwilio, newYork)).toBe("Not sent: the contact opted out (Twilio error 21610)");
  });

  it("names a takeover and a paused route", () => {
    expect(reasonSentence(hop({ status: "skipped", reason: "humanMode" }), newYork)).toBe("Not forwarded: a person has taken over the conversation");
    expect(reasonSentence(hop({ kind: "queuedForSend", status: "skipped", reason: "routePaused" }), newYork)).toBe(
      "Not sent: the number's route is paused",
    );
  });

  it("says until when a text is held for closed hours", () => {
    const held = hop({ status: "pending", reason: "closedHours", retryAt: "2026-11-30T14:00:00Z" });
    expect(reasonSentence(held, newYork)).toBe("Held until the route opens at Mon, Nov 30, 9:00:00 AM");
    expect(reasonSentence(hop({ status: "pending", reason: "closedHours" }), newYork)).toMatch(/hours change/);
    expect(reasonSentence(hop({ kind: "queuedForSend", status: "skipped", reason: "closedHours" }), newYork)).toBe("Not sent: the route was closed");
  });

  it("says when the next attempt is due", () => {
    const waiting = hop({ kind: "forwardedToBot", status: "pending", reason: "waitingForRetry", retryAt: "2026-11-28T19:35:00Z", attempt: 2 });
    expect(reasonSentence(waiting, newYork)).toBe("Waiting for retry at 2:35:00 PM (attempt 2)");
  });

  it("gives the rule's own words for anything else withheld, and nothing for a step that happened", () => {
    const withheld = hop({ status: "skipped", reason: "withheld", reasonText: "Not sent: no route answers this number" });
    expect(reasonSentence(withheld, newYork)).toBe("Not forwarded: no route answers this number");
    const kept = hop({ kind: "queuedForSend", status: "skipped", reason: "withheld", reasonText: "Not sent: the number's route was deleted" });
    expect(reasonSentence(kept, newYork)).toBe("Not sent: the number's route was deleted");
    expect(reasonSentence(hop({}), newYork)).toBeNull();
  });
});

describe("hop names, facts and errors", () => {
  it("names statuses and duplicates", () => {
    expect(hopName(hop({ kind: "statusCallback", twilioStatus: "delivered" }))).toBe("Status callback: delivered");
    expect(hopName(hop({ kind: "webhookReceived", duplicate: true }))).toBe("Webhook received again (duplicate)");
    expect(hopName(hop({ kind: "webhookReceived", duplicate: false }))).toBe("Webhook received");
  });

  it("lists an attempt's facts", () => {
    const attempt = hop({ kind: "sentToTwilio", attempt: 2, httpStatus: 201, tookMs: 12, twilioStatus: "queued" });
    expect(hopFacts(attempt)).toEqual(["Attempt 2", "HTTP 201", "took 12 ms", "Twilio answered “queued”"]);
    expect(hopFacts(hop({ kind: "webhookReceived", signature: "valid" }))).toEqual(["Twilio signature valid"]);
    expect(hopFacts(hop({ kind: "forwardedToBot", status: "pending", attempt: 3 }))).toEqual([]);
  });

  it("explains Twilio's error codes in words", () => {
    expect(hopError({ error: null, errorCode: "30006", errorExplanation: "The number is a landline." })).toBe("The number is a landline. (Twilio error 30006)");
    expect(hopError({ error: "CloseBot answered 503", errorCode: null, errorExplanation: null })).toBe("CloseBot answered 503");
    expect(hopError({ error: null, errorCode: null, errorExplanation: null })).toBeNull();
  });
});
