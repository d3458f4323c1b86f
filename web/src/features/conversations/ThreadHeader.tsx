import { ArrowLeft, Bot, Loader2, Play, User } from "lucide-react";
import { Link } from "react-router";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import type { Contact } from "@/lib/api";
import { displayName, formatPhone } from "@/lib/format";
import { statusTone } from "@/lib/status";

/** Who, their status, and who is answering: the bot or a person (with "Resume bot"). */
export function ThreadHeader({ contact, botName, backHref, onResume, resuming }: { contact: Contact; botName: string | null; backHref: string; onResume: () => void; resuming: boolean }) {
  const human = contact.mode === "human";
  const subline = [contact.name?.trim() ? formatPhone(contact.phone) : null, botName].filter(Boolean).join(" · ");
  return (
    <header className="flex min-h-16 flex-wrap items-center gap-3 border-b border-line/60 px-3 py-2.5 md:px-5">
      <Button asChild variant="ghost" size="icon-sm" className="md:hidden">
        <Link to={backHref} aria-label="Back to conversations">
          <ArrowLeft />
        </Link>
      </Button>
      <Avatar name={contact.name} phone={contact.phone} />
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-base font-semibold">{displayName(contact.name, contact.phone)}</h2>
        {subline ? <p className="truncate text-xs text-fg-muted">{subline}</p> : null}
      </div>
      <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
        <Badge tone={statusTone(contact.status)} aria-label={`Status: ${contact.status}`}>
          <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
          {contact.status}
        </Badge>
        {human ? (
          <Tooltip content="A person is answering; the bot stays quiet until you resume it.">
            <span tabIndex={0} data-testid="mode-indicator" data-mode="human" className="inline-flex h-6 items-center gap-1 rounded-full border border-yellow-500/40 bg-yellow-500/15 px-2.5 text-xs font-semibold text-yellow-300">
              <User className="size-3" aria-hidden="true" /> Human
            </span>
          </Tooltip>
        ) : (
          <Tooltip content="CloseBot answers this conversation.">
            <span tabIndex={0} data-testid="mode-indicator" data-mode="bot" className="inline-flex h-6 items-center gap-1 rounded-full border border-accent/40 bg-accent/15 px-2.5 text-xs font-semibold text-accent">
              <Bot className="size-3" aria-hidden="true" /> Bot<span className="hidden lg:inline"> · CloseBot SMS AI</span>
            </span>
          </Tooltip>
        )}
        {human ? (
          <Button variant="outline" size="sm" onClick={onResume} disabled={resuming}>
            {resuming ? <Loader2 className="animate-spin" /> : <Play />}
            Resume bot
          </Button>
        ) : null}
      </div>
    </header>
  );
}
