import { MESSAGE_EVENTS } from "@/lib/events";
import { useRoutes } from "@/lib/routes";
import { useActivity } from "@/lib/sse";
import { useRefetchSoon } from "@/lib/useRefetchSoon";
import { ActivityTable } from "./ActivityTable";
import { StatCards } from "./StatCards";
import { useActivityFeed } from "./useActivityFeed";
import { statsKey, useStats } from "./useStats";

/** Refreshes the stat cards after live events, at most once a second. */
function useLiveStats() {
  const refetchSoon = useRefetchSoon(statsKey, 1000);
  useActivity((event) => {
    if (MESSAGE_EVENTS.includes(event.type) || event.type === "new_lead") refetchSoon();
  });
}

export function DashboardPage() {
  const stats = useStats();
  const feed = useActivityFeed();
  const routes = useRoutes();
  useLiveStats();
  return (
    <div className="mx-auto w-full max-w-7xl space-y-6 p-4 md:p-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <p className="mt-1 text-sm text-fg-muted">Your SMS bots at a glance, live.</p>
      </div>
      <StatCards stats={stats.data} loading={stats.isPending} error={stats.error ? stats.error.message : null} />
      <ActivityTable events={feed.data} loading={feed.isPending} fresh={feed.fresh} routes={routes.data} />
    </div>
  );
}
