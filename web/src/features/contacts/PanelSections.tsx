/** The read-only parts of the contact panel: opt-out evidence, the conversation summary, what CloseBot collected. */
import { Ban, Bot, Sparkles } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { countOf, fullDateTime, relativeTime } from "@/lib/format";
import type { ContactDetail } from "./api";
import { TagPills } from "./bits";

export function Section({ title, action, children, testId }: { title: string; action?: ReactNode; children: ReactNode; testId?: string }) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="space-y-3 border-t border-line/50 px-5 py-4" data-testid={testId}>
      <div className="flex items-center justify-between gap-2">
        <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-fg-subtle">
          {title}
        </h3>
        {action}
      </div>
      {children}
    </section>
  );
}

export function Pair({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] items-baseline gap-3 text-sm">
      <dt className="text-fg-subtle">{label}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </div>
  );
}

/** How and when the contact opted out, from the message that did it. */
export function OptOutNote({ optOut }: { optOut: NonNullable<ContactDetail["optOut"]> }) {
  const byTwilio = optOut.keyword?.startsWith("twilio:");
  const how = byTwilio ? "Twilio reported the number as unsubscribed (error 21610)" : `They replied “${(optOut.keyword ?? "STOP").toUpperCase()}”`;
  return (
    <div role="status" data-testid="opt-out" className="flex items-start gap-3 rounded-lg border border-red-500/40 bg-red-500/10 p-3 text-sm text-red-200">
      <Ban className="mt-0.5 size-4 shrink-0 text-red-400" aria-hidden="true" />
      <div className="min-w-0 space-y-1">
        <p className="font-semibold">Opted out — nothing is sent to this number</p>
        <p>
          {how} on {fullDateTime(optOut.at)}.{" "}
          {optOut.messageSid ? (
            <>
              Message <span className="break-all font-mono text-xs">{optOut.messageSid}</span>.
            </>
          ) : null}{" "}
          It stays so until they text START.
        </p>
      </div>
    </div>
  );
}

export function Summary({ contact, now }: { contact: ContactDetail; now: number }) {
  return (
    <dl className="space-y-2" data-testid="summary">
      <Pair label="Messages">{countOf(contact.messageCount, "message exchanged", "messages exchanged")}</Pair>
      <Pair label="First contact">{fullDateTime(contact.firstContact)}</Pair>
      <Pair label="Last contact">
        {relativeTime(contact.lastContact, now)} <span className="text-fg-subtle">({fullDateTime(contact.lastContact)})</span>
      </Pair>
      <Pair label="Assigned bot">
        {contact.botName ? (
          <span className="inline-flex items-center gap-1.5">
            <Bot className="size-3.5 text-accent" aria-hidden="true" />
            {contact.botName}
          </span>
        ) : (
          <span className="text-fg-subtle">None</span>
        )}
      </Pair>
    </dl>
  );
}

/** The lead's fields and tags on CloseBot, or the honest sentence why there are none. */
export function CollectedFields({ lead }: { lead: ContactDetail["lead"] }) {
  if (lead.unavailable !== null) {
    return (
      <p data-testid="lead-unavailable" className="rounded-lg border border-dashed border-line px-3 py-3 text-sm text-fg-muted">
        {lead.unavailable}
      </p>
    );
  }
  if (lead.fields.length === 0 && lead.tags.length === 0) {
    return <p className="text-sm text-fg-muted">The bot has not collected anything about this contact yet.</p>;
  }
  return (
    <div className="space-y-3">
      {lead.fields.length > 0 ? (
        <table className="w-full text-sm" aria-label="Field values collected by CloseBot">
          <tbody>
            {lead.fields.map((f, i) => (
              <tr key={`${f.name}-${i}`} className="border-b border-line/40 last:border-0" data-testid="lead-field">
                <th scope="row" className="w-2/5 py-2 pr-3 text-left font-normal text-fg-subtle">
                  {f.name}
                </th>
                <td className="break-words py-2 text-fg">
                  {f.value}
                  {f.aiProduced ? (
                    <Badge tone="purple" className="ml-2 h-5 gap-1 px-1.5 align-middle normal-case" title="Filled in by the bot's AI">
                      <Sparkles aria-hidden="true" /> AI
                    </Badge>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {lead.tags.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="lead-tags">
          <span className="text-fg-subtle">CloseBot tags</span>
          <TagPills tags={lead.tags} max={10} />
        </div>
      ) : null}
    </div>
  );
}

/** The contact's own fields (from imports), name → value. */
export function OwnFields({ fields }: { fields: Record<string, unknown> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <Section title="Imported fields">
      <dl className="space-y-2" data-testid="own-fields">
        {entries.map(([name, value]) => (
          <Pair key={name} label={name}>
            {typeof value === "string" ? value : JSON.stringify(value)}
          </Pair>
        ))}
      </dl>
    </Section>
  );
}
