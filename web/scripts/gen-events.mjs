// From the OpenAPI document, the live events as TypeScript: the list of
// event types (`EventData`'s variants), the fields each type's data carries
// with their JSON types (for the parser), and an interface of every field.

const SCHEMAS = "#/components/schemas/";

/** A field's JSON shape: its kinds ("string", "boolean", "number", "null") and allowed values. */
function shapeOf(spec, schema) {
  if (schema.$ref) return shapeOf(spec, spec.components.schemas[schema.$ref.slice(SCHEMAS.length)]);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const kinds = types.map((t) => (t === "integer" ? "number" : t)).filter(Boolean);
  return { kinds, values: schema.enum ?? null };
}

/** Every property of an object schema, following `allOf` and `$ref`. */
function fieldsOf(spec, schema, into = {}) {
  if (schema.$ref) return fieldsOf(spec, spec.components.schemas[schema.$ref.slice(SCHEMAS.length)], into);
  for (const part of schema.allOf ?? []) fieldsOf(spec, part, into);
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    into[name] = { ...shapeOf(spec, property), required: required.has(name) };
  }
  return into;
}

function eventTypes(spec) {
  const variants = spec.components.schemas.EventData?.oneOf;
  if (!variants) throw new Error("openapi.json has no EventData oneOf: is the server's event schema registered?");
  return variants.map((variant) => {
    const fields = fieldsOf(spec, variant);
    const type = fields.type?.values?.[0];
    if (!type) throw new Error("an EventData variant has no `type` value");
    delete fields.type;
    return [type, fields];
  });
}

/** The fields LiveEvent adds to every event's data (its time, route and bot). */
function liveFields(spec) {
  const live = spec.components.schemas.LiveEvent;
  const own = (live.allOf ?? []).filter((part) => !part.$ref);
  return Object.assign({}, ...own.map((part) => fieldsOf(spec, part)));
}

function tsType({ kinds, values }) {
  const base = values ? values.map((v) => JSON.stringify(v)) : kinds.filter((k) => k !== "null");
  return [...new Set([...base, ...(kinds.includes("null") ? ["null"] : [])])].join(" | ");
}

function fieldTable(fields) {
  const entries = Object.entries(fields).map(
    ([name, { kinds, values, required }]) => `${name}: ${JSON.stringify({ kinds, values, required })}`,
  );
  return `{ ${entries.join(", ")} }`;
}

export function generateEvents(spec) {
  const types = eventTypes(spec);
  const live = liveFields(spec);
  const merged = {};
  for (const [, fields] of types) {
    for (const [name, field] of Object.entries(fields)) {
      const seen = merged[name];
      merged[name] = seen
        ? {
            kinds: [...new Set([...seen.kinds, ...field.kinds])],
            values: seen.values && field.values ? [...new Set([...seen.values, ...field.values])] : null,
            required: seen.required && field.required,
            count: seen.count + 1,
          }
        : { ...field, count: 1 };
    }
  }
  const lines = [];
  lines.push(`/** Every event type the server sends (server-sent \`event:\` and \`type\`). */`);
  lines.push(`export const EVENT_TYPES = ${JSON.stringify(types.map(([t]) => t))} as const;`);
  lines.push(`export type EventType = (typeof EVENT_TYPES)[number];`, "");
  lines.push(`export interface FieldSpec {`);
  lines.push(`  kinds: readonly ("string" | "number" | "boolean" | "null")[];`);
  lines.push(`  values: readonly string[] | null;`);
  lines.push(`  required: boolean;`);
  lines.push(`}`, "");
  lines.push(`/** The fields of each type's data, as the server documents them. */`);
  lines.push(`export const EVENT_FIELDS: Record<EventType, Record<string, FieldSpec>> = {`);
  for (const [type, fields] of types) lines.push(`  ${type}: ${fieldTable(fields)},`);
  lines.push(`};`, "");
  lines.push(`/** The fields the live stream adds to every event's data. */`);
  lines.push(`export const LIVE_FIELDS: Record<string, FieldSpec> = ${fieldTable(live)};`, "");
  lines.push(`/** Every field an event's data may carry; those all types carry are required. */`);
  lines.push(`export interface EventData {`);
  for (const [name, field] of Object.entries(merged).sort(([a], [b]) => a.localeCompare(b))) {
    const optional = field.count === types.length && field.required ? "" : "?";
    lines.push(`  ${name}${optional}: ${tsType(field)};`);
  }
  if (live.botName) lines.push(`  botName?: ${tsType(live.botName)};`);
  lines.push(`}`);
  return lines.join("\n") + "\n";
}
