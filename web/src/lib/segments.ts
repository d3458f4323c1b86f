/** SMS segment arithmetic (GSM-7 vs UCS-2), as Twilio bills it; mirrors the server's `domain::segments`. */

/** GSM 03.38 basic table: one septet each. */
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** Extension table (form feed and ^{}\[~]|€): an escape plus one septet each. */
const GSM_EXTENDED = new Set("\f^{}\\[~]|€");

/** Twilio refuses longer bodies (error 21617). */
export const MAX_BODY_CHARS = 1600;

export type Encoding = "GSM-7" | "Unicode";

export interface SegmentCount {
  encoding: Encoding;
  /** GSM-7 septets or UTF-16 code units. */
  units: number;
  segments: number;
  /** Units that fit in the segments used so far (160/70 for one, 153/67 each for more). */
  capacity: number;
  /** Characters (code points) in the body, for the 1600-character limit. */
  chars: number;
}

export function countSegments(body: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  let chars = 0;
  for (const c of body) {
    chars += 1;
    if (!gsm) continue;
    if (GSM_BASIC.has(c)) septets += 1;
    else if (GSM_EXTENDED.has(c)) septets += 2;
    else gsm = false;
  }
  const [encoding, units, single, multi]: [Encoding, number, number, number] = gsm
    ? ["GSM-7", septets, 160, 153]
    : ["Unicode", body.length, 70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const capacity = segments <= 1 ? single : segments * multi;
  return { encoding, units, segments, capacity, chars };
}

/** "142 / 160 · 1 segment · GSM-7" or "75 / 134 · 2 segments · Unicode". */
export function describeSegments(count: SegmentCount): string {
  const plural = count.segments === 1 ? "segment" : "segments";
  return `${count.units} / ${count.capacity} · ${count.segments} ${plural} · ${count.encoding}`;
}
