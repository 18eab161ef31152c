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
interface Decimal {
  digits: string;
  point: number;
}

/** The exact decimal expansion of a finite, non-zero, positive double. */
function exactDecimal(x: number): Decimal {
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
function shortestDecimal(x: number): Decimal {
  const s = String(x);
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exp10 = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const intLen = dot < 0 ? mantissa.length : dot;
  const all = mantissa.replace(".", "");
  const lead = all.length - all.replace(/^0+/, "").length;
  return { digits: all.slice(lead).replace(/0+$/, ""), point: intLen - lead + exp10 };
}

/** Rounds to at most `p` significant digits, half to even (the digits are exact). */
function roundDigits(d: Decimal, p: number): Decimal {
  const { digits } = d;
  if (digits.length <= p) return d;
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
  // The shortest representation will do when it needs no more than p <= 15 digits and x is
  // normal: the exact value lies within half an ulp (< 1.2e-16 relative) of it, inside the
  // p-digit rounding interval (>= 5e-16 relative), so rounding it gives the same digits.
  let d = shortestDecimal(a);
  if (d.digits.length > p || p > 15 || a < MIN_NORMAL) d = roundDigits(exactDecimal(a), p);
  const { digits } = d;
  const x10 = d.point - 1; // exponent in %e style
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
  return formatG(x, 14);
}
