import { CircleCheck, CircleMinus, CircleX, Clock, Loader2, RotateCw } from "lucide-react";
import { Fragment } from "react";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import {
  formatGap,
  hopError,
  hopFacts,
  hopName,
  messageLabel,
  reasonSentence,
  statusLabels,
  ZoneClock,
  type HopStatus,
  type MessageTrace,
  type TraceHop,
} from "./timeline";
import { useTrace } from "./useTrace";

const statusLook: Record<HopStatus, { icon: typeof CircleCheck; ring: string; text: string }> = {
  ok: { icon: CircleCheck, ring: "border-emerald-500/50 bg-emerald-500/15 text-emerald-400", text: "text-emerald-400" },
  failed: { icon: CircleX, ring: "border-red-500/50 bg-red-500/15 text-red-400", text: "text-red-400" },
  skipped: { icon: CircleMinus, ring: "border-slate-500/50 bg-slate-500/15 text-slate-300", text: "text-slate-300" },
  pending: { icon: Clock, ring: "border-amber-500/50 bg-amber-500/15 text-amber-300", text: "text-amber-300" },
};

interface TracePanelProps {
  /** The message traced; null keeps the panel closed. */
  messageId: string | null;
  contactId: string;
  /** Message bodies of the thread, to name the round trip's messages (shown as text). */
  bodies: ReadonlyMap<string, string>;
  onClose: () => void;
}

/** The round trip of one message, as a vertical timeline in a drawer (the whole screen on phones). */
export function TracePanel({ messageId, contactId, bodies, onClose }: TracePanelProps) {
  const trace = useTrace(messageId, contactId);
  const zone = trace.data?.timeZone;
  return (
    <Drawer
      open={messageId !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Message trace"
      subtitle={zone ? `Each step of the round trip · times in ${zone}` : "Each step of the round trip"}
    >
      {trace.isPending ? (
        <div className="space-y-4" aria-busy="true" aria-label="Loading the trace">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-5/6" />
          <Skeleton className="h-12 w-4/6" />
        </div>
      ) : trace.isError ? (
        <div role="alert" className="space-y-3 text-sm">
          <p className="text-red-300">The trace could not be loaded: {trace.error.message}</p>
          <Button variant="secondary" size="sm" onClick={() => void trace.refetch()}>
            <RotateCw /> Try again
          </Button>
        </div>
      ) : (
        <Timeline trace={trace.data} bodies={bodies} refreshing={trace.isFetching} />
      )}
    </Drawer>
  );
}

function Timeline({ trace, bodies, refreshing }: { trace: MessageTrace; bodies: ReadonlyMap<string, string>; refreshing: boolean }) {
  const clock = new ZoneClock(trace.timeZone);
  if (trace.hops.length === 0) {
    return <p className="text-sm text-fg-muted">No steps were recorded for this message: it was stored before tracing began.</p>;
  }
  const first = trace.hops[0]?.at ?? "";
  return (
    <div className="space-y-3">
      <p className="flex items-center gap-2 text-xs text-fg-subtle">
        {clock.date(first)}
        {refreshing ? <Loader2 className="size-3 animate-spin" aria-label="Updating" /> : null}
      </p>
      <ol aria-label="Round trip" className="relative">
        {trace.hops.map((hop, index) => {
          const previous = trace.hops[index - 1];
          const newMessage = previous?.messageId !== hop.messageId;
          return (
            <Fragment key={`${hop.messageId}-${index}`}>
              {newMessage ? (
                <MessageHeading trace={trace} messageId={hop.messageId} body={bodies.get(hop.messageId)} />
              ) : null}
              <HopItem hop={hop} clock={clock} previousAt={previous?.at} last={index === trace.hops.length - 1} />
            </Fragment>
          );
        })}
      </ol>
    </div>
  );
}

function MessageHeading({ trace, messageId, body }: { trace: MessageTrace; messageId: string; body: string | undefined }) {
  const message = trace.messages.find((m) => m.id === messageId);
  const asked = messageId === trace.messageId;
  return (
    <li className="mb-2 mt-1 list-none first:mt-0" data-testid="trace-message">
      <p className="text-xs font-semibold uppercase tracking-wide text-fg-muted">
        {messageLabel(message)}
        {asked ? (
          <>
            {" "}
            <span className="ml-1 normal-case tracking-normal text-accent">(this message)</span>
          </>
        ) : null}
      </p>
      {body ? <p className="mt-0.5 line-clamp-2 whitespace-pre-wrap break-words text-sm text-fg-subtle">{body}</p> : null}
    </li>
  );
}

function HopItem({ hop, clock, previousAt, last }: { hop: TraceHop; clock: ZoneClock; previousAt: string | undefined; last: boolean }) {
  const look = statusLook[hop.status];
  const facts = hopFacts(hop);
  const reason = reasonSentence(hop, clock);
  const error = hopError(hop);
  const gap = hop.sincePreviousMs;
  return (
    <li data-testid="trace-hop" data-kind={hop.kind} data-status={hop.status} className="relative flex list-none gap-3 pb-4">
      {last ? null : <span aria-hidden="true" className="absolute left-[0.9rem] top-8 h-[calc(100%-2rem)] w-px bg-line" />}
      <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-full border", look.ring)}>
        <look.icon className="size-4" aria-hidden="true" />
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-col gap-x-3 sm:flex-row sm:items-baseline sm:justify-between">
          <p className="font-medium text-fg">
            {hopName(hop)} <span className={cn("whitespace-nowrap text-xs font-normal", look.text)}>· {statusLabels[hop.status]}</span>
          </p>
          <p className="text-xs tabular-nums text-fg-subtle">
            <time dateTime={hop.at}>{previousAt ? clock.when(hop.at, previousAt) : clock.clock(hop.at)}</time>
            {gap !== null && gap !== undefined ? <span className="ml-2 text-fg-muted">{formatGap(gap)}</span> : null}
          </p>
        </div>
        {facts.length > 0 ? <p className="text-xs text-fg-muted">{facts.join(" · ")}</p> : null}
        {hop.twilioSid ? (
          <p className="break-all font-mono text-[11px] text-fg-subtle">
            <span className="sr-only">Twilio SID </span>
            {hop.twilioSid}
          </p>
        ) : null}
        {reason ? <p className={cn("mt-0.5 text-sm", look.text)}>{reason}</p> : null}
        {error ? <p className="mt-0.5 break-words text-sm text-red-300">{error}</p> : null}
        {hop.note ? <p className="mt-0.5 text-xs italic text-fg-subtle">{hop.note}</p> : null}
      </div>
    </li>
  );
}
