import { buildBots, buildNumbers } from "./model";
import { filterRouting } from "./search";
import { aBot, aNumber, aRoute } from "./testData";

const roof = aRoute({ id: "r1", twilioNumber: "+15005550007", closebotBotId: "bot_roof", botName: "Roofing bot" });
const hvac = aRoute({ id: "r2", twilioNumber: "+15005550010", closebotBotId: "bot_hvac", botName: "HVAC bot", active: false });
const numbers = buildNumbers([aNumber("+15005550007"), aNumber("+15005550010"), aNumber("+14155550123", { friendlyName: "Front desk" })], [roof, hvac]);
const bots = buildBots(
  [
    aBot("bot_roof", "Roofing bot", { sources: [{ id: "src_web", name: "Website chat", category: "WEB_LEAD", enabled: true }] }),
    aBot("bot_hvac", "HVAC bot"),
    aBot("bot_idle", "Idle bot"),
  ],
  [roof, hvac],
);

const phones = (r: ReturnType<typeof filterRouting>) => r.numbers.map((n) => n.phone);
const names = (r: ReturnType<typeof filterRouting>) => r.bots.map((b) => `${b.name}:${b.routes.map((x) => x.id).join(",")}`);

describe("filterRouting", () => {
  it("shows everything for an empty query", () => {
    const all = filterRouting(numbers, bots, "  ", "all");
    expect(phones(all)).toHaveLength(3);
    expect(names(all)).toEqual(["Roofing bot:r1", "HVAC bot:r2", "Idle bot:"]);
  });

  it("a bot's name brings its routes' numbers along", () => {
    const r = filterRouting(numbers, bots, "ROOF", "all");
    expect(names(r)).toEqual(["Roofing bot:r1"]);
    expect(phones(r)).toEqual(["+15005550007"]);
  });

  it("a source's name finds its bot", () => {
    expect(names(filterRouting(numbers, bots, "website", "all"))).toEqual(["Roofing bot:r1"]);
  });

  it("digits match numbers in any format, and bring their bot along", () => {
    for (const q of ["555 0010", "(500) 555-0010", "5550010"]) {
      const r = filterRouting(numbers, bots, q, "all");
      expect(phones(r)).toEqual(["+15005550010"]);
      expect(names(r)).toEqual(["HVAC bot:r2"]);
    }
  });

  it("an unrouted number matches by its friendly name, with no bot", () => {
    const r = filterRouting(numbers, bots, "front", "all");
    expect(phones(r)).toEqual(["+14155550123"]);
    expect(r.bots).toEqual([]);
  });

  it("a query with letters never matches by digits", () => {
    expect(phones(filterRouting(numbers, bots, "bot 7", "all"))).toEqual([]);
  });

  it("filters by route state", () => {
    expect(names(filterRouting(numbers, bots, "", "active"))).toEqual(["Roofing bot:r1"]);
    const paused = filterRouting(numbers, bots, "", "paused");
    expect(names(paused)).toEqual(["HVAC bot:r2"]);
    expect(phones(paused)).toEqual(["+15005550010"]);
    const unrouted = filterRouting(numbers, bots, "", "unrouted");
    expect(phones(unrouted)).toEqual(["+14155550123"]);
    expect(names(unrouted)).toEqual(["Idle bot:"]);
  });

  it("combines the query and the state", () => {
    expect(names(filterRouting(numbers, bots, "roof", "paused"))).toEqual([]);
    expect(names(filterRouting(numbers, bots, "hvac", "paused"))).toEqual(["HVAC bot:r2"]);
  });
});
