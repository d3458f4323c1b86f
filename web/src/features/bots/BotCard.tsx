import { ChevronDown, Info } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import type { Me } from "@/lib/api";
import { formatCount, formatPhone, fullDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { BotDetails } from "./BotDetails";
import { BotToggle } from "./BotToggle";
import { botColor, conversionShown, lastActiveShown, type Bot } from "./bots";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-baseline justify-between gap-3 py-1.5">
      <dt className="shrink-0 text-xs text-fg-subtle">{label}</dt>
      <dd className="min-w-0 text-right text-sm text-fg">{children}</dd>
    </div>
  );
}

function Numbers({ bot, isAdmin }: { bot: Bot; isAdmin: boolean }) {
  if (bot.routes.length === 0) {
    // Routing is an admin's page.
    return isAdmin ? (
      <span className="text-xs text-fg-muted">
        None yet —{" "}
        <Link to="/routing" className="text-accent hover:underline">
          route one
        </Link>
      </span>
    ) : (
      <span className="text-xs text-fg-muted">None yet</span>
    );
  }
  return (
    <ul className="tabular space-y-0.5" aria-label={`Numbers of ${bot.name}`}>
      {bot.routes.map((r) => (
        <li key={r.id} className={cn("truncate", !r.active && "text-fg-subtle")}>
          {formatPhone(r.twilioNumber)}
          {r.active ? null : <span className="ml-1 text-xs">(paused)</span>}
        </li>
      ))}
    </ul>
  );
}

function Conversion({ bot }: { bot: Bot }) {
  const shown = conversionShown(bot.figures);
  return (
    <Tooltip content={shown.detail}>
      <span
        tabIndex={0}
        className="tabular inline-flex cursor-help items-center gap-1 rounded underline decoration-dotted decoration-fg-subtle underline-offset-4 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60"
        aria-label={`${shown.value === "—" ? "Unknown" : shown.value}: ${shown.detail}`}
        data-testid="bot-conversion"
      >
        {shown.value}
        <Info className="size-3 text-fg-subtle" aria-hidden="true" />
      </span>
    </Tooltip>
  );
}

/** One bot: coloured top border, name, active switch, numbers and figures; expands for its details. */
export function BotCard({ bot, role, now }: { bot: Bot; role: Me["role"] | undefined; now: number }) {
  const [open, setOpen] = useState(false);
  const color = botColor(bot.id);
  const detailsId = `bot-${bot.id}-details`;
  const last = bot.figures.lastActive;
  return (
    <article
      aria-label={bot.name}
      data-testid="bot-card"
      data-active={bot.active}
      data-color={color.name}
      className={cn("card relative flex min-w-0 flex-col overflow-hidden transition-opacity", !bot.active && "opacity-60 hover:opacity-90 focus-within:opacity-90")}
    >
      <div className={cn("h-1 bg-linear-to-r", color.border)} aria-hidden="true" />
      <div className="flex flex-1 flex-col px-4 pb-3 pt-4 sm:px-5">
        <header className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="truncate text-base font-bold text-fg" title={bot.name}>
              {bot.name}
            </h2>
            <div className="mt-1 flex flex-wrap gap-1.5">
              {bot.category ? <Badge tone="purple" className="normal-case">{bot.category}</Badge> : null}
              {bot.onlyInRoutes ? (
                <Badge tone="yellow" className="normal-case" title="CloseBot did not list this bot just now: shown from your routes, with this app's own figures">
                  From your routes
                </Badge>
              ) : null}
            </div>
          </div>
          <BotToggle bot={bot} role={role} />
        </header>
        <dl className="mt-3 divide-y divide-line/40 border-t border-line/40">
          <Row label={bot.routes.length > 1 ? "Twilio numbers" : "Twilio #"}>
            <Numbers bot={bot} isAdmin={role === "admin"} />
          </Row>
          <Row label="Messages">
            <span className="tabular" data-testid="bot-messages">{formatCount(bot.figures.messages)}</span>
          </Row>
          <Row label="Conversion">
            <Conversion bot={bot} />
          </Row>
          <Row label="Last active">
            <span title={last ? fullDateTime(last) : undefined} data-testid="bot-last-active">
              {lastActiveShown(last, now)}
            </span>
          </Row>
        </dl>
        {open ? <BotDetails id={detailsId} bot={bot} color={color} /> : null}
        <Button
          variant="ghost"
          size="sm"
          className="-mx-2 mt-auto self-start"
          aria-expanded={open}
          aria-label={`${open ? "Hide details" : "Details"} of ${bot.name}`}
          aria-controls={open ? detailsId : undefined}
          onClick={() => setOpen((o) => !o)}
        >
          <ChevronDown className={cn("transition-transform", open && "rotate-180")} aria-hidden="true" />
          {open ? "Hide details" : "Details"}
        </Button>
      </div>
    </article>
  );
}
