import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertCircle, LogIn } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { ApiError, api, unwrap } from "@/lib/api";
import { Logo } from "@/features/layout/Sidebar";
import { meKey, useMe } from "./session";

/** Only same-app paths are followed after login (no open redirect). */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** `onSigningIn` runs as the form is sent (App fetches the dashboard's code meanwhile). */
export function LoginPage({ onSigningIn }: { onSigningIn?: () => void }) {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const login = useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/login", { body: { email: email.trim(), password } })),
    onSuccess: (user) => {
      queryClient.setQueryData(meKey, user);
      void navigate(next, { replace: true });
    },
    meta: { silent: true },
  });

  if (me.isSuccess && !login.isPending) return <Navigate to={next} replace />;

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    onSigningIn?.();
    login.mutate();
  };
  const error = login.error instanceof ApiError ? login.error.message : login.error ? "Sign-in failed; try again" : null;

  return (
    <main className="flex min-h-full items-center justify-center bg-[radial-gradient(ellipse_at_top,rgba(34,211,238,0.12),transparent_60%)] px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-center">
          <Logo />
        </div>
        <form onSubmit={onSubmit} className="card card-glow space-y-5 p-6" aria-labelledby="login-title" noValidate>
          <div>
            <h1 id="login-title" className="text-lg font-semibold">Sign in</h1>
            <p className="mt-1 text-sm text-fg-muted">Use the account your administrator created.</p>
          </div>
          {error ? (
            <div role="alert" className="flex items-start gap-2 rounded-lg border border-red-500/40 bg-red-500/10 px-3 py-2.5 text-sm text-red-300">
              <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
              <span>{error}</span>
            </div>
          ) : null}
          <div className="space-y-1.5">
            <Label htmlFor="email">Email</Label>
            <Input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="password">Password</Label>
            <Input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <Button type="submit" className="w-full" disabled={login.isPending || !email || !password}>
            <LogIn aria-hidden="true" />
            {login.isPending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </div>
    </main>
  );
}
