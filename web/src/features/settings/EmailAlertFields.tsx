import { useMutation } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api";
import { cn } from "@/lib/utils";
import { DEFAULT_PORT, type AlertsForm, type SmtpTls } from "./alertsForm";
import { secretPlaceholder } from "./credentials";
import { Field, SetBadge } from "./parts";
import { ToggleRow } from "./ToggleRow";

type Email = AlertsForm["email"];

const TLS_LABELS: Record<SmtpTls, string> = { starttls: "STARTTLS", tls: "TLS (implicit)", none: "None (unencrypted)" };

interface Props {
  form: AlertsForm;
  onChange: (form: AlertsForm) => void;
  passwordSet: boolean;
  admins: string[];
  /** Unsaved changes: the test would use the saved settings, not these. */
  dirty: boolean;
}

export function EmailAlertFields({ form, onChange, passwordSet, admins, dirty }: Props) {
  const email = form.email;
  const set = (patch: Partial<Email>) => onChange({ ...form, email: { ...email, ...patch } });
  const test = useMutation({
    mutationFn: () => unwrap(api.POST("/api/settings/alerts/test-email")),
  });
  const onTls = (tls: SmtpTls) => {
    // Follow the mode's usual port unless someone typed another one.
    const usual = Object.values(DEFAULT_PORT).map(String).includes(email.smtpPort.trim());
    set({ tls, ...(usual ? { smtpPort: String(DEFAULT_PORT[tls]) } : {}) });
  };

  return (
    <fieldset className="space-y-4 rounded-lg border border-line/60 p-3 sm:p-4">
      <legend className="sr-only">Email alerts</legend>
      <ToggleRow id="alert-email" label="Email" description="Alerts by email through your SMTP server." checked={email.enabled} onCheckedChange={(enabled) => set({ enabled })} />
      <div className={cn("grid gap-3 sm:grid-cols-6", !email.enabled && "opacity-70")}>
        <Field id="smtp-host" label="SMTP host" className="sm:col-span-4">
          <Input id="smtp-host" value={email.smtpHost} onChange={(e) => set({ smtpHost: e.target.value })} placeholder="smtp.example.com" autoComplete="off" spellCheck={false} />
        </Field>
        <Field id="smtp-port" label="Port" className="sm:col-span-2">
          <Input id="smtp-port" inputMode="numeric" value={email.smtpPort} onChange={(e) => set({ smtpPort: e.target.value })} className="tabular" />
        </Field>
        <Field id="smtp-tls" label="Security" className="sm:col-span-3">
          <Select id="smtp-tls" value={email.tls} onChange={(e) => onTls(e.target.value as SmtpTls)}>
            {(Object.keys(TLS_LABELS) as SmtpTls[]).map((mode) => (
              <option key={mode} value={mode}>
                {TLS_LABELS[mode]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="smtp-user" label="User name" className="sm:col-span-3">
          <Input id="smtp-user" value={email.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" spellCheck={false} />
        </Field>
        <Field
          id="smtp-password"
          label="Password"
          className="sm:col-span-3"
          badge={<SetBadge set={passwordSet && !form.clearSmtpPassword} />}
          hint={
            passwordSet && !form.smtpPassword ? (
              <button type="button" className="text-accent hover:underline" onClick={() => onChange({ ...form, clearSmtpPassword: !form.clearSmtpPassword })}>
                {form.clearSmtpPassword ? "Keep the saved password" : "Remove the saved password"}
              </button>
            ) : undefined
          }
        >
          <Input
            id="smtp-password"
            type="password"
            value={form.smtpPassword}
            onChange={(e) => onChange({ ...form, smtpPassword: e.target.value, clearSmtpPassword: false })}
            autoComplete="new-password"
            placeholder={secretPlaceholder(passwordSet && !form.clearSmtpPassword, "SMTP password")}
          />
        </Field>
        <Field id="smtp-from" label="From address" className="sm:col-span-3">
          <Input id="smtp-from" type="email" value={email.from} onChange={(e) => set({ from: e.target.value })} placeholder="alerts@example.com" spellCheck={false} />
        </Field>
        <Field
          id="smtp-to"
          label="Recipients"
          className="sm:col-span-6"
          hint={admins.length > 0 ? `Empty: every admin (${admins.join(", ")}).` : "Empty: every admin."}
        >
          <Input id="smtp-to" value={email.recipients} onChange={(e) => set({ recipients: e.target.value })} placeholder="The admins" spellCheck={false} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="outline" size="sm" onClick={() => test.mutate()} disabled={dirty || test.isPending}>
          <Send aria-hidden="true" />
          {test.isPending ? "Sending…" : "Send test email"}
        </Button>
        {dirty ? <span className="text-xs text-fg-subtle">Save first: the test uses the saved settings.</span> : null}
      </div>
      {test.data ? (
        <p role="status" className={cn("break-words text-sm", test.data.ok ? "text-green-400" : "text-red-300")}>
          {test.data.message}
        </p>
      ) : null}
    </fieldset>
  );
}
