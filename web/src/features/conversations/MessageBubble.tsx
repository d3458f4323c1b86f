import { AlertTriangle, Bot, Check, CheckCheck, Clock, Paperclip, Sparkles, User, Waypoints, XCircle } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import type { Message } from "@/lib/api";
import { fullDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { deliveryOf, forwardNote, type Delivery } from "./delivery";

const bubbleStyles = {
  customer: "rounded-bl-md bg-slate-700 text-fg",
  bot: "rounded-br-md bg-gradient-to-br from-cyan-500 to-blue-600 text-white shadow-[0_4px_16px_-6px_rgba(34,211,238,0.5)]",
  manual: "rounded-br-md bg-gradient-to-br from-violet-500 to-purple-700 text-white ring-1 ring-violet-300/40",
  system: "rounded-br-md border border-dashed border-line bg-elevated text-fg-muted",
} as const;

const authors = {
  customer: { label: "Customer", icon: User },
  bot: { label: "Bot", icon: Bot },
  manual: { label: "Manual reply", icon: User },
  system: { label: "Auto-reply", icon: Sparkles },
} as const;

function DeliveryLine({ delivery }: { delivery: Delivery }) {
  const Icon =
    delivery.tone === "failed" ? AlertTriangle : delivery.tone === "muted" ? XCircle : delivery.tone === "pending" ? Clock : delivery.label === "Sent" ? Check : CheckCheck;
  return (
    <span className={cn("inline-flex items-center gap-1", delivery.tone === "failed" ? "text-red-400" : delivery.tone === "read" ? "text-accent" : "text-fg-subtle")}>
      <Icon className="size-3" aria-hidden="true" />
      {delivery.label}
    </span>
  );
}

/**
 * One message. The body is rendered as text (React escapes it): a body such
 * as `<img src=x onerror=…>` shows as those characters, never as HTML.
 */
export function MessageBubble({
  message,
  contactName,
  phone,
  onTrace,
}: {
  message: Message;
  contactName: string | null | undefined;
  phone: string;
  /** Opens the round-trip tracer on this message. */
  onTrace?: () => void;
}) {
  const inbound = message.direction === "inbound";
  const author = authors[message.source];
  const delivery = deliveryOf(message);
  const note = forwardNote(message);
  const failed = delivery?.tone === "failed";
  const canceled = message.twilioStatus === "canceled";
  const media = message.mediaUrls ?? [];
  return (
    <div
      data-testid="message-bubble"
      data-direction={message.direction}
      data-source={message.source}
      data-message-id={message.id}
      className={cn("flex items-end gap-2", inbound ? "justify-start" : "justify-end")}
    >
      {inbound ? <Avatar name={contactName} phone={phone} className="size-8 text-xs" /> : null}
      <div className={cn("flex max-w-[85%] flex-col gap-1 sm:max-w-[70%]", inbound ? "items-start" : "items-end")}>
        <div
          title={fullDateTime(message.createdAt)}
          className={cn(
            "whitespace-pre-wrap break-words rounded-2xl px-4 py-2.5 text-sm leading-relaxed",
            bubbleStyles[message.source],
            failed && "ring-2 ring-red-500/70",
            canceled && "opacity-60",
          )}
        >
          <span className="sr-only">{author.label}: </span>
          {message.body}
          {media.length > 0 ? (
            <span className="mt-1.5 flex flex-wrap gap-2">
              {media.map((url, i) => (
                <a key={url} href={url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-xs underline">
                  <Paperclip className="size-3" aria-hidden="true" /> Attachment {i + 1}
                </a>
              ))}
            </span>
          ) : null}
        </div>
        {!inbound || note || onTrace ? (
          <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5 px-1 text-[11px] text-fg-subtle">
            {!inbound ? (
              <span className={cn("inline-flex items-center gap-1", message.source === "manual" && "text-violet-300")}>
                <author.icon className="size-3" aria-hidden="true" />
                {author.label}
              </span>
            ) : null}
            {delivery ? <DeliveryLine delivery={delivery} /> : null}
            {note ? <span className="italic">{note}</span> : null}
            {onTrace ? (
              <button
                type="button"
                onClick={onTrace}
                aria-label="Trace this message"
                title="Trace"
                className="inline-flex size-6 items-center justify-center rounded-md text-fg-subtle transition-colors hover:bg-hover hover:text-fg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent/60"
              >
                <Waypoints className="size-3.5" aria-hidden="true" />
              </button>
            ) : null}
          </div>
        ) : null}
        {delivery?.detail ? (
          <p role={failed ? "alert" : undefined} className={cn("max-w-full px-1 text-[11px]", failed ? "text-red-300" : "text-fg-subtle")}>
            {delivery.detail}
          </p>
        ) : null}
      </div>
    </div>
  );
}
