/**
 * The column mapping editor's rules: each column becomes one thing; exactly
 * one column is the phone number; a contact field (name, email…) is filled by
 * one column, so giving it to another column keeps the first one's data as a
 * custom field under its header (the server's guess follows the same rule).
 */
import type { Schemas } from "@/lib/api";

export type Column = Schemas["Vec"][number];
export type ColumnKind = Column["kind"];

export const KIND_LABELS: Record<ColumnKind, string> = {
  phone: "Phone number",
  name: "Full name",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  company: "Company",
  tags: "Tags (comma-separated)",
  status: "Status",
  field: "Custom field",
  skip: "Don’t import",
};

export const KINDS = Object.keys(KIND_LABELS) as ColumnKind[];

/** Kinds more than one column may have. */
const REPEATABLE: ReadonlySet<ColumnKind> = new Set(["field", "skip"]);

export const MAX_FIELD_NAME = 100;

function columnOf(kind: ColumnKind, header: string): Column {
  if (kind === "field") return { kind: "field", name: header.trim() || "Field" };
  return { kind };
}

/**
 * Column `index` becomes `kind`; another column that had that (single) kind
 * becomes a custom field named after its header, so no data silently goes.
 */
export function setKind(columns: readonly Column[], headers: readonly string[], index: number, kind: ColumnKind): Column[] {
  return columns.map((column, i) => {
    if (i === index) return column.kind === kind ? column : columnOf(kind, headers[i] ?? "");
    if (!REPEATABLE.has(kind) && column.kind === kind) return columnOf("field", headers[i] ?? "");
    return column;
  });
}

export function setFieldName(columns: readonly Column[], index: number, name: string): Column[] {
  return columns.map((column, i) => (i === index && column.kind === "field" ? { kind: "field", name } : column));
}

/** What keeps the mapping from being used, in words; null when it can be. */
export function mappingProblem(columns: readonly Column[]): string | null {
  const phones = columns.filter((c) => c.kind === "phone").length;
  if (phones === 0) return "Choose the column that holds the phone number.";
  if (phones > 1) return "Only one column can be the phone number.";
  for (const column of columns) {
    if (column.kind !== "field") continue;
    const name = column.name.trim();
    if (!name) return "Give every custom field a name.";
    if (Array.from(name).length > MAX_FIELD_NAME) return `A custom field's name can be at most ${MAX_FIELD_NAME} characters.`;
  }
  return null;
}

/** The mapping as sent: custom field names trimmed. */
export function cleanColumns(columns: readonly Column[]): Column[] {
  return columns.map((c) => (c.kind === "field" ? { kind: "field", name: c.name.trim() } : c));
}
