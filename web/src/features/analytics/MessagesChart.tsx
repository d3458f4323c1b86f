import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatCount } from "@/lib/format";
import { ChartCard } from "./ChartCard";
import { bucketName, bucketTick } from "./format";
import type { Resolution } from "./range";
import { messagesTable, type MessagesChart as Messages, type Overview } from "./tables";

export const INBOUND = "#3b82f6";
export const OUTBOUND = "#22c55e";

interface Point {
  tick: string;
  name: string;
  inbound: number;
  outbound: number;
}

function PointTip({ active, payload }: TooltipContentProps) {
  const point = payload[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-line bg-elevated px-3 py-2 text-xs text-fg shadow-lg">
      <p className="mb-1 font-medium">{point.name}</p>
      <p className="tabular flex items-center gap-2 text-fg-muted">
        <span className="size-2 rounded-full" style={{ background: INBOUND }} aria-hidden="true" />
        Inbound <span className="ml-auto pl-3 font-semibold text-fg">{formatCount(point.inbound)}</span>
      </p>
      <p className="tabular flex items-center gap-2 text-fg-muted">
        <span className="size-2 rounded-full" style={{ background: OUTBOUND }} aria-hidden="true" />
        Outbound <span className="ml-auto pl-3 font-semibold text-fg">{formatCount(point.outbound)}</span>
      </p>
    </div>
  );
}

/** In words, for screen readers: the totals and the busiest bucket. */
export function messagesSummary(points: readonly Point[], totals: { inbound: number; outbound: number }, resolution: Resolution): string {
  const busiest = points.reduce<Point | null>((best, p) => (best === null || p.inbound + p.outbound > best.inbound + best.outbound ? p : best), null);
  const total = `${formatCount(totals.inbound)} inbound and ${formatCount(totals.outbound)} outbound messages`;
  if (!busiest || busiest.inbound + busiest.outbound === 0) return `Line chart of messages per ${resolution}: none in this range.`;
  return `Line chart of messages per ${resolution}: ${total} in all; the busiest ${resolution} was ${busiest.name} with ${formatCount(busiest.inbound + busiest.outbound)}.`;
}

function Legend({ inbound, outbound }: { inbound: number; outbound: number }) {
  return (
    <div className="mb-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-fg-muted" aria-hidden="true">
      <span className="flex items-center gap-1.5">
        <span className="h-0.5 w-4 rounded" style={{ background: INBOUND }} />
        Inbound <span className="tabular font-semibold text-fg">{formatCount(inbound)}</span>
      </span>
      <span className="flex items-center gap-1.5">
        <span className="h-0.5 w-4 rounded" style={{ background: OUTBOUND }} />
        Outbound <span className="tabular font-semibold text-fg">{formatCount(outbound)}</span>
      </span>
    </div>
  );
}

const AXIS = { stroke: "#64748b", fontSize: 11, tickLine: false, axisLine: false } as const;

/** Inbound vs outbound per bucket (hours for two days or less). */
export function MessagesChart({ overview, messages, fileName }: { overview: Overview; messages: Messages; fileName: string }) {
  const resolution = overview.range.resolution as Resolution;
  const manyDays = overview.buckets.length > 24;
  const points: Point[] = messages.points.map((p) => ({
    tick: resolution === "hour" && manyDays ? bucketName(p.local, "hour").replace(/^\w+, /, "") : bucketTick(p.local, resolution),
    name: bucketName(p.local, resolution),
    inbound: p.inbound,
    outbound: p.outbound,
  }));
  return (
    <ChartCard
      id="messages"
      title="Messages over time"
      description={`Inbound and outbound, per ${resolution} (${overview.range.timeZone} time)`}
      table={messagesTable(overview, messages)}
      fileName={fileName}
    >
      <Legend inbound={messages.inbound} outbound={messages.outbound} />
      <div role="img" aria-label={messagesSummary(points, messages, resolution)} className="min-w-0">
        <LineChart responsive data={points} style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#334155" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="tick" {...AXIS} minTickGap={24} />
          <YAxis allowDecimals={false} width={44} {...AXIS} domain={[0, (max: number) => Math.max(1, max)]} />
          <Tooltip content={PointTip} cursor={{ stroke: "#475569" }} isAnimationActive={false} />
          <Line type="monotone" dataKey="inbound" name="Inbound" stroke={INBOUND} strokeWidth={2} dot={false} activeDot={{ r: 4 }} isAnimationActive={false} />
          <Line type="monotone" dataKey="outbound" name="Outbound" stroke={OUTBOUND} strokeWidth={2} dot={false} activeDot={{ r: 4 }} isAnimationActive={false} />
        </LineChart>
      </div>
    </ChartCard>
  );
}
