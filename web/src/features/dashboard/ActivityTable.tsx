import { Activity, ArrowDownLeft, ArrowUpRight, Bot, User } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { Route } from "@/lib/api";
import type { ActivityEvent } from "@/lib/events";
import { displayName, formatPhone, fullDateTime, relativeTime } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { cn } from "@/lib/utils";
import { describe, feedRows, pillFor, type FeedRow } from "./activity";

function EventIcon({ event }: { event: ActivityEvent }) {
  const Icon =
    event.type === "message_in" ? ArrowDownLeft : event.type === "message_out" ? (event.data.source === "manual" ? User : ArrowUpRight) : event.type === "bot_resumed" ? Bot : Activity;
  return <Icon className="size-4 shrink-0 text-accent" aria-hidden="true" />;
}

function Row({ row, botName, fresh, now }: { row: FeedRow; botName: string | null; fresh: boolean; now: number }) {
  const navigate = useNavigate();
  const { event } = row;
  const href = `/conversations/${encodeURIComponent(event.data.contactId)}`;
  const pill = pillFor(row.state);
  const what = describe(event, row.newLead);
  return (
    <tr
      data-testid="activity-row"
      data-contact-id={event.data.contactId}
      data-state={row.state}
      data-new-lead={row.newLead || undefined}
      onClick={() => void navigate(href)}
      className={cn("h-14 cursor-pointer border-b border-line/40 transition-colors hover:bg-hover/60", fresh && "animate-row-in")}
    >
      <td className="px-4 sm:px-5">
        <Link to={href} className="block truncate font-medium text-fg outline-none hover:text-accent focus-visible:text-accent" onClick={(e) => e.stopPropagation()}>
          {formatPhone(event.data.phone)}
        </Link>
        {/* Phones have no Activity column: what happened goes under the number. */}
        <span className="block truncate text-xs text-fg-subtle md:hidden">
          {what.title}
          {what.body !== undefined ? ` “${what.body}”` : null}
        </span>
        {event.data.name ? <span className="hidden truncate text-xs text-fg-subtle md:block">{displayName(event.data.name, event.data.phone)}</span> : null}
      </td>
      <td className="hidden truncate px-3 text-fg-muted sm:table-cell">{botName ?? "—"}</td>
      <td className="hidden px-3 md:table-cell">
        <div className="flex min-w-0 items-center gap-2">
          <EventIcon event={event} />
          <span className="shrink-0 text-fg-muted">{what.title}</span>
          {what.body !== undefined ? <span className="truncate text-fg-subtle">“{what.body}”</span> : null}
        </div>
      </td>
      <td className="px-2 sm:px-3">
        <Badge tone={pill.tone}>{pill.label}</Badge>
      </td>
      <td className="whitespace-nowrap pl-2 pr-4 text-right text-xs text-fg-subtle sm:px-5" title={fullDateTime(event.createdAt)}>
        {relativeTime(event.createdAt, now)}
      </td>
    </tr>
  );
}

/** The real-time activity table: newest on top, rows of fixed height, live rows flash once. */
export function ActivityTable({ events, loading, fresh, routes }: { events: ActivityEvent[] | undefined; loading: boolean; fresh: ReadonlySet<number>; routes: Route[] | undefined }) {
  const now = useNow();
  const botOf = (event: ActivityEvent) =>
    event.data.botName ?? routes?.find((r) => r.id === event.routeId)?.botName ?? null;
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Real-time Activity</CardTitle>
        <span className="text-xs text-fg-subtle">Updates live</span>
      </CardHeader>
      <div className="overflow-x-auto">
        <table className="w-full table-fixed text-sm" aria-label="Real-time activity">
          <thead>
            <tr className="h-10 border-b border-line/60 text-left text-xs font-medium uppercase tracking-wide text-fg-subtle">
              <th scope="col" className="px-4 font-medium sm:w-[30%] sm:px-5 md:w-[22%]">SMS</th>
              <th scope="col" className="hidden px-3 font-medium sm:table-cell sm:w-[20%] md:w-[16%]">Bot Name</th>
              <th scope="col" className="hidden px-3 font-medium md:table-cell">Activity</th>
              <th scope="col" className="w-24 px-2 font-medium sm:w-32 sm:px-3">Status</th>
              <th scope="col" className="w-20 pl-2 pr-4 text-right font-medium sm:w-28 sm:px-5">Time</th>
            </tr>
          </thead>
          <tbody>
            {loading
              ? Array.from({ length: 6 }, (_, i) => (
                  <tr key={i} className="h-14 border-b border-line/40">
                    <td className="px-5"><Skeleton className="h-4 w-32" /></td>
                    <td className="hidden px-3 sm:table-cell"><Skeleton className="h-4 w-20" /></td>
                    <td className="hidden px-3 md:table-cell"><Skeleton className="h-4 w-48" /></td>
                    <td className="px-3"><Skeleton className="h-5 w-16 rounded-full" /></td>
                    <td className="px-5"><Skeleton className="ml-auto h-4 w-12" /></td>
                  </tr>
                ))
              : feedRows(events ?? []).map((row) => (
                  <Row key={row.event.id} row={row} botName={botOf(row.event)} fresh={fresh.has(row.event.id)} now={now} />
                ))}
          </tbody>
        </table>
        {!loading && events?.length === 0 ? (
          <div className="flex flex-col items-center gap-2 px-6 py-14 text-center">
            <Activity className="size-8 text-fg-subtle" aria-hidden="true" />
            <p className="font-medium">No activity yet</p>
            <p className="max-w-sm text-sm text-fg-muted">
              Texts to your Twilio numbers and the bot’s replies show up here the moment they happen.
            </p>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
