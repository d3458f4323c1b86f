import { ArrowUp, Signal } from "lucide-react";
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import { clockTime, formatPhone } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { PhoneText } from "./api";
import { QUICK_WORDS } from "./numbers";

const DELIVERED = "delivered to the app";

function Bubble({ text }: { text: PhoneText }) {
  const sent = text.direction === "sent";
  const trouble = sent && text.outcome !== null && text.outcome !== DELIVERED;
  return (
    <li data-testid="phone-text" data-direction={text.direction} className={cn("flex flex-col gap-0.5", sent ? "items-end" : "items-start")}>
      <p
        className={cn(
          "max-w-[80%] whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-[15px] leading-snug",
          sent ? "rounded-br-md bg-accent-blue text-white" : "rounded-bl-md bg-slate-700 text-fg",
          trouble && "ring-2 ring-red-500/70",
        )}
      >
        <span className="sr-only">{sent ? "You: " : "They: "}</span>
        {text.body}
      </p>
      <span className={cn("px-1 text-[11px]", trouble ? "text-red-400" : "text-fg-subtle")}>
        {clockTime(text.at)}
        {trouble ? ` · ${text.outcome ?? ""}` : ""}
      </span>
    </li>
  );
}

/** A handset: the texts with the business number, quick compliance keys and the composer. */
export function PhoneScreen({
  customer,
  business,
  businessName,
  texts,
  stopped,
  sending,
  onSend,
}: {
  customer: string;
  business: string;
  businessName: string | null;
  texts: PhoneText[];
  stopped: boolean;
  sending: boolean;
  onSend: (body: string) => Promise<unknown>;
}) {
  const [draft, setDraft] = useState("");
  const list = useRef<HTMLOListElement>(null);
  const shown = texts.filter((t) => t.peer === business);

  // The newest text stays in view: when one arrives, and when the screen
  // around the list changes (the STOP notice, a rotated or resized phone).
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const toBottom = () => {
      el.scrollTop = el.scrollHeight;
    };
    toBottom();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(toBottom);
    observer.observe(el);
    return () => observer.disconnect();
  }, [shown.length, stopped]);

  const send = async (body: string) => {
    if (!body.trim() || sending) return;
    try {
      await onSend(body.trim());
      setDraft("");
    } catch {
      // The error is shown by the app's toast; the draft stays for another try.
    }
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    void send(draft);
  };

  return (
    <div className="mx-auto flex h-[min(680px,calc(100dvh-12rem))] min-h-[480px] w-full max-w-[380px] flex-col overflow-hidden rounded-[2.25rem] border-[6px] border-slate-800 bg-[#0b1220] shadow-2xl shadow-black/40">
      <div className="flex items-center justify-between px-6 pt-2 text-[11px] text-fg-muted" aria-hidden="true">
        <span>{formatPhone(customer)}</span>
        <Signal className="size-3" />
      </div>
      <header className="border-b border-line/50 px-4 pb-3 pt-2 text-center">
        <p className="text-sm font-semibold text-fg">{businessName ?? "Business"}</p>
        <p className="text-xs text-fg-muted">{formatPhone(business)}</p>
      </header>
      <ol ref={list} role="log" aria-live="polite" aria-label={`Texts between ${formatPhone(customer)} and ${formatPhone(business)}`} className="flex-1 space-y-2 overflow-y-auto px-3 py-3">
        {shown.length === 0 ? <li className="pt-10 text-center text-sm text-fg-subtle">No texts yet. Say hello to the demo bot.</li> : shown.map((t) => <Bubble key={t.sid} text={t} />)}
      </ol>
      {stopped ? <p className="px-4 pb-1 text-center text-xs text-amber-300">You texted STOP: the business can no longer text this phone until you text START.</p> : null}
      <div className="flex justify-center gap-2 px-3 pb-2" role="group" aria-label="Quick replies">
        {QUICK_WORDS.map((word) => (
          <button
            key={word}
            type="button"
            disabled={sending}
            onClick={() => void send(word)}
            className="rounded-full border border-line px-3 py-1 text-xs font-medium text-fg-muted transition-colors hover:bg-hover hover:text-fg disabled:opacity-50"
          >
            {word}
          </button>
        ))}
      </div>
      <form onSubmit={submit} className="flex items-center gap-2 border-t border-line/50 px-3 py-2.5">
        <label htmlFor="phone-composer" className="sr-only">
          Text message
        </label>
        <input
          id="phone-composer"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Text message"
          maxLength={1600}
          autoComplete="off"
          className="h-10 min-w-0 flex-1 rounded-full border border-line bg-app/70 px-4 text-sm text-fg placeholder:text-fg-subtle focus:border-accent/60 focus:outline-none"
        />
        <button
          type="submit"
          aria-label="Send text"
          disabled={!draft.trim() || sending}
          className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent-blue text-white transition-opacity disabled:opacity-40"
        >
          <ArrowUp className="size-4" aria-hidden="true" />
        </button>
      </form>
    </div>
  );
}
