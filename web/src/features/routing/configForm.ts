/** The Configure drawer's form for one route, and the PUT body it saves. */
import { formToHours, hoursToForm, type HoursForm } from "./hours";
import type { RouteItem } from "./model";
import type { RouteBody } from "./useRouting";

export const SLIDER_MIN = 1;
export const SLIDER_MAX = 100;

export interface ConfigForm {
  greeting: string;
  afterHours: string;
  hours: HoursForm;
  maxConcurrent: number;
}

export function formOf(route: RouteItem, defaultTimeZone?: string): ConfigForm {
  return {
    greeting: route.greetingMessage ?? "",
    afterHours: route.afterHoursReply ?? "",
    hours: hoursToForm(route.businessHours, defaultTimeZone),
    maxConcurrent: route.maxConcurrent,
  };
}

/** Empty texts clear their field (`null`); the hours go whole (`null`: always open). */
export function bodyOf(form: ConfigForm): RouteBody {
  const text = (value: string) => (value.trim() ? value.trim() : null);
  return {
    greetingMessage: text(form.greeting),
    afterHoursReply: text(form.afterHours),
    businessHours: formToHours(form.hours),
    maxConcurrent: form.maxConcurrent,
  };
}

/** The slider's top: 100, or the route's own value when the API set it higher (up to 1000). */
export function sliderMax(value: number): number {
  return Math.max(SLIDER_MAX, value);
}
