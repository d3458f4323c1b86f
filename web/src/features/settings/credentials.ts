/** Credential forms: what a Save sends, what a secret field says, and the connection status shown. */
import type { Schemas } from "@/lib/api";

type TwilioSettings = Schemas["TwilioSettings"];
type CheckResult = Schemas["CheckResult"];

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** A save to send, or why not: `null` when nothing changed. */
export type Draft<T> = { change: T; error?: undefined } | { change?: undefined; error: string } | null;

export function twilioDraft(form: { accountSid: string; authToken: string }, saved: TwilioSettings): Draft<Schemas["TwilioChange"]> {
  const sid = form.accountSid.trim();
  const token = form.authToken.trim();
  const sidChanged = sid !== (saved.accountSid ?? "");
  if (!sidChanged && !token) return null;
  if (!sid) return { error: "Enter the Account SID (Twilio console → Account info)." };
  if (!ACCOUNT_SID.test(sid)) return { error: "The Account SID is AC followed by 32 characters (0–9, a–f)." };
  if (!token && !saved.authTokenSet) return { error: "Enter the auth token too." };
  return { change: { ...(sidChanged ? { accountSid: sid } : {}), ...(token ? { authToken: token } : {}) } };
}

export function closebotDraft(apiKey: string): Draft<Schemas["CloseBotChange"]> {
  const key = apiKey.trim();
  return key ? { change: { apiKey: key } } : null;
}

/** The placeholder of a secret's field: a saved secret is never shown, only said to be set. */
export function secretPlaceholder(set: boolean, what: string): string {
  return set ? "•••••••• set — type to replace" : `Paste the ${what}`;
}

export type StatusTone = "green" | "red" | "gray" | "pending";

export interface ConnectionStatus {
  tone: StatusTone;
  label: string;
  /** The provider's answer in words (the error, or what was reached). */
  detail?: string;
}

/** What the status dot of a provider says. */
export function connectionStatus({
  configured,
  checking,
  result,
  failure,
}: {
  configured: boolean;
  checking: boolean;
  result: CheckResult | undefined;
  failure?: string | undefined;
}): ConnectionStatus {
  if (!configured) return { tone: "gray", label: "Not set up" };
  if (checking) return { tone: "pending", label: "Testing…" };
  if (failure) return { tone: "gray", label: "Not tested", detail: failure };
  if (!result) return { tone: "gray", label: "Not tested" };
  return result.ok ? { tone: "green", label: "Connected", detail: result.message } : { tone: "red", label: "Not connected", detail: result.message };
}
