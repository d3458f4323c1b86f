/** The Add New Route form's rules, apart from its widgets. */
import { formatPhone } from "@/lib/format";
import type { BotEntry, NumberEntry } from "./model";
import type { Schemas } from "@/lib/api";

/** "+1 (555) 000-0007" or "+1 555.000.0007" → "+15550000007"; the server checks the rest. */
export function normalizeNumber(raw: string): string {
  return raw.trim().replace(/[\s().-]/g, "");
}

/** E.164 as the server takes it: "+", 8 to 15 digits, no leading zero. */
export function isE164(raw: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(raw);
}

/** The name a new CloseBot source gets unless the user types another: "SMS +1 (555) 000-0007". */
export function defaultSourceName(number: string): string {
  const n = normalizeNumber(number);
  return n ? `SMS ${formatPhone(n)}` : "SMS";
}

export interface SourceOption {
  id: string;
  name: string;
  /** Replies on it come to this app; false: to somewhere else; null: not known. */
  pointsHere: boolean | null;
  /** The chosen bot answers on it. */
  ofBot: boolean;
}

/**
 * The WebHook sources a route can use with `bot`: the agency's WebHook
 * sources (the chosen bot's first), or — when CloseBot's source list is not
 * available — the bot's own sources of category WebHook.
 */
export function sourceOptions(bot: BotEntry | null, agency: readonly Schemas["SourceView"][] | null): SourceOption[] {
  const botId = bot?.id ?? null;
  if (agency && agency.length > 0) {
    const options = agency.map((s) => ({
      id: s.sourceId,
      name: s.name ?? s.sourceId,
      pointsHere: s.pointsHere,
      ofBot: botId !== null && s.botIds.includes(botId),
    }));
    return [...options.filter((o) => o.ofBot), ...options.filter((o) => !o.ofBot)];
  }
  return (bot?.sources ?? [])
    .filter((s) => /^web\s*hook$/i.test(s.category ?? ""))
    .map((s) => ({ id: s.id, name: s.name ?? s.id, pointsHere: null, ofBot: true }));
}

/** Numbers of the Twilio list that no route uses yet. */
export function freeNumbers(numbers: readonly NumberEntry[]): NumberEntry[] {
  return numbers.filter((n) => n.inTwilioList && !n.route);
}
