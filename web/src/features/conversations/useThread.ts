import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, unwrap } from "@/lib/api";
import { useActivity, useEventCounter } from "@/lib/sse";
import { useRefetchSoon } from "@/lib/useRefetchSoon";
import { threadKey } from "./keys";
import { appendMessage, applyToThread, setContact, threadMessages, type ThreadData } from "./liveThread";
import { usePatchRow } from "./useConversations";

/**
 * Tells the server the conversation was seen (clears its unread count): at
 * once, or, within a second of the last time, once at the end of that second.
 */
function useMarkRead(contactId: string) {
  const patchRow = usePatchRow();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  return () => {
    patchRow(contactId, { unreadCount: 0 });
    if (pending.current !== undefined) return;
    const send = () => {
      pending.current = undefined;
      last.current = Date.now();
      void unwrap(api.POST("/api/conversations/{contactId}/read", { params: { path: { contactId } } })).catch(() => undefined);
    };
    const wait = last.current + 1000 - Date.now();
    if (wait <= 0) send();
    else pending.current = setTimeout(send, wait);
  };
}

/** One conversation: its latest messages, older pages on demand, live updates, send and resume. */
export function useThread(contactId: string) {
  const queryClient = useQueryClient();
  const key = threadKey(contactId);
  const patchRow = usePatchRow();
  const markRead = useMarkRead(contactId);

  const refetchSoon = useRefetchSoon(key, 800);
  const eventsSeen = useEventCounter((e) => e.data.contactId === contactId);

  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam, signal }) => {
      const before = eventsSeen();
      const page = await unwrap(
        api.GET("/api/conversations/{contactId}", {
          params: { path: { contactId }, query: pageParam ? { before: pageParam } : {} },
          signal,
        }),
      );
      // An event of this conversation that arrived meanwhile may be missing from the answer.
      if (eventsSeen() !== before) refetchSoon();
      return page;
    },
    refetchOnMount: "always",
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.hasMore ? (page.messages[0]?.id ?? null) : null),
  });

  // Opening the conversation reads it; so does coming back to the browser tab.
  useEffect(() => {
    markRead();
    const onVisible = () => {
      if (document.visibilityState === "visible") markRead();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per conversation opened
  }, [contactId]);

  useActivity((event) => {
    if (event.data.contactId !== contactId) return;
    const old = queryClient.getQueryData<ThreadData>(key);
    const change = old ? applyToThread(old, event) : null;
    if (change) queryClient.setQueryData<ThreadData>(key, change.data);
    if (event.type === "message_in" && document.visibilityState === "visible") markRead();
    if (change?.refetch) refetchSoon();
  });

  const send = useMutation({
    mutationFn: (body: string) =>
      unwrap(api.POST("/api/conversations/{contactId}/send", { params: { path: { contactId } }, body: { body } })),
    onSuccess: (accepted) => {
      queryClient.setQueryData<ThreadData>(key, (old) => {
        if (!old) return old;
        const withMessage = appendMessage(old, accepted.message);
        const contact = withMessage.pages[0]?.contact;
        return contact ? setContact(withMessage, { ...contact, mode: accepted.mode }) : withMessage;
      });
      patchRow(contactId, { mode: accepted.mode, lastMessage: accepted.message.body, lastMessageAt: accepted.message.createdAt });
    },
  });

  const resume = useMutation({
    mutationFn: () => unwrap(api.POST("/api/conversations/{contactId}/resume-bot", { params: { path: { contactId } } })),
    onSuccess: (contact) => {
      queryClient.setQueryData<ThreadData>(key, (old) => (old ? setContact(old, contact) : old));
      patchRow(contactId, { mode: contact.mode });
    },
  });

  return {
    ...query,
    contact: query.data?.pages[0]?.contact,
    messages: threadMessages(query.data),
    send,
    resume,
  };
}
