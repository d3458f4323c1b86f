/**
 * What the Routing page shows, from three answers: the routes (ours), the
 * Twilio account's numbers (cached list) and CloseBot's bots. Each of the
 * last two may be missing or failing; the routes alone still draw a page.
 */
import type { Schemas } from "@/lib/api";

export type RouteItem = Schemas["RouteListItem"];
export type NumberView = Schemas["NumberView"];
export type BotView = Schemas["BotView"];
export type BotSource = Schemas["BotSourceView"];

export interface NumberEntry {
  /** E.164 */
  phone: string;
  sid: string | null;
  friendlyName: string | null;
  /** In the Twilio account's list; false: known only from a route. */
  inTwilioList: boolean;
  /** Its "A message comes in" URL is this app's; null: not known. */
  pointsHere: boolean | null;
  smsUrl: string | null;
  route: RouteItem | null;
}

export interface BotEntry {
  /** The bot's id, or `route:<id>` for a route that names no bot. */
  key: string;
  id: string | null;
  name: string;
  category: string | null;
  sources: BotSource[];
  routes: RouteItem[];
  /** CloseBot did not list it just now: known from our routes only. */
  onlyInRoutes: boolean;
}

const byPhone = (a: RouteItem, b: RouteItem) => a.twilioNumber.localeCompare(b.twilioNumber);

/** The Twilio list's numbers with their routes, then the numbers of routes the list lacks. */
export function buildNumbers(cached: readonly NumberView[], routes: readonly RouteItem[]): NumberEntry[] {
  const routeOf = new Map(routes.map((r) => [r.twilioNumber, r]));
  const entries: NumberEntry[] = cached.map((n) => ({
    phone: n.phoneNumber,
    sid: n.sid,
    friendlyName: n.friendlyName,
    inTwilioList: true,
    pointsHere: n.pointsHere,
    smsUrl: n.smsUrl,
    route: routeOf.get(n.phoneNumber) ?? null,
  }));
  const listed = new Set(cached.map((n) => n.phoneNumber));
  for (const route of [...routes].sort(byPhone)) {
    if (listed.has(route.twilioNumber)) continue;
    entries.push({
      phone: route.twilioNumber,
      sid: route.twilioNumberSid ?? null,
      friendlyName: null,
      inTwilioList: false,
      pointsHere: null,
      smsUrl: null,
      route,
    });
  }
  return entries;
}

/** CloseBot's bots (those with routes first), each with our routes; routes whose bot CloseBot did not list get a card of their own. */
export function buildBots(bots: readonly BotView[], routes: readonly RouteItem[]): BotEntry[] {
  const entries: BotEntry[] = bots.map((b) => ({
    key: b.id,
    id: b.id,
    name: b.name,
    category: b.category,
    sources: b.sources,
    routes: [],
    onlyInRoutes: b.onlyInRoutes,
  }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const route of [...routes].sort(byPhone)) {
    const botId = route.closebotBotId ?? null;
    const known = botId === null ? undefined : byId.get(botId);
    if (known) {
      known.routes.push(route);
      continue;
    }
    const entry: BotEntry = {
      key: botId ?? `route:${route.id}`,
      id: botId,
      name: route.botName ?? botId ?? "Bot not recorded",
      category: null,
      sources: [],
      routes: [route],
      onlyInRoutes: true,
    };
    entries.push(entry);
    if (botId !== null) byId.set(botId, entry);
  }
  // Stable: bots carrying routes keep CloseBot's order, ahead of the others.
  return [...entries.filter((e) => e.routes.length > 0), ...entries.filter((e) => e.routes.length === 0)];
}

/** Numbers in the order of the bots column (fewer crossing lines), the unrouted ones after. */
export function orderNumbers(numbers: readonly NumberEntry[], bots: readonly BotEntry[]): NumberEntry[] {
  const rank = new Map<string, number>();
  bots.flatMap((b) => b.routes).forEach((r, i) => rank.set(r.id, i));
  const position = (n: NumberEntry) => (n.route ? (rank.get(n.route.id) ?? Number.MAX_SAFE_INTEGER - 1) : Number.MAX_SAFE_INTEGER);
  return numbers
    .map((n, i) => ({ n, i }))
    .sort((a, b) => position(a.n) - position(b.n) || a.i - b.i)
    .map(({ n }) => n);
}

/** The name a route's source goes by: its name on CloseBot when known, else its id. */
export function sourceLabel(route: RouteItem, sources: readonly BotSource[]): string {
  return sources.find((s) => s.id === route.closebotSourceId)?.name ?? route.closebotSourceId;
}
