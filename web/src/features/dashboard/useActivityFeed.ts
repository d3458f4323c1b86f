import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "@/lib/api";
import type { ActivityEvent } from "@/lib/events";
import { useActivity } from "@/lib/sse";
import { FEED_SIZE, FEED_TYPES, addToFeed, fromStored, isFeedEvent } from "./activity";

const feedKey = ["events", "feed"] as const;

/** Recent activity (history, then live events on top); `fresh` holds the ids that arrived live. */
export function useActivityFeed() {
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<ReadonlySet<number>>(() => new Set());
  const feed = useQuery({
    queryKey: feedKey,
    queryFn: async ({ signal }) => {
      const stored = await unwrap(
        api.GET("/api/events", { params: { query: { limit: FEED_SIZE, type: FEED_TYPES.join(",") } }, signal }),
      );
      const history = stored.map(fromStored).filter((e): e is ActivityEvent => e !== null);
      // Live events newer than this answer (they arrived while it was out) stay.
      const newest = history[0]?.id ?? 0;
      const live = (queryClient.getQueryData<ActivityEvent[]>(feedKey) ?? []).filter((e) => e.id > newest);
      return live.reduce(addToFeed, history);
    },
    staleTime: 0,
  });

  useActivity((event) => {
    if (!isFeedEvent(event)) return;
    queryClient.setQueryData<ActivityEvent[]>(feedKey, (old) => addToFeed(old ?? [], event));
    setFresh((ids) => new Set(ids).add(event.id));
  });

  return { ...feed, fresh };
}
