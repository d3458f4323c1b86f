import { CheckCircle2, CircleStop, Download, Loader2, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { formatCount } from "@/lib/format";
import { cn } from "@/lib/utils";
import { isBusy, isFinal, rejectedHref, useStop, type ImportView } from "./importApi";

/** Rows done as a fraction (0..1). */
export function progressOf(view: Pick<ImportView, "rowsDone" | "totalRows">): number {
  return view.totalRows > 0 ? Math.min(1, view.rowsDone / view.totalRows) : 0;
}

const COUNTERS = [
  { key: "created", label: "Created", hint: "new contacts", className: "text-green-400" },
  { key: "updated", label: "Updated", hint: "phone already known", className: "text-blue-400" },
  { key: "skipped", label: "Skipped", hint: "repeats in the file", className: "text-fg-muted" },
  { key: "rejected", label: "Rejected", hint: "see the reasons", className: "text-red-400" },
] as const;

function headline(view: ImportView): { text: string; icon: typeof Loader2; tone: string } {
  if (view.state === "running") return { text: "Importing…", icon: Loader2, tone: "text-accent" };
  if (view.state === "failed") return { text: "The import failed", icon: XCircle, tone: "text-red-400" };
  if (view.state === "stopped") return { text: "The import was stopped", icon: CircleStop, tone: "text-yellow-400" };
  if (view.messagesPending > 0) return { text: "Imported; first messages going out", icon: Loader2, tone: "text-accent" };
  return { text: "Import finished", icon: CheckCircle2, tone: "text-green-400" };
}

/** The progress bar with live counts, Stop while it runs, then the report and the rows not imported. */
export function ImportProgress({ view, onAnother }: { view: ImportView; onAnother: () => void }) {
  const stop = useStop(view.id);
  const fraction = progressOf(view);
  const head = headline(view);
  const Icon = head.icon;
  const notImported = view.skipped + view.rejected;
  const sent = view.messagesQueued - view.messagesPending;

  return (
    <div className="space-y-5" data-testid="import-progress" data-state={view.state}>
      <div className="space-y-2">
        <p className={cn("flex items-center gap-2 font-medium", head.tone)} role="status">
          <Icon className={cn("size-4", Icon === Loader2 && "animate-spin")} aria-hidden="true" />
          {head.text}
        </p>
        <div
          role="progressbar"
          aria-label="Rows imported"
          aria-valuemin={0}
          aria-valuemax={view.totalRows}
          aria-valuenow={view.rowsDone}
          className="h-2.5 overflow-hidden rounded-full bg-app/80"
        >
          <div className="h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
        </div>
        <p className="text-sm tabular text-fg-muted">
          {formatCount(view.rowsDone)} of {formatCount(view.totalRows)} rows ({Math.round(fraction * 100)}%)
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Import report" data-testid="import-report">
        {COUNTERS.map((c) => (
          <div key={c.key} className="rounded-lg border border-line/60 bg-app/40 p-3" data-testid={`count-${c.key}`}>
            <dt className="text-xs text-fg-subtle">
              {c.label} <span className="sr-only">({c.hint})</span>
            </dt>
            <dd className={cn("mt-1 text-2xl font-semibold tabular", c.className)}>{formatCount(view[c.key])}</dd>
            <dd className="text-[11px] text-fg-subtle" aria-hidden="true">
              {c.hint}
            </dd>
          </div>
        ))}
      </dl>

      {view.messagesQueued > 0 ? (
        <p className="text-sm text-fg-muted" data-testid="first-messages">
          First messages: {formatCount(sent)} of {formatCount(view.messagesQueued)} handed to Twilio
          {view.messagesPending > 0 ? `, ${formatCount(view.messagesPending)} waiting their turn` : ""}. Each one shows in its conversation.
        </p>
      ) : null}
      {view.state === "failed" && view.error ? <FormError>{view.error}</FormError> : null}
      <FormError>{stop.error?.message}</FormError>

      <div className="flex flex-wrap items-center justify-end gap-2">
        {isFinal(view) && notImported > 0 ? (
          <Button variant="outline" asChild>
            <a href={rejectedHref(view.id)} download>
              <Download /> Rows not imported ({formatCount(notImported)})
            </a>
          </Button>
        ) : null}
        {isFinal(view) && !isBusy(view) ? (
          <Button variant="secondary" onClick={onAnother}>
            Import another file
          </Button>
        ) : null}
        {isBusy(view) ? (
          <Button variant="destructive" onClick={() => stop.mutate()} disabled={stop.isPending}>
            <CircleStop /> {stop.isPending ? "Stopping…" : view.state === "running" ? "Stop import" : "Stop first messages"}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
