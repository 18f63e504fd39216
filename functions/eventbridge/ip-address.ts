/**
 * IP addresses and CIDR blocks as EventBridge reads them (`cidr` patterns, and plain pattern strings that
 * happen to be IP addresses, which EventBridge turns into single-address ranges).
 *
 * EventBridge first checks the text against two loose regular expressions and only then asks Java's
 * `InetAddress` to parse it; which step fails decides the error message ("Nonstandard IP address" versus
 * "Invalid IP address"), so both steps are kept.
 */

/** An inclusive range of addresses of one family; `bottom` and `top` have 4 (IPv4) or 16 (IPv6) bytes. */
export interface IpRange {
  readonly bottom: readonly number[];
  readonly top: readonly number[];
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** Thrown with AWS's wording; the pattern compiler turns it into an InvalidEventPatternException reason. */
export class IpAddressError extends Error {}

function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/**
 * The address bytes of an IP literal, or `null` when `text` is not one. IPv4-mapped IPv6 addresses
 * (`::ffff:a00:1`) come back as 4 bytes, as Java returns them.
 */
export function parseIpAddress(text: string): number[] | null {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return null;
}

/** The address bytes, or an {@link IpAddressError} with EventBridge's message. */
function addressBytesOrThrow(text: string): number[] {
  if (!looksLikeIp(text)) throw new IpAddressError(`Nonstandard IP address: ${text}`);
  const bytes = parseIpAddress(text);
  if (bytes === null) throw new IpAddressError(`Invalid IP address: ${text}`);
  return bytes;
}

function parseIpv4(text: string): number[] | null {
  const bytes: number[] = [];
  for (const part of text.split(".")) {
    // Current JDKs reject zero-padded parts ("010") as ambiguous (octal to some tools); EventBridge runs on Java.
    if (part.length > 1 && part.startsWith("0")) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (half: string): number[] | null => {
    if (half === "") return [];
    const groups = half.split(":");
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parseGroups(halves[0] as string);
  const tail = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === null || tail === null) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  const isV4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return isV4Mapped ? bytes.slice(12) : bytes;
}

/** Java's `String.split("/")`: trailing empty strings are dropped, leading ones kept. */
function javaSplitOnSlash(text: string): string[] {
  const parts = text.split("/");
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/**
 * Parses a `cidr` pattern value.
 *
 * Mirrors EventBridge exactly, including two surprises: the range starts at the address as written (host bits
 * are not cleared: `10.0.0.5/24` covers `10.0.0.5`-`10.0.0.255`), and a full-length mask (`/32`, `/128`) is
 * rejected.
 *
 * @throws IpAddressError with AWS's message.
 */
export function parseCidr(text: string): IpRange {
  const parts = javaSplitOnSlash(text);
  if (parts.length !== 2) throw new IpAddressError("Malformed CIDR, one '/' required");
  const maskText = parts[1] as string;
  // Integer.parseInt: optional sign, decimal digits, 32-bit range.
  if (!/^[+-]?\d+$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31) {
    throw new IpAddressError("Malformed CIDR, mask bits must be an integer");
  }
  const maskBits = Number(maskText);
  if (maskBits < 0) throw new IpAddressError("Malformed CIDR, mask bits must not be negative");
  const bottom = addressBytesOrThrow(parts[0] as string);
  if (bottom.length === 4 && maskBits > 31) throw new IpAddressError("IPv4 mask bits must be < 32");
  if (bottom.length === 16 && maskBits > 127) throw new IpAddressError("IPv6 mask bits must be < 128");
  let hostBits = bottom.length * 8 - maskBits;
  const top = [...bottom];
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] = hostBits >= 8 ? 0xff : (top[i] as number) | ((1 << hostBits) - 1);
  }
  return { bottom, top };
}

/** A plain pattern string that is an IP literal becomes a one-address range; anything else: `null`. */
export function exactIpRange(text: string): IpRange | null {
  const bytes = parseIpAddress(text);
  return bytes === null ? null : { bottom: bytes, top: bytes };
}

/** Whether `address` lies in `range` (addresses of the other family never do). */
export function ipInRange(address: readonly number[], range: IpRange): boolean {
  if (address.length !== range.bottom.length) return false;
  return compareBytes(address, range.bottom) >= 0 && compareBytes(address, range.top) <= 0;
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}
