/** Sandbox mode's server state: whether it is on (the banner, the nav, Settings) and the phone simulator's handsets. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type SandboxView = Schemas["SandboxView"];
export type SandboxChange = Schemas["SandboxChange"];
export type Phone = Schemas["Phone"];
export type PhoneText = Schemas["PhoneText"];

export const sandboxKey = ["sandbox"] as const;
export const phoneKey = (number: string) => ["sandbox", "phone", number] as const;

/** Read by every page (the banner), so kept fresh but cheap. */
export function useSandbox() {
  return useQuery({
    queryKey: sandboxKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/sandbox", { signal })),
    staleTime: 30_000,
    meta: { silent: true },
  });
}

/** Nearly every page shows what the mode changes (numbers, routes, bots, conversations): all but the session is read again. */
function useModeChanged() {
  const queryClient = useQueryClient();
  return (view?: SandboxView) => {
    if (view) queryClient.setQueryData(sandboxKey, view);
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "me" });
  };
}

/** `PUT /api/sandbox` (admins): on/off, the failure share, after hours. */
export function useChangeSandbox() {
  const changed = useModeChanged();
  return useMutation({
    mutationFn: (change: SandboxChange) => unwrap(api.PUT("/api/sandbox", { body: change })),
    onSuccess: (view) => changed(view),
  });
}

/** `DELETE /api/sandbox/data` (admins). */
export function useRemoveSandboxData() {
  const changed = useModeChanged();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/sandbox/data")),
    onSuccess: () => changed(),
  });
}

/** A handset's screen; polled while shown, since the simulated phone is not on the live event stream. */
export function usePhone(number: string, enabled: boolean) {
  return useQuery({
    queryKey: phoneKey(number),
    queryFn: ({ signal }) => unwrap(api.GET("/api/sandbox/phone", { params: { query: { number } }, signal })),
    enabled,
    refetchInterval: 1000,
    meta: { silent: true },
  });
}

/** The customer texts the sandbox number. */
export function useSendText(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => unwrap(api.POST("/api/sandbox/texts", { body: { from: number, body } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: phoneKey(number) });
      void queryClient.invalidateQueries({ queryKey: sandboxKey });
    },
  });
}
