/**
 * The Notifications card's form: text fields as typed, turned into the
 * alert settings the server takes (empty → null, the port a number, the
 * recipients a list), checked before sending.
 */
import type { Schemas } from "@/lib/api";

type AlertsView = Schemas["AlertsView"];
type AlertSettings = Schemas["AlertSettings"];
export type SmtpTls = Schemas["SmtpTls"];

export interface AlertsForm {
  kinds: Schemas["AlertKinds"];
  email: {
    enabled: boolean;
    smtpHost: string;
    smtpPort: string;
    tls: SmtpTls;
    username: string;
    from: string;
    /** Comma- or line-separated addresses; empty: every admin. */
    recipients: string;
  };
  sms: { enabled: boolean; to: string; fromNumber: string };
  /** A new SMTP password; empty: keep the saved one. */
  smtpPassword: string;
  /** Remove the saved SMTP password. */
  clearSmtpPassword: boolean;
}

/** The usual port of each TLS mode, offered when the mode changes. */
export const DEFAULT_PORT: Record<SmtpTls, number> = { none: 25, starttls: 587, tls: 465 };

export function formFromView(view: AlertsView): AlertsForm {
  return {
    kinds: { ...view.kinds },
    email: {
      enabled: view.email.enabled,
      smtpHost: view.email.smtpHost ?? "",
      smtpPort: String(view.email.smtpPort),
      tls: view.email.tls,
      username: view.email.username ?? "",
      from: view.email.from ?? "",
      recipients: view.email.recipients.join(", "),
    },
    sms: { enabled: view.sms.enabled, to: view.sms.to ?? "", fromNumber: view.sms.fromNumber ?? "" },
    smtpPassword: "",
    clearSmtpPassword: false,
  };
}

export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

const orNull = (text: string): string | null => text.trim() || null;

/** The form read as settings, as typed (a port that is not a number reads as NaN). */
function readForm(form: AlertsForm): AlertSettings {
  const port = form.email.smtpPort.trim();
  return {
    kinds: { ...form.kinds },
    email: {
      enabled: form.email.enabled,
      smtpHost: orNull(form.email.smtpHost),
      smtpPort: port ? Number(port) : Number.NaN,
      tls: form.email.tls,
      username: orNull(form.email.username),
      from: orNull(form.email.from),
      recipients: parseRecipients(form.email.recipients),
    },
    sms: { enabled: form.sms.enabled, to: orNull(form.sms.to), fromNumber: orNull(form.sms.fromNumber) },
  };
}

/** The settings as the server takes them, or the first problem a person can fix. */
export function settingsFromForm(form: AlertsForm): { settings: AlertSettings; error?: undefined } | { settings?: undefined; error: string } {
  const settings = readForm(form);
  const port = settings.email.smtpPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: "The SMTP port is a whole number from 1 to 65535." };
  if (settings.email.enabled && (!settings.email.smtpHost || !settings.email.from)) {
    return { error: "Email alerts need the SMTP host and the from address." };
  }
  if (settings.sms.enabled && (!settings.sms.to || !settings.sms.fromNumber)) {
    return { error: "SMS alerts need your phone number and a number to send from." };
  }
  return { settings };
}

/** The body of `PUT /api/settings` for the alerts: the password only when it changes. */
export function alertsChange(form: AlertsForm): { change: Schemas["AlertsChange"]; error?: undefined } | { change?: undefined; error: string } {
  const checked = settingsFromForm(form);
  if (checked.error !== undefined) return { error: checked.error };
  const change: Schemas["AlertsChange"] = { settings: checked.settings };
  if (form.smtpPassword) change.smtpPassword = form.smtpPassword;
  else if (form.clearSmtpPassword) change.smtpPassword = "";
  return { change };
}

/** The same fields in the same order, so two settings compare as JSON. */
function canonical(s: AlertSettings): string {
  const { kinds, email, sms } = s;
  return JSON.stringify([
    [kinds.deliveryFailures, kinds.newLeads, kinds.optOuts],
    [email.enabled, email.smtpHost, email.smtpPort, email.tls, email.username, email.from, email.recipients],
    [sms.enabled, sms.to, sms.fromNumber],
  ]);
}

/** Whether the form differs from what is saved. */
export function isDirty(form: AlertsForm, view: AlertsView): boolean {
  if (form.smtpPassword || form.clearSmtpPassword) return true;
  return canonical(readForm(form)) !== canonical(view);
}
