/**
 * The Business card's form: the business's time zone ("" = the first
 * route's) and after how many quiet days a conversation counts as dropped,
 * checked before sending; the server's refusals placed beside their field.
 */
import { ApiError, type Schemas } from "@/lib/api";

type BusinessView = Schemas["BusinessView"];
type BusinessChange = Schemas["BusinessChange"];

export const MAX_DROPPED_DAYS = 365;

export interface BusinessForm {
  /** An IANA zone, or "" for the default (the first route's zone). */
  zone: string;
  /** As typed. */
  days: string;
}

export type BusinessField = "zone" | "days" | "form";

export interface BusinessError {
  field: BusinessField;
  message: string;
}

export function businessFormFrom(view: BusinessView): BusinessForm {
  return { zone: view.timeZone ?? "", days: String(view.droppedAfterDays) };
}

export function isBusinessDirty(form: BusinessForm, saved: BusinessView): boolean {
  const initial = businessFormFrom(saved);
  return form.zone !== initial.zone || form.days.trim() !== initial.days;
}

/** What to send, or why not. */
export function businessChange(form: BusinessForm): { change: BusinessChange } | { error: BusinessError } {
  const days = form.days.trim();
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > MAX_DROPPED_DAYS) {
    return { error: { field: "days", message: `Enter a whole number of days from 1 to ${MAX_DROPPED_DAYS}.` } };
  }
  return { change: { timeZone: form.zone === "" ? null : form.zone, droppedAfterDays: Number(days) } };
}

function sentence(text: string): string {
  const t = text.replace(/`([^`]*)`/g, "“$1”").trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/** Where a failed save belongs: a 422 naming business.timeZone or business.droppedAfterDays beside that field. */
export function businessErrorOf(error: unknown): BusinessError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 422) {
    const zone = /^business\.timeZone\s+(.*)$/s.exec(message);
    if (zone) return { field: "zone", message: sentence(zone[1] ?? "") };
    const days = /^business\.droppedAfterDays\s+(.*)$/s.exec(message);
    if (days) return { field: "days", message: sentence(days[1] ?? "") };
  }
  return { field: "form", message };
}
