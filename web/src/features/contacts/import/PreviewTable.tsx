import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatPhone } from "@/lib/format";
import type { PreviewRow } from "./importApi";

const OUTCOMES: Record<string, { label: string; tone: BadgeTone }> = {
  create: { label: "New contact", tone: "green" },
  update: { label: "Updates a contact", tone: "blue" },
  skip: { label: "Skipped", tone: "gray" },
  reject: { label: "Not imported", tone: "red" },
};

export function outcomeOf(outcome: string): { label: string; tone: BadgeTone } {
  return OUTCOMES[outcome] ?? { label: outcome, tone: "gray" };
}

/** The first rows of the file read through the mapping: what each will become, and why when not imported. */
export function PreviewTable({ rows, totalRows, loading }: { rows: PreviewRow[]; totalRows: number; loading: boolean }) {
  return (
    <div className="space-y-2" aria-busy={loading || undefined}>
      <div className="overflow-x-auto rounded-lg border border-line/60">
        <table className="w-full min-w-[32rem] text-sm" aria-label="Preview">
          <thead>
            <tr className="border-b border-line/60 bg-app/40 text-left text-xs font-medium uppercase tracking-wide text-fg-subtle">
              <th scope="col" className="w-14 px-3 py-2 font-medium">Row</th>
              <th scope="col" className="px-3 py-2 font-medium">Phone</th>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="px-3 py-2 font-medium">Becomes</th>
            </tr>
          </thead>
          <tbody className={loading ? "opacity-60" : undefined}>
            {rows.map((row) => {
              const outcome = outcomeOf(row.outcome);
              return (
                <tr key={row.rowNumber} data-testid="preview-row" data-outcome={row.outcome} className="border-b border-line/40 align-top last:border-0">
                  <td className="px-3 py-2 tabular text-fg-subtle">{row.rowNumber}</td>
                  <td className="px-3 py-2 tabular">{row.phone ? formatPhone(row.phone) : <span className="text-fg-subtle">—</span>}</td>
                  <td className="max-w-[12rem] truncate px-3 py-2">{row.name ?? <span className="text-fg-subtle">—</span>}</td>
                  <td className="px-3 py-2">
                    <Badge tone={outcome.tone} className="normal-case">
                      {outcome.label}
                    </Badge>
                    {row.reason ? <p className="mt-1 text-xs text-fg-muted">{row.reason}</p> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-fg-subtle">
        The first {rows.length} of {totalRows.toLocaleString("en-US")} {totalRows === 1 ? "row" : "rows"}; row numbers count the header as row 1.
      </p>
    </div>
  );
}
