import { createHash } from "node:crypto";

/**
 * A construct id derived from a value (an email address, a cluster name) instead of its list position, so
 * removing one item leaves every other item's Terraform address unchanged: keyed by position, removing the
 * first email would replace (and make re-confirm) every later subscription.
 *
 * CDKTF builds the Terraform resource name from the construct path with every character outside
 * `[A-Za-z0-9_-]` removed, plus a hash of the path (cdktf lib/private/unique.js, makeUniqueId). The readable
 * part here keeps those characters only (others become `-`) and is cut at 40; the first 8 hex characters of
 * the value's SHA-256 keep two values apart that read alike (`a.b@x.com`, `a-b@x.com`) and stay stable
 * across synths. Construct ids must not contain `/` (the path separator): the readable part never does.
 */
export function valueKeyedId(prefix: string, value: string): string {
  const readable = value
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `${prefix}-${readable}-${hash}`;
}
