import { Navigate, useLocation } from "react-router";
import { Suspense, type ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "./session";

function Waiting() {
  return (
    <div className="flex h-full items-center justify-center" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-10 w-48" />
    </div>
  );
}

/**
 * Renders its children only with a session; otherwise goes to /login (and
 * back after). A user signed in with a password someone else chose sees
 * `changePassword` instead, on any page, until they have chosen their own.
 */
export function RequireAuth({ children, changePassword, fallback }: { children: ReactNode; changePassword?: ReactNode; fallback?: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Waiting />;
  if (me.isError) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword && changePassword) return <Suspense fallback={fallback ?? <Waiting />}>{changePassword}</Suspense>;
  return children;
}
