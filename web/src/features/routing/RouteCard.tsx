import { useEffect, useRef } from "react";
import { Clock, MessageSquare, Phone, Settings2, Trash2, Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { formatPhone } from "@/lib/format";
import { cn } from "@/lib/utils";
import { summarizeHours } from "./hours";
import type { RouteItem } from "./model";

const count = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

interface RouteCardProps {
  route: RouteItem;
  source: string;
  toggling: boolean;
  fresh: boolean;
  onToggle: (active: boolean) => void;
  onConfigure: () => void;
  onDelete: () => void;
}

/** One route under its bot: its number and source, Active/Paused, what it carried, its hours, and its actions. */
export function RouteCard({ route, source, toggling, fresh, onToggle, onConfigure, onDelete }: RouteCardProps) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (fresh) ref.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [fresh]);
  const phone = formatPhone(route.twilioNumber);
  const hours = summarizeHours(route.businessHours);
  return (
    <li
      ref={ref}
      data-fresh={fresh || undefined}
      data-anchor={`route:${route.id}`}
      data-testid="route-card"
      data-active={String(route.active)}
      className={cn("rounded-lg border bg-app/40 p-3", route.active ? "border-line/70" : "border-line/40 opacity-80", fresh && "animate-row-in border-accent/50")}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="purple" className="max-w-full normal-case" title={`CloseBot source ${route.closebotSourceId}`}>
          <span className="truncate">{source}</span>
        </Badge>
        <span className="tabular flex min-w-0 items-center gap-1 text-sm font-medium">
          <Phone className="size-3.5 shrink-0 text-fg-subtle" aria-hidden="true" />
          <span className="truncate">{phone}</span>
        </span>
        {route.sandbox ? (
          <Badge tone="yellow" title="Made in sandbox mode: a simulated number and bot; removed with Settings → Sandbox → Remove sandbox data">
            Sandbox
          </Badge>
        ) : null}
        <label className="ml-auto flex items-center gap-2 text-xs font-medium">
          <span className={route.active ? "text-green-400" : "text-fg-muted"}>{route.active ? "Active" : "Paused"}</span>
          <Switch checked={route.active} onCheckedChange={onToggle} disabled={toggling} aria-label={`Route ${phone} active`} />
        </label>
      </div>
      <div className="mt-2.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted">
        <span className="tabular inline-flex items-center gap-1" data-testid="message-count">
          <MessageSquare className="size-3.5" aria-hidden="true" />
          {count(route.messageCount, "message")}
        </span>
        <span className="tabular inline-flex items-center gap-1">
          <Users className="size-3.5" aria-hidden="true" />
          {count(route.conversationCount, "conversation")}
        </span>
        <span className="inline-flex min-w-0 items-center gap-1" data-testid="hours-summary">
          <Clock className="size-3.5 shrink-0" aria-hidden="true" />
          <span className="min-w-0 break-words">{hours}</span>
        </span>
      </div>
      <div className="mt-3 flex items-center gap-2">
        <Button variant="secondary" size="sm" onClick={onConfigure} aria-label={`Configure ${phone}`}>
          <Settings2 />
          Configure
        </Button>
        <Button variant="ghost" size="icon-sm" className="ml-auto hover:text-red-400" onClick={onDelete} aria-label={`Delete route ${phone}`}>
          <Trash2 />
        </Button>
      </div>
    </li>
  );
}
