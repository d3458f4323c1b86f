import { Badge } from "@/components/ui/badge";
import { Switch } from "@/components/ui/switch";
import { Tooltip } from "@/components/ui/tooltip";
import type { Me } from "@/lib/api";
import { cn } from "@/lib/utils";
import { useBotActive } from "./api";
import { activeLabel, toggleRule, type Bot } from "./bots";

/**
 * The bot's active switch (all its routes at once) for admins; a badge for
 * agents; disabled, with the reason beside it, when it has no route.
 */
export function BotToggle({ bot, role }: { bot: Bot; role: Me["role"] | undefined }) {
  const toggle = useBotActive();
  const rule = toggleRule(bot, role);
  const pending = toggle.isPending && toggle.variables.id === bot.id;
  const checked = pending ? toggle.variables.active : bot.active;
  const label = pending ? (checked ? "Switching on…" : "Switching off…") : activeLabel(bot);

  if (rule.kind === "hidden") {
    return (
      <Badge tone={bot.active ? "green" : "gray"} data-testid="bot-status">
        {label}
      </Badge>
    );
  }

  const control = (
    <Switch
      checked={checked}
      disabled={rule.kind === "disabled" || pending}
      onCheckedChange={(active) => toggle.mutate({ id: bot.id, name: bot.name, active })}
      aria-label={`${bot.name} active`}
      aria-describedby={`bot-${bot.id}-toggle-hint`}
    />
  );

  return (
    <div className="flex shrink-0 items-center gap-2">
      <span className={cn("text-xs font-medium", checked ? "text-green-400" : "text-fg-subtle")} data-testid="bot-status">
        {label}
      </span>
      {rule.kind === "disabled" ? (
        <Tooltip content={rule.reason}>
          {/* A disabled button gets no hover or focus: the wrapper carries the explanation. */}
          <span tabIndex={0} className="rounded-full focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60">
            {control}
          </span>
        </Tooltip>
      ) : (
        control
      )}
      <span id={`bot-${bot.id}-toggle-hint`} className="sr-only">
        {rule.kind === "disabled" ? rule.reason : rule.hint}
      </span>
    </div>
  );
}
