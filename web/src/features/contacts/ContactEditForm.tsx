import { useState, type ReactNode, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { Input, Label, Select } from "@/components/ui/input";
import { ApiError } from "@/lib/api";
import { toast } from "@/components/ui/toast";
import { useUpdateContact, type ContactDetail } from "./api";
import { changeFrom, fieldOfError, valuesOf, type EditField, type EditValues } from "./edit";
import { STATUS_VALUES } from "./query";
import { statusLabel } from "./statuses";
import { addTags } from "./tags";
import { TagEditor } from "./TagEditor";

function Row({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-300" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Name, email, company, status and tags; a refusal is shown beside the field it names. */
export function ContactEditForm({ contact, onDone }: { contact: ContactDetail; onDone: () => void }) {
  const saved = valuesOf(contact);
  const [values, setValues] = useState<EditValues>(saved);
  const [draftTag, setDraftTag] = useState("");
  const [errors, setErrors] = useState<Partial<Record<EditField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const update = useUpdateContact(contact.id);

  const set = (patch: Partial<EditValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    // Changing a field clears its error.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([key]) => !(key in patch))));
  };

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    // Text still in the tag box counts as typed tags.
    const pending = addTags(values.tags, draftTag);
    if (pending.error) {
      setErrors((x) => ({ ...x, tags: pending.error ?? undefined }));
      return;
    }
    const edited = { ...values, tags: pending.tags };
    setValues(edited);
    setDraftTag("");
    const change = changeFrom(saved, edited);
    if (Object.keys(change).length === 0) return onDone();
    setFormError(null);
    update.mutate(change, {
      onSuccess: () => {
        toast.success("Contact saved");
        onDone();
      },
      onError: (error) => {
        const field = error instanceof ApiError && error.status === 422 ? fieldOfError(error.message) : null;
        if (field) setErrors((x) => ({ ...x, [field]: error.message }));
        else setFormError(error.message);
      },
    });
  };

  const fieldProps = (field: EditField) => ({
    id: `contact-${field}`,
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `contact-${field}-error` : undefined,
  });

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Edit contact" noValidate>
      <Row id="contact-name" label="Name" error={errors.name}>
        <Input {...fieldProps("name")} value={values.name} maxLength={200} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />
      </Row>
      <Row id="contact-email" label="Email" error={errors.email}>
        <Input {...fieldProps("email")} type="email" value={values.email} autoComplete="off" onChange={(e) => set({ email: e.target.value })} />
      </Row>
      <Row id="contact-company" label="Company" error={errors.company}>
        <Input {...fieldProps("company")} value={values.company} maxLength={200} autoComplete="off" onChange={(e) => set({ company: e.target.value })} />
      </Row>
      <Row id="contact-status" label="Status" error={errors.status}>
        <Select {...fieldProps("status")} value={values.status} onChange={(e) => set({ status: e.target.value })}>
          {STATUS_VALUES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </Select>
      </Row>
      <Row id="contact-tags" label="Tags" error={errors.tags}>
        <TagEditor
          id="contact-tags"
          tags={values.tags}
          draft={draftTag}
          invalid={Boolean(errors.tags)}
          describedBy={errors.tags ? "contact-tags-error" : undefined}
          onChange={(tags, draft, error) => {
            set({ tags });
            setDraftTag(draft);
            if (error) setErrors((x) => ({ ...x, tags: error }));
          }}
        />
      </Row>
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
