import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, unwrap } from "@/lib/api";
import { Logo } from "@/features/layout/Sidebar";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { useMe } from "./session";

/** Shown instead of any page until someone signed in with a password chosen for them picks their own. */
export default function ChangePasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      void navigate("/login", { replace: true });
    },
  });
  return (
    <main className="flex min-h-full items-center justify-center bg-[radial-gradient(ellipse_at_top,rgba(34,211,238,0.12),transparent_60%)] px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-center">
          <Logo />
        </div>
        <section className="card card-glow space-y-5 p-6" aria-labelledby="change-title">
          <div>
            <h1 id="change-title" className="text-lg font-semibold">
              Choose your own password
            </h1>
            <p className="mt-1 text-sm text-fg-muted">
              {me.data?.email ? <span className="font-medium text-fg">{me.data.email}</span> : "You"} signed in with a password someone else chose. Pick one only you know to continue.
            </p>
          </div>
          <ChangePasswordForm currentLabel="Password you signed in with" />
          <button type="button" className="w-full text-center text-sm text-fg-muted hover:text-fg" onClick={() => logout.mutate()}>
            Sign out instead
          </button>
        </section>
      </div>
    </main>
  );
}
