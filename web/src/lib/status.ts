import type { BadgeTone } from "@/components/ui/badge";

/** Contact statuses (server): new, active, qualified, booked, closed, cold. */
export const CONTACT_STATUSES = ["new", "active", "qualified", "booked", "closed", "cold"] as const;

const statusTones: Record<string, BadgeTone> = {
  new: "blue",
  active: "green",
  qualified: "purple",
  booked: "cyan",
  closed: "gray",
  cold: "gray",
  pending: "yellow",
};

export function statusTone(status: string): BadgeTone {
  return statusTones[status] ?? "gray";
}
