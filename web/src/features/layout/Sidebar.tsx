import { MessageSquareText } from "lucide-react";
import { NavLink } from "react-router";
import { useMe } from "@/features/auth/session";
import { useSandbox } from "@/features/simulator/api";
import { cn } from "@/lib/utils";
import { navItemsFor } from "./nav";

export function Logo() {
  return (
    <div className="flex h-16 items-center gap-2.5 px-5">
      <span className="flex size-8 items-center justify-center rounded-lg bg-accent/15 text-accent shadow-[0_0_16px_-4px_var(--color-glow)]">
        <MessageSquareText className="size-5" aria-hidden="true" />
      </span>
      <span className="text-base font-bold tracking-tight text-fg">CloseBot SMS</span>
    </div>
  );
}

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const sandbox = useSandbox();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 px-3 py-2">
      {navItemsFor(me.data?.role, sandbox.data?.enabled ?? false).map(({ to, label, icon: Icon }) => (
        <NavLink
          key={to}
          to={to}
          end={to === "/"}
          onClick={onNavigate}
          className={({ isActive }) =>
            cn(
              "flex h-10 items-center gap-3 rounded-lg border-l-2 px-3 text-sm font-medium transition-colors",
              isActive
                ? "border-accent bg-accent/10 text-accent"
                : "border-transparent text-fg-muted hover:bg-hover hover:text-fg",
            )
          }
        >
          <Icon className="size-[18px]" aria-hidden="true" />
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

/** The 240 px sidebar of wide screens. */
export function Sidebar() {
  return (
    <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-line/60 bg-panel lg:flex">
      <Logo />
      <SidebarNav />
    </aside>
  );
}
