/** A bot's messages per day over the last 7 days (Recharts, in its own chunk). */
import { useId } from "react";
import { Area, AreaChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { SparkPoint } from "./bots";

function DayTip({ active, payload }: TooltipContentProps) {
  const point = payload[0]?.payload as SparkPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-line bg-elevated px-2.5 py-1.5 text-xs text-fg shadow-lg">
      <p className="font-medium">{point.label}</p>
      <p className="tabular text-fg-muted">
        {point.total} messages · {point.inbound} in, {point.outbound} out
      </p>
    </div>
  );
}

export default function Sparkline({ points, color, label }: { points: SparkPoint[]; color: string; label: string }) {
  const gradient = useId().replace(/:/g, "");
  const spoken = points.map((p) => `${p.label}: ${p.total}`).join(", ");
  return (
    <figure className="m-0" data-testid="bot-sparkline">
      <div role="img" aria-label={`${label}. ${spoken}`}>
        <AreaChart responsive data={points} style={{ width: "100%", height: 56 }} margin={{ top: 4, right: 4, bottom: 1, left: 4 }} accessibilityLayer={false}>
          <defs>
            <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={color} stopOpacity={0.45} />
              <stop offset="100%" stopColor={color} stopOpacity={0} />
            </linearGradient>
          </defs>
          <XAxis dataKey="label" hide />
          <YAxis hide domain={[0, (max: number) => Math.max(1, max)]} />
          <Tooltip content={DayTip} cursor={{ stroke: "#334155" }} isAnimationActive={false} />
          <Area type="monotone" dataKey="total" stroke={color} strokeWidth={2} fill={`url(#${gradient})`} isAnimationActive={false} dot={false} activeDot={{ r: 3 }} />
        </AreaChart>
      </div>
      <figcaption className="mt-0.5 flex justify-between text-[10px] text-fg-subtle" aria-hidden="true">
        <span>{points[0]?.label ?? ""}</span>
        <span>{points.at(-1)?.label ?? ""}</span>
      </figcaption>
    </figure>
  );
}
