import { FlaskConical, Smartphone } from "lucide-react";
import { useState } from "react";
import { Link, useMatch } from "react-router";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useMe } from "@/features/auth/session";
import { useChangeSandbox, useSandbox } from "@/features/simulator/api";

/** On every page while sandbox mode is on: where texts go, the phone simulator, and (admins) the way out. */
export function SandboxBanner() {
  const sandbox = useSandbox();
  const me = useMe();
  const leave = useChangeSandbox();
  const [confirming, setConfirming] = useState(false);
  const onSimulator = useMatch("/simulator") !== null;
  if (!sandbox.data?.enabled) return null;
  return (
    <div
      role="region"
      aria-label="Sandbox mode"
      data-testid="sandbox-banner"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-amber-400/30 bg-amber-400/10 px-4 py-2 text-sm text-amber-100 md:px-6"
    >
      <p className="flex min-w-0 flex-1 items-center gap-2">
        <FlaskConical className="size-4 shrink-0 text-amber-300" aria-hidden="true" />
        <span>
          <strong className="font-semibold text-amber-200">Sandbox mode</strong> — texts go to a simulated phone, not real customers.
        </span>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {onSimulator ? null : (
          <Button asChild size="sm" variant="secondary">
            <Link to="/simulator">
              <Smartphone aria-hidden="true" /> Open phone simulator
            </Link>
          </Button>
        )}
        {me.data?.role === "admin" ? (
          <Button size="sm" variant="ghost" className="text-amber-100 hover:text-fg" onClick={() => setConfirming(true)}>
            Leave sandbox
          </Button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Leave sandbox mode?"
        description="Texts still waiting in the sandbox are canceled, never sent. The app then uses the Twilio and CloseBot credentials from Settings. Sandbox conversations stay until you remove them in Settings → Sandbox."
        confirmLabel="Leave sandbox"
        pending={leave.isPending}
        error={leave.error?.message}
        onConfirm={() => leave.mutate({ enabled: false }, { onSuccess: () => setConfirming(false) })}
      />
    </div>
  );
}
