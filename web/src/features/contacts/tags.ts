/** Editing a contact's tags: the server's rules (trimmed, no repeats ignoring case, ≤ 30 tags of ≤ 50 characters), checked as one types. */

export const MAX_TAGS = 30;
export const MAX_TAG_CHARS = 50;

export interface TagsResult {
  tags: string[];
  /** Why some of the typed text was not added (it stays in the box). */
  error: string | null;
  /** What to leave in the input: the parts not added. */
  rest: string;
}

/** Adds the tags typed in `input` (commas or semicolons separate several) to `tags`. */
export function addTags(tags: readonly string[], input: string): TagsResult {
  const next = [...tags];
  const rest: string[] = [];
  let error: string | null = null;
  for (const part of input.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    if (Array.from(part).length > MAX_TAG_CHARS) {
      error = `A tag can be at most ${MAX_TAG_CHARS} characters`;
      rest.push(part);
    } else if (next.some((t) => t.toLowerCase() === part.toLowerCase())) {
      // Already there: nothing to add, nothing to complain about.
    } else if (next.length >= MAX_TAGS) {
      error = `At most ${MAX_TAGS} tags`;
      rest.push(part);
    } else {
      next.push(part);
    }
  }
  return { tags: next, error, rest: rest.join(", ") };
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => t !== tag);
}

/** Whether two tag lists are the same (order matters: it is how they are shown). */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

const PILL_TONES = ["cyan", "purple", "green", "orange", "blue", "yellow"] as const;
export type PillTone = (typeof PILL_TONES)[number];

/** A tag's colour, the same wherever it appears. */
export function tagTone(tag: string): PillTone {
  let h = 0;
  for (const c of tag.toLowerCase()) h = (h * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
  return PILL_TONES[h % PILL_TONES.length] ?? "cyan";
}
