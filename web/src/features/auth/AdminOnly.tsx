import { ShieldAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useMe } from "./session";

/** What an agent sees on an admin's page: a clear refusal, not a broken page. */
export function AdminsOnly({ page }: { page: string }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-10 text-center" data-testid="admins-only">
      <span className="flex size-12 items-center justify-center rounded-full bg-yellow-500/15 text-yellow-400">
        <ShieldAlert className="size-6" aria-hidden="true" />
      </span>
      <h1 className="text-2xl font-semibold">{page} is for admins only</h1>
      <p className="max-w-md text-fg-muted">Your account is an agent's: you work conversations. Ask an admin of your team if something here needs changing.</p>
      <Link className="text-accent hover:underline" to="/conversations">
        Go to conversations
      </Link>
    </div>
  );
}

/** Renders `children` for admins only; others get {@link AdminsOnly}, and the admin page's queries never run. */
export function RequireAdmin({ page, children }: { page: string; children: ReactNode }) {
  const me = useMe();
  if (me.data?.role !== "admin") return <AdminsOnly page={page} />;
  return children;
}
