import { Download, Table2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { buildCsv, downloadCsv } from "./csv";
import type { TableView } from "./tables";

/** A chart's numbers as an accessible table (scrolls inside its card). */
export function DataTable({ table, testId }: { table: TableView; testId?: string }) {
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-line/50" data-testid={testId}>
      <table className="w-full min-w-max border-collapse text-sm">
        <caption className="caption-top px-3 py-2 text-left text-xs text-fg-subtle">{table.caption}</caption>
        <thead className="sticky top-0 bg-elevated">
          <tr>
            {table.columns.map((c) => (
              <th key={c.label} scope="col" className={cn("whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-fg-subtle", c.numeric ? "text-right" : "text-left")}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line/40">
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="px-3 py-4 text-center text-fg-muted">
                Nothing in this range.
              </td>
            </tr>
          ) : (
            table.rows.map((row) => (
              <tr key={row.key} className="hover:bg-hover/40">
                {row.cells.map((cell, i) => {
                  const column = table.columns[i];
                  return i === 0 ? (
                    <th key={i} scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal text-fg">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className={cn("tabular whitespace-nowrap px-3 py-1.5 text-fg-muted", column?.numeric && "text-right")}>
                      {cell}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

// Below `sm` both buttons are icons only, so they stay on their card's title row.

/** Shows a chart's numbers instead of the chart (pressed) or the chart again. */
export function TableToggle({ pressed, onToggle }: { pressed: boolean; onToggle: () => void }) {
  return (
    <Button variant="ghost" size="sm" aria-pressed={pressed} title="Show the numbers as a table" className={cn("px-2 sm:px-3", pressed && "bg-accent/10 text-accent")} onClick={onToggle}>
      <Table2 aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">Table</span>
    </Button>
  );
}

export function CsvButton({ table, fileName, what }: { table: TableView; fileName: string; what: string }) {
  return (
    <Button variant="ghost" size="sm" className="px-2 sm:px-3" aria-label={`Download CSV of ${what}`} title="Download as CSV" onClick={() => downloadCsv(fileName, buildCsv(table.csvHeader, table.csvRows))}>
      <Download aria-hidden="true" />
      <span aria-hidden="true" className="hidden sm:inline">
        CSV
      </span>
    </Button>
  );
}

interface Props {
  id: string;
  title: string;
  description?: ReactNode;
  table: TableView;
  fileName: string;
  /** Shown below the chart or the table (a rule, a source). */
  footer?: ReactNode;
  /** Without a chart to switch from (the leaderboard is a table already). */
  tableOnly?: boolean;
  className?: string;
  children: ReactNode;
}

/** A chart in its card, with a "Table" switch showing its numbers and a CSV of them. */
export function ChartCard({ id, title, description, table, fileName, footer, tableOnly = false, className, children }: Props) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section aria-labelledby={`${id}-title`} data-testid={`chart-${id}`} className={cn("card flex min-w-0 flex-col", className)}>
      <header className="flex items-start justify-between gap-3 px-4 pt-4 sm:px-5">
        <div className="min-w-0">
          <h2 id={`${id}-title`} className="text-base font-semibold text-fg">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-fg-muted">{description}</p> : null}
        </div>
        <div className="-mr-2 flex shrink-0 items-center gap-1">
          {tableOnly ? null : <TableToggle pressed={asTable} onToggle={() => setAsTable((t) => !t)} />}
          <CsvButton table={table} fileName={fileName} what={title} />
        </div>
      </header>
      <div className="flex min-w-0 flex-1 flex-col px-4 pb-4 pt-3 sm:px-5">{asTable && !tableOnly ? <DataTable table={table} testId={`table-${id}`} /> : children}</div>
      {footer ? <footer className="border-t border-line/40 px-4 py-2.5 text-xs text-fg-subtle sm:px-5">{footer}</footer> : null}
    </section>
  );
}
