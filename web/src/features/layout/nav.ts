import { BarChart3, Bot, BookUser, LayoutDashboard, MessagesSquare, Route, Settings, Smartphone, type LucideIcon } from "lucide-react";
import type { Me } from "@/lib/api";

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Shown to admins only (agents work conversations). */
  adminOnly?: boolean;
  /** Shown while sandbox mode is on only. */
  sandboxOnly?: boolean;
}

/** The plan's pages that exist so far; the others join as they are built. */
export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Dashboard", icon: LayoutDashboard },
  { to: "/conversations", label: "Conversations", icon: MessagesSquare },
  { to: "/contacts", label: "Contacts", icon: BookUser },
  { to: "/routing", label: "Routing", icon: Route, adminOnly: true },
  { to: "/bots", label: "Bots", icon: Bot },
  { to: "/analytics", label: "Analytics", icon: BarChart3 },
  { to: "/settings", label: "Settings", icon: Settings, adminOnly: true },
  { to: "/simulator", label: "Phone simulator", icon: Smartphone, sandboxOnly: true },
];

/** The items `role` may use; while the role is unknown, only what everyone has. */
export function navItemsFor(role: Me["role"] | undefined, sandbox = false): NavItem[] {
  return NAV_ITEMS.filter((item) => (!item.adminOnly || role === "admin") && (!item.sandboxOnly || sandbox));
}
