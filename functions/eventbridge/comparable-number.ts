/**
 * EventBridge's number model. EventBridge does not compare numbers as doubles: it turns a number's text into a
 * fixed-point value with six decimal places, allowed only between -5e9 and +5e9 (AWS documents the range and
 * precision under "Numeric matching"). Numbers outside that model are not numbers to EventBridge's numeric
 * operators: in an event they can only be matched by their exact text, in a `numeric` pattern they are an
 * error.
 *
 * Values are kept as BigInt millionths so that comparisons are exact (`0.3 - 0.1` problems cannot occur).
 */

const SIX_DECIMALS = 6;
const FIVE_BILLION_MICROS = 5_000_000_000n * 1_000_000n;
const LONG_MAX = 2n ** 63n - 1n;

/** A decimal number as BigDecimal sees it: `unscaled * 10^-scale`, trailing zeros stripped. */
interface Decimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Result of turning a number's text into EventBridge's fixed-point form. */
export type ComparableResult = { readonly ok: true; readonly micros: bigint } | { readonly ok: false; readonly reason: string };

/**
 * Converts a number's text (as written in the JSON, e.g. `300.0`, `3.018e2`) to millionths, or explains why
 * EventBridge cannot: the reasons are AWS's messages (`Value must be between -5.0E9 and 5.0E9, inclusive`, ...).
 */
export function toComparable(text: string): ComparableResult {
  const decimal = parseDecimal(text);
  if (decimal === null) return { ok: false, reason: `Not a number: ${text}` };
  if (decimal.scale > SIX_DECIMALS) {
    // Java builds this message by plain concatenation, hence the missing space after "supported".
    return {
      ok: false,
      reason: "Only values upto 6 decimals are supported" + `${bigDecimalToString(decimal)} ${text} ${doubleToHexString(roundHalfUp(decimal, SIX_DECIMALS))}`,
    };
  }
  const micros = decimal.unscaled * 10n ** BigInt(SIX_DECIMALS - decimal.scale);
  // Java's longValueExact() fails before the range check can run.
  if (micros > LONG_MAX || micros < -LONG_MAX - 1n) return { ok: false, reason: "Overflow" };
  if (micros > FIVE_BILLION_MICROS || micros < -FIVE_BILLION_MICROS) {
    return { ok: false, reason: "Value must be between -5.0E9 and 5.0E9, inclusive" };
  }
  return { ok: true, micros };
}

/** The lower and upper bound of EventBridge's numeric range, in millionths. */
export const MIN_COMPARABLE = -FIVE_BILLION_MICROS;
export const MAX_COMPARABLE = FIVE_BILLION_MICROS;

/** Parses a JSON/JavaScript number literal exactly, with trailing zeros stripped (BigDecimal.stripTrailingZeros). */
function parseDecimal(text: string): Decimal | null {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) return null;
  const [, sign = "", intPart = "", fracPart = "", exponent = "0"] = match;
  if (intPart === "" && fracPart === "") return null;
  let unscaled = BigInt((intPart || "0") + fracPart);
  if (sign === "-") unscaled = -unscaled;
  let scale = fracPart.length - Number(exponent);
  if (unscaled === 0n) return { unscaled: 0n, scale: 0 };
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale -= 1;
  }
  return { unscaled, scale };
}

/** Java's BigDecimal.toString() for a stripped decimal (scientific notation below 1E-6). */
function bigDecimalToString({ unscaled, scale }: Decimal): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  let body: string;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) body = digits;
    else if (digits.length > scale) body = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    else body = `0.${"0".repeat(scale - digits.length)}${digits}`;
  } else {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${mantissa}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
  }
  return negative ? `-${body}` : body;
}

/** BigDecimal.setScale(places, HALF_UP).doubleValue(). */
function roundHalfUp({ unscaled, scale }: Decimal, places: number): number {
  const shift = scale - places;
  let rounded = unscaled;
  if (shift > 0) {
    const divisor = 10n ** BigInt(shift);
    const magnitude = unscaled < 0n ? -unscaled : unscaled;
    let quotient = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
    rounded = unscaled < 0n ? -quotient : quotient;
  }
  return Number(`${rounded}e${shift > 0 ? -places : -scale}`);
}

/** Java's Double.toHexString, e.g. `0x1.f9add3739635fp-4`. */
function doubleToHexString(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? "-" : "";
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = bits & ((1n << 52n) - 1n);
  if (exponent === 0 && mantissa === 0n) return `${sign}0x0.0p0`;
  const hex = mantissa.toString(16).padStart(13, "0").replace(/0+$/, "") || "0";
  if (exponent === 0) return `${sign}0x0.${hex}p-1022`;
  return `${sign}0x1.${hex}p${exponent - 1023}`;
}
