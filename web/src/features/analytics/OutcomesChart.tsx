import type { ReactNode } from "react";
import { Pie, PieChart, Sector, Tooltip, type PieSectorShapeProps, type TooltipContentProps } from "recharts";
import { countOf, formatCount, formatPercent } from "@/lib/format";
import { ChartCard } from "./ChartCard";
import { OUTCOME_LABELS, outcomesTable, share, type Outcome, type OutcomesChart as Outcomes } from "./tables";

export const OUTCOME_COLORS: Record<Outcome, string> = {
  booked: "#22c55e",
  qualified: "#22d3ee",
  dropped: "#ef4444",
  pending: "#eab308",
};

interface Slice {
  outcome: Outcome;
  label: string;
  count: number;
  color: string;
  share: number | null;
}

function SliceTip({ active, payload }: TooltipContentProps) {
  const slice = payload[0]?.payload as Slice | undefined;
  if (!active || !slice) return null;
  return (
    <div className="rounded-md border border-line bg-elevated px-3 py-2 text-xs text-fg shadow-lg">
      <p className="font-medium">{slice.label}</p>
      <p className="tabular text-fg-muted">
        {countOf(slice.count, "conversation", "conversations")}
        {slice.share === null ? "" : ` · ${formatPercent(slice.share)}`}
      </p>
    </div>
  );
}

function ColouredSector(props: PieSectorShapeProps) {
  const slice = props.payload as Slice | undefined;
  return <Sector {...props} fill={slice?.color ?? "#64748b"} stroke="#0f1729" strokeWidth={2} />;
}

export function outcomesSummary(slices: readonly Slice[], total: number): string {
  if (total === 0) return "Donut chart of outcomes: no conversations in this range.";
  const parts = slices.map((s) => `${s.label} ${formatCount(s.count)}${s.share === null ? "" : ` (${formatPercent(s.share)})`}`);
  return `Donut chart of the outcomes of ${countOf(total, "conversation", "conversations")}: ${parts.join(", ")}.`;
}

/** Booked, qualified, dropped and pending, with the total in the centre and the rule for dropped. */
export function OutcomesChart({ outcomes, fileName, rule }: { outcomes: Outcomes; fileName: string; rule: ReactNode }) {
  const slices: Slice[] = outcomes.items.map((o) => ({
    outcome: o.outcome,
    label: OUTCOME_LABELS[o.outcome],
    count: o.count,
    color: OUTCOME_COLORS[o.outcome],
    share: share(o.count, outcomes.total),
  }));
  const drawn = slices.filter((s) => s.count > 0);
  return (
    <ChartCard id="outcomes" title="Outcome distribution" description="Where the range's conversations stand now" table={outcomesTable(outcomes)} fileName={fileName} footer={rule}>
      <div className="flex flex-1 flex-col items-center gap-4 sm:flex-row sm:justify-center">
        <div role="img" aria-label={outcomesSummary(slices, outcomes.total)} className="relative size-48 shrink-0">
          <PieChart responsive style={{ width: "100%", height: "100%" }} accessibilityLayer={false}>
            {drawn.length > 0 ? (
              <Pie data={drawn} dataKey="count" nameKey="label" innerRadius="64%" outerRadius="100%" paddingAngle={drawn.length > 1 ? 2 : 0} shape={ColouredSector} isAnimationActive={false} />
            ) : (
              <Pie data={[{ label: "None", count: 1, color: "#334155" }]} dataKey="count" innerRadius="64%" outerRadius="100%" shape={ColouredSector} isAnimationActive={false} />
            )}
            {drawn.length > 0 ? <Tooltip content={SliceTip} isAnimationActive={false} /> : null}
          </PieChart>
          <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center" aria-hidden="true">
            <span className="tabular text-3xl font-bold text-fg" data-testid="outcomes-total">
              {formatCount(outcomes.total)}
            </span>
            <span className="text-xs text-fg-muted">{outcomes.total === 1 ? "conversation" : "conversations"}</span>
          </div>
        </div>
        <ul className="grid w-full max-w-xs grid-cols-2 gap-2 sm:w-auto sm:grid-cols-1" aria-hidden="true">
          {slices.map((s) => (
            <li key={s.outcome} className="flex items-center gap-2 text-sm">
              <span className="size-2.5 shrink-0 rounded-full" style={{ background: s.color }} />
              <span className="text-fg-muted">{s.label}</span>
              <span className="tabular ml-auto pl-2 font-semibold text-fg">{formatCount(s.count)}</span>
              <span className="tabular w-11 text-right text-xs text-fg-subtle">{s.share === null ? "—" : formatPercent(s.share)}</span>
            </li>
          ))}
        </ul>
      </div>
    </ChartCard>
  );
}
