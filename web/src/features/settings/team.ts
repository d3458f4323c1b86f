/** Team rules the page shows before the server would refuse (it checks them too). */
import type { Role, UserView } from "./api";

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", agent: "Agent" };
export const ROLE_HINTS: Record<Role, string> = {
  admin: "Everything, including Settings, Routing and the team.",
  agent: "Conversations only.",
};

export const MIN_PASSWORD = 8;

/** Whether `user` is the only admin (who can be neither demoted nor removed). */
export function isLastAdmin(users: UserView[], user: UserView): boolean {
  return user.role === "admin" && users.filter((u) => u.role === "admin").length === 1;
}

/** Why `user` cannot be removed by `meId`, or null when they can. */
export function removalBlocked(users: UserView[], user: UserView, meId: string | undefined): string | null {
  if (user.id === meId) return "You cannot remove yourself; another admin can.";
  if (isLastAdmin(users, user)) return "The last admin cannot be removed.";
  return null;
}

/** A password the admin chose, or none (the server makes a one-time one); an error when too short. */
export function chosenPassword(choice: { mode: "generate" | "type"; password: string }): { password?: string; error?: string } {
  if (choice.mode === "generate") return {};
  if (choice.password.length < MIN_PASSWORD) return { error: `A password needs at least ${MIN_PASSWORD} characters.` };
  return { password: choice.password };
}

/** Admins first, then by email. */
export function sortTeam(users: UserView[]): UserView[] {
  return [...users].sort((a, b) => (a.role === b.role ? a.email.localeCompare(b.email) : a.role === "admin" ? -1 : 1));
}
