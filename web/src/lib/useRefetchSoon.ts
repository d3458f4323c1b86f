import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

/**
 * A function that re-reads the queries under `queryKey` after `delayMs`;
 * calls while one is pending are folded into it, so a burst of live events
 * costs one request.
 */
export function useRefetchSoon(queryKey: QueryKey, delayMs: number): () => void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void queryClient.invalidateQueries({ queryKey });
    }, delayMs);
  };
}
