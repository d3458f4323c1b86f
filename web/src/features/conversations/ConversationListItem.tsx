import { User } from "lucide-react";
import { Link } from "react-router";
import { Avatar } from "@/components/ui/avatar";
import type { ConversationRow } from "@/lib/api";
import { displayName, formatPhone, fullDateTime, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";

export const ROW_HEIGHT = 76;

/** One row of the list: avatar, name, phone, last message, time, unread badge. Fixed height. */
export function ConversationListItem({ row, href, selected, now, flash }: { row: ConversationRow; href: string; selected: boolean; now: number; flash: string | null }) {
  const name = displayName(row.name, row.phone);
  const unread = row.unreadCount > 0;
  return (
    <Link
      to={href}
      data-testid="conversation-row"
      data-contact-id={row.contactId}
      aria-current={selected ? "page" : undefined}
      aria-label={`${name}${unread ? `, ${row.unreadCount} unread` : ""}`}
      style={{ height: ROW_HEIGHT }}
      className={cn(
        "relative flex items-center gap-3 border-b border-l-2 border-b-line/40 px-4 outline-none transition-colors focus-visible:bg-hover",
        selected ? "border-l-accent bg-accent/[0.07]" : "border-l-transparent hover:bg-hover/60",
      )}
    >
      {flash ? <span key={flash} aria-hidden="true" className="animate-row-in pointer-events-none absolute inset-0" /> : null}
      <Avatar name={row.name} phone={row.phone} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <span className={cn("truncate text-sm", unread ? "font-semibold text-fg" : "font-medium text-fg")}>{name}</span>
          {row.lastMessageAt ? (
            <time dateTime={row.lastMessageAt} title={fullDateTime(row.lastMessageAt)} className={cn("shrink-0 text-xs", unread ? "text-accent" : "text-fg-subtle")}>
              {relativeTime(row.lastMessageAt, now)}
            </time>
          ) : null}
        </div>
        <div className="flex items-center gap-1.5 text-xs text-fg-subtle">
          {row.name ? <span className="truncate">{formatPhone(row.phone)}</span> : null}
          {row.mode === "human" ? (
            <span className="inline-flex items-center gap-0.5 text-yellow-400" title="A person is handling this conversation">
              <User className="size-3" aria-hidden="true" /> Human
            </span>
          ) : null}
          {row.optedOut ? <span className="text-red-400">Opted out</span> : null}
        </div>
        <div className="mt-0.5 flex items-center justify-between gap-2">
          <p className={cn("truncate text-xs", unread ? "text-fg" : "text-fg-muted")}>{row.lastMessage ?? "No messages yet"}</p>
          {unread ? (
            <span data-testid="unread-badge" className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-accent px-1.5 text-[11px] font-bold text-app">
              {row.unreadCount > 99 ? "99+" : row.unreadCount}
            </span>
          ) : null}
        </div>
      </div>
    </Link>
  );
}
