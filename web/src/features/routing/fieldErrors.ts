/**
 * Where an API error belongs in a form. 422 answers name their field in
 * words ("maxConcurrent must be between 1 and 1000", "businessHours: mon:
 * the end (08:00) must be after the start (17:00)", "businessHours:
 * exception 2026-12-25 is listed twice"); a few 409s mean one field too.
 */
import { ApiError } from "@/lib/api";
import { DAYS, type DayKey } from "./hours";

export type FieldKey =
  | "twilioNumber"
  | "closebotSourceId"
  | "closebotBotId"
  | "botName"
  | "greetingMessage"
  | "afterHoursReply"
  | "maxConcurrent"
  | "timezone"
  | `day.${DayKey}`
  /** `exception.YYYY-MM-DD` */
  | `exception.${string}`
  | "businessHours"
  /** Creating a CloseBot source. */
  | "source"
  | "form";

export interface FieldError {
  field: FieldKey;
  message: string;
}

const PLAIN_FIELDS = ["twilioNumber", "closebotSourceId", "closebotBotId", "botName", "greetingMessage", "afterHoursReply", "maxConcurrent"] as const;

/** Backticks from the server's messages read as quotes. */
function tidy(text: string): string {
  const t = text.replaceAll("`", "“").replace(/“([^“]*)“/g, "“$1”").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The field a 422 message names, and the message to show beside it (without the field's name where it prefixed it). */
export function fieldOfMessage(message: string): FieldError {
  const hours = /^businessHours:\s*(.*)$/s.exec(message);
  if (hours) {
    const rest = hours[1] ?? "";
    const day = /^(mon|tue|wed|thu|fri|sat|sun):\s*(.*)$/s.exec(rest);
    if (day && DAYS.includes(day[1] as DayKey)) return { field: `day.${day[1] as DayKey}`, message: tidy(day[2] ?? "") };
    const exception = /^exception (\d{4}-\d{2}-\d{2})(?::\s*)?(.*)$/s.exec(rest);
    if (exception) return { field: `exception.${exception[1] ?? ""}`, message: tidy(rest) };
    // Special hours of an exception are labelled by their date.
    const dated = /^(\d{4}-\d{2}-\d{2}):\s*(.*)$/s.exec(rest);
    if (dated) return { field: `exception.${dated[1] ?? ""}`, message: tidy(dated[2] ?? "") };
    if (/time zone/i.test(rest)) return { field: "timezone", message: tidy(rest) };
    return { field: "businessHours", message: tidy(rest) };
  }
  for (const field of PLAIN_FIELDS) {
    if (message.startsWith(`${field}:`)) return { field, message: tidy(message.slice(field.length + 1)) };
    if (message.startsWith(`${field} `) && !message.startsWith(`${field} and `)) {
      const rest = message.slice(field.length + 1).replace(/^is longer than (\d+) characters$/, "longer than $1 characters: shorten it");
      return { field, message: tidy(rest) };
    }
  }
  return { field: "form", message };
}

/** Any error of a save, placed: a 422 by its message, a taken number beside the number, anything else for the whole form. */
export function fieldOfError(error: unknown): FieldError {
  if (!(error instanceof ApiError)) return { field: "form", message: error instanceof Error ? error.message : String(error) };
  if (error.status === 422) return fieldOfMessage(error.message);
  if (error.code === "number_already_routed") return { field: "twilioNumber", message: error.message };
  return { field: "form", message: error.message };
}

/** The human words for a field's error, or undefined. */
export function errorFor(errors: FieldError | null, field: FieldKey): string | undefined {
  return errors?.field === field ? errors.message : undefined;
}
