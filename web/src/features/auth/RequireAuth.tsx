import { Navigate, useLocation } from "react-router";
import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "./session";

/** Renders its children only with a session; otherwise goes to /login (and back after). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div className="flex h-full items-center justify-center" aria-busy="true" aria-label="Loading">
        <Skeleton className="h-10 w-48" />
      </div>
    );
  }
  if (me.isError) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
