import type { UseMutationResult } from "@tanstack/react-query";
import { Loader2, Sparkles } from "lucide-react";
import { useRef, useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, FormError } from "@/components/ui/dialog";
import { Input, Label, Textarea } from "@/components/ui/input";
import { formatCount } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import type { BotCreated, NewBot } from "./api";
import { draftProblem, DESCRIPTION_MAX, NAME_MAX } from "./draft";

type Create = UseMutationResult<BotCreated, Error, NewBot>;

/** While CloseBot's AI works: a moving bar and the seconds gone by. */
function Progress({ since }: { since: number }) {
  const now = useNow(1000);
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  return (
    <div role="status" className="space-y-2 rounded-lg border border-accent/30 bg-accent/5 px-3 py-2.5 text-sm text-fg-muted" data-testid="create-progress">
      <p className="flex items-center gap-2">
        <Loader2 className="size-4 shrink-0 animate-spin text-accent" aria-hidden="true" />
        <span>CloseBot's AI is building the bot… this can take a minute ({seconds} s).</span>
      </p>
      <div className="h-1 overflow-hidden rounded-full bg-app/80" aria-hidden="true">
        <div className="h-full w-1/3 animate-shimmer rounded-full bg-accent" />
      </div>
    </div>
  );
}

/**
 * Asks for a name and a description and has CloseBot's AI build the bot.
 * The request lives in the page (`create`): closing the dialog does not stop
 * it, and reopening shows it still working rather than letting a second one go.
 */
export function CreateBotDialog({ open, onOpenChange, create }: { open: boolean; onOpenChange: (open: boolean) => void; create: Create }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [startedAt, setStartedAt] = useState(0);
  const sent = useRef(false);

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (create.isPending || sent.current) return; // a double click sends one request
    const draft = { name: name.trim(), description: description.trim() };
    const wrong = draftProblem(draft);
    setProblem(wrong);
    if (wrong) return;
    sent.current = true;
    setStartedAt(Date.now());
    create.mutate(draft, {
      onSuccess: () => {
        setName("");
        setDescription("");
        onOpenChange(false);
      },
      onSettled: () => {
        sent.current = false;
      },
    });
  };

  const pending = create.isPending;
  const error = problem ?? (create.isError ? create.error.message : null);
  const length = description.trim().length;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create a bot with AI"
      description="Say what the bot is for; CloseBot's AI writes its flow. You can edit it in CloseBot afterwards."
      className="max-w-lg"
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Create a bot with AI" aria-busy={pending}>
        <div className="space-y-1.5">
          <Label htmlFor="new-bot-name">Name</Label>
          <Input id="new-bot-name" value={name} maxLength={NAME_MAX} disabled={pending} placeholder="e.g. Roofing quotes" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="new-bot-description">Description</Label>
          <Textarea
            id="new-bot-description"
            rows={6}
            value={description}
            maxLength={DESCRIPTION_MAX}
            disabled={pending}
            aria-describedby="new-bot-description-hint"
            placeholder="What it sells, who it talks to, what to ask, and when to book a call."
            onChange={(e) => setDescription(e.target.value)}
          />
          <p id="new-bot-description-hint" className="flex justify-between gap-3 text-xs text-fg-subtle">
            <span>10 to {formatCount(DESCRIPTION_MAX)} characters.</span>
            <span className="tabular">
              {formatCount(length)} / {formatCount(DESCRIPTION_MAX)}
            </span>
          </p>
        </div>
        {pending ? <Progress since={startedAt} /> : null}
        <FormError>{pending ? null : error}</FormError>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {pending ? "Close (it goes on)" : "Cancel"}
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <Sparkles aria-hidden="true" />}
            {pending ? "Creating…" : "Create bot"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
