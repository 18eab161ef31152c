// string.format as Lua 5.1.5 does it (lstrlib.c str_format) over glibc's sprintf on x86_64.
//
// Each `%` item is scanned as 5.1 scans it (flags from "-+ #0", at most five of them, two
// digits of width, two of precision) and printed as sprintf would print it:
//   - %d %i convert the number to a C long (64 bits) and %o %u %x %X to an unsigned long, as
//     x86_64 code compiled by gcc does: doubles out of range, infinities and NaN become
//     0x8000000000000000 (cvttsd2si), and for the unsigned conversions values from 2^63 up are
//     converted as x - 2^63 with the top bit flipped back (so 2^64 and up give 0);
//   - %c converts to a C int (0x80000000 when out of range) and prints its low byte;
//   - %e %f %g round the exact binary value half to even, as glibc does;
//   - the item is appended up to its first NUL (strlen), so %c of 0 and %s of a string with an
//     embedded zero lose what follows it, except a %s without precision of 100 bytes or more,
//     which is appended whole (and without padding), and %q, which escapes NULs.

import {
  type Decimal,
  exactDecimal,
  formatNumber,
  roundDigits,
  signBit,
  significantDigits,
} from "../numfmt.js";
import { str2number } from "../str2number.js";
import { argError, LuaLibError } from "./errors.js";

/**
 * The arguments of a `string.format` call, as the C function sees them on its stack. Positions
 * are Lua argument numbers: the format string is argument 1, the first value argument 2.
 * Every method throws (a LuaLibError or the VM's own error) instead of returning when the
 * argument is unsuitable.
 */
export interface FormatArgs {
  /** lua_gettop: how many arguments were passed, the format string included. */
  readonly count: number;
  /**
   * luaL_checknumber: a number, or a string that converts to one (luaO_str2d); otherwise
   * `bad argument #i to 'format' (number expected, got <type>)`.
   */
  number(i: number): number;
  /**
   * luaL_checklstring: a string, or a number converted with `%.14g` (numberToString);
   * otherwise `bad argument #i to 'format' (string expected, got <type>)`.
   */
  string(i: number): string;
  /** luaL_argerror(i, extramsg): `bad argument #i to '<name>' (extramsg)`. */
  argError(i: number, extramsg: string): never;
}

const LEFT = 1;
const PLUS = 2;
const SPACE = 4;
const ALT = 8;
const ZERO = 16;

const PCT = 37;
const DOT = 46;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** lstrlib.c FLAGS: the flag characters and their bits. */
function flagBit(c: number): number {
  switch (c) {
    case 45: // -
      return LEFT;
    case 43: // +
      return PLUS;
    case 32: // space
      return SPACE;
    case 35: // #
      return ALT;
    case 48: // 0
      return ZERO;
    default:
      return 0;
  }
}

/** `string.format(fmt, ...)`: `fmt` is the (already checked) byte string of argument 1. */
export function stringFormat(fmt: string, args: FormatArgs): string {
  const n = fmt.length;
  let out = "";
  let arg = 1;
  let i = 0;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += i === 0 ? fmt : fmt.slice(i);
      break;
    }
    if (pct > i) out += fmt.slice(i, pct);
    i = pct + 1;
    if (fmt.charCodeAt(i) === PCT) {
      out += "%";
      i++;
      continue;
    }
    // A format item (a lone `%` at the end reads the string's terminating zero as its option).
    if (++arg > args.count) args.argError(arg, "no value");
    // scanformat
    const start = i;
    let flags = 0;
    let bit: number;
    while (i < n && (bit = flagBit(fmt.charCodeAt(i))) !== 0) {
      flags |= bit;
      i++;
    }
    if (i - start >= 6) throw new LuaLibError("invalid format (repeated flags)");
    let width = 0;
    let c = fmt.charCodeAt(i);
    if (isDigit(c)) {
      width = c - 48;
      c = fmt.charCodeAt(++i);
      if (isDigit(c)) {
        width = width * 10 + c - 48;
        c = fmt.charCodeAt(++i);
      }
    }
    let precision = -1;
    if (c === DOT) {
      precision = 0;
      c = fmt.charCodeAt(++i);
      if (isDigit(c)) {
        precision = c - 48;
        c = fmt.charCodeAt(++i);
        if (isDigit(c)) {
          precision = precision * 10 + c - 48;
          c = fmt.charCodeAt(++i);
        }
      }
    }
    if (isDigit(c)) throw new LuaLibError("invalid format (width or precision too long)");
    i++;
    switch (c) {
      case 99: // c
        out += formatChar(args.number(arg), flags, width);
        break;
      case 100: // d
      case 105: // i
        out += formatSigned(args.number(arg), flags, width, precision);
        break;
      case 111: // o
        out += formatUnsigned(args.number(arg), 8, false, flags, width, precision);
        break;
      case 117: // u
        out += formatUnsigned(args.number(arg), 10, false, flags, width, precision);
        break;
      case 120: // x
        out += formatUnsigned(args.number(arg), 16, false, flags, width, precision);
        break;
      case 88: // X
        out += formatUnsigned(args.number(arg), 16, true, flags, width, precision);
        break;
      case 101: // e
      case 69: // E
      case 102: // f
      case 103: // g
      case 71: // G
        out += formatFloat(args.number(arg), c, flags, width, precision);
        break;
      case 113: // q
        out += quoteString(args.string(arg));
        break;
      case 115: {
        // s
        const s = args.string(arg);
        out += precision < 0 && s.length >= 100 ? s : formatString(s, flags, width, precision);
        break;
      }
      default: {
        // Also the end of the string (NaN here), read as the terminating zero, which the
        // message's %c then drops.
        const opt = c > 0 ? String.fromCharCode(c) : "";
        throw new LuaLibError(`invalid option '%${opt}' to 'format'`);
      }
    }
  }
  return out;
}

/** `sign` (or prefix) and `body` padded to `width`: left, with zeros after the sign, or right. */
function pad(sign: string, body: string, width: number, flags: number, zeroPad: boolean): string {
  const fill = width - sign.length - body.length;
  if (fill <= 0) return sign + body;
  if (flags & LEFT) return sign + body + " ".repeat(fill);
  if (zeroPad) return sign + "0".repeat(fill) + body;
  return " ".repeat(fill) + sign + body;
}

const TWO63 = 2 ** 63;
const TWO53 = 2 ** 53;
const LONG_MIN_DIGITS = "9223372036854775808";

/** `%d`: (long)x, with cvttsd2si's 0x8000000000000000 for what does not fit. */
function formatSigned(x: number, flags: number, width: number, precision: number): string {
  let neg: boolean;
  let digits: string;
  if (x > -TWO53 && x < TWO53) {
    const t = Math.trunc(x);
    neg = t < 0;
    digits = String(neg ? -t : t);
  } else if (x >= -TWO63 && x < TWO63) {
    // An integer already, and exactly a BigInt.
    neg = x < 0;
    digits = (neg ? -BigInt(x) : BigInt(x)).toString();
  } else {
    neg = true;
    digits = LONG_MIN_DIGITS;
  }
  if (precision >= 0) {
    if (precision === 0 && digits === "0") digits = "";
    else if (digits.length < precision) digits = "0".repeat(precision - digits.length) + digits;
  }
  const sign = neg ? "-" : flags & PLUS ? "+" : flags & SPACE ? " " : "";
  return pad(sign, digits, width, flags, (flags & ZERO) !== 0 && precision < 0);
}

const TWO64N = 1n << 64n;
const TWO63N = 1n << 63n;

/** (unsigned long)x as gcc's x86_64 code converts it; a number when it is below 2^53. */
export function toUnsignedLong(x: number): number | bigint {
  if (x > -1 && x < TWO53) return Math.trunc(x) + 0; // + 0: no -0
  if (x < TWO63 || Number.isNaN(x)) {
    // cvttsd2si: the signed long (0x8000000000000000 for NaN and below -2^63), as unsigned.
    const s = x >= -TWO63 ? BigInt(Math.trunc(x)) : -TWO63N;
    return s < 0n ? s + TWO64N : s;
  }
  // cvttsd2si(x - 2^63) with the top bit flipped: 0 from 2^64 up (and for inf).
  const t = x - TWO63;
  return t >= TWO63 ? 0 : BigInt(t) + TWO63N;
}

/** `%o %u %x %X` of (unsigned long)x. */
function formatUnsigned(
  x: number,
  radix: number,
  upper: boolean,
  flags: number,
  width: number,
  precision: number,
): string {
  const u = toUnsignedLong(x);
  const zero = u === 0 || u === 0n;
  let digits = u.toString(radix);
  if (upper) digits = digits.toUpperCase();
  if (precision >= 0) {
    if (precision === 0 && zero) digits = "";
    else if (digits.length < precision) digits = "0".repeat(precision - digits.length) + digits;
  }
  let prefix = "";
  if (flags & ALT) {
    if (radix === 8) {
      if (digits.charCodeAt(0) !== 48) digits = `0${digits}`;
    } else if (radix === 16 && !zero) {
      prefix = upper ? "0X" : "0x";
    }
  }
  return pad(prefix, digits, width, flags, (flags & ZERO) !== 0 && precision < 0);
}

/** `%c` of (int)x: its low byte, padded with spaces, then cut at a NUL (strlen). */
function formatChar(x: number, flags: number, width: number): string {
  const v = x > -2147483649 && x < 2147483648 ? Math.trunc(x) : -2147483648;
  const b = v & 0xff;
  if (b === 0) return flags & LEFT || width <= 1 ? "" : " ".repeat(width - 1);
  return pad("", String.fromCharCode(b), width, flags, false);
}

/** `%s` with a precision, or of fewer than 100 bytes: as a C string, cut at its first NUL. */
function formatString(s: string, flags: number, width: number, precision: number): string {
  const nul = s.indexOf("\0");
  if (nul >= 0) s = s.slice(0, nul);
  if (precision >= 0 && s.length > precision) s = s.slice(0, precision);
  return pad("", s, width, flags, false);
}

/** addquoted: `"` ... `"` with `"`, `\` and newline escaped by `\`, CR as `\r`, NUL as `\000`. */
export function quoteString(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    let esc: string;
    switch (s.charCodeAt(i)) {
      case 34:
        esc = '\\"';
        break;
      case 92:
        esc = "\\\\";
        break;
      case 10:
        esc = "\\\n";
        break;
      case 13:
        esc = "\\r";
        break;
      case 0:
        esc = "\\000";
        break;
      default:
        continue;
    }
    out += s.slice(from, i) + esc;
    from = i + 1;
  }
  return `${out + (from === 0 ? s : s.slice(from))}"`;
}

const UPPER_E = 69;
const UPPER_G = 71;
const LOWER_F = 102;
const LOWER_G = 103;

/** `%e %E %f %g %G` of a double, with glibc's spelling of infinities and NaNs. */
function formatFloat(x: number, conv: number, flags: number, width: number, precision: number): string {
  const upper = conv === UPPER_E || conv === UPPER_G;
  const neg = x < 0 || (x === 0 ? 1 / x < 0 : Number.isNaN(x) && signBit(x));
  const sign = neg ? "-" : flags & PLUS ? "+" : flags & SPACE ? " " : "";
  const a = Math.abs(x);
  if (Number.isNaN(a)) return pad(sign, upper ? "NAN" : "nan", width, flags, false);
  if (a === Number.POSITIVE_INFINITY) return pad(sign, upper ? "INF" : "inf", width, flags, false);
  const p = precision < 0 ? 6 : precision;
  const alt = (flags & ALT) !== 0;
  let body: string;
  if (conv === LOWER_F) body = fixedNotation(a, p, alt);
  else if (conv === LOWER_G || conv === UPPER_G) body = generalNotation(a, p === 0 ? 1 : p, alt, upper);
  else body = exponentNotation(a, p, alt, upper);
  return pad(sign, body, width, flags, (flags & ZERO) !== 0);
}

/** `%.<p>f` of a finite a >= 0. */
export function fixedNotation(a: number, p: number, alt: boolean): string {
  let s: string;
  if (a < 1e21) {
    // toFixed picks the nearest p-place decimal of the exact value, as glibc does; they differ
    // only on exact ties (toFixed rounds them up), which are the doubles with exactly p + 1
    // fractional bits. Scaling by a power of two is exact here.
    const scaled = a * 2 ** (p + 1);
    if (Number.isInteger(scaled) && !Number.isInteger(scaled / 2)) {
      s = decimalFixed(roundedFixed(a, p), p, true);
    } else {
      s = a.toFixed(p);
    }
  } else {
    s = decimalFixed(roundedFixed(a, p), p, true);
  }
  return alt && p === 0 ? `${s}.` : s;
}

/** a > 0 (or 0) rounded half to even at `p` decimal places. */
function roundedFixed(a: number, p: number): Decimal {
  if (a === 0) return { digits: "", point: 0 };
  const d = exactDecimal(a);
  return roundDigits(d, d.point + p);
}

/**
 * The digits of `d` in positional notation with `p` fractional digits (padded with zeros when
 * `pad`, else only those it has); `d` has no more than `p` of them.
 */
function decimalFixed(d: Decimal, p: number, padFraction: boolean): string {
  const { digits, point } = d;
  let int: string;
  let frac: string;
  if (digits.length === 0) {
    int = "0";
    frac = "";
  } else if (point <= 0) {
    int = "0";
    frac = "0".repeat(-point) + digits;
  } else if (digits.length <= point) {
    int = digits + "0".repeat(point - digits.length);
    frac = "";
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  if (padFraction && frac.length < p) frac += "0".repeat(p - frac.length);
  return frac.length > 0 ? `${int}.${frac}` : int;
}

/** `d.ddd` (P digits) `e±XX` for digits rounded to P significant places and exponent X. */
function exponentText(digits: string, P: number, x10: number, alt: boolean, upper: boolean): string {
  const m = digits.length < P ? digits + "0".repeat(P - digits.length) : digits;
  const e = x10 < 0 ? -x10 : x10;
  const rest = m.slice(1);
  const mant = rest.length > 0 || alt ? `${m[0]}.${rest}` : m[0]!;
  return `${mant}${upper ? "E" : "e"}${x10 < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
}

/** `%.<p>e` of a finite a >= 0. */
function exponentNotation(a: number, p: number, alt: boolean, upper: boolean): string {
  if (a === 0) return exponentText("0", p + 1, 0, alt, upper);
  const d = significantDigits(a, p + 1);
  return exponentText(d.digits, p + 1, d.point - 1, alt, upper);
}

/** `%.<P>g` of a finite a >= 0 (P >= 1). */
function generalNotation(a: number, P: number, alt: boolean, upper: boolean): string {
  const d: Decimal = a === 0 ? { digits: "", point: 1 } : significantDigits(a, P);
  const x10 = d.point - 1;
  if (x10 < -4 || x10 >= P) {
    // glibc's %#g: a value below 10^P that rounds up to it was laid out for %f without
    // fractional digits, and is printed as "1.e+P" without the zeros the other cases keep.
    const carried = alt && x10 === P && exactDecimal(a).point === P;
    return exponentText(d.digits, alt && !carried ? P : 1, x10, alt, upper);
  }
  const s = decimalFixed(d, P - 1 - x10, alt);
  return alt && P - 1 - x10 === 0 ? `${s}.` : s;
}

/**
 * FormatArgs over an array of values (values[0] is argument 1, the format string), for a
 * function named `fname` in messages. Numbers, strings, undefined (nil) and booleans are
 * understood; `typeName` names any other value (default: "function" for JS functions, else
 * "table").
 */
export function valueFormatArgs(
  values: readonly unknown[],
  options: { fname?: string; typeName?: (v: unknown) => string } = {},
): FormatArgs {
  const fname = options.fname ?? "format";
  const otherName = options.typeName ?? ((v: unknown) => (typeof v === "function" ? "function" : "table"));
  const typeName = (i: number): string => {
    if (i > values.length) return "no value";
    const v = values[i - 1];
    switch (typeof v) {
      case "undefined":
        return "nil";
      case "boolean":
      case "number":
      case "string":
        return typeof v;
      default:
        return otherName(v);
    }
  };
  const self: FormatArgs = {
    count: values.length,
    number(i) {
      const v = values[i - 1];
      if (typeof v === "number") return v;
      if (typeof v === "string") {
        const x = str2number(v);
        if (x !== undefined) return x;
      }
      return self.argError(i, `number expected, got ${typeName(i)}`);
    },
    string(i) {
      const v = values[i - 1];
      if (typeof v === "string") return v;
      if (typeof v === "number") return formatNumber(v);
      return self.argError(i, `string expected, got ${typeName(i)}`);
    },
    argError(i, extramsg) {
      throw argError(i, fname, extramsg);
    },
  };
  return self;
}

/** `string.format(...)` over plain values (see valueFormatArgs): argument 1 is the format. */
export function formatValues(values: readonly unknown[], fname = "format"): string {
  const args = valueFormatArgs(values, { fname });
  return stringFormat(args.string(1), args);
}
