import { useInfiniteQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type ConversationRow } from "@/lib/api";
import { MESSAGE_EVENTS } from "@/lib/events";
import { useActivity, useEventCounter } from "@/lib/sse";
import { useRefetchSoon } from "@/lib/useRefetchSoon";
import { hasAnyFilter, toApiQuery, type Filters } from "./filters";
import { listRoot } from "./keys";
import { applyToList, flattenRows, patchRow, type ListData } from "./liveList";

export const PAGE_SIZE = 50;

export function listKey(filters: Filters): QueryKey {
  return [...listRoot, toApiQuery(filters)];
}

/** The conversation list for `filters`, paged, kept current by live events. */
export function useConversations(filters: Filters, openContactId: string | undefined) {
  const queryClient = useQueryClient();
  const key = listKey(filters);
  const refetchSoon = useRefetchSoon(key, 500);
  const messagesSeen = useEventCounter((e) => MESSAGE_EVENTS.includes(e.type));

  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam, signal }) => {
      const before = messagesSeen();
      const page = await unwrap(
        api.GET("/api/conversations", { params: { query: { ...toApiQuery(filters), page: pageParam, limit: PAGE_SIZE } }, signal }),
      );
      // A message that arrived while this was out may be missing from the answer.
      if (messagesSeen() !== before) refetchSoon();
      return page;
    },
    // Live events only patch the cache while this page is shown: re-read on every visit.
    refetchOnMount: "always",
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.limit < last.total ? last.page + 1 : undefined),
  });

  const canInsert = !hasAnyFilter(filters);
  // Rows that just got a live message, to flash once (value changes per event).
  const [flashes, setFlashes] = useState<ReadonlyMap<string, string>>(() => new Map());
  useActivity((event) => {
    if (MESSAGE_EVENTS.includes(event.type)) setFlashes((m) => new Map(m).set(event.data.contactId, String(event.id)));
    const old = queryClient.getQueryData<ListData>(key);
    // The open conversation stays read only while someone is looking at it.
    const seen = document.visibilityState === "visible" ? openContactId : undefined;
    const change = old ? applyToList(old, event, { openContactId: seen, canInsert }) : null;
    if (change) queryClient.setQueryData<ListData>(key, change.data);
    if (change?.refetch) refetchSoon();
  });

  return { ...query, rows: flattenRows(query.data), total: query.data?.pages[0]?.total ?? 0, flashes };
}

/** Patches a row in every cached list (after a send, a resume, or opening it). */
export function usePatchRow() {
  const queryClient = useQueryClient();
  return (contactId: string, patch: Partial<ConversationRow>) => {
    queryClient.setQueriesData<ListData>({ queryKey: listRoot }, (old) => (old ? patchRow(old, contactId, patch) : old));
  };
}
