export const MIN_PASSWORD = 8;

/** What is wrong with a new password before it is sent, or null. */
export function newPasswordProblem({ current, next, repeat }: { current: string; next: string; repeat: string }): string | null {
  if (!current) return "Enter your current password.";
  if (next.length < MIN_PASSWORD) return `The new password needs at least ${MIN_PASSWORD} characters.`;
  if (next === current) return "Choose a password different from the current one.";
  if (next !== repeat) return "The two new passwords differ.";
  return null;
}
