/** The Settings page's server state: settings, the connection check, numbers and the team. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap, type Schemas } from "@/lib/api";

export type SettingsView = Schemas["SettingsView"];
export type SettingsChange = Schemas["SettingsChange"];
export type ConnectionCheck = Schemas["ConnectionCheck"];
export type NumberList = Schemas["NumberList"];
export type NumberView = Schemas["NumberView"];
export type UserView = Schemas["UserView"];
export type Role = Schemas["Role"];

export const settingsKey = ["settings"] as const;
export const connectionKey = ["settings", "connection"] as const;
export const numbersKey = ["twilio-numbers"] as const;
export const teamKey = ["users"] as const;

/** A 403: the signed-in user is not (or no longer) an admin. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function useSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/settings", { signal })),
    meta: { silent: true },
  });
}

/** `PUT /api/settings`; errors are shown by the card that saved (silent here). */
export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: SettingsChange) => unwrap(api.PUT("/api/settings", { body: change })),
    onSuccess: (view, change) => {
      queryClient.setQueryData(settingsKey, view);
      if (change.twilio || change.closebot) {
        void queryClient.invalidateQueries({ queryKey: connectionKey });
        // Real credentials end sandbox mode.
        void queryClient.invalidateQueries({ queryKey: ["sandbox"] });
        if (change.twilio) void queryClient.invalidateQueries({ queryKey: numbersKey });
      }
      // The business's zone and dropped rule change every figure counted by day.
      if (change.business) {
        for (const queryKey of [["analytics"], ["stats"], ["bots"]]) void queryClient.invalidateQueries({ queryKey });
      }
    },
    onError: (error) => {
      // Someone set them in the environment meanwhile: show them as such.
      if (error instanceof ApiError && error.code === "managed_by_environment") void queryClient.invalidateQueries({ queryKey: settingsKey });
    },
    meta: { silent: true },
  });
}

/**
 * Both providers called with the saved credentials. Read as a query (it
 * changes nothing): it runs when the page opens with credentials saved, and
 * again after a save or a click on *Test connection*.
 */
export function useConnectionCheck(enabled: boolean) {
  return useQuery({
    queryKey: connectionKey,
    queryFn: ({ signal }) => unwrap(api.POST("/api/settings/test-connection", { signal })),
    enabled,
    staleTime: 60_000,
    retry: false,
    // Shown in the cards' status lines.
    meta: { silent: true },
  });
}

export function useNumbers(enabled: boolean) {
  return useQuery({
    queryKey: numbersKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/twilio/numbers", { signal })),
    enabled,
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export function useTeam() {
  return useQuery({
    queryKey: teamKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/users", { signal })),
    meta: { silent: true },
  });
}
