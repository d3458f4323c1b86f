import { ArrowDownRight, ArrowUpRight, CalendarCheck, Minus, Smile, Timer, Users, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { countOf, formatCount, formatPercent } from "@/lib/format";
import { cn } from "@/lib/utils";
import { bookingSources, bucketName, changeShown, formatDuration, medianShown, rateShown, scoreShown, type Sense } from "./format";
import MiniSpark, { type SparkPoint } from "./MiniSpark";
import { datesOfRange, datesText, type Resolution } from "./range";
import type { Overview } from "./tables";

interface Look {
  /** Tailwind classes of the card's tinted background (plan §5E: red→pink, green, blue, purple). */
  tint: string;
  icon: string;
  spark: string;
}

const LOOKS: Record<"conversations" | "booking" | "response" | "csat", Look> = {
  conversations: { tint: "from-rose-500/20 via-pink-500/8 to-transparent", icon: "bg-rose-500/15 text-rose-300", spark: "#f472b6" },
  booking: { tint: "from-green-500/20 via-emerald-500/8 to-transparent", icon: "bg-green-500/15 text-green-300", spark: "#22c55e" },
  response: { tint: "from-blue-500/20 via-sky-500/8 to-transparent", icon: "bg-blue-500/15 text-blue-300", spark: "#3b82f6" },
  csat: { tint: "from-purple-500/20 via-fuchsia-500/8 to-transparent", icon: "bg-purple-500/15 text-purple-300", spark: "#a855f7" },
};

function Change({ change, sense, against }: { change: number | null; sense: Sense; against: string }) {
  const shown = changeShown(change, sense);
  const Arrow = shown.direction === "up" ? ArrowUpRight : shown.direction === "down" ? ArrowDownRight : Minus;
  const tone = shown.tone === "good" ? "bg-green-500/15 text-green-400" : shown.tone === "bad" ? "bg-red-500/15 text-red-400" : "bg-gray-500/15 text-fg-muted";
  return (
    <p className="flex min-w-0 items-center gap-2 text-xs text-fg-subtle">
      <span className={cn("tabular inline-flex shrink-0 items-center gap-0.5 rounded-full px-1.5 py-0.5 font-semibold", tone)} data-testid="stat-change" data-tone={shown.tone}>
        {shown.direction === null ? null : <Arrow className="size-3" aria-hidden="true" />}
        <span aria-hidden="true">{shown.text}</span>
        <span className="sr-only">{`${shown.spoken}${shown.tone === "neutral" ? "" : shown.tone === "good" ? " (better)" : " (worse)"}`}</span>
      </span>
      <span className="truncate">vs {against}</span>
    </p>
  );
}

interface CardProps {
  id: string;
  label: string;
  icon: LucideIcon;
  look: Look;
  value: string;
  change: number | null;
  sense: Sense;
  against: string;
  points: SparkPoint[];
  format: (value: number | null) => string;
  children: ReactNode;
}

function StatCard({ id, label, icon: Icon, look, value, change, sense, against, points, format, children }: CardProps) {
  const spoken = points.filter((p) => p.value !== null).length === 0 ? "no figures in this range" : points.map((p) => `${p.name}: ${format(p.value)}`).join(", ");
  return (
    <section aria-label={label} data-testid={`stat-${id}`} className={cn("card flex min-w-0 flex-col gap-2 bg-linear-to-br p-4 sm:p-5", look.tint)}>
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-sm font-medium text-fg-muted">{label}</h2>
        <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-lg", look.icon)}>
          <Icon className="size-4" aria-hidden="true" />
        </span>
      </div>
      <p className="tabular -mt-1 text-3xl font-bold tracking-tight text-fg" data-testid={`stat-${id}-value`}>
        {value}
      </p>
      <Change change={change} sense={sense} against={against} />
      <MiniSpark points={points} color={look.spark} label={`${label} per bucket: ${spoken}`} format={format} />
      <div className="mt-auto space-y-0.5 text-xs text-fg-muted" data-testid={`stat-${id}-detail`}>
        {children}
      </div>
    </section>
  );
}

/** The four cards: conversations, booking rate (and where bookings came from), bot response time, satisfaction. */
export function StatCards({ overview }: { overview: Overview }) {
  const { range, buckets, conversations, bookingRate, responseTime, csat } = overview;
  const resolution = range.resolution as Resolution;
  const against = datesText(datesOfRange({ start: range.previousStart, end: range.previousEnd, timeZone: range.timeZone }));
  const points = (series: readonly (number | null)[]): SparkPoint[] => buckets.map((b, i) => ({ name: bucketName(b.local, resolution), value: series[i] ?? null }));
  const count = (v: number | null) => formatCount(v ?? 0);
  const score = (v: number | null) => (v === null ? "No answers" : `${v.toFixed(1)}/5`);
  const conversationsCount = conversations.value ?? 0;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard id="conversations" label="Total Conversations" icon={Users} look={LOOKS.conversations} value={count(conversations.value)} change={conversations.change} sense="up-is-good" against={against} points={points(conversations.series)} format={count}>
        <p>Contacts with a message in the range</p>
      </StatCard>
      <StatCard id="booking-rate" label="Booking Rate" icon={CalendarCheck} look={LOOKS.booking} value={rateShown(bookingRate.value)} change={bookingRate.change} sense="up-is-good" against={against} points={points(bookingRate.series)} format={rateShown}>
        <p className="tabular">
          {countOf(bookingRate.bookings, "booking", "bookings")} ÷ {countOf(conversationsCount, "conversation", "conversations")}
        </p>
        <ul className="space-y-0.5">
          {bookingSources(bookingRate.sources).map((line) => (
            <li key={line} className="line-clamp-3 break-words text-fg-subtle" title={line} data-testid="booking-source">
              {line}
            </li>
          ))}
        </ul>
      </StatCard>
      <StatCard id="response-time" label="Avg Response Time" icon={Timer} look={LOOKS.response} value={formatDuration(responseTime.value)} change={responseTime.change} sense="down-is-good" against={against} points={points(responseTime.series)} format={formatDuration}>
        <p className="tabular">
          {responseTime.medianMs === null ? "No bot reply to a waiting customer yet" : `Median ${medianShown(responseTime.medianMs)} · ${countOf(responseTime.responses, "reply", "replies")}`}
        </p>
      </StatCard>
      <StatCard id="csat" label="Customer Satisfaction" icon={Smile} look={LOOKS.csat} value={scoreShown(csat.value)} change={csat.change} sense="up-is-good" against={against} points={points(csat.series)} format={score}>
        <p className="tabular">
          {csat.value === null
            ? csat.surveysSent > 0
              ? `No answers yet to ${countOf(csat.surveysSent, "survey", "surveys")} sent`
              : "No survey answered in this range"
            : `${countOf(csat.responses, "answer", "answers")} · ${csat.responseRate === null ? "—" : formatPercent(csat.responseRate)} response rate`}
        </p>
        {csat.value === null && csat.surveysSent === 0 ? <p className="text-fg-subtle">Our own SMS survey: switch it on per route in Routing → Configure.</p> : null}
      </StatCard>
    </div>
  );
}
