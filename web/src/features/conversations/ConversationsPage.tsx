import { MessagesSquare } from "lucide-react";
import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { useRoutes } from "@/lib/routes";
import { cn } from "@/lib/utils";
import { ChatThread } from "./ChatThread";
import { ConversationList } from "./ConversationList";
import { FilterBar } from "./FilterBar";
import { EMPTY_FILTERS, filtersFromParams, filtersToParams, hasAnyFilter, type Filters } from "./filters";
import { useConversations } from "./useConversations";

/** Two panels: the conversation list (380 px) and the open thread; one at a time on phones. */
export default function ConversationsPage() {
  const { contactId } = useParams();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const list = useConversations(filters, contactId);
  const routes = useRoutes();
  const suffix = params.toString() ? `?${params.toString()}` : "";
  const hrefFor = (id: string) => `/conversations/${encodeURIComponent(id)}${suffix}`;
  const setFilters = (next: Filters) => setParams(filtersToParams(next, params), { replace: true });
  // Remounts the filter bar (and its search box) when everything is cleared from outside it.
  const [filterBarKey, setFilterBarKey] = useState(0);
  const clearAll = () => {
    setParams(filtersToParams(EMPTY_FILTERS, params), { replace: true });
    setFilterBarKey((k) => k + 1);
  };

  return (
    <div className="flex h-[calc(100dvh-4rem)] min-h-0">
      <section
        aria-label="Conversation list"
        className={cn("min-h-0 w-full flex-col border-r border-line/60 bg-panel/40 md:flex md:w-[380px] md:shrink-0", contactId ? "hidden" : "flex")}
      >
        <FilterBar key={filterBarKey} filters={filters} onChange={setFilters} routes={routes.data ?? []} />
        <ConversationList
          rows={list.rows}
          total={list.total}
          loading={list.isPending}
          filtered={hasAnyFilter(filters)}
          selectedId={contactId}
          hrefFor={hrefFor}
          flashes={list.flashes}
          hasNextPage={list.hasNextPage}
          fetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          onClearFilters={clearAll}
        />
      </section>
      <section aria-label="Conversation" className={cn("min-h-0 min-w-0 flex-1 flex-col", contactId ? "flex" : "hidden md:flex")}>
        {contactId ? (
          <ChatThread key={contactId} contactId={contactId} backHref={`/conversations${suffix}`} />
        ) : (
          <div className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
            <MessagesSquare className="size-10 text-fg-subtle" aria-hidden="true" />
            <p className="font-medium">Pick a conversation</p>
            <p className="max-w-sm text-sm text-fg-muted">Open a conversation to read it, reply by hand, or hand it back to the bot.</p>
          </div>
        )}
      </section>
    </div>
  );
}
