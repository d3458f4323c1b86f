/** What the page shows instead of, or above, its figures: loading, a failure, an empty range, the backfill's progress. */
import { AlertTriangle, BarChart3, Loader2, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount } from "@/lib/format";
import type { Schemas } from "@/lib/api";

export function LoadingView() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading analytics" data-testid="analytics-loading">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-52 w-full" />
        ))}
      </div>
      <Skeleton className="h-80 w-full" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
    </div>
  );
}

/** Backticks in the server's words read as quotes: "`end` is before `start`" → "“end” is before “start”". */
export function inWords(message: string): string {
  const t = message.replace(/`([^`]*)`/g, "“$1”").trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function ErrorView({ message, onRetry, retrying }: { message: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div role="alert" className="card flex flex-col items-center gap-3 px-6 py-12 text-center" data-testid="analytics-error">
      <span className="flex size-12 items-center justify-center rounded-full bg-red-500/10 text-red-400">
        <AlertTriangle className="size-6" aria-hidden="true" />
      </span>
      <p className="font-medium">The figures could not be loaded</p>
      <p className="max-w-md text-sm text-fg-muted">{inWords(message)}</p>
      <Button variant="secondary" onClick={onRetry} disabled={retrying}>
        <RefreshCw className={retrying ? "animate-spin" : undefined} aria-hidden="true" /> Try again
      </Button>
    </div>
  );
}

export function EmptyView({ when }: { when: string }) {
  return (
    <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center" data-testid="analytics-empty">
      <span className="flex size-12 items-center justify-center rounded-full bg-accent/10 text-accent">
        <BarChart3 className="size-6" aria-hidden="true" />
      </span>
      <p className="font-medium">No messages in this range</p>
      <p className="max-w-md text-sm text-fg-muted">Nothing was texted to or from your numbers {when}. Pick a longer range, or another one.</p>
    </div>
  );
}

/** While messages stored before the analytics existed are counted: a live counter and a bar. */
export function PreparingBanner({ preparing }: { preparing: Schemas["Preparing"] }) {
  const fraction = preparing.total > 0 ? Math.min(1, preparing.done / preparing.total) : 0;
  const percent = Math.floor(fraction * 100);
  return (
    <div role="status" className="space-y-2 rounded-lg border border-accent/30 bg-accent/5 px-4 py-3 text-sm" data-testid="analytics-preparing">
      <p className="flex items-center gap-2 text-fg">
        <Loader2 className="size-4 shrink-0 animate-spin text-accent" aria-hidden="true" />
        <span>
          Counting the messages stored before Analytics existed: <span className="tabular font-semibold">{formatCount(preparing.done)}</span> of{" "}
          <span className="tabular font-semibold">{formatCount(preparing.total)}</span> ({percent}%). The figures below grow as it goes.
        </span>
      </p>
      <div className="h-1.5 overflow-hidden rounded-full bg-app/80" role="progressbar" aria-label="Messages counted" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}
