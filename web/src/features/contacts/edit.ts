/** The contact edit form: what changed (as the API's change), and which field a refusal is about. */
import type { ContactChange, ContactDetail } from "./api";
import { sameTags } from "./tags";

export interface EditValues {
  name: string;
  email: string;
  company: string;
  status: string;
  tags: string[];
}

export type EditField = keyof EditValues;

export function valuesOf(contact: ContactDetail): EditValues {
  return { name: contact.name ?? "", email: contact.email ?? "", company: contact.company ?? "", status: contact.status, tags: [...contact.tags] };
}

/** Only what differs from `saved`; an emptied text field is sent as `null` (cleared). */
export function changeFrom(saved: EditValues, edited: EditValues): ContactChange {
  const change: ContactChange = {};
  for (const key of ["name", "email", "company"] as const) {
    const value = edited[key].trim();
    if (value !== saved[key].trim()) change[key] = value || null;
  }
  if (edited.status !== saved.status) change.status = edited.status;
  if (!sameTags(saved.tags, edited.tags)) change.tags = edited.tags;
  return change;
}

/**
 * The field a 422's message names ("email: `x` is not an email address",
 * "name is longer than 200 characters", "tag `x` is longer…", "at most 30
 * tags", "status must be one of…"); null when it names none.
 */
export function fieldOfError(message: string): EditField | null {
  const m = /^\s*(name|email|company|status|tags?)\b/i.exec(message);
  if (m?.[1]) {
    const word = m[1].toLowerCase();
    return word === "tag" || word === "tags" ? "tags" : (word as EditField);
  }
  if (/\btags?\b/i.test(message)) return "tags";
  return null;
}
