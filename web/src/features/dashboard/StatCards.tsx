import { CalendarCheck, Mail, MessagesSquare, TrendingUp, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { Tooltip } from "@/components/ui/tooltip";
import type { Stats } from "@/lib/api";
import { countOf, formatCount, formatPercent } from "@/lib/format";

function StatCard({ icon: Icon, label, value, hint, loading }: { icon: LucideIcon; label: string; value: ReactNode; hint: ReactNode; loading: boolean }) {
  return (
    <section aria-label={label} className="card card-glow flex min-h-36 flex-col gap-3 p-5">
      <span className="flex size-10 items-center justify-center rounded-lg bg-accent/10 text-accent">
        <Icon className="size-5" aria-hidden="true" />
      </span>
      <div>
        <h2 className="text-sm font-medium text-fg-muted">{label}</h2>
        <div className="tabular mt-1 h-9 text-3xl font-bold tracking-tight text-fg" data-testid={`stat-${label}`}>
          {loading ? <Skeleton className="h-8 w-20" /> : value}
        </div>
        <p className="mt-1 h-4 truncate text-xs text-fg-subtle">{loading ? null : hint}</p>
      </div>
    </section>
  );
}

function Unavailable({ reason }: { reason: string }) {
  return (
    <Tooltip content={reason}>
      <span tabIndex={0} aria-label={`Unavailable: ${reason}`} className="cursor-help text-fg-muted underline decoration-dotted decoration-fg-subtle underline-offset-8">
        —
      </span>
    </Tooltip>
  );
}

/** Active conversations, messages today, bookings (from CloseBot) and response rate. */
export function StatCards({ stats, loading, error }: { stats: Stats | undefined; loading: boolean; error: string | null }) {
  const missing = error ?? "Not loaded yet";
  const bookings = stats?.bookings;
  const rate = stats?.responseRate;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard
        icon={MessagesSquare}
        label="Active Conversations"
        loading={loading}
        value={stats ? formatCount(stats.activeConversations) : <Unavailable reason={missing} />}
        hint="Texted in the last 24 hours"
      />
      <StatCard
        icon={Mail}
        label="Messages Today"
        loading={loading}
        value={stats ? formatCount(stats.messagesToday) : <Unavailable reason={missing} />}
        hint="In and out since midnight"
      />
      <StatCard
        icon={CalendarCheck}
        label="Bookings Made"
        loading={loading}
        value={
          bookings?.value != null ? (
            formatCount(bookings.value)
          ) : (
            <Unavailable reason={bookings?.reason ?? (stats ? "CloseBot did not report bookings" : missing)} />
          )
        }
        hint="This month, from CloseBot"
      />
      <StatCard
        icon={TrendingUp}
        label="Response Rate"
        loading={loading}
        value={
          rate?.value != null ? (
            formatPercent(rate.value)
          ) : (
            <Unavailable reason={rate ? `No inbound texts in the last ${rate.windowDays} days` : missing} />
          )
        }
        hint={rate ? `${countOf(rate.botReplies, "bot reply", "bot replies")} / ${formatCount(rate.inbound)} inbound · ${countOf(rate.windowDays, "day", "days")}` : null}
      />
    </div>
  );
}
