import { Plus } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { RequireAdmin } from "@/features/auth/AdminOnly";
import { useRoutes } from "@/lib/routes";
import { AddRouteDialog } from "./AddRouteDialog";
import { BotsColumn, type RouteActions } from "./BotsColumn";
import { ColumnHeader } from "./ColumnHeader";
import { ConfigureDrawer } from "./ConfigureDrawer";
import { ConnectionLines, type Link } from "./ConnectionLines";
import { DeleteRouteDialog } from "./DeleteRouteDialog";
import { buildBots, buildNumbers, orderNumbers, type RouteItem } from "./model";
import { NumbersColumn } from "./NumbersColumn";
import { filterRouting, type ShowFilter } from "./search";
import { Toolbar } from "./Toolbar";
import { useBots, useLiveRouteCounts, useNumbers, useRefreshNumbers, useUpdateRoute } from "./useRouting";

/** /routing: Twilio numbers on the left, CloseBot bots and their routes on the right, lines between them. */
export default function RoutingPage() {
  return (
    <RequireAdmin page="Routing">
      <RoutingBoard />
    </RequireAdmin>
  );
}

function RoutingBoard() {
  const routes = useRoutes();
  const numbers = useNumbers();
  const bots = useBots();
  const refresh = useRefreshNumbers();
  const toggle = useUpdateRoute();
  useLiveRouteCounts();
  const [query, setQuery] = useState("");
  const [show, setShow] = useState<ShowFilter>("all");
  const [configuringId, setConfiguringId] = useState<string | null>(null);
  const [freshId, setFreshId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<RouteItem | null>(null);
  const [adding, setAdding] = useState<{ key: number; phone?: string; botId?: string | null } | null>(null);
  const [board, setBoard] = useState<HTMLDivElement | null>(null);
  // A route just added or saved lights up for a moment.
  useEffect(() => {
    if (freshId === null) return;
    const timer = setTimeout(() => setFreshId(null), 4000);
    return () => clearTimeout(timer);
  }, [freshId]);

  const routeList = useMemo(() => routes.data ?? [], [routes.data]);
  const allNumbers = useMemo(() => buildNumbers(numbers.data?.items ?? [], routeList), [numbers.data, routeList]);
  const allBots = useMemo(() => buildBots(bots.data?.items ?? [], routeList), [bots.data, routeList]);
  const shown = filterRouting(allNumbers, allBots, query, show);
  const shownNumbers = orderNumbers(shown.numbers, shown.bots);
  const links: Link[] = shown.bots.flatMap((b) =>
    b.routes.map((r) => ({ routeId: r.id, from: `number:${r.twilioNumber}`, to: `route:${r.id}`, active: r.active })),
  );
  const configuring = routeList.find((r) => r.id === configuringId) ?? null;
  const startAdding = (initial: { phone?: string; botId?: string | null } = {}) => setAdding({ key: Date.now(), ...initial });

  const actions: RouteActions = {
    togglingId: toggle.isPending ? toggle.variables.id : null,
    freshId,
    onToggle: (route, active) => toggle.mutate({ id: route.id, body: { active } }),
    onConfigure: (route) => setConfiguringId(route.id),
    onDelete: setDeleting,
    onAddForBot: (botId) => startAdding({ botId }),
  };

  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 p-4 md:p-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="text-xs text-fg-subtle">
            <ol className="flex items-center gap-1.5">
              <li>Routing</li>
              <li aria-hidden="true">/</li>
              <li aria-current="page" className="text-fg-muted">
                Phone Number Routing
              </li>
            </ol>
          </nav>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">Phone Number Routing</h1>
          <p className="mt-1 text-sm text-fg-muted">Which CloseBot bot answers each of your Twilio numbers, and when.</p>
        </div>
        <Button onClick={() => startAdding()}>
          <Plus />
          Add New Route
        </Button>
      </div>
      <Toolbar query={query} onQuery={setQuery} show={show} onShow={setShow} />
      <div ref={setBoard} className="relative grid gap-6 lg:grid-cols-[minmax(0,1fr)_6rem_minmax(0,1.35fr)] lg:gap-0">
        <NumbersColumn
          numbers={shownNumbers}
          total={allNumbers.length}
          loading={routes.isPending || (numbers.isPending && !numbers.isError)}
          fetchedAt={numbers.data?.fetchedAt ?? null}
          error={numbers.data?.error ?? (numbers.error ? numbers.error.message : null)}
          refreshing={refresh.isPending}
          onRefresh={() => refresh.mutate()}
          onRoute={(phone) => startAdding({ phone })}
        />
        <div className="hidden lg:block" aria-hidden="true">
          <ColumnHeader id="routing-heading" title="Routing" center />
        </div>
        <BotsColumn
          bots={shown.bots}
          total={allBots.length}
          loading={routes.isPending || (bots.isPending && !bots.isError)}
          error={bots.data?.error ?? (bots.error ? bots.error.message : null)}
          actions={actions}
        />
        <ConnectionLines container={board} links={links} />
      </div>
      <ConfigureDrawer
        route={configuring}
        onClose={() => setConfiguringId(null)}
        onSaved={(routeId) => {
          setConfiguringId(null);
          setFreshId(routeId);
        }}
        onDelete={setDeleting}
      />
      <DeleteRouteDialog
        route={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(route) => {
          setDeleting(null);
          if (configuringId === route.id) setConfiguringId(null);
        }}
      />
      {adding ? <AddRouteDialog key={adding.key} numbers={allNumbers} bots={allBots} initial={adding}
          onClose={() => setAdding(null)}
          onAdded={(routeId) => {
            setAdding(null);
            setFreshId(routeId);
          }}
        /> : null}
    </div>
  );
}
