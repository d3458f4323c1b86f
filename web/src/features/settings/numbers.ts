/** Phone numbers: where each one's incoming texts go, and what Connect will change. */
import { formatPhone } from "@/lib/format";
import type { NumberView } from "./api";

export type Hookup = "here" | "elsewhere" | "none";

/** Whether Twilio posts the number's incoming texts here, somewhere else, or nowhere. */
export function hookup(number: NumberView): Hookup {
  if (number.pointsHere) return "here";
  return number.smsUrl?.trim() ? "elsewhere" : "none";
}

/** The question Connect asks first, naming the URL it replaces. */
export function connectConfirmation(number: NumberView, inboundUrl: string): { title: string; description: string } {
  const phone = formatPhone(number.phoneNumber);
  const current = number.smsUrl?.trim();
  return {
    title: `Connect ${phone} to this app?`,
    description: current
      ? `Twilio will send this number's incoming texts to ${inboundUrl} instead of ${current}. Whatever handles that URL now stops getting them.`
      : `Twilio will send this number's incoming texts to ${inboundUrl}. It has no "A message comes in" URL now.`,
  };
}

/** The list with one number replaced by Twilio's answer to Connect. */
export function withNumber<T extends { items: NumberView[] }>(list: T, updated: NumberView): T {
  return { ...list, items: list.items.map((n) => (n.sid === updated.sid ? updated : n)) };
}

/** The list with a route switched on or off. */
export function withRouteActive<T extends { items: NumberView[] }>(list: T, routeId: string, active: boolean): T {
  return {
    ...list,
    items: list.items.map((n) => (n.route?.id === routeId ? { ...n, route: { ...n.route, active } } : n)),
  };
}
