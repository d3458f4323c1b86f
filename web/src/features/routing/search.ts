/**
 * The search box and the filter of the Routing page, over both columns at
 * once: a route shows when its number or its bot matches, and then both
 * ends of its line show, so a line is never drawn to nothing.
 */
import type { BotEntry, NumberEntry, RouteItem } from "./model";

export type ShowFilter = "all" | "active" | "paused" | "unrouted";

export const SHOW_LABELS: Record<ShowFilter, string> = {
  all: "All",
  active: "Active routes",
  paused: "Paused routes",
  unrouted: "Not routed",
};

const digits = (s: string) => s.replace(/\D/g, "");

/** A query with digits and no letters ("555 0006", "(500) 555") compares digits; anything else compares words, ignoring case. */
function matcher(query: string): ((...texts: (string | null | undefined)[]) => boolean) | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const byDigits = !/\p{L}/u.test(q) && digits(q).length > 0;
  const needle = byDigits ? digits(q) : q;
  return (...texts) =>
    texts.some((t) => {
      if (!t) return false;
      return byDigits ? digits(t).includes(needle) : t.toLowerCase().includes(needle);
    });
}

/** Whether any of `texts` matches `query` (an empty query matches everything). */
export function textMatches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const match = matcher(query);
  return !match || match(...texts);
}

export function numberMatches(entry: NumberEntry, query: string): boolean {
  return textMatches(query, entry.phone, entry.friendlyName);
}

export function botMatches(bot: BotEntry, query: string): boolean {
  return textMatches(query, bot.name, bot.category, bot.id, ...bot.sources.flatMap((s) => [s.name, s.id]));
}

function routeShown(route: RouteItem, show: ShowFilter): boolean {
  if (show === "active") return route.active;
  if (show === "paused") return !route.active;
  return show === "all";
}

export interface Filtered {
  numbers: NumberEntry[];
  /** Bots with only their shown routes. */
  bots: BotEntry[];
}

/** What both columns show for `query` and `show`. */
export function filterRouting(numbers: readonly NumberEntry[], bots: readonly BotEntry[], query: string, show: ShowFilter): Filtered {
  const numberOf = new Map(numbers.map((n) => [n.phone, n]));
  const shownRoutes = new Set<string>();
  const outBots: BotEntry[] = [];
  for (const bot of bots) {
    const botHit = botMatches(bot, query);
    const routes = bot.routes.filter((r) => {
      if (!routeShown(r, show)) return false;
      const number = numberOf.get(r.twilioNumber);
      return botHit || (number ? numberMatches(number, query) : textMatches(query, r.twilioNumber));
    });
    routes.forEach((r) => shownRoutes.add(r.id));
    const keepEmpty = botHit && (show === "all" || (show === "unrouted" && bot.routes.length === 0));
    if (routes.length > 0 || keepEmpty) outBots.push({ ...bot, routes });
  }
  const outNumbers = numbers.filter((n) => {
    if (n.route) return shownRoutes.has(n.route.id);
    return (show === "all" || show === "unrouted") && numberMatches(n, query);
  });
  return { numbers: outNumbers, bots: outBots };
}
