import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { PreviewRow } from "./importApi";
import { KIND_LABELS, KINDS, MAX_FIELD_NAME, setFieldName, setKind, type Column, type ColumnKind } from "./mapping";

interface Props {
  headers: string[];
  columns: Column[];
  preview: PreviewRow[];
  onChange: (columns: Column[]) => void;
}

/** The first non-empty value of a column among the previewed rows, as an example. */
function sampleOf(preview: PreviewRow[], index: number): string {
  for (const row of preview) {
    const cell = row.cells[index]?.trim();
    if (cell) return cell;
  }
  return "";
}

/** One line per column of the file: its header, an example value, and what it becomes. */
export function ColumnMapping({ headers, columns, preview, onChange }: Props) {
  return (
    <div className="overflow-hidden rounded-lg border border-line/60">
      <div className="hidden grid-cols-[1fr_1fr_1.3fr] gap-3 border-b border-line/60 bg-app/40 px-3 py-2 text-xs font-medium uppercase tracking-wide text-fg-subtle sm:grid">
        <span>Column in the file</span>
        <span>Example</span>
        <span>Becomes</span>
      </div>
      <ul className="divide-y divide-line/40 sm:max-h-[26rem] sm:overflow-y-auto" aria-label="Column mapping">
        {headers.map((header, i) => {
          const column = columns[i] ?? { kind: "skip" };
          const label = header || `Column ${i + 1}`;
          return (
            <li key={i} data-testid="mapping-row" className="grid grid-cols-2 items-center gap-x-3 gap-y-1.5 px-3 py-2 sm:grid-cols-[1fr_1fr_1.3fr]">
              <span className="truncate text-sm font-medium" title={label}>
                {label}
              </span>
              <span className="truncate text-right text-xs text-fg-subtle sm:text-left" title={sampleOf(preview, i)}>
                {sampleOf(preview, i) || "—"}
              </span>
              <span className={cn("col-span-2 flex gap-2 sm:col-span-1", column.kind === "field" && "flex-col min-[480px]:flex-row")}>
                <Select
                  aria-label={`${label} becomes`}
                  className={cn("h-9 min-w-0", column.kind === "skip" && "text-fg-subtle")}
                  value={column.kind}
                  onChange={(e) => onChange(setKind(columns, headers, i, e.target.value as ColumnKind))}
                >
                  {KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {KIND_LABELS[kind]}
                    </option>
                  ))}
                </Select>
                {column.kind === "field" ? (
                  <Input aria-label={`${label}: field name`} className="h-9 min-w-0" maxLength={MAX_FIELD_NAME + 20} value={column.name} onChange={(e) => onChange(setFieldName(columns, i, e.target.value))} />
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
