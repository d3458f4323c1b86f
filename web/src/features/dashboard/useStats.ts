import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api";

export const statsKey = ["stats"] as const;

function timeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}

/** The four stat cards; "today" is the browser's day. Refreshed by live events and every minute. */
export function useStats() {
  const tz = timeZone();
  return useQuery({
    queryKey: [...statsKey, tz],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dashboard/stats", { params: { query: { timezone: tz } }, signal })),
    refetchInterval: 60_000,
    refetchOnMount: "always",
  });
}
