/** The Routing page's server state: the cached Twilio numbers, CloseBot's bots and sources, and the route changes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { MESSAGE_EVENTS } from "@/lib/events";
import { useActivity } from "@/lib/sse";
import { useRefetchSoon } from "@/lib/useRefetchSoon";

export type RouteBody = Schemas["RouteBody"];
export type NumberList = Schemas["NumberList"];

export const routesKey = ["routes"] as const;
export const numbersKey = ["twilio-numbers"] as const;
export const botsKey = ["bots"] as const;
export const sourcesKey = ["closebot-sources"] as const;

/** The account's numbers as last read from Twilio (the server caches them; its `error` says why a read failed). */
export function useNumbers() {
  return useQuery({
    queryKey: numbersKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/twilio/numbers", { signal })),
    staleTime: 60_000,
  });
}

/** Reads the numbers from Twilio again. */
export function useRefreshNumbers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.GET("/api/twilio/numbers", { params: { query: { refresh: true } } })),
    onSuccess: (list) => queryClient.setQueryData(numbersKey, list),
  });
}

/** CloseBot's bots merged with our routes; `error` says in words why CloseBot could not be asked. */
export function useBots() {
  return useQuery({
    queryKey: botsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/bots", { signal })),
    staleTime: 60_000,
  });
}

/** The agency's WebHook sources, read when the Add dialog opens. */
export function useSources(enabled: boolean) {
  return useQuery({
    queryKey: sourcesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/closebot/sources", { signal })),
    enabled,
    staleTime: 30_000,
  });
}

function useInvalidateRouting() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([routesKey, numbersKey, botsKey].map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** PUT /api/routes/{id}. `silent`: the caller shows the error beside its field instead of a toast. */
export function useUpdateRoute({ silent = false }: { silent?: boolean } = {}) {
  const invalidate = useInvalidateRouting();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RouteBody }) => unwrap(api.PUT("/api/routes/{id}", { params: { path: { id } }, body })),
    onSettled: invalidate,
    meta: { silent },
  });
}

export function useCreateRoute() {
  const invalidate = useInvalidateRouting();
  return useMutation({
    mutationFn: (body: RouteBody) => unwrap(api.POST("/api/routes", { body })),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export function useDeleteRoute() {
  const invalidate = useInvalidateRouting();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/routes/{id}", { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

/** Creates a WebHook source on CloseBot whose replies come here, and attaches the bot. */
export function useCreateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewSource"]) => unwrap(api.POST("/api/closebot/sources", { body })),
    onSuccess: () => Promise.all([sourcesKey, botsKey].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
    meta: { silent: true },
  });
}

/** Message and conversation counts follow live texts (one re-read per burst). */
export function useLiveRouteCounts() {
  const refetchSoon = useRefetchSoon(routesKey, 1500);
  useActivity((event) => {
    if (MESSAGE_EVENTS.includes(event.type) || event.type === "new_lead") refetchSoon();
  });
}
