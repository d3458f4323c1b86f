import { useVirtualizer } from "@tanstack/react-virtual";
import { Inbox, Loader2, SearchX } from "lucide-react";
import { useEffect, useLayoutEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { ConversationRow } from "@/lib/api";
import { useNow } from "@/lib/useNow";
import { ConversationListItem, ROW_HEIGHT } from "./ConversationListItem";

interface Props {
  rows: ConversationRow[];
  total: number;
  loading: boolean;
  filtered: boolean;
  selectedId: string | undefined;
  hrefFor: (contactId: string) => string;
  flashes: ReadonlyMap<string, string>;
  hasNextPage: boolean;
  fetchingNextPage: boolean;
  fetchNextPage: () => void;
  onClearFilters: () => void;
}

/**
 * Virtualised rows of fixed height; the next page loads as the end comes into
 * view. When live rows arrive above, the rows being read stay where they are.
 */
export function ConversationList(props: Props) {
  const { rows, loading, hasNextPage, fetchingNextPage, fetchNextPage } = props;
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ key: string; index: number } | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read on every render by design
  const virtualizer = useVirtualizer({
    count: rows.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !fetchingNextPage && lastIndex >= rows.length - 1) fetchNextPage();
  }, [hasNextPage, fetchingNextPage, lastIndex, rows.length, fetchNextPage]);

  // Keep the first visible row in place when rows are inserted above it.
  useLayoutEffect(() => {
    const el = scroller.current;
    const previous = anchor.current;
    if (el && previous && el.scrollTop > 0) {
      const index = rows.findIndex((r) => r.contactId === previous.key);
      if (index > previous.index) el.scrollTop += (index - previous.index) * ROW_HEIGHT;
    }
    const first = el ? Math.floor(el.scrollTop / ROW_HEIGHT) : 0;
    const row = rows[first];
    anchor.current = row ? { key: row.contactId, index: first } : null;
  }, [rows]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / ROW_HEIGHT);
    const row = rows[first];
    anchor.current = row ? { key: row.contactId, index: first } : null;
  };

  if (loading) {
    return (
      <div aria-busy="true" aria-label="Loading conversations">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} style={{ height: ROW_HEIGHT }} className="flex items-center gap-3 border-b border-line/40 px-4">
            <Skeleton className="size-10 rounded-full" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-3.5 w-1/2" />
              <Skeleton className="h-3 w-3/4" />
            </div>
          </div>
        ))}
      </div>
    );
  }

  if (rows.length === 0) {
    const Icon = props.filtered ? SearchX : Inbox;
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
        <Icon className="size-8 text-fg-subtle" aria-hidden="true" />
        <p className="font-medium">{props.filtered ? "No conversation matches" : "No conversations yet"}</p>
        <p className="text-sm text-fg-muted">
          {props.filtered ? "Try other words or fewer filters." : "When someone texts one of your Twilio numbers, the conversation appears here."}
        </p>
        {props.filtered ? (
          <Button variant="outline" size="sm" className="mt-2" onClick={props.onClearFilters}>
            Clear search and filters
          </Button>
        ) : null}
      </div>
    );
  }

  return (
    <div ref={scroller} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto" role="list" aria-label={`Conversations (${props.total})`}>
      <div style={{ height: virtualizer.getTotalSize() }} className="relative">
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <div key={row?.contactId ?? "loader"} role="listitem" className="absolute inset-x-0" style={{ top: item.start, height: ROW_HEIGHT }}>
              {row ? (
                <ConversationListItem
                  row={row}
                  href={props.hrefFor(row.contactId)}
                  selected={row.contactId === props.selectedId}
                  now={now}
                  flash={props.flashes.get(row.contactId) ?? null}
                />
              ) : (
                <div className="flex h-full items-center justify-center gap-2 text-sm text-fg-subtle">
                  <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Loading more…
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
