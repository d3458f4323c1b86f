import { useState } from "react";
import { Dialog, FormError } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { isBusy, isFinal, useImportStatus, type ImportView } from "./importApi";
import { ImportProgress } from "./ImportProgress";
import { ImportSetup } from "./ImportSetup";
import { UploadStep } from "./UploadStep";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The import started from this browser (remembered across reloads), if any. */
  importId: string | null;
  onStarted: (id: string) => void;
  /** Closing the dialog on a finished import's report forgets it. */
  onDismissed: () => void;
}

function Progress({ id, onAnother }: { id: string; onAnother: () => void }) {
  const status = useImportStatus(id);
  if (status.data) return <ImportProgress view={status.data} onAnother={onAnother} />;
  if (status.isError) return <FormError>{`The import's progress could not be read: ${status.error.message}`}</FormError>;
  return <Skeleton className="h-40 w-full" />;
}

const DESCRIPTIONS = {
  upload: "Upload a CSV file of contacts: you map its columns and see what each row becomes before anything is imported.",
  setup: "Check what each column becomes and what the first rows will do, then import.",
  progress: "The import runs on the server: you may close this window or reload the page, and come back to it here.",
  report: "What became of every row of the file; the rows not imported can be downloaded with their reasons.",
} as const;

/** Upload → map and preview → import with live progress and the final report. */
export function ImportDialog({ open, onOpenChange, importId, onStarted, onDismissed }: Props) {
  const [draft, setDraft] = useState<ImportView | null>(null);
  const status = useImportStatus(importId);
  const step = importId ? "progress" : draft ? "setup" : "upload";
  const finished = status.data !== undefined && isFinal(status.data) && !isBusy(status.data);

  const close = () => {
    setDraft(null);
    if (step === "progress" && (finished || status.isError)) onDismissed();
    onOpenChange(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={step === "progress" && status.data ? `Import of ${status.data.fileName}` : "Import contacts"}
      description={DESCRIPTIONS[step === "progress" && finished ? "report" : step]}
      className="max-w-3xl"
    >
      <div data-testid="import-dialog" data-step={step}>
        {step === "upload" ? <UploadStep onUploaded={setDraft} /> : null}
        {step === "setup" && draft ? (
          <ImportSetup
            key={draft.id}
            draft={draft}
            onCancel={close}
            onStarted={(view) => {
              setDraft(null);
              onStarted(view.id);
            }}
          />
        ) : null}
        {step === "progress" && importId ? <Progress id={importId} onAnother={onDismissed} /> : null}
      </div>
    </Dialog>
  );
}
