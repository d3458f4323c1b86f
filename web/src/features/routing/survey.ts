/** The Configure drawer's satisfaction-survey settings, with the quiet time as an amount and a unit. */
import type { Schemas } from "@/lib/api";
import type { FieldError } from "./fieldErrors";

export type SurveySettings = Schemas["SurveySettings"];
export type SurveyBody = Schemas["SurveyBody"];
export type QuietUnit = "minutes" | "hours" | "days";

export const QUIET_UNITS: readonly QuietUnit[] = ["minutes", "hours", "days"];
const UNIT_MINUTES: Record<QuietUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

export interface SurveyForm {
  enabled: boolean;
  question: string;
  thankYou: string;
  /** As typed: a whole number of `quietUnit`s. */
  quietAmount: string;
  quietUnit: QuietUnit;
}

/** The largest unit the stored minutes divide into (1440 → 1 day, 90 → 90 minutes). */
export function surveyToForm(settings: SurveySettings): SurveyForm {
  const minutes = settings.quietMinutes;
  const unit: QuietUnit = minutes % UNIT_MINUTES.days === 0 ? "days" : minutes % UNIT_MINUTES.hours === 0 ? "hours" : "minutes";
  return {
    enabled: settings.enabled,
    question: settings.question,
    thankYou: settings.thankYou,
    quietAmount: String(minutes / UNIT_MINUTES[unit]),
    quietUnit: unit,
  };
}

/** The quiet time in minutes, or null when the amount is not a whole number. */
export function quietMinutesOf(form: SurveyForm): number | null {
  const amount = form.quietAmount.trim();
  return /^\d+$/.test(amount) ? Number(amount) * UNIT_MINUTES[form.quietUnit] : null;
}

/**
 * The `csatSurvey` to save. Switched off, only that is said: the wording
 * stays as stored (the fields are hidden then). The server checks the range
 * and the texts, and its refusal lands beside the field it names.
 */
export function surveyToBody(form: SurveyForm): SurveyBody {
  if (!form.enabled) return { enabled: false };
  return {
    enabled: true,
    question: form.question.trim(),
    thankYou: form.thankYou.trim(),
    quietMinutes: quietMinutesOf(form) ?? 0,
  };
}

/** What is wrong before asking the server: a quiet time that is not a whole number. */
export function surveyProblem(form: SurveyForm): FieldError | null {
  if (!form.enabled || quietMinutesOf(form) !== null) return null;
  return { field: "csatSurvey.quietMinutes", message: "Enter a whole number of minutes, hours or days" };
}
