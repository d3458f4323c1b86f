/**
 * The Bots page's rules, kept pure: a stable colour per bot, search and
 * sorting, how conversion and "last active" read, and when the active switch
 * may be used.
 */
import type { Me, Schemas } from "@/lib/api";
import { countOf, formatPercent, relativeTime } from "@/lib/format";

export type Bot = Schemas["BotView"];
export type BotList = Schemas["BotList"];
export type BotFigures = Schemas["BotFigures"];
export type DayCount = Schemas["DayCount"];

export interface BotColor {
  name: string;
  /** Tailwind classes of the card's gradient top border. */
  border: string;
  /** The sparkline's stroke and fill. */
  hex: string;
}

const CYAN: BotColor = { name: "cyan", border: "from-cyan-400 to-blue-500", hex: "#22d3ee" };

/** Colours from the design system (§7), each a gradient for the card's top border. */
export const BOT_COLORS: readonly BotColor[] = [
  CYAN,
  { name: "purple", border: "from-purple-500 to-fuchsia-500", hex: "#a855f7" },
  { name: "green", border: "from-green-500 to-emerald-400", hex: "#22c55e" },
  { name: "orange", border: "from-orange-500 to-yellow-500", hex: "#f97316" },
  { name: "blue", border: "from-blue-500 to-indigo-500", hex: "#3b82f6" },
  { name: "pink", border: "from-pink-500 to-rose-500", hex: "#ec4899" },
  { name: "yellow", border: "from-yellow-500 to-amber-400", hex: "#eab308" },
  { name: "teal", border: "from-teal-400 to-cyan-500", hex: "#2dd4bf" },
];

/** FNV-1a (32 bits): the same id gives the same colour on every load and in every order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function botColor(id: string): BotColor {
  return BOT_COLORS[hash(id) % BOT_COLORS.length] ?? CYAN;
}

export type SortKey = "name" | "messages" | "conversion" | "lastActive";

export const SORTS: { key: SortKey; label: string }[] = [
  { key: "name", label: "Name (A–Z)" },
  { key: "messages", label: "Most messages" },
  { key: "conversion", label: "Best conversion" },
  { key: "lastActive", label: "Last active" },
];

export function isSortKey(value: string | null): value is SortKey {
  return SORTS.some((s) => s.key === value);
}

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().trim();
}

/** Bots whose name contains `query` (any case, accents ignored); all of them for an empty query. */
export function searchBots(bots: readonly Bot[], query: string): Bot[] {
  const q = fold(query);
  return q ? bots.filter((b) => fold(b.name).includes(q)) : [...bots];
}

const byName = (a: Bot, b: Bot) => a.name.localeCompare(b.name, undefined, { sensitivity: "base", numeric: true }) || a.id.localeCompare(b.id);

/** Biggest first, unknown (`null`) last, then by name. */
function descending(value: (b: Bot) => number | null) {
  return (a: Bot, b: Bot) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return y - x;
  };
}

const time = (iso: string | null) => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

const COMPARE: Record<SortKey, (a: Bot, b: Bot) => number> = {
  name: byName,
  messages: descending((b) => b.figures.messages),
  conversion: descending((b) => b.figures.conversion),
  lastActive: descending((b) => time(b.figures.lastActive)),
};

/** A sorted copy: names A–Z; messages, conversion and last active from the most. */
export function sortBots(bots: readonly Bot[], key: SortKey): Bot[] {
  return [...bots].sort(COMPARE[key]);
}

export interface Shown {
  /** The figure on the card. */
  value: string;
  /** What it is made of and where it came from, in words. */
  detail: string;
}

/** The conversion figure, and which bookings it was made from ("say which"). */
export function conversionShown(f: BotFigures): Shown {
  if (f.bookingsThisMonth === null) {
    return { value: "—", detail: f.bookingsSource || "CloseBot gave no bookings figure" };
  }
  const made = `${countOf(f.bookingsThisMonth, "booking", "bookings")} ÷ ${countOf(f.conversationsThisMonth, "conversation", "conversations")} this month`;
  if (f.conversion === null) {
    return { value: "—", detail: `No conversation this month yet (${countOf(f.bookingsThisMonth, "booking", "bookings")}). Bookings: ${f.bookingsSource}` };
  }
  return { value: formatPercent(f.conversion), detail: `${made}. Bookings: ${f.bookingsSource}` };
}

/** "5m ago", "Yesterday"…; "Never" before the bot's first message. */
export function lastActiveShown(lastActive: string | null, now: number): string {
  if (!lastActive) return "Never";
  return relativeTime(lastActive, now) || "Never";
}

export type ToggleRule =
  | { kind: "hidden" }
  | { kind: "disabled"; reason: string }
  | { kind: "enabled"; hint: string };

/** Agents see no switch; a bot with no route has nothing to switch; otherwise what it switches. */
export function toggleRule(bot: Bot, role: Me["role"] | undefined): ToggleRule {
  if (role !== "admin") return { kind: "hidden" };
  const n = bot.routes.length;
  if (n === 0) return { kind: "disabled", reason: "No Twilio number is routed to this bot yet: route one on the Routing page to switch it on." };
  return { kind: "enabled", hint: n === 1 ? "Switches its number's route on or off" : `Switches the routes of its ${n} numbers on or off together` };
}

/** "Active", "Inactive", or "1 of 2 active" when only some of its numbers are on. */
export function activeLabel(bot: Bot): string {
  const on = bot.routes.filter((r) => r.active).length;
  if (on > 0 && on < bot.routes.length) return `${on} of ${bot.routes.length} active`;
  return bot.active ? "Active" : "Inactive";
}

/** The list with every route of bot `id` switched to `active`, as the server now has it. */
export function withBotActive(list: BotList, id: string, active: boolean): BotList {
  return {
    ...list,
    items: list.items.map((b) => (b.id === id ? { ...b, active: active && b.routes.length > 0, routes: b.routes.map((r) => ({ ...r, active })) } : b)),
  };
}

/** CloseBot's editor for the bot (opened in a new tab). */
export function editFlowUrl(id: string): string {
  return `https://app.closebot.com/bot/${encodeURIComponent(id)}`;
}

/** A day of the series for the sparkline: its weekday and messages in and out. */
export interface SparkPoint {
  date: string;
  label: string;
  inbound: number;
  outbound: number;
  total: number;
}

const weekday = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric" });

export function sparkPoints(days: readonly DayCount[]): SparkPoint[] {
  return days.map((d) => {
    const [y, m, day] = d.date.split("-").map(Number);
    const date = new Date(y ?? 1970, (m ?? 1) - 1, day ?? 1);
    return { date: d.date, label: weekday.format(date), inbound: d.inbound, outbound: d.outbound, total: d.inbound + d.outbound };
  });
}
