import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api";

export const statsKey = ["stats"] as const;

/** The four stat cards; "today" is the business's day (Settings). Refreshed by live events and every minute. */
export function useStats() {
  return useQuery({
    queryKey: statsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/dashboard/stats", { signal })),
    refetchInterval: 60_000,
    refetchOnMount: "always",
  });
}
