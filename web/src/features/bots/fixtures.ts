/** Bots as GET /api/bots gives them, for tests. */
import type { Bot, BotFigures } from "./bots";

export function figures(patch: Partial<BotFigures> = {}): BotFigures {
  return {
    conversations: 0,
    messages: 0,
    lastActive: null,
    lastSevenDays: [],
    bookingsThisMonth: null,
    conversationsThisMonth: 0,
    conversion: null,
    bookingsSource: "No route: nothing to count bookings for",
    ...patch,
  };
}

export function bot(patch: Partial<Omit<Bot, "figures">> & { figures?: Partial<BotFigures> } = {}): Bot {
  const { figures: f, ...rest } = patch;
  return {
    id: "bot_1",
    name: "Sales bot",
    category: "WebHook",
    followUpActive: false,
    sources: [],
    routes: [],
    onlyInRoutes: false,
    active: false,
    ...rest,
    figures: figures(f),
  };
}

export function route(id: string, twilioNumber: string, active = true) {
  return { id, twilioNumber, closebotSourceId: `src_${id}`, active };
}
