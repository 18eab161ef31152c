// luai_numpow: Lua 5.1's `^` is C's pow(). glibc's pow is accurate to about half an ulp, while
// JS's Math.pow can be a full ulp off (10^-5 is one such case), and luac folds `^` on constants
// into the bytecode, so a result one ulp away changes the compiled bytes. This pow returns the
// correctly rounded result: exactly for integer exponents (big integer arithmetic on the
// operands' binary values) and through 200-bit fixed-point logarithm and exponential otherwise.
// It follows C99 Annex F for the special cases (pow(1, y) = 1, pow(-1, +-inf) = 1, ...), where
// Math.pow differs. Exact ties (10^23 lies halfway between two doubles) round to even; glibc
// may round those the other way.

import { scaleBinary } from "./str2number.js";

const F = 200n; // fraction bits of the fixed-point arithmetic
const ONE = 1n << F;

/** x as odd-or-zero integer mantissa and binary exponent: x = m * 2^e (x finite, non-zero). */
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = hi >>> 20;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0)
    e = -1074; // subnormal
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m, e };
}

const bitLength = (n: bigint) => n.toString(2).length;

/** Rounds num / den * 2^exp (positive big integers) to the nearest double. */
function roundQuotient(num: bigint, den: bigint, exp: number): number {
  const shift = Math.max(0, bitLength(den) - bitLength(num) + 66);
  const scaled = num << BigInt(shift);
  const q = scaled / den;
  const sticky = scaled % den !== 0n ? 1n : 0n;
  return scaleBinary(q | sticky, exp - shift);
}

/** x^n for a finite non-zero x and a non-zero integer n, correctly rounded. */
function powInteger(x: number, n: number): number {
  const { m, e } = decompose(x);
  const k = Math.abs(n);
  const mk = m ** BigInt(k);
  const sign = x < 0 && k % 2 === 1 ? -1 : 1;
  if (n > 0) return sign * scaleBinary(mk, e * k);
  return sign * roundQuotient(1n, mk, -e * k);
}

/** ln(v) for v = m * 2^e as fixed point with F fraction bits. */
function lnFixed(m: bigint, e: number): bigint {
  // normalise the mantissa to [1, 2) in fixed point, then ln(x) = ln(mant) + exp2 * ln 2
  const bits = bitLength(m);
  const mant = (m << F) >> BigInt(bits - 1);
  return atanhLn(mant) + BigInt(e + bits - 1) * LN2;
}

/** ln(a) for a fixed-point a in [1, 2]: 2 atanh((a - 1) / (a + 1)). */
function atanhLn(a: bigint): bigint {
  const z = ((a - ONE) << F) / (a + ONE);
  const z2 = (z * z) >> F;
  let term = z;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = (term * z2) >> F;
  }
  return 2n * sum;
}

const LN2 = atanhLn(2n * ONE);

/** e^t for fixed-point t, as a fixed-point mantissa and a power of two: e^t = r * 2^k. */
function expFixed(t: bigint): { r: bigint; k: number } {
  let k = t / LN2;
  let rem = t - k * LN2;
  if (rem < 0n) {
    rem += LN2;
    k -= 1n;
  }
  let term = ONE;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = (term * rem) / (i << F);
  }
  return { r: sum, k: Number(k) };
}

export function numPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === -1 && !Number.isFinite(y)) return 1;
  if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return x ** y;
  const approx = x ** y;
  // overflow, underflow and NaN (negative base, fractional exponent) agree with C's pow
  if (approx === 0 || !Number.isFinite(approx)) return approx;
  if (Number.isInteger(y)) return Math.abs(y) <= 65536 ? powInteger(x, y) : approx;
  if (Math.abs(approx) < 2.3e-308 || Math.abs(approx) > 1.7e308) return approx; // near the range ends
  const { m, e } = decompose(x);
  const ym = decompose(y);
  // t = y * ln(x), y = ym.m * 2^ym.e exactly
  let t = lnFixed(m, e) * ym.m;
  t = ym.e >= 0 ? t << BigInt(ym.e) : t >> BigInt(-ym.e);
  if (y < 0) t = -t;
  const { r, k } = expFixed(t);
  return scaleBinary(r | 1n, k - Number(F));
}
