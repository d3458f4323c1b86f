import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api";
import { useActivity } from "@/lib/sse";
import { useRefetchSoon } from "@/lib/useRefetchSoon";
import { conversationsRoot } from "../keys";

export function traceKey(messageId: string) {
  return [...conversationsRoot, "trace", messageId] as const;
}

/**
 * A message's round trip (`GET /api/messages/{id}/trace`), read again when
 * something happens in its conversation (a reply, a status callback), so an
 * open tracer follows the text live.
 */
export function useTrace(messageId: string | null, contactId: string) {
  const key = traceKey(messageId ?? "");
  const refetchSoon = useRefetchSoon(key, 400);
  useActivity((event) => {
    if (messageId && event.data.contactId === contactId) refetchSoon();
  });
  return useQuery({
    queryKey: key,
    enabled: messageId !== null,
    queryFn: ({ signal }) => unwrap(api.GET("/api/messages/{id}/trace", { params: { path: { id: messageId ?? "" } }, signal })),
    // A failure is shown in the panel, with a way to try again.
    meta: { silent: true },
  });
}
