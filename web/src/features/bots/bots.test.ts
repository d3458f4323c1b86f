import {
  activeLabel,
  BOT_COLORS,
  botColor,
  conversionShown,
  editFlowUrl,
  lastActiveShown,
  searchBots,
  sortBots,
  sparkPoints,
  toggleRule,
  withBotActive,
} from "./bots";
import { bot, figures, route } from "./fixtures";

const NOW = new Date(2026, 2, 12, 15, 0).getTime();
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

describe("botColor", () => {
  it("gives a bot the same colour every time, whatever else is listed", () => {
    const ids = ["bot_sales", "bot_support", "bot_roofing"];
    const forward = ids.map((id) => botColor(id).name);
    const backward = [...ids].reverse().map((id) => botColor(id).name).reverse();
    expect(backward).toEqual(forward);
    expect(botColor("bot_sales")).toEqual(botColor("bot_sales"));
  });

  it("spreads bots over the palette", () => {
    const names = new Set(Array.from({ length: 40 }, (_, i) => botColor(`bot_${i}`).name));
    expect(names.size).toBeGreaterThanOrEqual(5);
    for (const name of names) expect(BOT_COLORS.map((c) => c.name)).toContain(name);
  });

  it("is a known value for a known id (a change of the hash would recolour every card)", () => {
    // FNV-1a("a") = 0xe40c292c; 0xe40c292c % 8 = 4.
    expect(botColor("a").name).toBe(BOT_COLORS[4]?.name);
  });
});

describe("searchBots and sortBots", () => {
  const bots = [
    bot({ id: "b1", name: "Roofing quotes", figures: { messages: 40, conversion: 0.1, lastActive: minutesAgo(90) } }),
    bot({ id: "b2", name: "Café Bookings", figures: { messages: 300, conversion: null, lastActive: minutesAgo(5) } }),
    bot({ id: "b3", name: "after-hours", figures: { messages: 40, conversion: 0.5, lastActive: null } }),
  ];
  const names = (list: ReturnType<typeof sortBots>) => list.map((b) => b.name);

  it("finds by name in any case, accents ignored, and keeps everyone for an empty query", () => {
    expect(names(searchBots(bots, "cafe"))).toEqual(["Café Bookings"]);
    expect(names(searchBots(bots, "  ROOF "))).toEqual(["Roofing quotes"]);
    expect(searchBots(bots, "")).toHaveLength(3);
    expect(searchBots(bots, "zzz")).toEqual([]);
  });

  it("sorts by name A–Z regardless of case", () => {
    expect(names(sortBots(bots, "name"))).toEqual(["after-hours", "Café Bookings", "Roofing quotes"]);
  });

  it("sorts messages from the most, ties by name", () => {
    expect(names(sortBots(bots, "messages"))).toEqual(["Café Bookings", "after-hours", "Roofing quotes"]);
  });

  it("sorts conversion and last active from the most, unknown last", () => {
    expect(names(sortBots(bots, "conversion"))).toEqual(["after-hours", "Roofing quotes", "Café Bookings"]);
    expect(names(sortBots(bots, "lastActive"))).toEqual(["Café Bookings", "Roofing quotes", "after-hours"]);
  });

  it("does not reorder the list it was given", () => {
    sortBots(bots, "messages");
    expect(bots.map((b) => b.id)).toEqual(["b1", "b2", "b3"]);
  });
});

describe("conversionShown", () => {
  const source = "CloseBot's agency summary for this month, per source (1 source)";

  it("shows the percentage and says what it was made from and where the bookings came from", () => {
    const shown = conversionShown(figures({ bookingsThisMonth: 3, conversationsThisMonth: 12, conversion: 0.25, bookingsSource: source }));
    expect(shown.value).toBe("25%");
    expect(shown.detail).toBe(`3 bookings ÷ 12 conversations this month. Bookings: ${source}`);
  });

  it("says why there is no figure when CloseBot gave none", () => {
    const shown = conversionShown(figures({ bookingsSource: "CloseBot could not be reached" }));
    expect(shown).toEqual({ value: "—", detail: "CloseBot could not be reached" });
  });

  it("shows no percentage before this month's first conversation", () => {
    const shown = conversionShown(figures({ bookingsThisMonth: 1, conversationsThisMonth: 0, conversion: null, bookingsSource: source }));
    expect(shown.value).toBe("—");
    expect(shown.detail).toMatch(/^No conversation this month yet \(1 booking\)/);
  });

  it("keeps small rates readable", () => {
    expect(conversionShown(figures({ bookingsThisMonth: 1, conversationsThisMonth: 40, conversion: 0.025, bookingsSource: source })).value).toBe("2.5%");
    expect(conversionShown(figures({ bookingsThisMonth: 0, conversationsThisMonth: 4, conversion: 0, bookingsSource: source })).value).toBe("0%");
  });
});

describe("lastActiveShown", () => {
  it("reads relative to now", () => {
    expect(lastActiveShown(minutesAgo(0.2), NOW)).toBe("just now");
    expect(lastActiveShown(minutesAgo(5), NOW)).toBe("5m ago");
    expect(lastActiveShown(minutesAgo(180), NOW)).toBe("3h ago");
  });

  it("says Never before the first message", () => {
    expect(lastActiveShown(null, NOW)).toBe("Never");
    expect(lastActiveShown("not a date", NOW)).toBe("Never");
  });
});

describe("toggleRule", () => {
  it("hides the switch from agents and while the role is unknown", () => {
    const routed = bot({ routes: [route("r1", "+15005550006")], active: true });
    expect(toggleRule(routed, "agent")).toEqual({ kind: "hidden" });
    expect(toggleRule(routed, undefined)).toEqual({ kind: "hidden" });
  });

  it("disables it, saying why, for a bot with no route", () => {
    const rule = toggleRule(bot({ routes: [] }), "admin");
    expect(rule.kind).toBe("disabled");
    expect(rule.kind === "disabled" && rule.reason).toMatch(/No Twilio number is routed to this bot yet/);
  });

  it("lets an admin switch a routed bot, all its numbers at once", () => {
    expect(toggleRule(bot({ routes: [route("r1", "+15005550006")] }), "admin")).toEqual({ kind: "enabled", hint: "Switches its number's route on or off" });
    const two = toggleRule(bot({ routes: [route("r1", "+15005550006"), route("r2", "+15005550007", false)] }), "admin");
    expect(two).toEqual({ kind: "enabled", hint: "Switches the routes of its 2 numbers on or off together" });
  });
});

describe("activeLabel and withBotActive", () => {
  it("says when only some of its numbers are on", () => {
    expect(activeLabel(bot({ active: true, routes: [route("r1", "+1"), route("r2", "+2", false)] }))).toBe("1 of 2 active");
    expect(activeLabel(bot({ active: true, routes: [route("r1", "+1")] }))).toBe("Active");
    expect(activeLabel(bot({ active: false, routes: [] }))).toBe("Inactive");
  });

  it("switches every route of that bot only", () => {
    const list = {
      error: null,
      items: [bot({ id: "a", active: true, routes: [route("r1", "+1"), route("r2", "+2")] }), bot({ id: "b", active: true, routes: [route("r3", "+3")] })],
    };
    const next = withBotActive(list, "a", false);
    expect(next.items[0]?.active).toBe(false);
    expect(next.items[0]?.routes.map((r) => r.active)).toEqual([false, false]);
    expect(next.items[1]?.active).toBe(true);
    expect(list.items[0]?.active).toBe(true);
  });
});

describe("editFlowUrl and sparkPoints", () => {
  it("opens the bot in CloseBot", () => {
    expect(editFlowUrl("bot_1")).toBe("https://app.closebot.com/bot/bot_1");
    expect(editFlowUrl("a/b c")).toBe("https://app.closebot.com/bot/a%2Fb%20c");
  });

  it("adds up each day and names it by its local date", () => {
    const points = sparkPoints([
      { date: "2026-03-11", inbound: 2, outbound: 3 },
      { date: "2026-03-12", inbound: 0, outbound: 0 },
    ]);
    expect(points.map((p) => [p.label, p.total])).toEqual([
      ["Wed, Mar 11", 5],
      ["Thu, Mar 12", 0],
    ]);
  });
});
