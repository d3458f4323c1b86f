import { Bot, Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ColumnHeader } from "./ColumnHeader";
import { sourceLabel, type BotEntry, type RouteItem } from "./model";
import { RouteCard } from "./RouteCard";

export interface RouteActions {
  togglingId: string | null;
  /** Just added or saved: its card lights up. */
  freshId: string | null;
  onToggle: (route: RouteItem, active: boolean) => void;
  onConfigure: (route: RouteItem) => void;
  onDelete: (route: RouteItem) => void;
  onAddForBot: (botId: string | null) => void;
}

function BotCard({ bot, actions }: { bot: BotEntry; actions: RouteActions }) {
  return (
    <li data-testid="bot-card" className="card overflow-hidden">
      <div className="h-0.5 bg-gradient-to-r from-accent-purple via-accent-blue to-accent" aria-hidden="true" />
      <div className="p-4">
        <div className="flex items-start gap-3">
          <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-purple-500/15 text-purple-300">
            <Bot className="size-4" aria-hidden="true" />
          </span>
          <div className="min-w-0 flex-1">
            <h3 className="truncate font-semibold">{bot.name}</h3>
            <p className="truncate text-xs text-fg-muted">
              {bot.id === null
                ? "This route names no CloseBot bot id"
                : bot.onlyInRoutes
                  ? "Known from your routes; CloseBot did not list it just now"
                  : (bot.category ?? "CloseBot bot")}
            </p>
          </div>
        </div>
        {bot.sources.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={`Sources of ${bot.name}`}>
            {bot.sources.map((s) => (
              <li key={s.id}>
                <Badge tone={s.enabled ? "cyan" : "gray"} className="max-w-56 normal-case" title={s.enabled ? undefined : "Switched off on CloseBot"}>
                  <span className="uppercase">{s.category ?? "source"}</span>
                  <span className="truncate text-fg-muted">{s.name ?? s.id}</span>
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}
        {bot.routes.length > 0 ? (
          <ul className="mt-3 space-y-2" aria-label={`Routes of ${bot.name}`}>
            {bot.routes.map((r) => (
              <RouteCard
                key={r.id}
                route={r}
                source={sourceLabel(r, bot.sources)}
                toggling={actions.togglingId === r.id}
                fresh={actions.freshId === r.id}
                onToggle={(active) => actions.onToggle(r, active)}
                onConfigure={() => actions.onConfigure(r)}
                onDelete={() => actions.onDelete(r)}
              />
            ))}
          </ul>
        ) : (
          <div className="mt-3 flex items-center justify-between gap-2 rounded-lg border border-dashed border-line/70 px-3 py-2.5">
            <p className="text-xs text-fg-muted">No number is routed to this bot.</p>
            <Button variant="ghost" size="sm" onClick={() => actions.onAddForBot(bot.id)} aria-label={`Route a number to ${bot.name}`}>
              <Plus />
              Route a number
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

interface BotsColumnProps {
  bots: BotEntry[];
  total: number;
  loading: boolean;
  error: string | null;
  actions: RouteActions;
}

export function BotsColumn({ bots, total, loading, error, actions }: BotsColumnProps) {
  return (
    <section aria-labelledby="bots-heading" className="min-w-0 space-y-3">
      <ColumnHeader id="bots-heading" title="CloseBot Bots & Sources" count={total} note="Each route's number answers through its bot's source" />
      {error ? (
        <p role="status" className="rounded-lg border border-yellow-500/30 bg-yellow-500/10 px-3 py-2 text-sm text-yellow-200">
          {error}
        </p>
      ) : null}
      {loading ? (
        <div className="space-y-3">
          <Skeleton className="h-32" />
          <Skeleton className="h-32" />
        </div>
      ) : bots.length === 0 ? (
        <p className="card p-4 text-sm text-fg-muted">{total === 0 ? "No bots yet: create one in CloseBot, or add a route by hand." : "No bot matches."}</p>
      ) : (
        <ul className="space-y-4" aria-label="Bots">
          {bots.map((b) => (
            <BotCard key={b.key} bot={b} actions={actions} />
          ))}
        </ul>
      )}
    </section>
  );
}
