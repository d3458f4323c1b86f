import { buildBots, buildNumbers, orderNumbers, sourceLabel } from "./model";
import { aBot, aNumber, aRoute } from "./testData";

const roof = aRoute({ id: "r1", twilioNumber: "+15005550007", closebotBotId: "bot_roof", botName: "Roofing bot" });
const hvac = aRoute({ id: "r2", twilioNumber: "+15005550010", closebotBotId: "bot_hvac", botName: "HVAC bot" });
const loose = aRoute({ id: "r3", twilioNumber: "+15005550001", botName: "Old bot" });

describe("buildNumbers", () => {
  it("lists Twilio's numbers with their routes, then numbers only routes know", () => {
    const entries = buildNumbers([aNumber("+15005550010", { pointsHere: false }), aNumber("+15005550099")], [roof, hvac]);
    expect(entries.map((e) => [e.phone, e.inTwilioList, e.route?.id ?? null])).toEqual([
      ["+15005550010", true, "r2"],
      ["+15005550099", true, null],
      ["+15005550007", false, "r1"],
    ]);
    expect(entries[0]?.pointsHere).toBe(false);
    expect(entries[2]?.pointsHere).toBeNull();
  });

  it("shows the routes' numbers when the Twilio list is empty", () => {
    expect(buildNumbers([], [hvac, roof]).map((e) => e.phone)).toEqual(["+15005550007", "+15005550010"]);
  });
});

describe("buildBots", () => {
  it("puts each route under its bot, bots with routes first, and gives routes CloseBot did not list a card of their own", () => {
    const bots = buildBots([aBot("bot_idle", "Idle bot"), aBot("bot_roof", "Roofing bot")], [roof, hvac, loose]);
    expect(bots.map((b) => [b.key, b.name, b.routes.map((r) => r.id), b.onlyInRoutes])).toEqual([
      ["bot_roof", "Roofing bot", ["r1"], false],
      ["route:r3", "Old bot", ["r3"], true],
      ["bot_hvac", "HVAC bot", ["r2"], true],
      ["bot_idle", "Idle bot", [], false],
    ]);
  });

  it("still draws every route when CloseBot answered nothing", () => {
    const twoOnOneBot = aRoute({ id: "r4", twilioNumber: "+15005550011", closebotBotId: "bot_hvac", botName: "HVAC bot" });
    const bots = buildBots([], [hvac, twoOnOneBot]);
    expect(bots).toHaveLength(1);
    expect(bots[0]?.routes.map((r) => r.id)).toEqual(["r2", "r4"]);
  });
});

describe("orderNumbers", () => {
  it("follows the bots column so lines cross less; unrouted numbers last", () => {
    const numbers = buildNumbers([aNumber("+15005550099"), aNumber("+15005550010"), aNumber("+15005550007")], [roof, hvac]);
    const bots = buildBots([aBot("bot_hvac", "HVAC bot"), aBot("bot_roof", "Roofing bot")], [roof, hvac]);
    expect(orderNumbers(numbers, bots).map((n) => n.phone)).toEqual(["+15005550010", "+15005550007", "+15005550099"]);
  });
});

describe("sourceLabel", () => {
  it("names the source as CloseBot does, else by its id", () => {
    expect(sourceLabel(roof, [{ id: "src_r1", name: "SMS +1 (500) 555-0007", category: "WebHook", enabled: true }])).toBe("SMS +1 (500) 555-0007");
    expect(sourceLabel(roof, [])).toBe("src_r1");
  });
});
