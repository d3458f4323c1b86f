import { Ban, Loader2, MessageSquareDashed } from "lucide-react";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useLocation } from "react-router";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { Contact, Route } from "@/lib/api";
import { useRoutes } from "@/lib/routes";
import { fullDateTime } from "@/lib/format";
import { Composer } from "./Composer";
import { MessageBubble } from "./MessageBubble";
import { ThreadHeader } from "./ThreadHeader";
import { TracePanel } from "./trace/TracePanel";
import { useThread } from "./useThread";

function OptedOutNotice({ contact }: { contact: Contact }) {
  const byTwilio = contact.optOutKeyword?.startsWith("twilio:");
  const how = byTwilio
    ? "Twilio reported this number as unsubscribed (error 21610)"
    : `The customer replied ${contact.optOutKeyword ? `“${contact.optOutKeyword.toUpperCase()}”` : "STOP"}`;
  const when = contact.optedOutAt ? ` on ${fullDateTime(contact.optedOutAt)}` : "";
  return (
    <div role="status" className="flex items-start gap-3 border-t border-line/60 bg-red-500/10 p-4 text-sm text-red-200">
      <Ban className="mt-0.5 size-4 shrink-0 text-red-400" aria-hidden="true" />
      <p>
        <strong className="font-semibold">Messaging is disabled: this contact opted out.</strong> {how}
        {when}. Nothing can be sent until they text START.
      </p>
    </div>
  );
}

/** The right panel: header, messages (older ones on demand), and the composer. */
export function ChatThread({ contactId, backHref }: { contactId: string; backHref: string }) {
  const thread = useThread(contactId);
  const routes = useRoutes();
  // "Send message" elsewhere (the contact panel) opens the thread ready to type.
  const location = useLocation();
  const compose = (location.state as { compose?: boolean } | null)?.compose === true;
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const previous = useRef<{ first: string | undefined; height: number }>({ first: undefined, height: 0 });
  const { messages, contact } = thread;
  const [traced, setTraced] = useState<string | null>(null);
  const bodies = useMemo(() => new Map(messages.map((m) => [m.id, m.body])), [messages]);
  const firstId = messages[0]?.id;
  const lastId = messages[messages.length - 1]?.id;

  // Older messages prepended: keep the view still. New ones appended: follow when at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const prev = previous.current;
    if (prev.first !== undefined && firstId !== prev.first && !stick.current) {
      el.scrollTop += el.scrollHeight - prev.height;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { first: firstId, height: el.scrollHeight };
  }, [firstId, lastId, messages.length]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  if (thread.isPending) {
    return (
      <div className="flex flex-1 flex-col gap-4 p-5" aria-busy="true" aria-label="Loading conversation">
        <Skeleton className="h-10 w-64" />
        <Skeleton className="h-12 w-2/3" />
        <Skeleton className="ml-auto h-12 w-1/2" />
        <Skeleton className="h-12 w-3/5" />
      </div>
    );
  }
  if (thread.isError || !contact) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
        <MessageSquareDashed className="size-8 text-fg-subtle" aria-hidden="true" />
        <p className="font-medium">This conversation could not be opened</p>
        <p className="text-sm text-fg-muted">{thread.error?.message ?? "It may have been deleted."}</p>
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ThreadHeader
        contact={contact}
        botName={routeLabel(routes.data, contact.assignedRouteId)}
        backHref={backHref} onResume={() => thread.resume.mutate()} resuming={thread.resume.isPending} />
      <div ref={scroller} onScroll={onScroll} className="min-h-0 flex-1 space-y-3 overflow-y-auto px-3 py-4 md:px-6" aria-label="Messages" role="log">
        {thread.hasNextPage ? (
          <div className="flex justify-center">
            <Button variant="ghost" size="sm" onClick={() => void thread.fetchNextPage()} disabled={thread.isFetchingNextPage}>
              {thread.isFetchingNextPage ? <Loader2 className="animate-spin" /> : null}
              Load earlier messages
            </Button>
          </div>
        ) : null}
        {messages.length === 0 ? <p className="py-10 text-center text-sm text-fg-muted">No messages in this conversation yet.</p> : null}
        {messages.map((m) => (
          <MessageBubble key={m.id} message={m} contactName={contact.name} phone={contact.phone} onTrace={() => setTraced(m.id)} />
        ))}
      </div>
      <TracePanel messageId={traced} contactId={contactId} bodies={bodies} onClose={() => setTraced(null)} />
      {contact.optedOut ? (
        <OptedOutNotice contact={contact} />
      ) : (
        <Composer
          key={contactId}
          mode={contact.mode}
          autoFocus={compose}
          sending={thread.send.isPending}
          onSend={(body) => {
            stick.current = true;
            return thread.send.mutateAsync(body);
          }}
        />
      )}
    </div>
  );
}

/** The bot of the conversation's route; a route no longer listed was deleted (its messages stay). */
function routeLabel(routes: readonly Route[] | undefined, routeId: string | null | undefined): string | null {
  if (!routeId || !routes) return null;
  const route = routes.find((r) => r.id === routeId);
  return route ? (route.botName ?? null) : "Route deleted";
}
