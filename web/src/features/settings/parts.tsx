/** Pieces every Settings card uses: the card frame, a labelled field, the status dot, notes. */
import { Info, Loader2, Save, Zap, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Label } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { ConnectionStatus } from "./credentials";

export function SettingsCard({
  id,
  icon: Icon,
  title,
  description,
  action,
  children,
  className,
}: {
  id: string;
  icon: LucideIcon;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Card className={cn("min-w-0", className)}>
      <section aria-labelledby={`${id}-title`}>
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-line/50 px-4 py-4 sm:px-5">
          <div className="flex min-w-0 items-start gap-3">
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-accent/10 text-accent">
              <Icon className="size-[18px]" aria-hidden="true" />
            </span>
            <div className="min-w-0">
              <h2 id={`${id}-title`} className="text-base font-semibold text-fg">
                {title}
              </h2>
              {description ? <p className="mt-0.5 text-sm text-fg-muted">{description}</p> : null}
            </div>
          </div>
          {action ? <div className="flex shrink-0 items-center gap-2">{action}</div> : null}
        </header>
        <div className="space-y-4 px-4 py-4 sm:px-5">{children}</div>
      </section>
    </Card>
  );
}

/** A label above its control, with an optional hint below and a badge beside the label. */
export function Field({
  id,
  label,
  hint,
  badge,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  badge?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("min-w-0 space-y-1.5", className)}>
      <div className="flex items-center gap-2">
        <Label htmlFor={id}>{label}</Label>
        {badge}
      </div>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-fg-subtle">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** "set" / "not set" beside a secret's label. */
export function SetBadge({ set }: { set: boolean }) {
  return (
    <Badge tone={set ? "green" : "gray"} className="h-5 normal-case">
      {set ? "set" : "not set"}
    </Badge>
  );
}

const dot: Record<ConnectionStatus["tone"], string> = {
  green: "bg-green-400 shadow-[0_0_8px_#22c55e]",
  red: "bg-red-400 shadow-[0_0_8px_#ef4444]",
  gray: "bg-fg-subtle",
  pending: "",
};

/** The connection's status: a dot and a word, the provider's answer below. */
export function StatusLine({ status, testId }: { status: ConnectionStatus; testId: string }) {
  return (
    <div data-testid={testId} data-tone={status.tone} className="rounded-lg border border-line/60 bg-app/40 px-3 py-2.5" role="status">
      <div className="flex items-center gap-2 text-sm font-medium">
        {status.tone === "pending" ? (
          <Loader2 className="size-3.5 animate-spin text-accent" aria-hidden="true" />
        ) : (
          <span className={cn("size-2.5 rounded-full", dot[status.tone])} aria-hidden="true" />
        )}
        <span className={cn(status.tone === "green" && "text-green-400", status.tone === "red" && "text-red-300")}>{status.label}</span>
      </div>
      {status.detail ? <p className="mt-1 break-words text-xs text-fg-muted">{status.detail}</p> : null}
    </div>
  );
}

/** A quiet note (e.g. "set in the environment"). */
export function Note({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "warning" }) {
  return (
    <p
      className={cn(
        "flex items-start gap-2 rounded-lg border px-3 py-2.5 text-sm",
        tone === "info" ? "border-accent/25 bg-accent/5 text-fg-muted" : "border-yellow-500/30 bg-yellow-500/10 text-yellow-200",
      )}
    >
      <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <span className="min-w-0">{children}</span>
    </p>
  );
}

/** A credentials card's Save (unless the environment holds the values) and Test connection. */
export function CredentialActions({
  locked,
  canSave,
  saving,
  canTest,
  testing,
  onTest,
}: {
  locked: boolean;
  canSave: boolean;
  saving: boolean;
  canTest: boolean;
  testing: boolean;
  onTest: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {locked ? null : (
        <Button type="submit" disabled={!canSave || saving}>
          <Save aria-hidden="true" />
          {saving ? "Saving…" : "Save"}
        </Button>
      )}
      <Button variant="outline" onClick={onTest} disabled={!canTest || testing}>
        <Zap aria-hidden="true" />
        Test connection
      </Button>
    </div>
  );
}
