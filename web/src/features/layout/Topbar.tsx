import { Menu } from "lucide-react";
import { useMatch } from "react-router";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { useStreamStatus } from "@/lib/sse";
import { cn } from "@/lib/utils";
import { GlobalSearch } from "./GlobalSearch";
import { UserMenu } from "./UserMenu";

function LiveIndicator() {
  const status = useStreamStatus();
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting" : "Offline";
  const help =
    status === "live"
      ? "Receiving updates as they happen"
      : status === "connecting"
        ? "Connecting to live updates…"
        : "Live updates are interrupted; retrying";
  return (
    <Tooltip content={help}>
      <span
        tabIndex={0}
        role="status"
        aria-label={`Live updates: ${label}`}
        className="hidden h-8 items-center gap-2 rounded-full border border-line px-3 text-xs text-fg-muted sm:inline-flex"
      >
        <span
          className={cn(
            "size-2 rounded-full",
            status === "live" ? "bg-green-400 shadow-[0_0_8px_#22c55e]" : status === "connecting" ? "bg-yellow-400" : "bg-red-400",
          )}
        />
        {label}
      </span>
    </Tooltip>
  );
}

export function Topbar({ onOpenMenu }: { onOpenMenu: () => void }) {
  // On a phone the conversation list has its own search box right below: one is enough.
  const listPage = useMatch("/conversations") !== null;
  return (
    <header className="sticky top-0 z-20 flex h-16 items-center gap-3 border-b border-line/60 bg-app/85 px-4 backdrop-blur md:px-6">
      <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open navigation" onClick={onOpenMenu}>
        <Menu />
      </Button>
      {listPage ? <h1 className="truncate text-base font-semibold md:hidden">Conversations</h1> : null}
      <div className={cn("w-full max-w-xl", listPage && "hidden md:block")}>
        <GlobalSearch />
      </div>
      <div className="ml-auto flex items-center gap-2">
        <LiveIndicator />
        <UserMenu />
      </div>
    </header>
  );
}
