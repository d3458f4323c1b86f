/** What a message's delivery state and forwarding state mean, in words. */
import type { Message } from "@/lib/api";

export type DeliveryTone = "pending" | "ok" | "read" | "failed" | "muted";

export interface Delivery {
  label: string;
  tone: DeliveryTone;
  /** Why it failed or was not sent, in plain language. */
  detail?: string;
}

type DeliveryFields = Pick<Message, "direction" | "twilioStatus" | "twilioSid" | "errorCode" | "errorMessage" | "errorExplanation">;

function failureDetail(m: DeliveryFields): string {
  const explanation = m.errorExplanation ?? m.errorMessage;
  if (explanation && m.errorCode) return `${explanation} (Twilio error ${m.errorCode})`;
  if (explanation) return explanation;
  if (m.errorCode) return `Twilio error ${m.errorCode}`;
  return "Twilio gave no reason";
}

/** The delivery line under an outbound bubble; null for inbound messages. */
export function deliveryOf(m: DeliveryFields): Delivery | null {
  if (m.direction !== "outbound") return null;
  switch (m.twilioStatus) {
    case null:
    case undefined:
      return { label: m.twilioSid ? "Sent to Twilio" : "Queued", tone: "pending" };
    case "queued":
    case "accepted":
    case "scheduled":
    case "sending":
      return { label: "Sending…", tone: "pending" };
    case "sent":
      return { label: "Sent", tone: "ok" };
    case "delivered":
      return { label: "Delivered", tone: "ok" };
    case "read":
      return { label: "Read", tone: "read" };
    case "undelivered":
      return { label: "Not delivered", tone: "failed", detail: failureDetail(m) };
    case "failed":
      return { label: "Failed", tone: "failed", detail: failureDetail(m) };
    case "canceled":
      return { label: "Not sent", tone: "muted", detail: m.errorMessage ?? "Held back by the app" };
    default:
      return { label: m.twilioStatus, tone: "muted" };
  }
}

const forwardNotes: Record<string, string> = {
  held: "Held for the bot until business hours",
  failed: "Could not be passed to the bot",
  keyword: "Keyword handled by the app (STOP/START/HELP)",
  survey_answer: "Satisfaction survey answer: recorded, not sent to the bot",
  human: "Not sent to the bot: a person is handling this conversation",
  opted_out: "Not sent to the bot: the customer opted out",
  no_route: "Not sent to a bot: no route for this number",
  inactive_route: "Not sent to the bot: its route is paused",
};

/** A note under an inbound bubble when it did not simply go to the bot. */
export function forwardNote(m: Pick<Message, "direction" | "forwardState">): string | null {
  if (m.direction !== "inbound" || !m.forwardState) return null;
  return forwardNotes[m.forwardState] ?? null;
}
