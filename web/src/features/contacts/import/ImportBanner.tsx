import { Loader2, Upload, X } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/format";
import { isBusy, useImportStatus } from "./importApi";
import { progressOf } from "./ImportProgress";

/**
 * The import this browser started, above the table while the dialog is
 * closed: its progress while it runs, its counts when it is over. Calls
 * `onFinished` once when it stops being busy (the table re-reads then).
 */
export function ImportBanner({ id, onShow, onDismiss, onFinished }: { id: string; onShow: () => void; onDismiss: () => void; onFinished: () => void }) {
  const status = useImportStatus(id);
  const view = status.data;
  const wasBusy = useRef(false);
  const busy = view ? isBusy(view) : false;
  useEffect(() => {
    if (wasBusy.current && !busy) onFinished();
    wasBusy.current = busy;
  }, [busy, onFinished]);

  if (status.isError) {
    return null; // an import this server no longer knows; nothing to show
  }
  if (!view) return null;
  return (
    <div className="card flex flex-wrap items-center gap-3 px-4 py-3 text-sm" role="status" data-testid="import-banner">
      {busy ? <Loader2 className="size-4 shrink-0 animate-spin text-accent" aria-hidden="true" /> : <Upload className="size-4 shrink-0 text-accent" aria-hidden="true" />}
      <span className="min-w-0 flex-1">
        {view.state === "running" ? (
          <>
            Importing <span className="font-medium">{view.fileName}</span>: {formatCount(view.rowsDone)} of {formatCount(view.totalRows)} rows ({Math.round(progressOf(view) * 100)}%)
          </>
        ) : (
          <>
            Import of <span className="font-medium">{view.fileName}</span> {view.state === "done" ? "finished" : view.state}: {formatCount(view.created)} created, {formatCount(view.updated)} updated,{" "}
            {formatCount(view.skipped)} skipped, {formatCount(view.rejected)} rejected
            {view.messagesPending > 0 ? `; ${formatCount(view.messagesPending)} first messages waiting` : ""}
          </>
        )}
      </span>
      <Button variant="outline" size="sm" onClick={onShow}>
        {busy ? "Show progress" : "Show report"}
      </Button>
      {busy ? null : (
        <Button variant="ghost" size="icon-sm" aria-label="Dismiss the import report" onClick={onDismiss}>
          <X />
        </Button>
      )}
    </div>
  );
}
