import { ExternalLink } from "lucide-react";
import { lazy, Suspense } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { buttonVariants } from "@/components/ui/button";
import { countOf } from "@/lib/format";
import { cn } from "@/lib/utils";
import { conversionShown, editFlowUrl, sparkPoints, type Bot, type BotColor } from "./bots";

// Recharts comes with the first card opened, not with the page.
const Sparkline = lazy(() => import("./Sparkline"));

function Sources({ bot }: { bot: Bot }) {
  if (bot.sources.length === 0) {
    return (
      <p className="text-xs text-fg-muted">
        {bot.onlyInRoutes ? "Not known: CloseBot did not list this bot just now." : "None on CloseBot yet."}
      </p>
    );
  }
  return (
    <ul className="space-y-1" aria-label={`Sources of ${bot.name}`}>
      {bot.sources.map((s) => (
        <li key={s.id} className="flex min-w-0 items-center gap-2 text-sm">
          <span
            className={cn("size-2 shrink-0 rounded-full", s.enabled ? "bg-green-400 shadow-[0_0_6px_#22c55e]" : "bg-fg-subtle")}
            aria-hidden="true"
          />
          <span className="min-w-0 flex-1 truncate" title={s.name ?? s.id}>
            {s.name ?? s.id}
          </span>
          {s.category ? <span className="shrink-0 text-[11px] uppercase tracking-wide text-fg-subtle">{s.category}</span> : null}
          <span className="sr-only">{s.enabled ? "(enabled)" : "(disabled)"}</span>
        </li>
      ))}
    </ul>
  );
}

function Heading({ children }: { children: string }) {
  return <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-fg-subtle">{children}</h3>;
}

/** The expanded part of a card: connected sources, the last 7 days, where bookings come from, Edit flow. */
export function BotDetails({ id, bot, color }: { id: string; bot: Bot; color: BotColor }) {
  const points = sparkPoints(bot.figures.lastSevenDays);
  const week = points.reduce((sum, p) => sum + p.total, 0);
  return (
    <div id={id} className="mt-3 space-y-4 border-t border-line/40 pt-3" data-testid="bot-details">
      <section aria-label="Connected sources">
        <Heading>Connected sources</Heading>
        <Sources bot={bot} />
      </section>
      <section aria-label="Recent performance">
        <Heading>Recent performance</Heading>
        <p className="mb-1 text-xs text-fg-muted" data-testid="bot-week">
          {week === 0 ? "No messages in the last 7 days" : `${countOf(week, "message", "messages")} in the last 7 days`}
        </p>
        <Suspense fallback={<Skeleton className="h-14 w-full" />}>
          <Sparkline points={points} color={color.hex} label={`Messages per day over the last 7 days for ${bot.name}`} />
        </Suspense>
      </section>
      <p className="text-[11px] leading-4 text-fg-subtle" data-testid="bot-bookings-source">
        Conversion: {conversionShown(bot.figures).detail}
      </p>
      <a
        href={editFlowUrl(bot.id)}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={`Edit flow of ${bot.name} in CloseBot (opens a new tab)`}
        className={cn(buttonVariants({ variant: "outline", size: "sm" }), "w-full")}
      >
        <ExternalLink aria-hidden="true" /> Edit flow
      </a>
    </div>
  );
}
