import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMe } from "@/features/auth/session";
import { useNow } from "@/lib/useNow";
import { cn } from "@/lib/utils";
import { useKnownZone, useOverview } from "./api";
import { BotsChart } from "./BotsChart";
import { CsvButton, DataTable, TableToggle } from "./ChartCard";
import { csvFileName } from "./csv";
import { Leaderboard } from "./Leaderboard";
import { MessagesChart } from "./MessagesChart";
import { OutcomesChart } from "./OutcomesChart";
import { RangePicker, ResolutionSwitch } from "./RangePicker";
import {
  allowedResolutions,
  datesFor,
  datesOfRange,
  datesPhrase,
  dayCount,
  defaultResolution,
  localDate,
  queryFor,
  readResolution,
  readSelection,
  selectionLabel,
  withResolution,
  withSelection,
  type Resolution,
} from "./range";
import { StatCards } from "./StatCards";
import { EmptyView, ErrorView, LoadingView, PreparingBanner } from "./states";
import { trendsTable, type Overview } from "./tables";

/** The four cards, with their figures per bucket as a table and a CSV on demand. */
function Cards({ overview, fileName }: { overview: Overview; fileName: string }) {
  const [asTable, setAsTable] = useState(false);
  const table = trendsTable(overview);
  return (
    <section aria-labelledby="cards-title" className="space-y-3" data-testid="chart-cards">
      <div className="flex items-center justify-between gap-2">
        <h2 id="cards-title" className="text-xs font-semibold uppercase tracking-wide text-fg-subtle">
          Key figures
        </h2>
        <div className="-mr-2 flex items-center gap-1">
          <TableToggle pressed={asTable} onToggle={() => setAsTable((t) => !t)} />
          <CsvButton table={table} fileName={fileName} what="Key figures" />
        </div>
      </div>
      <StatCards overview={overview} />
      {asTable ? (
        <div className="card p-3">
          <DataTable table={table} testId="table-cards" />
        </div>
      ) : null}
    </section>
  );
}

function Figures({ overview, fileOf, isAdmin, when }: { overview: Overview; fileOf: (chart: string) => string; isAdmin: boolean; when: string }) {
  const { messages, bots, outcomes, leaderboard } = overview;
  const empty = messages ? messages.inbound + messages.outbound === 0 : (overview.conversations.value ?? 0) === 0;
  return (
    <>
      <Cards overview={overview} fileName={fileOf("key figures")} />
      {empty ? (
        <EmptyView when={when} />
      ) : (
        <>
          {messages ? <MessagesChart overview={overview} messages={messages} fileName={fileOf("messages")} /> : null}
          <div className="grid items-stretch gap-4 lg:grid-cols-2">
            {bots ? <BotsChart bots={bots} fileName={fileOf("conversations by bot")} /> : null}
            {outcomes ? (
              <OutcomesChart
                outcomes={outcomes}
                fileName={fileOf("outcomes")}
                rule={
                  <>
                    Dropped: closed, cold or opted out, or quiet for more than {outcomes.droppedAfterDays} {outcomes.droppedAfterDays === 1 ? "day" : "days"}.
                    {isAdmin ? (
                      <>
                        {" "}
                        <Link to="/settings#business" className="text-accent hover:underline">
                          Change in Settings
                        </Link>
                      </>
                    ) : null}
                  </>
                }
              />
            ) : null}
          </div>
          {leaderboard ? <Leaderboard leaderboard={leaderboard} fileName={fileOf("top bots")} /> : null}
        </>
      )}
    </>
  );
}

/** /analytics: every figure over a chosen range, counted in the business's time zone; one request paints it all. */
export default function AnalyticsPage() {
  const [params, setParams] = useSearchParams();
  const [zone, learnZone] = useKnownZone();
  const now = useNow(60_000);
  const isAdmin = useMe().data?.role === "admin";

  const today = localDate(zone, now);
  const selection = readSelection(params);
  const dates = datesFor(selection, today);
  const days = dayCount(dates);
  const chosen = readResolution(params, days);
  const overview = useOverview(queryFor(selection, dates, today, chosen));
  const data = overview.data;
  const fresh = data !== undefined && !overview.isPlaceholderData;
  const servedZone = fresh ? data.range.timeZone : null;

  // The answer names the business's zone: "today" follows it from now on.
  useEffect(() => {
    if (servedZone && servedZone !== zone) learnZone(servedZone);
  }, [servedZone, zone, learnZone]);

  const shown = fresh ? datesOfRange(data.range) : dates;
  const label = selectionLabel(selection, shown);
  const resolution = (fresh ? data.range.resolution : (chosen ?? defaultResolution(days))) as Resolution;
  const fileOf = (chart: string) => csvFileName(chart, shown.start, shown.end);
  const failed = overview.isError && !fresh;

  const update = (next: URLSearchParams) => setParams(next, { replace: true });

  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 p-4 md:p-6">
      <div className="flex flex-col gap-3 md:flex-row md:items-end md:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">Analytics</h1>
          <p className="mt-1 text-sm text-fg-muted">
            How your bots do over time, counted in <span className="text-fg">{servedZone ?? zone}</span> time
            {isAdmin ? (
              <>
                {" "}
                (
                <Link to="/settings#business" className="text-accent hover:underline">
                  change
                </Link>
                )
              </>
            ) : null}
            .
          </p>
        </div>
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <ResolutionSwitch allowed={allowedResolutions(days)} current={resolution} onChange={(r) => update(withResolution(params, r, days))} />
          <RangePicker selection={selection} dates={shown} label={label} today={today} zone={servedZone ?? zone} onChange={(s) => update(withSelection(params, s))} />
        </div>
      </div>
      {data?.preparing ? <PreparingBanner preparing={data.preparing} /> : null}
      {data && !failed ? (
        <div
          className={cn("space-y-4 transition-opacity", !fresh && "opacity-60")}
          aria-busy={!fresh}
          data-testid="analytics"
          data-range={`${shown.start}/${shown.end}`}
        >
          <Figures overview={data} fileOf={fileOf} isAdmin={isAdmin} when={datesPhrase(shown)} />
        </div>
      ) : failed ? (
        <ErrorView message={overview.error.message} onRetry={() => void overview.refetch()} retrying={overview.isFetching} />
      ) : (
        <LoadingView />
      )}
    </div>
  );
}
