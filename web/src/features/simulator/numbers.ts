/** Customer numbers of the phone simulator: E.164, and by default fictional (555-01XX is reserved for fiction in every North American area code). */

const E164 = /^\+[1-9]\d{7,14}$/;

/** `raw` as E.164 (spaces, dashes, dots and brackets dropped; a 10-digit NANP number gets +1), or null. */
export function toE164(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, "");
  const candidate = /^\d{10}$/.test(compact) ? `+1${compact}` : compact;
  return E164.test(candidate) ? candidate : null;
}

/** A fictional customer number (+1 206 555 01XX) not in `taken`. */
export function newCustomer(taken: readonly string[], random: () => number = Math.random): string {
  const free = Array.from({ length: 100 }, (_, i) => `+1206555${String(100 + i).padStart(4, "0")}`).filter((n) => !taken.includes(n) && n !== "+12065550100");
  return free[Math.floor(random() * free.length)] ?? "+12065550199";
}

/** The compliance words the quick buttons send. */
export const QUICK_WORDS = ["STOP", "START", "HELP"] as const;
