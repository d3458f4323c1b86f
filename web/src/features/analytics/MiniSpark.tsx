/** A stat card's figure per bucket over the range: a small area chart with a tooltip. */
import { useId } from "react";
import { Area, AreaChart, Tooltip, YAxis, type TooltipContentProps } from "recharts";

export interface SparkPoint {
  name: string;
  value: number | null;
}

type Format = (value: number | null) => string;

function SparkTip({ active, payload, format }: TooltipContentProps & { format: Format }) {
  const point = payload[0]?.payload as SparkPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-line bg-elevated px-2.5 py-1.5 text-xs text-fg shadow-lg">
      <p className="font-medium">{point.name}</p>
      <p className="tabular text-fg-muted">{format(point.value)}</p>
    </div>
  );
}

export default function MiniSpark({ points, color, label, format }: { points: SparkPoint[]; color: string; label: string; format: Format }) {
  const gradient = `spark-${useId().replace(/:/g, "")}`;
  // A line needs two points: a figure standing alone shows as a dot.
  const few = points.filter((p) => p.value !== null).length <= 2;
  return (
    <div role="img" aria-label={label} className="min-w-0" data-testid="stat-sparkline">
      <AreaChart responsive data={points} style={{ width: "100%", height: 44 }} margin={{ top: 4, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
        <defs>
          <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={color} stopOpacity={0.4} />
            <stop offset="100%" stopColor={color} stopOpacity={0} />
          </linearGradient>
        </defs>
        <YAxis hide domain={[0, (max: number) => (max > 0 ? max : 1)]} />
        <Tooltip content={(props) => <SparkTip {...props} format={format} />} cursor={{ stroke: "#475569" }} isAnimationActive={false} />
        <Area type="monotone" dataKey="value" stroke={color} strokeWidth={2} fill={`url(#${gradient})`} connectNulls dot={few ? { r: 2.5, fill: color, strokeWidth: 0 } : false} activeDot={{ r: 3 }} isAnimationActive={false} />
      </AreaChart>
    </div>
  );
}
