import { ArrowDown, ArrowUp, ArrowUpDown, Ban } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import { displayName, formatCount, formatPhone, fullDateTime, relativeTime } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { cn } from "@/lib/utils";
import type { ContactListItem } from "./api";
import { StatusDot, TagPills } from "./bits";
import { ariaSort, type ContactView, type SortKey } from "./query";

const COLUMNS: { key: SortKey | "tags"; label: string; className: string }[] = [
  { key: "name", label: "Name", className: "w-[20%] pl-5" },
  { key: "phone", label: "Phone", className: "w-[14%]" },
  { key: "bot", label: "Assigned bot", className: "w-[14%]" },
  { key: "status", label: "Status", className: "w-[11%]" },
  { key: "messages", label: "Messages", className: "w-[10%] text-right" },
  { key: "lastContact", label: "Last contact", className: "w-[13%]" },
  { key: "tags", label: "Tags", className: "pr-5" },
];

interface Props {
  rows: ContactListItem[];
  loading: boolean;
  view: ContactView;
  selectedId: string | undefined;
  onSort: (sort: SortKey) => void;
  onOpen: (id: string) => void;
}

function SortButton({ view, sort, label, onSort }: { view: ContactView; sort: SortKey; label: string; onSort: (s: SortKey) => void }) {
  const state = ariaSort(view, sort);
  const Icon = state === "ascending" ? ArrowUp : state === "descending" ? ArrowDown : ArrowUpDown;
  return (
    <button
      type="button"
      onClick={() => onSort(sort)}
      className={cn("inline-flex items-center gap-1 whitespace-nowrap rounded uppercase tracking-wide hover:text-fg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60", state !== "none" && "text-accent")}
    >
      {label}
      <Icon className={cn("size-3.5", state === "none" && "opacity-40")} aria-hidden="true" />
    </button>
  );
}

function Name({ row }: { row: ContactListItem }) {
  return (
    <span className="flex min-w-0 items-center gap-1.5">
      <span className="truncate font-semibold text-fg">{displayName(row.name, row.phone)}</span>
      {row.optedOut ? <Ban className="size-3.5 shrink-0 text-red-400" aria-label="Opted out" /> : null}
    </span>
  );
}

/** The contacts, a table from 768 px and cards below; a row (or card) opens the contact's panel. */
export function ContactsTable({ rows, loading, view, selectedId, onSort, onOpen }: Props) {
  const now = useNow();
  return (
    <>
      <table className="hidden w-full table-fixed text-sm md:table" aria-label="Contacts">
        <thead>
          <tr className="h-11 border-b border-line/60 text-left text-xs font-medium text-fg-subtle">
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={cn("px-3 font-medium", c.className)} aria-sort={c.key === "tags" ? undefined : ariaSort(view, c.key)}>
                {c.key === "tags" ? <span className="uppercase tracking-wide">{c.label}</span> : <SortButton view={view} sort={c.key} label={c.label} onSort={onSort} />}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {loading
            ? Array.from({ length: 8 }, (_, i) => (
                <tr key={i} className="h-14 border-b border-line/40">
                  {COLUMNS.map((c) => (
                    <td key={c.key} className={cn("px-3", c.className)}>
                      <Skeleton className="h-4 w-3/4" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid="contact-row"
                  data-contact-id={row.id}
                  aria-selected={row.id === selectedId}
                  onClick={() => onOpen(row.id)}
                  className={cn("h-14 cursor-pointer border-b border-line/40 transition-colors hover:bg-hover/60", row.id === selectedId && "bg-hover/40")}
                >
                  <td className="pl-5 pr-3">
                    <button type="button" className="block w-full min-w-0 rounded text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60" aria-label={`Open ${displayName(row.name, row.phone)}`} onClick={(e) => { e.stopPropagation(); onOpen(row.id); }}>
                      <Name row={row} />
                      {row.email ? <span className="block truncate text-xs text-fg-subtle">{row.email}</span> : null}
                    </button>
                  </td>
                  <td className="truncate px-3 tabular text-fg-muted">{formatPhone(row.phone)}</td>
                  <td className="truncate px-3 text-fg-muted">{row.botName ?? "—"}</td>
                  <td className="px-3"><StatusDot status={row.status} /></td>
                  <td className="px-3 text-right tabular">{formatCount(row.messageCount)}</td>
                  <td className="truncate px-3 text-fg-muted" title={fullDateTime(row.lastContact)}>{relativeTime(row.lastContact, now)}</td>
                  <td className="pl-3 pr-5"><TagPills tags={row.tags} /></td>
                </tr>
              ))}
        </tbody>
      </table>

      <ul className="divide-y divide-line/40 md:hidden" aria-label="Contacts">
        {loading
          ? Array.from({ length: 6 }, (_, i) => (
              <li key={i} className="space-y-2 p-4">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-3 w-56" />
              </li>
            ))
          : rows.map((row) => (
              <li key={row.id} data-testid="contact-card" data-contact-id={row.id}>
                <button type="button" onClick={() => onOpen(row.id)} className={cn("block w-full space-y-1.5 px-4 py-3 text-left hover:bg-hover/60 focus-visible:bg-hover/60 focus-visible:outline-none", row.id === selectedId && "bg-hover/40")}>
                  <span className="flex items-center justify-between gap-3">
                    <Name row={row} />
                    <span className="shrink-0 text-xs text-fg-subtle" title={fullDateTime(row.lastContact)}>{relativeTime(row.lastContact, now)}</span>
                  </span>
                  <span className="flex items-center justify-between gap-3 text-sm text-fg-muted">
                    <span className="truncate tabular">{formatPhone(row.phone)}</span>
                    <StatusDot status={row.status} className="text-xs" />
                  </span>
                  <span className="flex items-center justify-between gap-3 text-xs text-fg-subtle">
                    <span className="truncate">{row.botName ?? "No bot"} · {formatCount(row.messageCount)} {row.messageCount === 1 ? "message" : "messages"}</span>
                    <TagPills tags={row.tags} max={2} className="shrink-0 justify-end" empty={null} />
                  </span>
                </button>
              </li>
            ))}
      </ul>
    </>
  );
}
