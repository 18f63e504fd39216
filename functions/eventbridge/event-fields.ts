/**
 * How EventBridge sees an event when matching: a list of leaf values, each under the dotted path of its keys.
 *
 * - Nested objects are joined with dots, so `{"detail": {"state.status": "x"}}` and
 *   `{"detail": {"state": {"status": "x"}}}` both put `"x"` under `detail.state.status` (the recorded
 *   `dot_joining_*` vectors depend on this).
 * - Arrays disappear from the path: every element is a value of the same field, and objects inside an array
 *   are flattened the same way. An empty array or object contributes nothing, so it does not "exist".
 * - Each value remembers which element of which array it came from ("array membership"), so that a pattern
 *   naming two fields of an array of objects only matches when both come from the same element.
 */
import { JsonNode } from "./json-document";

/** Array id -> element index, for every array of objects that encloses a value. */
export type ArrayMembership = ReadonlyMap<number, number>;

/** A leaf of the event. */
export interface EventField {
  readonly value: JsonNode & { type: "string" | "number" | "boolean" | "null" };
  readonly membership: ArrayMembership;
}

/** Leaves grouped by dotted path. */
export type EventFields = ReadonlyMap<string, readonly EventField[]>;

/** Flattens an event object into its leaves (the root must be an object). */
export function flattenEvent(root: JsonNode & { type: "object" }): EventFields {
  const fields = new Map<string, EventField[]>();
  let nextArrayId = 0;

  const addLeaf = (path: readonly string[], value: EventField["value"], membership: ArrayMembership): void => {
    const key = path.join(".");
    const list = fields.get(key) ?? [];
    list.push({ value, membership });
    fields.set(key, list);
  };

  const visit = (node: JsonNode, path: readonly string[], membership: ArrayMembership): void => {
    switch (node.type) {
      case "object":
        for (const [key, value] of node.entries) visit(value, [...path, key], membership);
        return;
      case "array": {
        const arrayId = nextArrayId++;
        node.items.forEach((item, index) => {
          // Only containers get a membership entry: two scalars of one array can never be paired up anyway,
          // because a pattern names each field only once.
          if (item.type === "object" || item.type === "array") {
            visit(item, path, new Map(membership).set(arrayId, index));
          } else {
            visit(item, path, membership);
          }
        });
        return;
      }
      default:
        addLeaf(path, node, membership);
    }
  };

  visit(root, [], new Map());
  return fields;
}

/** Whether two values can come from the same event "row": they agree on every array they share. */
export function consistentMembership(a: ArrayMembership, b: ArrayMembership): boolean {
  for (const [arrayId, index] of b) {
    const other = a.get(arrayId);
    if (other !== undefined && other !== index) return false;
  }
  return true;
}

/** The union of two consistent memberships. */
export function mergeMembership(a: ArrayMembership, b: ArrayMembership): ArrayMembership {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const merged = new Map(a);
  for (const [arrayId, index] of b) merged.set(arrayId, index);
  return merged;
}
