import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { copyText } from "./copy";

/** A one-time password, shown this once, with a copy button. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  const [copied, setCopied] = useState(false);
  const onCopy = async () => {
    if (await copyText(password)) {
      setCopied(true);
      toast.success("Password copied");
    } else {
      toast("Select the password and copy it by hand", { description: "This browser does not let the page copy over plain http." });
    }
  };
  return (
    <div className="space-y-2 rounded-lg border border-accent/30 bg-accent/5 p-3">
      <p className="text-sm text-fg-muted">
        Give this one-time password to <span className="font-medium text-fg">{email}</span>. It is shown only now; they choose their own when they sign in.
      </p>
      <div className="flex items-center gap-2">
        <code data-testid="one-time-password" className="min-w-0 flex-1 select-all break-all rounded-md bg-app/70 px-3 py-2 font-mono text-base tracking-wide text-accent">
          {password}
        </code>
        <Button variant="secondary" size="icon" onClick={() => void onCopy()} aria-label="Copy the one-time password">
          {copied ? <Check className="text-green-400" aria-hidden="true" /> : <Copy aria-hidden="true" />}
        </Button>
      </div>
    </div>
  );
}
