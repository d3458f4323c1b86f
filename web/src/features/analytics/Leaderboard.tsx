import { Bot, Trophy } from "lucide-react";
import type { ReactNode } from "react";
import { botColor } from "@/features/bots/bots";
import { formatCount } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ChartCard } from "./ChartCard";
import { formatDuration, medianShown, rateShown } from "./format";
import { csatCell, leaderboardTable, type Leaderboard as Board } from "./tables";

type Row = Board["items"][number];

const MEDALS = ["text-yellow-400", "text-slate-300", "text-orange-400"];

const th = "whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-fg-subtle";
const td = "tabular whitespace-nowrap px-3 py-2.5 text-right text-fg-muted";

function Rank({ rank }: { rank: number }) {
  return (
    <span className="inline-flex items-center gap-1.5 font-semibold text-fg">
      {rank <= 3 ? <Trophy className={cn("size-3.5", MEDALS[rank - 1])} aria-hidden="true" /> : <span className="w-3.5" aria-hidden="true" />}
      {rank}
    </span>
  );
}

function BotName({ row }: { row: Row }) {
  const color = botColor(row.botId);
  return (
    <span className="flex min-w-0 items-center gap-2">
      <span className="flex size-7 shrink-0 items-center justify-center rounded-md" style={{ background: `${color.hex}26`, color: color.hex }} aria-hidden="true">
        <Bot className="size-4" />
      </span>
      <span className="truncate" title={row.botName}>
        {row.botName}
      </span>
    </span>
  );
}

function BookingRate({ row }: { row: Row }) {
  return (
    <>
      <span className="font-semibold text-fg">{rateShown(row.bookingRate)}</span>
      {/* A real space, so the figures read "50% (2)", not "50%(2)". */}
      {row.bookingRate === null ? null : <> <span className="text-xs text-fg-subtle">({formatCount(row.bookings)})</span></>}
    </>
  );
}

const medianTitle = (row: Row) => (row.medianResponseMs === null ? undefined : `Median ${medianShown(row.medianResponseMs)}`);

/** From `sm` up: the ranking as a table. */
function BoardTable({ items }: { items: Row[] }) {
  return (
    <div className="-mx-4 hidden overflow-x-auto sm:-mx-5 sm:block" data-testid="leaderboard-scroll">
      <table className="w-full min-w-[640px] border-collapse text-sm">
        <caption className="sr-only">Bots ranked by booking rate</caption>
        <thead>
          <tr className="border-b border-line/50">
            <th scope="col" className={cn(th, "pl-4 text-left sm:pl-5")}>
              Rank
            </th>
            <th scope="col" className={cn(th, "text-left")}>
              Bot
            </th>
            {["Conversations", "Booking rate", "CSAT"].map((label) => (
              <th key={label} scope="col" className={cn(th, "text-right")}>
                {label}
              </th>
            ))}
            <th scope="col" className={cn(th, "pr-4 text-right sm:pr-5")}>
              Avg response time
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line/40">
          {items.map((r) => (
            <tr key={r.botId} className="hover:bg-hover/40">
              <td className="tabular px-3 py-2.5 pl-4 sm:pl-5">
                <Rank rank={r.rank} />
              </td>
              <th scope="row" className="max-w-64 px-3 py-2.5 text-left font-medium text-fg">
                <BotName row={r} />
              </th>
              <td className={td}>{formatCount(r.conversations)}</td>
              <td className={td}>
                <BookingRate row={r} />
              </td>
              <td className={td}>{csatCell(r.csatAverage, r.csatResponses)}</td>
              <td className={cn(td, "pr-4 sm:pr-5")} title={medianTitle(r)}>
                {formatDuration(r.averageResponseMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function figures(r: Row): [string, ReactNode][] {
  return [
    ["Conversations", formatCount(r.conversations)],
    ["Booking rate", <BookingRate key="rate" row={r} />],
    ["CSAT", csatCell(r.csatAverage, r.csatResponses)],
    ["Avg response", formatDuration(r.averageResponseMs)],
  ];
}

/** Below `sm`: one block per bot, its four figures in two columns (a 640 px table would only scroll). */
function BoardList({ items }: { items: Row[] }) {
  return (
    <ol className="-mx-4 divide-y divide-line/40 sm:hidden" aria-label="Bots ranked by booking rate" data-testid="leaderboard-list">
      {items.map((r) => (
        <li key={r.botId} className="space-y-2 px-4 py-3">
          <div className="flex min-w-0 items-center gap-3 text-sm font-medium text-fg">
            <Rank rank={r.rank} />
            <BotName row={r} />
          </div>
          <dl className="tabular grid grid-cols-2 gap-x-4 gap-y-1.5 pl-8 text-sm">
            {figures(r).map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-[11px] uppercase tracking-wide text-fg-subtle">{label}</dt>
                <dd className="truncate text-fg-muted">{value}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** The bots ranked by booking rate: rank, bot, conversations, booking rate, CSAT, average response time. */
export function Leaderboard({ leaderboard, fileName }: { leaderboard: Board; fileName: string }) {
  return (
    <ChartCard
      id="leaderboard"
      title="Top performing bots"
      description="Ranked by booking rate, then by conversations"
      table={leaderboardTable(leaderboard)}
      fileName={fileName}
      tableOnly
    >
      {leaderboard.items.length === 0 ? (
        <p className="py-8 text-center text-sm text-fg-muted">No bot had a conversation in this range.</p>
      ) : (
        <>
          <BoardTable items={leaderboard.items} />
          <BoardList items={leaderboard.items} />
        </>
      )}
    </ChartCard>
  );
}
