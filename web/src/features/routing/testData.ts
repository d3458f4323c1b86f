/** Fixtures for the Routing page's tests. */
import type { BotView, NumberView, RouteItem } from "./model";

export function aRoute(patch: Partial<RouteItem> & { id: string; twilioNumber: string }): RouteItem {
  return {
    closebotSourceId: `src_${patch.id}`,
    closebotBotId: null,
    botName: null,
    maxConcurrent: 50,
    active: true,
    createdAt: "2026-03-01T00:00:00Z",
    updatedAt: "2026-03-01T00:00:00Z",
    messageCount: 0,
    conversationCount: 0,
    ...patch,
  };
}

export function aNumber(phoneNumber: string, patch: Partial<NumberView> = {}): NumberView {
  return { sid: `PN${phoneNumber.slice(1)}`, phoneNumber, friendlyName: null, smsUrl: null, pointsHere: true, route: null, ...patch };
}

export function aBot(id: string, name: string, patch: Partial<BotView> = {}): BotView {
  return {
    id,
    name,
    category: null,
    followUpActive: false,
    active: true,
    figures: {
      conversations: 0,
      conversationsThisMonth: 0,
      messages: 0,
      lastActive: null,
      lastSevenDays: [],
      bookingsThisMonth: null,
      bookingsSource: "unavailable",
      conversion: null,
    },
    sources: [],
    routes: [],
    onlyInRoutes: false,
    ...patch,
  };
}
