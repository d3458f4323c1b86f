import { Link } from "react-router";
import { Input, Select } from "@/components/ui/input";
import { formatPhone } from "@/lib/format";
import { useRoutes } from "@/lib/routes";
import { cn } from "@/lib/utils";
import type { AlertsForm } from "./alertsForm";
import { Field } from "./parts";
import { ToggleRow } from "./ToggleRow";

export function SmsAlertFields({ form, onChange }: { form: AlertsForm; onChange: (form: AlertsForm) => void }) {
  const sms = form.sms;
  const set = (patch: Partial<AlertsForm["sms"]>) => onChange({ ...form, sms: { ...sms, ...patch } });
  const routes = useRoutes();
  const numbers = [...new Map((routes.data ?? []).map((r) => [r.twilioNumber, r])).values()];
  const known = numbers.some((r) => r.twilioNumber === sms.fromNumber);

  return (
    <fieldset className="space-y-4 rounded-lg border border-line/60 p-3 sm:p-4">
      <legend className="sr-only">SMS alerts</legend>
      <ToggleRow id="alert-sms" label="SMS to your phone" description="A short text to the owner's phone." checked={sms.enabled} onCheckedChange={(enabled) => set({ enabled })} />
      <div className={cn("grid gap-3 sm:grid-cols-2", !sms.enabled && "opacity-70")}>
        <Field id="sms-to" label="Your phone" hint="In international format, e.g. +15551234567.">
          <Input id="sms-to" type="tel" value={sms.to} onChange={(e) => set({ to: e.target.value })} placeholder="+15551234567" autoComplete="tel" />
        </Field>
        <Field
          id="sms-from"
          label="Send from"
          hint={
            numbers.length === 0 && routes.isSuccess ? (
              <>
                One of your routed numbers; <Link to="/routing" className="text-accent hover:underline">route one first</Link>.
              </>
            ) : (
              "One of your routed Twilio numbers."
            )
          }
        >
          <Select id="sms-from" value={sms.fromNumber} onChange={(e) => set({ fromNumber: e.target.value })}>
            <option value="">Choose a number</option>
            {sms.fromNumber && !known ? <option value={sms.fromNumber}>{formatPhone(sms.fromNumber)}</option> : null}
            {numbers.map((r) => (
              <option key={r.twilioNumber} value={r.twilioNumber}>
                {formatPhone(r.twilioNumber)}
                {r.botName ? ` · ${r.botName}` : ""}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </fieldset>
  );
}
