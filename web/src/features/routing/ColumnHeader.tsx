import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/**
 * The heading row of a column of the Routing board; all three share its
 * height, so the cards start level. `action` sits right after the title,
 * away from the next column.
 */
export function ColumnHeader({ id, title, count, note, action, center = false }: { id: string; title: string; count?: number; note?: string; action?: ReactNode; center?: boolean }) {
  return (
    <div className={cn("flex min-h-12 flex-col", center && "items-center")}>
      <div className="flex h-8 items-center gap-1">
        <h2 id={id} className={cn("flex items-center gap-2 text-sm font-semibold uppercase tracking-wide text-fg-muted", center && "text-xs text-fg-subtle")}>
          {title}
          {count !== undefined ? <span className="tabular rounded-full bg-elevated px-2 py-0.5 text-xs text-fg-subtle">{count}</span> : null}
        </h2>
        {action}
      </div>
      {note ? <p className="truncate text-xs text-fg-subtle">{note}</p> : null}
    </div>
  );
}
