import { Loader2, SendHorizontal } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { countSegments, describeSegments, MAX_BODY_CHARS } from "@/lib/segments";
import { cn } from "@/lib/utils";

interface Props {
  /** Resolves when the server accepted the message; the text is cleared then. */
  onSend: (body: string) => Promise<unknown>;
  sending: boolean;
  mode: string;
  /** Focus the message box when it appears. */
  autoFocus?: boolean;
}

/** Message input with a live SMS segment counter (GSM-7 vs Unicode) and the send button. */
export function Composer({ onSend, sending, mode, autoFocus = false }: Props) {
  const [text, setText] = useState("");
  const counterId = useId();
  const body = text.trim();
  const count = countSegments(body);
  const tooLong = count.chars > MAX_BODY_CHARS;
  const canSend = body.length > 0 && !tooLong && !sending;

  const submit = (e?: SyntheticEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(body).then(
      () => setText(""),
      () => undefined, // the error is shown as a toast; the text stays for another try
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} className="border-t border-line/60 bg-panel/60 p-3 md:p-4">
      <div className="flex items-end gap-2">
        <textarea
          aria-label="Message"
          autoFocus={autoFocus}
          aria-describedby={counterId}
          placeholder="Type a message..."
          rows={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          className="field-sizing-content max-h-40 min-h-11 flex-1 resize-none rounded-xl border border-line bg-app/60 px-4 py-2.5 text-sm leading-5 text-fg placeholder:text-fg-subtle focus:border-accent/60 focus:outline-none focus:ring-2 focus:ring-accent/20"
        />
        <Button type="submit" size="icon" aria-label="Send message" disabled={!canSend} className="size-11 rounded-xl">
          {sending ? <Loader2 className="animate-spin" /> : <SendHorizontal />}
        </Button>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-1 text-[11px]">
        <span className="text-fg-subtle">
          {mode === "bot" ? "Sending a reply takes this conversation over from the bot." : "You are handling this conversation; the bot is paused."}
        </span>
        <span id={counterId} data-testid="segment-counter" aria-live="polite" className={cn("tabular", tooLong ? "text-red-400" : "text-fg-subtle")}>
          {tooLong ? `Too long: ${count.chars} / ${MAX_BODY_CHARS} characters` : describeSegments(count)}
        </span>
      </div>
    </form>
  );
}
