/** How long an import's first messages take to go out at the sending number's pace. */
import { countSegments } from "@/lib/segments";
import type { PreviewRow } from "./importApi";

/** A US long code sends one segment a second. */
export const DEFAULT_SEGMENTS_PER_SECOND = 1;
/** What the server accepts. */
export const MIN_PACE = 0.05;
export const MAX_PACE = 100;

export interface PaceEstimate {
  seconds: number;
  segmentsPerMessage: number;
  text: string;
}

function contactsWord(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "contact" : "contacts"}`;
}

/**
 * "about 9 minutes for 500 contacts": each message's segments, one after
 * another, at `segmentsPerSecond`; "for up to 500 contacts" when not every
 * row is known to become a contact (`exact` false).
 */
export function paceEstimate(contacts: number, body: string, segmentsPerSecond: number, exact = true): PaceEstimate {
  const segmentsPerMessage = Math.max(1, countSegments(body.trim()).segments);
  const rate = segmentsPerSecond > 0 ? segmentsPerSecond : DEFAULT_SEGMENTS_PER_SECOND;
  const seconds = (Math.max(0, contacts) * segmentsPerMessage) / rate;
  const who = contactsWord(Math.max(0, contacts));
  let span: string;
  if (seconds < 60) span = "under a minute";
  else if (seconds < 90 * 60) {
    const minutes = Math.round(seconds / 60);
    span = `about ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  } else if (seconds < 48 * 3600) {
    const hours = Math.round((seconds / 3600) * 10) / 10;
    span = `about ${hours} ${hours === 1 ? "hour" : "hours"}`;
  } else {
    span = `about ${Math.round(seconds / 86400)} days`;
  }
  return { seconds, segmentsPerMessage, text: `${span} for ${exact ? "" : "up to "}${who}` };
}

/** A pace typed in the box, or null when the server would refuse it. */
export function parsePace(text: string): number | null {
  const value = Number(text.replace(",", "."));
  return Number.isFinite(value) && value >= MIN_PACE && value <= MAX_PACE ? value : null;
}

/**
 * Who gets the first message: the rows that create or update a contact. When
 * the preview covers the whole file that count is exact; otherwise every row
 * might (an upper bound).
 */
export function recipients(preview: readonly Pick<PreviewRow, "outcome">[], totalRows: number): { contacts: number; exact: boolean } {
  if (preview.length >= totalRows) return { contacts: preview.filter((r) => r.outcome === "create" || r.outcome === "update").length, exact: true };
  return { contacts: totalRows, exact: false };
}
