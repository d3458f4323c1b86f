import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Me } from "@/lib/api";

export const meKey = ["me"] as const;

/** The signed-in user; an error (401) means no session. */
export function useMe() {
  return useQuery<Me>({
    queryKey: meKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/auth/me", { signal })),
    staleTime: 5 * 60_000,
    retry: false,
    meta: { silent: true },
  });
}
