import { FileSpreadsheet, Loader2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { Label, Select } from "@/components/ui/input";
import { useDebounced } from "@/lib/useDebounced";
import { STATUS_VALUES } from "../query";
import { statusLabel } from "../statuses";
import { ColumnMapping } from "./ColumnMapping";
import { COUNTRIES, countryName } from "./countries";
import { FirstMessageFields, NO_FIRST_MESSAGE, firstMessageProblem, type FirstMessageDraft } from "./FirstMessageFields";
import { usePreview, useStart, type ImportOptions, type ImportView } from "./importApi";
import { cleanColumns, mappingProblem, type Column } from "./mapping";
import { parsePace, recipients } from "./pace";
import { PreviewTable } from "./PreviewTable";

function optionsOf(columns: Column[], country: string, status: string, first: FirstMessageDraft): ImportOptions {
  return {
    columns: cleanColumns(columns),
    defaultCountry: country,
    defaultStatus: status,
    firstMessage: first.enabled ? { routeId: first.routeId, body: first.body.trim(), segmentsPerSecond: parsePace(first.pace) ?? 1 } : null,
  };
}

/** Map the columns, pick the defaults, see the preview, optionally a first message; then start. */
export function ImportSetup({ draft, onStarted, onCancel }: { draft: ImportView; onStarted: (view: ImportView) => void; onCancel: () => void }) {
  const [columns, setColumns] = useState<Column[]>(draft.options.columns);
  const [country, setCountry] = useState(draft.options.defaultCountry);
  const [status, setStatus] = useState(draft.options.defaultStatus);
  const [first, setFirst] = useState<FirstMessageDraft>(NO_FIRST_MESSAGE);
  const [preview, setPreview] = useState(draft.preview);
  const previewer = usePreview(draft.id);
  const start = useStart(draft.id);
  const problem = mappingProblem(columns);

  // The preview follows the mapping and the defaults (a moment after the last change).
  const wanted = useDebounced(JSON.stringify(optionsOf(columns, country, status, NO_FIRST_MESSAGE)), 300);
  const shown = useRef(JSON.stringify(optionsOf(draft.options.columns, draft.options.defaultCountry, draft.options.defaultStatus, NO_FIRST_MESSAGE)));
  const { mutate: rePreview } = previewer;
  useEffect(() => {
    if (wanted === shown.current) return;
    const options = JSON.parse(wanted) as ImportOptions;
    if (mappingProblem(options.columns) !== null) return;
    shown.current = wanted;
    // An answer overtaken by a later change is not shown.
    rePreview(options, {
      onSuccess: (view) => {
        if (wanted === shown.current) setPreview(view.preview);
      },
    });
  }, [wanted, rePreview]);

  const blocker = problem ?? firstMessageProblem(first);
  const begin = () => {
    if (blocker) return;
    start.mutate(optionsOf(columns, country, status, first), { onSuccess: onStarted });
  };

  return (
    <div className="space-y-5">
      <p className="flex items-center gap-2 text-sm text-fg-muted">
        <FileSpreadsheet className="size-4 shrink-0 text-accent" aria-hidden="true" />
        <span className="min-w-0 truncate">
          <span className="font-medium text-fg">{draft.fileName}</span> · {draft.totalRows.toLocaleString("en-US")} {draft.totalRows === 1 ? "row" : "rows"}, {draft.headers.length} columns
        </span>
      </p>
      <section className="space-y-2" aria-labelledby="mapping-title">
        <h3 id="mapping-title" className="text-sm font-semibold">
          Columns
        </h3>
        <ColumnMapping headers={draft.headers} columns={columns} preview={preview} onChange={setColumns} />
        {problem ? <p role="alert" className="text-sm text-red-300" data-testid="mapping-problem">{problem}</p> : null}
      </section>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="import-country">Numbers without + are from</Label>
          <Select id="import-country" value={country} onChange={(e) => setCountry(e.target.value)}>
            {(COUNTRIES.includes(country) ? COUNTRIES : [country, ...COUNTRIES]).map((code) => (
              <option key={code} value={code}>
                {countryName(code)}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="import-status">Status of new contacts (when the row names none)</Label>
          <Select id="import-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUS_VALUES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <section className="space-y-2" aria-labelledby="preview-title">
        <h3 id="preview-title" className="flex items-center gap-2 text-sm font-semibold">
          Preview {previewer.isPending ? <Loader2 className="size-3.5 animate-spin text-accent" aria-label="Updating the preview" /> : null}
        </h3>
        <PreviewTable rows={preview} totalRows={draft.totalRows} loading={previewer.isPending || problem !== null} />
        <FormError>{previewer.error?.message}</FormError>
      </section>
      <FirstMessageFields draft={first} {...recipients(preview, draft.totalRows)} onChange={setFirst} />
      <FormError>{start.error?.message}</FormError>
      {!problem && blocker ? <p className="text-sm text-yellow-300">{blocker}</p> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={begin} disabled={Boolean(blocker) || start.isPending}>
          {start.isPending ? "Starting…" : `Import ${draft.totalRows.toLocaleString("en-US")} ${draft.totalRows === 1 ? "row" : "rows"}`}
        </Button>
      </div>
    </div>
  );
}
