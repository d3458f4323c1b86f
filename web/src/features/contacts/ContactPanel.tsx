import { History, Pencil, SendHorizontal, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Sheet } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { countOf, displayName, formatPhone } from "@/lib/format";
import { useNow } from "@/lib/useNow";
import { useContact, useDeleteContact, type ContactDetail } from "./api";
import { StatusDot, TagPills } from "./bits";
import { ContactEditForm } from "./ContactEditForm";
import { CollectedFields, OptOutNote, OwnFields, Pair, Section, Summary } from "./PanelSections";

function Details({ contact }: { contact: ContactDetail }) {
  return (
    <dl className="space-y-2" data-testid="details">
      <Pair label="Phone">{formatPhone(contact.phone)}</Pair>
      <Pair label="Email">{contact.email ?? <span className="text-fg-subtle">—</span>}</Pair>
      <Pair label="Company">{contact.company ?? <span className="text-fg-subtle">—</span>}</Pair>
      <Pair label="Status">
        <StatusDot status={contact.status} />
      </Pair>
      <Pair label="Tags">
        <TagPills tags={contact.tags} max={30} />
      </Pair>
    </dl>
  );
}

/** "Their conversation and all 12 messages go too", in words that fit the count. */
function goesToo(messages: number): string {
  if (messages === 0) return "Their conversation goes too";
  if (messages === 1) return "Their conversation and its one message go too";
  return `Their conversation and all ${countOf(messages, "message", "messages")} go too`;
}

function DeleteContact({ contact, onDeleted }: { contact: ContactDetail; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteContact(contact.id);
  const name = displayName(contact.name, contact.phone);
  return (
    <>
      <Button variant="ghost" size="sm" className="text-red-300 hover:bg-red-500/10 hover:text-red-200" onClick={() => setOpen(true)}>
        <Trash2 /> Delete contact
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) remove.reset();
        }}
        title={`Delete ${name}?`}
        description={`${goesToo(contact.messageCount)}; this cannot be undone.`}
        confirmLabel="Delete contact"
        destructive
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setOpen(false);
              toast.success(`${name} deleted`);
              onDeleted();
            },
          })
        }
      >
        <p className="text-sm text-fg-muted" data-testid="suppression-note">
          {contact.optOut
            ? "This number opted out and stays suppressed: nothing will be sent to it, even if it texts again or is imported again."
            : "An opted-out number stays suppressed after a delete: nothing is ever sent to it. If this number texts again, it starts as a new contact."}
        </p>
      </ConfirmDialog>
    </>
  );
}

function Body({ contact, isAdmin, onClose }: { contact: ContactDetail; isAdmin: boolean; onClose: () => void }) {
  const [editing, setEditing] = useState(false);
  const now = useNow();
  const href = `/conversations/${encodeURIComponent(contact.id)}`;
  const name = displayName(contact.name, contact.phone);
  return (
    <>
      <header className="flex items-start gap-3 px-5 pb-4 pr-14 pt-5">
        <Avatar name={contact.name} phone={contact.phone} className="size-12 text-base" />
        <div className="min-w-0">
          <h2 className="break-words text-xl font-bold text-fg">{name}</h2>
          <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-fg-muted">
            <span className="tabular">{formatPhone(contact.phone)}</span>
            <StatusDot status={contact.status} />
          </p>
        </div>
      </header>
      <div className="flex flex-wrap gap-2 px-5 pb-4">
        <Button variant="secondary" asChild className="flex-1">
          <Link to={href}>
            <History /> View full history
          </Link>
        </Button>
        {contact.optOut ? (
          <Button className="flex-1" disabled title="This contact opted out">
            <SendHorizontal /> Send message
          </Button>
        ) : (
          <Button asChild className="flex-1">
            <Link to={href} state={{ compose: true }}>
              <SendHorizontal /> Send message
            </Link>
          </Button>
        )}
      </div>
      {contact.optOut ? (
        <div className="px-5 pb-4">
          <OptOutNote optOut={contact.optOut} />
        </div>
      ) : null}
      <Section
        title="Contact"
        action={
          editing ? null : (
            <Button variant="ghost" size="sm" onClick={() => setEditing(true)}>
              <Pencil /> Edit
            </Button>
          )
        }
      >
        {editing ? <ContactEditForm contact={contact} onDone={() => setEditing(false)} /> : <Details contact={contact} />}
      </Section>
      <Section title="Conversation summary">
        <Summary contact={contact} now={now} />
      </Section>
      <Section title="Field values collected" testId="lead">
        <CollectedFields lead={contact.lead} />
      </Section>
      <OwnFields fields={contact.fields} />
      {isAdmin ? (
        <div className="border-t border-line/50 px-5 py-4">
          <DeleteContact contact={contact} onDeleted={onClose} />
        </div>
      ) : null}
    </>
  );
}

/** The slide-out panel of one contact (on the right); its id is in the URL. */
export function ContactPanel({ id, isAdmin, onClose }: { id: string | undefined; isAdmin: boolean; onClose: () => void }) {
  const contact = useContact(id);
  return (
    <Sheet open={Boolean(id)} onOpenChange={(open) => !open && onClose()} title="Contact details" side="right" className="flex flex-col">
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="contact-panel">
        {contact.data ? (
          <Body key={contact.data.id} contact={contact.data} isAdmin={isAdmin} onClose={onClose} />
        ) : contact.isError ? (
          <div className="space-y-2 p-6 pr-14">
            <p className="font-medium">This contact could not be opened</p>
            <p className="text-sm text-fg-muted">{contact.error.message}</p>
          </div>
        ) : (
          <div className="space-y-4 p-6" aria-busy="true" aria-label="Loading contact">
            <Skeleton className="h-8 w-48" />
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-40 w-full" />
          </div>
        )}
      </div>
    </Sheet>
  );
}
