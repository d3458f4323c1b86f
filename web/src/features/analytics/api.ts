/** The Analytics page's server state: one overview request carries every card and chart. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { api, unwrap } from "@/lib/api";
import { browserZone, type RangeQuery } from "./range";
import type { Overview } from "./tables";

export const analyticsKey = ["analytics"] as const;

/** Every chart of the page, so the first paint needs this one request. */
export const INCLUDE = "messages,bots,outcomes,leaderboard";

/** While old messages are being counted, how often to ask again. */
export const PREPARING_POLL_MS = 2000;

export function useOverview(query: RangeQuery) {
  return useQuery({
    queryKey: [...analyticsKey, "overview", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/analytics/overview", { params: { query: { ...query, include: INCLUDE } }, signal })),
    staleTime: 30_000,
    // A new range keeps the old figures on screen (dimmed) until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.preparing ? PREPARING_POLL_MS : false),
    // Failures are shown on the page, with a way to try again.
    meta: { silent: true },
  });
}

const ZONE_KEY = "closebot-sms.businessTimeZone";

function remembered(): string {
  try {
    return globalThis.localStorage.getItem(ZONE_KEY) ?? browserZone();
  } catch {
    return browserZone();
  }
}

/**
 * The business's time zone as far as the page knows it: the one the last
 * answer named (remembered across visits), else the browser's as a first
 * guess. "Today" is computed in it; an answer naming another zone corrects it.
 */
export function useKnownZone(): [string, (zone: string) => void] {
  const [zone, setZone] = useState(remembered);
  const learn = useCallback((next: string) => {
    setZone(next);
    try {
      globalThis.localStorage.setItem(ZONE_KEY, next);
    } catch {
      // Private mode: known for this visit only.
    }
  }, []);
  return [zone, learn];
}

export type { Overview };
