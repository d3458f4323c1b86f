import { AlertTriangle, ArrowRight, Phone, Plus, RefreshCw } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Tooltip } from "@/components/ui/tooltip";
import { formatPhone, relativeTime } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { cn } from "@/lib/utils";
import { ColumnHeader } from "./ColumnHeader";
import type { NumberEntry } from "./model";

function NumberCard({ entry, listRead, onRoute }: { entry: NumberEntry; listRead: boolean; onRoute: (phone: string) => void }) {
  const route = entry.route;
  return (
    <li
      data-anchor={`number:${entry.phone}`}
      data-testid="number-card"
      className={cn("card flex items-center gap-3 p-3.5", route?.active && "card-glow")}
    >
      <span
        className={cn(
          "flex size-9 shrink-0 items-center justify-center rounded-lg",
          route ? (route.active ? "bg-accent/15 text-accent" : "bg-gray-500/15 text-fg-muted") : "bg-elevated text-fg-subtle",
        )}
      >
        <Phone className="size-4" aria-hidden="true" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="tabular truncate font-semibold">{formatPhone(entry.phone)}</p>
        <p className="truncate text-xs text-fg-muted">
          {route ? (
            <>
              <ArrowRight className="mr-1 inline size-3" aria-hidden="true" />
              {route.botName ?? "its bot"}
              {route.active ? "" : " · paused"}
            </>
          ) : entry.friendlyName && entry.friendlyName !== entry.phone ? (
            entry.friendlyName
          ) : (
            "Not routed"
          )}
        </p>
      </div>
      {entry.pointsHere === false ? (
        <Tooltip content={`Twilio sends this number's texts to ${entry.smsUrl ?? "no URL"}, not to this app. Connect it in Settings.`}>
          <Link to="/settings" aria-label={`${formatPhone(entry.phone)}: texts go elsewhere; connect it in Settings`} className="text-yellow-400">
            <AlertTriangle className="size-4" aria-hidden="true" />
          </Link>
        </Tooltip>
      ) : null}
      {listRead && !entry.inTwilioList ? (
        <Tooltip content="Not in the Twilio account's number list (as last read)">
          <Badge tone="gray" tabIndex={0} className="normal-case">
            not listed
          </Badge>
        </Tooltip>
      ) : null}
      {route ? null : (
        <Button variant="outline" size="sm" onClick={() => onRoute(entry.phone)} aria-label={`Route ${formatPhone(entry.phone)}`}>
          <Plus />
          Route
        </Button>
      )}
    </li>
  );
}

interface NumbersColumnProps {
  numbers: NumberEntry[];
  total: number;
  loading: boolean;
  fetchedAt: string | null;
  error: string | null;
  refreshing: boolean;
  onRefresh: () => void;
  onRoute: (phone: string) => void;
}

export function NumbersColumn({ numbers, total, loading, fetchedAt, error, refreshing, onRefresh, onRoute }: NumbersColumnProps) {
  const now = useNow();
  return (
    <section aria-labelledby="numbers-heading" className="min-w-0 space-y-3">
      <ColumnHeader
        id="numbers-heading"
        title="Twilio Phone Numbers"
        count={total}
        note={fetchedAt ? `Read from Twilio ${relativeTime(fetchedAt, now)}` : "Not read from Twilio yet"}
        action={
          <Tooltip content="Read the list from Twilio again">
            <Button variant="ghost" size="icon-sm" aria-label="Refresh numbers from Twilio" onClick={onRefresh} disabled={refreshing}>
              <RefreshCw className={cn(refreshing && "animate-spin")} />
            </Button>
          </Tooltip>
        }
      />
      {error ? (
        <p role="status" className="rounded-lg border border-yellow-500/30 bg-yellow-500/10 px-3 py-2 text-sm text-yellow-200">
          {error}
        </p>
      ) : null}
      {loading ? (
        <div className="space-y-3">
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
        </div>
      ) : numbers.length === 0 ? (
        <p className="card p-4 text-sm text-fg-muted">
          {total === 0 ? "No numbers yet. Add Twilio credentials in Settings, or type a number when you add a route." : "No number matches."}
        </p>
      ) : (
        <ul className="space-y-3" aria-label="Twilio numbers">
          {numbers.map((n) => (
            <NumberCard key={n.phone} entry={n} listRead={fetchedAt !== null} onRoute={onRoute} />
          ))}
        </ul>
      )}
    </section>
  );
}
