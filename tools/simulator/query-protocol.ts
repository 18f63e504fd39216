/**
 * Wire format of the AWS query protocols for the in-process fakes, driven by the SDK's own schemas (the
 * `<Operation>$` operation schemas the `@aws-sdk/client-*` packages export).
 *
 * Requests (`POST /`, `application/x-www-form-urlencoded`): `Action=<Operation>&Version=<version>&...`, each
 * member one or more form fields. Two dialects, as written by `@aws-sdk/core`'s `QueryShapeSerializer`:
 * - awsQuery (SNS, Auto Scaling): a member's field name is its `xmlName` or member name; a list is
 *   `<Name>.member.<n>` (1-based), a map `<Name>.entry.<n>.key` / `.value`, a nested structure `<Name>.<Member>`.
 * - ec2Query (EC2): a member's field name is its `ec2QueryName`, else its `xmlName` or member name with the
 *   first letter capitalized; every list is flattened (`Filter.1.Name`, `Filter.1.Value.1`); empty lists are
 *   not sent.
 * {@link readQueryInput} reverses this into the SDK's input object (model member names, e.g.
 * `{ Filters: [{ Name, Values }] }`), so a fake reads the request as the SDK's caller wrote it.
 *
 * Responses (`text/xml`): {@link writeQueryXml} renders an output object (model member names) as the
 * service's XML: each member an element named by its `xmlName` trait (else the member name); a list is a
 * wrapper element holding one element per item, named by the item's `xmlName` (EC2: `item`; awsQuery:
 * `member`), or, for an `xmlFlattened` list, repeated elements; timestamps ISO-8601; undefined members left out.
 * The caller wraps the result (`<DescribeInstancesResponse>` with a `requestId` for EC2;
 * `<XResponse><XResult>...</XResult><ResponseMetadata>` for awsQuery).
 */
import { NormalizedSchema } from "@smithy/core/schema";

/** An operation schema as exported by the SDK: `[9, namespace, name, traits, input, output]`. */
export type StaticOperationSchema = readonly [number, string, string, unknown, unknown, unknown];

export type QueryDialect = "awsQuery" | "ec2Query";

/** The form fields of a query request body (later duplicates win; the SDK never sends duplicates). */
export function parseQueryBody(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    fields[name] = value;
  }
  return fields;
}

/** The operation schema `<operation>$` of an SDK module, or undefined. */
export function operationSchemaOf(sdk: Readonly<Record<string, unknown>>, operation: string): StaticOperationSchema | undefined {
  const schema = sdk[`${operation}$`] as StaticOperationSchema | undefined;
  return Array.isArray(schema) && schema[0] === 9 ? schema : undefined;
}

/**
 * The input object (model member names) that the SDK serialized into `fields`, read with the operation's
 * input schema. Fields the schema does not name are ignored (as AWS ignores unknown query parameters).
 */
export function readQueryInput(inputSchema: unknown, fields: Readonly<Record<string, string>>, dialect: QueryDialect): Record<string, unknown> {
  const value = readValue(NormalizedSchema.of(inputSchema as never), fields, "", dialect);
  return (value ?? {}) as Record<string, unknown>;
}

function readValue(ns: NormalizedSchema, fields: Readonly<Record<string, string>>, prefix: string, dialect: QueryDialect): unknown {
  if (ns.isStructSchema()) {
    const result: Record<string, unknown> = {};
    let found = false;
    for (const [memberName, member] of ns.structIterator()) {
      const key = fieldKey(memberName, member, dialect);
      const value = readValue(member, fields, prefix === "" ? key : `${prefix}.${key}`, dialect);
      if (value !== undefined) {
        result[memberName] = value;
        found = true;
      }
    }
    return found || prefix === "" ? result : undefined;
  }
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    const flat = dialect === "ec2Query" || Boolean(ns.getMergedTraits().xmlFlattened);
    const itemTraits = item.getMergedTraits();
    const itemKey = dialect === "ec2Query" ? (itemTraits.ec2QueryName ?? itemTraits.xmlName ?? "member") : (itemTraits.xmlName ?? "member");
    const base = flat ? `${prefix}.` : `${prefix}.${itemKey}.`;
    if (fields[prefix] === "" && !flat) {
      return []; // awsQuery's explicit empty list (`Name=`)
    }
    const items: unknown[] = [];
    for (let index = 1; hasFieldsUnder(fields, `${base}${index}`); index += 1) {
      items.push(readValue(item, fields, `${base}${index}`, dialect));
    }
    return items.length > 0 ? items : undefined;
  }
  if (ns.isMapSchema()) {
    const flat = Boolean(ns.getMergedTraits().xmlFlattened);
    const base = flat ? `${prefix}.` : `${prefix}.entry.`;
    const keyName = ns.getKeySchema().getMergedTraits().xmlName ?? "key";
    const valueName = ns.getValueSchema().getMergedTraits().xmlName ?? "value";
    const result: Record<string, unknown> = {};
    let found = false;
    for (let index = 1; hasFieldsUnder(fields, `${base}${index}`); index += 1) {
      const key = fields[`${base}${index}.${keyName}`];
      if (key !== undefined) {
        result[key] = readValue(ns.getValueSchema(), fields, `${base}${index}.${valueName}`, dialect);
        found = true;
      }
    }
    return found ? result : undefined;
  }
  const raw = fields[prefix];
  if (raw === undefined) {
    return undefined;
  }
  if (ns.isBooleanSchema()) {
    return raw === "true";
  }
  if (ns.isNumericSchema()) {
    return Number(raw);
  }
  if (ns.isTimestampSchema()) {
    return new Date(raw);
  }
  return raw;
}

function fieldKey(memberName: string, member: NormalizedSchema, dialect: QueryDialect): string {
  const traits = member.getMergedTraits();
  if (dialect === "ec2Query") {
    if (typeof traits.ec2QueryName === "string") {
      return traits.ec2QueryName;
    }
    const name = (traits.xmlName as string | undefined) ?? memberName;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
  return (traits.xmlName as string | undefined) ?? memberName;
}

function hasFieldsUnder(fields: Readonly<Record<string, string>>, prefix: string): boolean {
  if (fields[prefix] !== undefined) {
    return true;
  }
  const dotted = `${prefix}.`;
  return Object.keys(fields).some((name) => name.startsWith(dotted));
}

/** The XML elements of `value`'s members (not wrapped), per the output schema; see the module comment. */
export function writeQueryXml(outputSchema: unknown, value: Readonly<Record<string, unknown>>): string {
  const ns = NormalizedSchema.of(outputSchema as never);
  return ns.isStructSchema() ? structMembers(ns, value) : "";
}

function structMembers(ns: NormalizedSchema, value: Readonly<Record<string, unknown>>): string {
  let xml = "";
  for (const [memberName, member] of ns.structIterator()) {
    const memberValue = value[memberName];
    if (memberValue === undefined || memberValue === null) {
      continue;
    }
    const name = (member.getMergedTraits().xmlName as string | undefined) ?? memberName;
    xml += element(member, name, memberValue);
  }
  return xml;
}

function element(ns: NormalizedSchema, name: string, value: unknown): string {
  if (ns.isListSchema()) {
    const items = Array.isArray(value) ? value : [value];
    const item = ns.getValueSchema();
    if (ns.getMergedTraits().xmlFlattened) {
      return items.map((entry) => element(item, name, entry)).join("");
    }
    const itemName = (item.getMergedTraits().xmlName as string | undefined) ?? "member";
    return `<${name}>${items.map((entry) => element(item, itemName, entry)).join("")}</${name}>`;
  }
  if (ns.isMapSchema()) {
    const keyName = (ns.getKeySchema().getMergedTraits().xmlName as string | undefined) ?? "key";
    const valueName = (ns.getValueSchema().getMergedTraits().xmlName as string | undefined) ?? "value";
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, entry]) => `<entry><${keyName}>${escapeXml(key)}</${keyName}>${element(ns.getValueSchema(), valueName, entry)}</entry>`)
      .join("");
    return `<${name}>${entries}</${name}>`;
  }
  if (ns.isStructSchema()) {
    return `<${name}>${structMembers(ns, value as Record<string, unknown>)}</${name}>`;
  }
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;").replace(/'/gu, "&apos;");
}
