import { FlaskConical, Smartphone, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { useChangeSandbox, useRemoveSandboxData, useSandbox, type SandboxView } from "@/features/simulator/api";
import { countOf } from "@/lib/format";
import { Field, Note, SettingsCard } from "./parts";
import { ToggleRow } from "./ToggleRow";

const FAILURE_SHARES = [0, 5, 10, 25, 50, 100];

/** What "Remove sandbox data" would delete, in words. */
export function describeData(data: SandboxView["data"]): string {
  if (data.routes + data.contacts + data.messages + data.jobs === 0) return "Nothing made in sandbox mode is left.";
  return `${countOf(data.routes, "route", "routes")}, ${countOf(data.contacts, "contact", "contacts")}, ${countOf(data.messages, "message", "messages")} and ${countOf(data.jobs, "waiting job", "waiting jobs")} were made in sandbox mode.`;
}

/** Settings → Sandbox: the switch, the simulated failure share, and removing what sandbox mode made. */
export function SandboxCard() {
  const sandbox = useSandbox();
  const change = useChangeSandbox();
  const remove = useRemoveSandboxData();
  const [confirming, setConfirming] = useState(false);
  const view = sandbox.data;
  if (!view) return null;
  const empty = view.data.routes + view.data.contacts + view.data.messages + view.data.jobs === 0;
  const shares = FAILURE_SHARES.includes(view.failurePercent) ? FAILURE_SHARES : [...FAILURE_SHARES, view.failurePercent].sort((a, b) => a - b);

  return (
    <SettingsCard
      id="sandbox"
      icon={FlaskConical}
      title="Sandbox"
      description="Try everything with a simulated Twilio and CloseBot inside the app: no real texts, no accounts needed."
      action={
        view.enabled ? (
          <Button asChild size="sm" variant="secondary">
            <Link to="/simulator">
              <Smartphone aria-hidden="true" /> Phone simulator
            </Link>
          </Button>
        ) : null
      }
    >
      <ToggleRow
        id="sandbox-mode"
        label="Sandbox mode"
        description={
          view.enabled
            ? "On: texts go to the phone simulator and a demo bot answers. Saving real Twilio or CloseBot credentials switches it off."
            : "Off: the app uses the Twilio and CloseBot credentials. Switching it on keeps them for later."
        }
        checked={view.enabled}
        onCheckedChange={(enabled) => change.mutate({ enabled })}
      />
      {view.forced ? <Note>Started with closebot-sms serve --sandbox: it is on again at the next start.</Note> : null}
      {view.enabled ? (
        <Field id="failure-share" label="Delivery failures" hint="The share of the app's texts the simulated Twilio fails as undeliverable (error 30006, landline or unreachable carrier).">
          <Select id="failure-share" value={view.failurePercent} onChange={(e) => change.mutate({ failurePercent: Number(e.target.value) })} className="max-w-40">
            {shares.map((p) => (
              <option key={p} value={p}>
                {p === 0 ? "None" : `${p}%`}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-line/50 pt-4">
        <p className="text-sm text-fg-muted" data-testid="sandbox-data">
          {describeData(view.data)}
        </p>
        <Button variant="secondary" size="sm" disabled={empty} onClick={() => setConfirming(true)}>
          <Trash2 aria-hidden="true" /> Remove sandbox data
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Remove sandbox data?"
        description={`${describeData(view.data)} They are deleted for good, with their counts on the dashboard.${view.enabled ? " Sandbox mode stays on and starts afresh with a new demo route." : ""} Real conversations are not touched.`}
        confirmLabel="Remove sandbox data"
        destructive
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      />
    </SettingsCard>
  );
}
