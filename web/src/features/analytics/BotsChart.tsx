import { Bar, BarChart, LabelList, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from "recharts";
import { botColor } from "@/features/bots/bots";
import { countOf, formatCount } from "@/lib/format";
import { ChartCard } from "./ChartCard";
import { botsTable, type BotsChart as Bots } from "./tables";

interface Row {
  id: string;
  name: string;
  conversations: number;
  messages: number;
  color: string;
}

function BotTip({ active, payload }: TooltipContentProps) {
  const row = payload[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="max-w-64 rounded-md border border-line bg-elevated px-3 py-2 text-xs text-fg shadow-lg">
      <p className="mb-0.5 break-words font-medium">{row.name}</p>
      <p className="tabular text-fg-muted">
        {countOf(row.conversations, "conversation", "conversations")} · {countOf(row.messages, "message", "messages")}
      </p>
    </div>
  );
}

const NAME_CHARS = 16;

/** A bot's name beside its bar, cut to fit; the full name on hover. */
function NameTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const name = typeof payload?.value === "string" ? payload.value : "";
  const short = name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
  return (
    <text x={Number(x ?? 0)} y={Number(y ?? 0)} dx={-6} dy={4} textAnchor="end" fill="#94a3b8" fontSize={12}>
      <title>{name}</title>
      {short}
    </text>
  );
}

function ColouredBar(props: BarShapeProps) {
  const row = props.payload as Row | undefined;
  return <Rectangle {...props} fill={row?.color ?? "#22d3ee"} radius={[0, 4, 4, 0]} />;
}

export function botsSummary(rows: readonly Row[]): string {
  if (rows.length === 0) return "Bar chart of conversations by bot: no conversations in this range.";
  return `Bar chart of conversations by bot: ${rows.map((r) => `${r.name} ${formatCount(r.conversations)}`).join(", ")}.`;
}

/** Horizontal bars, one colour per bot (the Bots page's colour for it). */
export function BotsChart({ bots, fileName }: { bots: Bots; fileName: string }) {
  const rows: Row[] = bots.items.map((b) => ({ id: b.botId, name: b.botName, conversations: b.conversations, messages: b.messages, color: botColor(b.botId).hex }));
  const height = Math.max(120, rows.length * 40 + 32);
  return (
    <ChartCard id="bots" title="Conversations by bot" description="Each conversation counts for the bot of its route" table={botsTable(bots)} fileName={fileName}>
      {rows.length === 0 ? (
        <p className="flex flex-1 items-center justify-center py-10 text-sm text-fg-muted">No bot had a conversation in this range.</p>
      ) : (
        <div role="img" aria-label={botsSummary(rows)} className="my-auto min-w-0">
          <BarChart responsive layout="vertical" data={rows} style={{ width: "100%", height }} margin={{ top: 4, right: 28, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <XAxis type="number" allowDecimals={false} stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} domain={[0, (max: number) => Math.max(1, max)]} />
            <YAxis type="category" dataKey="name" width={128} tickLine={false} axisLine={false} tick={NameTick} interval={0} />
            <Tooltip content={BotTip} cursor={{ fill: "rgba(45, 55, 72, 0.45)" }} isAnimationActive={false} />
            <Bar dataKey="conversations" barSize={20} shape={ColouredBar} isAnimationActive={false}>
              <LabelList dataKey="conversations" position="right" fill="#e2e8f0" fontSize={12} />
            </Bar>
          </BarChart>
        </div>
      )}
    </ChartCard>
  );
}
