// C's `%.<P>g` for doubles, as glibc prints it. Lua 5.1 writes numbers with LUA_NUMBER_FMT "%.14g"
// (luaconf.h), so `tostring`, `print`, concatenation and `luac -l` all need it byte for byte.
//
// JS's toPrecision/toExponential round ties away from zero on the *decimal* digits they pick,
// while glibc rounds the exact binary value half-to-even. They disagree on values such as
// 100000000000000.5 (exactly representable, a tie at 14 digits), so ties are decided here on
// the exact decimal expansion of the double.

const view = new DataView(new ArrayBuffer(8));
const MIN_NORMAL = 2.2250738585072014e-308;

/** Significant digits (no leading/trailing zeros) and decimal exponent: x = 0.DIGITS * 10^point. */
export interface Decimal {
  digits: string;
  point: number;
}

/** The exact decimal expansion of a finite, non-zero, positive double. */
export function exactDecimal(x: number): Decimal {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    // m * 2^-k = m * 5^k / 10^k
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  return { digits: digits.replace(/0+$/, ""), point };
}

/** Digits from JS's shortest round-trip representation of a positive finite double. */
export function shortestDecimal(x: number): Decimal {
  return parseDecimal(String(x));
}

/** The digits of a non-negative number as JS writes it (`123.45`, `1.5e-7`, `0.00012`). */
function parseDecimal(s: string): Decimal {
  let end = s.length;
  let exp10 = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    exp10 = Number(s.slice(e + 1));
    end = e;
  }
  const dot = s.indexOf(".");
  let digits: string;
  let point: number;
  if (dot < 0 || dot > end) {
    digits = e < 0 ? s : s.slice(0, end);
    point = end + exp10;
  } else if (dot === 1 && s.charCodeAt(0) === 48) {
    // 0.000ddd
    let z = 2;
    while (s.charCodeAt(z) === 48) z++;
    digits = s.slice(z, end);
    point = 2 - z + exp10;
  } else {
    digits = s.slice(0, dot) + s.slice(dot + 1, end);
    point = dot + exp10;
  }
  let k = digits.length;
  while (k > 0 && digits.charCodeAt(k - 1) === 48) k--;
  return { digits: k === digits.length ? digits : digits.slice(0, k), point };
}

/**
 * Rounds to at most `p` significant digits, half to even (the digits are exact). `p` may be 0 or
 * negative when rounding at a fixed decimal place: the result is then 0 (no digits) or one unit
 * of the first place kept.
 */
export function roundDigits(d: Decimal, p: number): Decimal {
  const { digits } = d;
  if (digits.length <= p) return d;
  if (p <= 0) {
    // Everything is dropped; only a value above half a unit of the last place kept rounds up
    // (an exact half rounds to the even 0).
    const up = p === 0 && (digits.charCodeAt(0) > 53 || (digits.charCodeAt(0) === 53 && digits.length > 1));
    return up ? { digits: "1", point: d.point + 1 } : { digits: "", point: d.point };
  }
  const next = digits.charCodeAt(p) - 48;
  let up = next > 5;
  if (next === 5) {
    const rest = digits.length > p + 1; // trailing zeros are stripped, so anything left is non-zero
    up = rest || (digits.charCodeAt(p - 1) - 48) % 2 === 1;
  }
  let kept = digits.slice(0, p);
  let point = d.point;
  if (up) {
    const bumped = (BigInt(kept) + 1n).toString();
    if (bumped.length > kept.length) point++;
    kept = bumped;
  }
  return { digits: kept.replace(/0+$/, ""), point };
}

/** -e for a finite non-zero double m * 2^e with m odd: how many binary places it has. */
function fractionBits(a: number): number {
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const e = biased === 0 ? -1074 : biased - 1075;
  let tz: number;
  if (lo !== 0) tz = 31 - Math.clz32(lo & -lo);
  else {
    const h = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
    tz = 63 - Math.clz32(h & -h);
  }
  return -(e + tz);
}

/** A finite, non-zero, positive double rounded to `p` >= 1 significant digits, half to even. */
export function significantDigits(a: number, p: number): Decimal {
  if (p <= 100) {
    // toPrecision rounds the exact value to nearest, as glibc does, but exact ties up: it will
    // do when `a` is no tie. A tie at p digits is (N + 1/2) * 10^-k with k = p-1-X (X: a's
    // decimal exponent), so that 2a * 10^k is odd; with a = m * 2^e (m odd) that takes
    // e + k + 1 = 0 exactly (k >= 0: m * 5^k * 2^(e+k+1); k < 0: m * 2^(e+k+1) / 5^-k). The
    // rounded digits' exponent is X or X + 1, so the k taken from them is k or k - 1.
    const r = parseDecimal(a.toPrecision(p));
    const k = p - r.point;
    const bits = fractionBits(a);
    if (bits !== k + 1 && bits !== k + 2) return r;
    const d = shortestDecimal(a);
    // The shortest representation will do when it needs no more than p <= 15 digits and x is
    // normal: the exact value lies within half an ulp (< 1.2e-16 relative) of it, inside the
    // p-digit rounding interval (>= 5e-16 relative), so rounding it gives the same digits.
    if (d.digits.length <= p && p <= 15 && a >= MIN_NORMAL) return d;
    // Nor is `a` a tie when its shortest representation is longer than p + 1 digits: a tie is a
    // decimal of p + 1 digits, and a double equal to one has a representation that short.
    if (d.digits.length > p + 1) return r;
  }
  return roundDigits(exactDecimal(a), p);
}

/** `sprintf("%.<precision>g", x)` as glibc prints it (no flags). */
export function formatG(x: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (Number.isNaN(x)) {
    view.setFloat64(0, x);
    return view.getUint32(0) >>> 31 ? "-nan" : "nan";
  }
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const a = Math.abs(x);
  if (a === Number.POSITIVE_INFINITY) return `${sign}inf`;
  if (a === 0) return `${sign}0`;
  const { digits, point } = significantDigits(a, p);
  const x10 = point - 1; // exponent in %e style
  if (x10 < -4 || x10 >= p) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const e = Math.abs(x10);
    return `${sign}${digits[0]}${frac}e${x10 < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (x10 < 0) return `${sign}0.${"0".repeat(-x10 - 1)}${digits}`;
  if (digits.length <= x10 + 1) return `${sign}${digits}${"0".repeat(x10 + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, x10 + 1)}.${digits.slice(x10 + 1)}`;
}

/** A Lua 5.1 number as text: LUA_NUMBER_FMT "%.14g" (luaconf.h). */
export function formatNumber(x: number): string {
  // Integers of up to 14 digits print as themselves (but -0 prints as "-0").
  if (Number.isInteger(x) && x < 1e14 && x > -1e14 && (x !== 0 || 1 / x > 0)) return String(x);
  return formatG(x, 14);
}

/**
 * luaV_tostring / lua_tolstring of a number: `%.14g`, so -0 is "-0", infinities are "inf" and
 * "-inf", and a NaN is "nan" or "-nan" after its sign bit, as glibc prints it (0/0 computed on
 * x86_64 has the sign bit set and prints "-nan"; -(0/0) prints "nan").
 */
export function numberToString(x: number): string {
  return formatNumber(x);
}

/** The sign bit of a double, NaNs and zeros included. */
export function signBit(x: number): boolean {
  view.setFloat64(0, x);
  return view.getUint32(0) >>> 31 === 1;
}

/** -1 when the sign bit of `x` is set (as for the NaN that 0/0 yields on x86_64), else 1. */
export function nanSign(x: number): -1 | 1 {
  return signBit(x) ? -1 : 1;
}

function fromBits(hi: number, lo: number): number {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

/**
 * The quiet NaN with the sign bit set (0xfff8000000000000): what x86_64 produces for 0/0,
 * inf-inf, 0*inf and sqrt(-1), and glibc's strtod for "-nan". glibc prints it "-nan".
 */
export const NEGATIVE_NAN: number = fromBits(0xfff80000, 0);

/** The quiet NaN with the sign bit clear (0x7ff8000000000000): JS's NaN, strtod's "nan". */
export const POSITIVE_NAN: number = fromBits(0x7ff80000, 0);
