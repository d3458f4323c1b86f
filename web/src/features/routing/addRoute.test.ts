import { defaultSourceName, freeNumbers, isE164, normalizeNumber, sourceOptions } from "./addRoute";
import { buildBots, buildNumbers } from "./model";
import { aBot, aNumber, aRoute } from "./testData";

describe("the Add route form's rules", () => {
  it("normalises a typed number and checks it is E.164", () => {
    expect(normalizeNumber(" +1 (555) 000-0007 ")).toBe("+15550000007");
    expect(normalizeNumber("+44 20.7946.0958")).toBe("+442079460958");
    expect(isE164("+15550000007")).toBe(true);
    expect(isE164("15550000007")).toBe(false);
    expect(isE164("+0555000000")).toBe(false);
    expect(isE164("+1555")).toBe(false);
    expect(isE164("+1234567890123456")).toBe(false);
  });

  it("names a new source after its number", () => {
    expect(defaultSourceName("+15550000007")).toBe("SMS +1 (555) 000-0007");
    expect(defaultSourceName("+44 20 7946 0958")).toBe("SMS +442079460958");
    expect(defaultSourceName("")).toBe("SMS");
  });

  it("offers the agency's WebHook sources, the chosen bot's first", () => {
    const [bot] = buildBots([aBot("bot_roof", "Roofing bot")], []);
    const options = sourceOptions(bot ?? null, [
      { sourceId: "s1", name: "Other", connected: true, pointsHere: true, createdHere: false, botIds: ["bot_x"] },
      { sourceId: "s2", name: null, connected: true, pointsHere: false, createdHere: true, botIds: ["bot_roof"] },
    ]);
    expect(options).toEqual([
      { id: "s2", name: "s2", pointsHere: false, ofBot: true },
      { id: "s1", name: "Other", pointsHere: true, ofBot: false },
    ]);
  });

  it("falls back to the bot's own WebHook sources when CloseBot's list is not available", () => {
    const [bot] = buildBots(
      [
        aBot("bot_roof", "Roofing bot", {
          sources: [
            { id: "w1", name: "SMS line", category: "WebHook", enabled: true },
            { id: "g1", name: "GHL", category: "GHL", enabled: true },
          ],
        }),
      ],
      [],
    );
    expect(sourceOptions(bot ?? null, null).map((o) => o.id)).toEqual(["w1"]);
    expect(sourceOptions(null, null)).toEqual([]);
  });

  it("offers only the Twilio list's numbers no route uses", () => {
    const numbers = buildNumbers([aNumber("+15005550007"), aNumber("+15005550008")], [aRoute({ id: "r1", twilioNumber: "+15005550007" }), aRoute({ id: "r2", twilioNumber: "+15005550009" })]);
    expect(freeNumbers(numbers).map((n) => n.phone)).toEqual(["+15005550008"]);
  });
});
