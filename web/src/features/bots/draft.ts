/** What the server accepts for a new bot (POST /api/bots), checked before CloseBot is asked. */
export const NAME_MAX = 120;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

/** Characters as the server counts them (Unicode scalar values, as Rust's `chars()`). */
function length(text: string): number {
  return Array.from(text).length;
}

/** Why the draft cannot be sent, in words; `null` when it can. Counts characters, not UTF-16 units. */
export function draftProblem({ name, description }: { name: string; description: string }): string | null {
  const n = length(name.trim());
  const d = length(description.trim());
  if (n === 0) return "Give the bot a name.";
  if (n > NAME_MAX) return `The name is too long: at most ${NAME_MAX} characters.`;
  if (d < DESCRIPTION_MIN) return `Describe the bot in at least ${DESCRIPTION_MIN} characters: what it sells and how it should talk.`;
  if (d > DESCRIPTION_MAX) return `The description is too long: at most ${DESCRIPTION_MAX.toLocaleString("en-US")} characters.`;
  return null;
}
