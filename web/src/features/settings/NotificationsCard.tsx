import { Bell, Save } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import type { Schemas } from "@/lib/api";
import { useSaveSettings, useTeam } from "./api";
import { alertsChange, formFromView, isDirty, type AlertsForm } from "./alertsForm";
import { EmailAlertFields } from "./EmailAlertFields";
import { SettingsCard } from "./parts";
import { SmsAlertFields } from "./SmsAlertFields";
import { ToggleRow } from "./ToggleRow";

const KINDS: { key: keyof AlertsForm["kinds"]; label: string; description: string }[] = [
  { key: "deliveryFailures", label: "Delivery failures", description: "A text ends failed or undelivered." },
  { key: "newLeads", label: "New leads", description: "Someone texts one of your numbers for the first time." },
  { key: "optOuts", label: "Opt-outs", description: "A contact replies STOP." },
];

export function NotificationsCard({ saved }: { saved: Schemas["AlertsView"] }) {
  const [form, setForm] = useState(() => formFromView(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveSettings();
  const team = useTeam();
  const admins = (team.data ?? []).filter((u) => u.role === "admin").map((u) => u.email);
  const dirty = isDirty(form, saved);

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const checked = alertsChange(form);
    if (checked.error !== undefined) return setProblem(checked.error);
    setProblem(null);
    save.mutate(
      { alerts: checked.change },
      {
        onSuccess: (view) => {
          setForm(formFromView(view.alerts));
          toast.success("Notification settings saved");
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <SettingsCard id="alerts" icon={Bell} title="Notifications" description="Alerts about what needs a person; a burst arrives as one message.">
      <form onSubmit={onSubmit} className="space-y-5" noValidate aria-label="Notification settings">
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-fg-subtle">Alert me about</legend>
          {KINDS.map((k) => (
            <ToggleRow
              key={k.key}
              id={`kind-${k.key}`}
              label={k.label}
              description={k.description}
              checked={form.kinds[k.key]}
              onCheckedChange={(on) => setForm({ ...form, kinds: { ...form.kinds, [k.key]: on } })}
            />
          ))}
        </fieldset>
        <div className="space-y-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-fg-subtle">Send them by</p>
          <EmailAlertFields form={form} onChange={setForm} passwordSet={saved.smtpPasswordSet} admins={admins} dirty={dirty} />
          <SmsAlertFields form={form} onChange={setForm} />
        </div>
        <FormError>{problem}</FormError>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={!dirty || save.isPending}>
            <Save aria-hidden="true" />
            {save.isPending ? "Saving…" : "Save notifications"}
          </Button>
          {dirty ? <span className="text-xs text-fg-subtle">Unsaved changes</span> : null}
        </div>
      </form>
    </SettingsCard>
  );
}
