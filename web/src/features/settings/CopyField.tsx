import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { copyText } from "./copy";

/** A read-only value shown whole (it wraps), with a copy button that confirms with a toast. */
export function CopyField({ id, label, value, hint }: { id: string; label: string; value: string; hint?: ReactNode }) {
  const text = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const onCopy = async () => {
    if (await copyText(value)) {
      setCopied(true);
      toast.success(`${label} copied`);
      return;
    }
    // No Clipboard API here: select it for the user to copy by hand.
    const selection = window.getSelection();
    if (text.current && selection) selection.selectAllChildren(text.current);
    toast("Press Ctrl+C (⌘C on a Mac) to copy", { description: "This browser does not let the page copy over plain http." });
  };

  return (
    <div className="min-w-0 space-y-1.5">
      <p id={`${id}-label`} className="text-xs font-medium text-fg-muted">
        {label}
      </p>
      <div className="flex items-start gap-2">
        <code
          ref={text}
          aria-labelledby={`${id}-label`}
          data-testid={`${id}-value`}
          className="min-h-10 min-w-0 flex-1 select-all break-all rounded-lg border border-line bg-app/60 px-3 py-2.5 font-mono text-[13px] leading-5 text-fg-muted"
        >
          {value}
        </code>
        <Button variant="secondary" size="icon" onClick={() => void onCopy()} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? <Check className="text-green-400" aria-hidden="true" /> : <Copy aria-hidden="true" />}
        </Button>
      </div>
      {hint ? <p className="text-xs text-fg-subtle">{hint}</p> : null}
    </div>
  );
}
