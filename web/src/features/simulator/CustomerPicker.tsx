import { UserPlus } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { formatPhone } from "@/lib/format";
import { cn } from "@/lib/utils";
import { newCustomer, toE164 } from "./numbers";

/** Which customer the simulator texts as: a number typed in, one of the handsets already used, or a new fictional one. */
export function CustomerPicker({ number, handsets, onChange }: { number: string; handsets: string[]; onChange: (number: string) => void }) {
  const [draft, setDraft] = useState(number);
  const [error, setError] = useState<string | null>(null);
  const known = handsets.includes(number) ? handsets : [number, ...handsets];

  const choose = (next: string) => {
    setDraft(next);
    setError(null);
    onChange(next);
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const parsed = toE164(draft);
    if (!parsed) {
      setError("Type a phone number, e.g. +1 206 555 0142");
      return;
    }
    choose(parsed);
  };

  return (
    <div className="space-y-3">
      <form className="space-y-1.5" onSubmit={submit}>
        <Label htmlFor="customer-number">Texting as</Label>
        <div className="flex gap-2">
          <Input
            id="customer-number"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            inputMode="tel"
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby="customer-number-hint"
          />
          <Button type="submit" variant="secondary">
            Use
          </Button>
        </div>
        <p id="customer-number-hint" className={cn("text-xs", error ? "text-red-400" : "text-fg-subtle")}>
          {error ?? "Any number works; 555-01XX numbers are fictional, so none is a real person's."}
        </p>
      </form>
      <div className="flex flex-wrap gap-2" aria-label="Customers">
        {known.map((n) => (
          <button
            key={n}
            type="button"
            onClick={() => choose(n)}
            aria-pressed={n === number}
            className={cn(
              "rounded-full border px-3 py-1 text-xs transition-colors",
              n === number ? "border-accent/60 bg-accent/10 text-accent" : "border-line text-fg-muted hover:bg-hover hover:text-fg",
            )}
          >
            {formatPhone(n)}
          </button>
        ))}
        <Button size="sm" variant="ghost" onClick={() => choose(newCustomer(known))}>
          <UserPlus aria-hidden="true" /> New customer
        </Button>
      </div>
    </div>
  );
}
