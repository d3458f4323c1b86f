/** Small pieces of the Contacts page: the status dot, tag pills. */
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import { DOT_CLASS, statusLabel, temperatureOf } from "./statuses";
import { tagTone } from "./tags";

const TEMPERATURE_WORDS = { hot: "hot lead", warm: "warm lead", cold: "cold lead", new: "new lead" } as const;

/** A coloured dot (red hot, orange warm, grey cold, blue new) and the status in words. */
export function StatusDot({ status, className }: { status: string; className?: string }) {
  const temperature = temperatureOf(status);
  return (
    <span className={cn("inline-flex items-center gap-2 whitespace-nowrap", className)} data-testid="status" data-status={status} title={`${statusLabel(status)} (${TEMPERATURE_WORDS[temperature]})`}>
      <span className={cn("size-2 shrink-0 rounded-full", DOT_CLASS[temperature])} aria-hidden="true" />
      <span>{statusLabel(status)}</span>
    </span>
  );
}

/** Tag pills, at most `max` of them then "+N". */
export function TagPills({ tags, max = 3, className, empty = "—" }: { tags: readonly string[]; max?: number; className?: string; empty?: string | null }) {
  if (tags.length === 0) return empty === null ? null : <span className="text-fg-subtle">{empty}</span>;
  const shown = tags.slice(0, max);
  const more = tags.length - shown.length;
  return (
    <span className={cn("flex flex-wrap items-center gap-1", className)}>
      {shown.map((t) => (
        <Badge key={t} tone={tagTone(t)} className="h-5 max-w-[10rem] px-2 normal-case">
          <span className="truncate">{t}</span>
        </Badge>
      ))}
      {more > 0 ? (
        <span className="text-xs text-fg-subtle" title={tags.slice(max).join(", ")}>
          +{more}
        </span>
      ) : null}
    </span>
  );
}
