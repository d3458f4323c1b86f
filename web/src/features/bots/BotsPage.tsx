import { Bot as BotIcon, CheckCircle2, CloudOff, RefreshCw, X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useMe } from "@/features/auth/session";
import { countOf } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { useBots, useCreateBot, type BotCreated } from "./api";
import { BotCard } from "./BotCard";
import { isSortKey, searchBots, sortBots, type Bot, type SortKey } from "./bots";
import { BotsToolbar } from "./BotsToolbar";
import { CreateBotDialog } from "./CreateBotDialog";

function Banner({ tone, icon, children, testId }: { tone: "warning" | "success"; icon: ReactNode; children: ReactNode; testId: string }) {
  const colors = tone === "warning" ? "border-yellow-500/30 bg-yellow-500/10 text-yellow-100" : "border-green-500/30 bg-green-500/10 text-green-100";
  return (
    <div role={tone === "warning" ? "alert" : "status"} data-testid={testId} className={`flex items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm ${colors}`}>
      {icon}
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}

/** The server's words as a sentence: a full stop when they end without one. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function LoadingGrid() {
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3" aria-busy="true" aria-label="Loading bots">
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-56 w-full" />
      ))}
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-accent/10 text-accent">
        <BotIcon className="size-6" aria-hidden="true" />
      </span>
      {children}
    </div>
  );
}

function Grid({ bots, all, role, query, isAdmin }: { bots: Bot[]; all: number; role: "admin" | "agent" | undefined; query: string; isAdmin: boolean }) {
  const now = useNow();
  if (all === 0) {
    return (
      <Empty>
        <p className="font-medium">No bots yet</p>
        <p className="max-w-md text-sm text-fg-muted">{isAdmin ? "Create one with CloseBot's AI, or route a number to an existing bot." : "An admin creates bots and routes numbers to them."}</p>
      </Empty>
    );
  }
  if (bots.length === 0) {
    return (
      <Empty>
        <p className="font-medium">No bot matches “{query.trim()}”</p>
      </Empty>
    );
  }
  return (
    <div className="grid grid-cols-1 items-start gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="bot-grid">
      {bots.map((bot) => (
        <BotCard key={bot.id} bot={bot} role={role} now={now} />
      ))}
    </div>
  );
}

/** /bots: CloseBot's bots with our routes and figures; admins switch them and create new ones. */
export default function BotsPage() {
  const me = useMe();
  const role = me.data?.role;
  const isAdmin = role === "admin";
  const bots = useBots();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<BotCreated | null>(null);
  const create = useCreateBot((bot) => {
    setCreated(bot);
    toast.success(`${bot.name} created`);
  });
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  const sortParam = params.get("sort");
  const sort: SortKey = isSortKey(sortParam) ? sortParam : "name";

  const change = (key: string, value: string, fallback: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const items = bots.data?.items ?? [];
  const shown = sortBots(searchBots(items, query), sort);

  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 p-4 md:p-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Bot Management</h1>
        <p className="mt-1 text-sm text-fg-muted">
          {bots.data ? `${countOf(items.length, "bot", "bots")} · ` : ""}
          Your CloseBot bots, the numbers they answer and how they do.
        </p>
      </div>
      <BotsToolbar
        query={query}
        onQuery={(q) => change("q", q, "")}
        sort={sort}
        onSort={(s) => change("sort", s, "name")}
        onCreate={isAdmin ? () => setCreating(true) : null}
        creating={create.isPending}
      />
      {bots.data?.error ? (
        <Banner tone="warning" testId="bots-error" icon={<CloudOff className="mt-0.5 size-4 shrink-0 text-yellow-400" aria-hidden="true" />}>
          <p className="font-medium">CloseBot could not be asked for the bots just now.</p>
          <p className="mt-0.5 text-yellow-100/80">{sentence(bots.data.error)}</p>
          <p className="mt-0.5 text-yellow-100/80">Showing the bots your routes name, with this app's own figures.</p>
        </Banner>
      ) : null}
      {created ? (
        <Banner tone="success" testId="bot-created" icon={<CheckCircle2 className="mt-0.5 size-4 shrink-0 text-green-400" aria-hidden="true" />}>
          <div className="flex items-start gap-2">
            <p className="flex-1">
              <span className="font-medium">{created.name}</span> is ready. Route a Twilio number to it on the{" "}
              <Link to="/routing" className="font-medium text-accent hover:underline">
                Routing page
              </Link>{" "}
              to start texting.
            </p>
            <Button variant="ghost" size="icon-sm" className="-my-1" aria-label="Dismiss" onClick={() => setCreated(null)}>
              <X />
            </Button>
          </div>
        </Banner>
      ) : null}
      {bots.data ? (
        <Grid bots={shown} all={items.length} role={role} query={query} isAdmin={isAdmin} />
      ) : bots.isError ? (
        <div className="space-y-3">
          <Banner tone="warning" testId="bots-load-error" icon={<CloudOff className="mt-0.5 size-4 shrink-0 text-yellow-400" aria-hidden="true" />}>
            The bots could not be loaded: {bots.error.message}
          </Banner>
          <Button variant="secondary" onClick={() => void bots.refetch()}>
            <RefreshCw aria-hidden="true" /> Try again
          </Button>
        </div>
      ) : (
        <LoadingGrid />
      )}
      {isAdmin ? <CreateBotDialog open={creating} onOpenChange={setCreating} create={create} /> : null}
    </div>
  );
}
