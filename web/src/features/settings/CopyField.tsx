import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { copyText } from "./copy";
import { Field } from "./parts";

/** A read-only value with a copy button that confirms with a toast. */
export function CopyField({ id, label, value, hint }: { id: string; label: string; value: string; hint?: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
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
    } else {
      input.current?.select();
      toast("Press Ctrl+C (⌘C on a Mac) to copy", { description: "This browser does not let the page copy over plain http." });
    }
  };

  return (
    <Field id={id} label={label} hint={hint}>
      <div className="flex gap-2">
        <Input
          ref={input}
          id={id}
          value={value}
          readOnly
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 font-mono text-[13px] text-fg-muted"
          data-testid={`${id}-value`}
        />
        <Button variant="secondary" size="icon" onClick={() => void onCopy()} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? <Check className="text-green-400" aria-hidden="true" /> : <Copy aria-hidden="true" />}
        </Button>
      </div>
    </Field>
  );
}
