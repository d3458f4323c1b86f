/** The Contacts page's server state: the list, one contact, edits and deletes, and the bot filter's choices. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, unwrap, type Schemas } from "@/lib/api";
import { useRoutes, routeLabel } from "@/lib/routes";
import { PAGE_SIZE, toApiQuery, type ContactView } from "./query";

export type ContactListItem = Schemas["ContactListItem"];
export type ContactDetail = Schemas["ContactDetail"];
export type ContactChange = Schemas["ContactChange"];

export const contactsRoot = ["contacts"] as const;
const listRoot = [...contactsRoot, "list"] as const;
export const detailKey = (id: string) => [...contactsRoot, "detail", id] as const;

export function useContactList(view: ContactView) {
  const query = { ...toApiQuery(view), page: view.page, limit: PAGE_SIZE };
  return useQuery({
    queryKey: [...listRoot, query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/contacts", { params: { query }, signal })),
    // The old page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: detailKey(id ?? ""),
    queryFn: ({ signal }) => unwrap(api.GET("/api/contacts/{id}", { params: { path: { id: id ?? "" } }, signal })),
    enabled: Boolean(id),
    meta: { silent: true },
  });
}

/** `PUT /api/contacts/{id}`; its errors are shown beside the fields (silent here). */
export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: ContactChange) => unwrap(api.PUT("/api/contacts/{id}", { params: { path: { id } }, body: change })),
    onSuccess: (detail) => {
      queryClient.setQueryData(detailKey(id), detail);
      void queryClient.invalidateQueries({ queryKey: listRoot });
    },
    meta: { silent: true },
  });
}

export function useDeleteContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/contacts/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: detailKey(id) });
      void queryClient.invalidateQueries({ queryKey: listRoot });
    },
    meta: { silent: true },
  });
}

/** Re-reads every contacts list (after an import). */
export function useRefreshContacts() {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: contactsRoot }), [queryClient]);
}

export interface BotChoice {
  value: string;
  label: string;
}

/**
 * The bot filter's choices: CloseBot's bots (a bot id selects all its
 * routes), then routes that name no bot id (selected by route id).
 */
export function useBotChoices(): BotChoice[] {
  const bots = useQuery({
    queryKey: ["bots"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/bots", { signal })),
    staleTime: 60_000,
    meta: { silent: true },
  });
  const routes = useRoutes();
  const choices: BotChoice[] = (bots.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }));
  for (const route of routes.data ?? []) {
    const botId = route.closebotBotId;
    const listed = Boolean(botId) && (bots.isPending || choices.some((c) => c.value === botId));
    if (!listed) choices.push({ value: route.id, label: routeLabel(route) });
  }
  return choices;
}
