import { FileUp, Loader2 } from "lucide-react";
import { useRef, useState, type DragEvent } from "react";
import { FormError } from "@/components/ui/dialog";
import { cn } from "@/lib/utils";
import { MAX_UPLOAD_BYTES, useUpload, type ImportView } from "./importApi";

/** Why a file is not sent, or null. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) return `${file.name} is larger than 50 MiB; split it into smaller files.`;
  if (!/\.(csv|txt|tsv)$/i.test(file.name) && !/csv|text\/plain|tab-separated/.test(file.type)) return `${file.name} is not a CSV file.`;
  return null;
}

/** Choose a CSV file or drop one here; the server reads it and guesses the columns. */
export function UploadStep({ onUploaded }: { onUploaded: (view: ImportView) => void }) {
  const upload = useUpload();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = (file: File | undefined) => {
    if (!file) return;
    const why = fileProblem(file);
    setProblem(why);
    if (why) return;
    upload.mutate(file, { onSuccess: onUploaded });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    send(e.dataTransfer.files[0]);
  };

  return (
    <div className="space-y-4">
      <div
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center gap-3 rounded-xl border-2 border-dashed border-line px-6 py-10 text-center transition-colors",
          dragging && "border-accent bg-accent/5",
        )}
      >
        {upload.isPending ? <Loader2 className="size-8 animate-spin text-accent" aria-hidden="true" /> : <FileUp className="size-8 text-accent" aria-hidden="true" />}
        <p className="font-medium">{upload.isPending ? "Reading the file…" : "Drop a CSV file here"}</p>
        <p className="text-sm text-fg-muted">
          or{" "}
          <button type="button" className="font-medium text-accent hover:underline" onClick={() => input.current?.click()} disabled={upload.isPending}>
            choose one
          </button>{" "}
          (up to 50 MiB, first row the column names)
        </p>
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          aria-label="CSV file"
          className="sr-only"
          onChange={(e) => {
            send(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </div>
      <p className="text-xs text-fg-subtle">
        A row whose phone already belongs to a contact updates it (never a duplicate); the same phone twice in the file is imported once; rows with an unreadable phone, an opted-out number or
        a value too long are not imported, and you can download them with the reason.
      </p>
      <FormError>{problem ?? upload.error?.message}</FormError>
    </div>
  );
}
