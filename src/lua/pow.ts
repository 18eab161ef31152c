// luai_numpow: Lua 5.1's `^` is C's pow(), and luac folds `^` on constants into the bytecode, so
// the result must be the very double that the C library returns. JS's Math.pow is up to an ulp
// off, and even a correctly rounded pow is not enough: glibc's pow (within 0.54 ulp) decides
// exact ties such as 10^23 and some near-halfway cases by its own rounding errors.
//
// This is glibc's pow (the log/exp algorithm of sysdeps/ieee754/dbl-64/e_pow.c, glibc 2.28 and
// later) as its x86-64 FMA build computes it: every operation the compiler turns into a fused
// multiply-add is one here too, through an exactly rounded fma(). The lookup tables are derived
// from their definitions on first use. C99 Annex F's special cases (pow(1, y) = 1,
// pow(-1, +-inf) = 1, ...) come out of the same code, as they do in C.

import { scaleBinary } from "./str2number.js";

// ---------------------------------------------------------------------------------------------
// Bit access

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

function fromWords(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}

function hiWord(x: number): number {
  f64[0] = x;
  return u32[HI]!;
}

function bitsOf(x: number): bigint {
  f64[0] = x;
  return (BigInt(u32[HI]!) << 32n) | BigInt(u32[LO]!);
}

/** A C99 hexadecimal floating constant with at most 53 significant bits, e.g. "-0x1.8p52". */
function hexFloat(s: string): number {
  const m = /^(-?)0x([0-9a-f])\.([0-9a-f]*)p([+-]?\d+)$/.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const mant = Number.parseInt(m[2]! + m[3]!, 16); // exact: at most 53 bits
  const v = mant * 2 ** (Number(m[4]) - 4 * m[3]!.length);
  return m[1] === "-" ? -v : v;
}

// ---------------------------------------------------------------------------------------------
// Exactly rounded fused multiply-add

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitting constant
const TWO_M900 = 2 ** -900;
const TWO_900 = 2 ** 900;
const TWO_995 = 2 ** 995;
const TWO_1000 = 2 ** 1000;
const TWO_M960 = 2 ** -960;

/**
 * a * b + c with a single rounding (to nearest, ties to even). The exact product is split into
 * a sum of two doubles (Dekker), c is added with an error-free sum, the two error terms are
 * summed with rounding to odd and the final addition rounds to nearest; this is exact as long as
 * nothing overflows or underflows, which the range test guarantees (Boldo and Melquiond, "Emulation
 * of FMA and correctly rounded sums: proved algorithms using rounding to odd", 2008). Other
 * operands take an exact big-integer path.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = p < 0 ? -p : p;
  if (
    ap > TWO_M900 &&
    ap < TWO_900 &&
    a < TWO_995 &&
    a > -TWO_995 &&
    b < TWO_995 &&
    b > -TWO_995 &&
    c < TWO_1000 &&
    c > -TWO_1000
  ) {
    // p + pl = a * b exactly
    let t = SPLIT * a;
    const ah = t - (t - a);
    const al = a - ah;
    t = SPLIT * b;
    const bh = t - (t - b);
    const bl = b - bh;
    const pl = ah * bh - p + ah * bl + al * bh + al * bl;
    // th + tl = c + p exactly
    const th = c + p;
    let bv = th - c;
    const tl = c - (th - bv) + (p - bv);
    // v = tl + pl rounded to odd
    let v = tl + pl;
    bv = v - tl;
    const err = tl - (v - bv) + (pl - bv);
    if (err !== 0) {
      f64[0] = v;
      const lo = u32[LO]!;
      if ((lo & 1) === 0) {
        // v is even and inexact: the exact sum lies between v and its odd neighbour toward err
        if (err > 0 === v > 0) u32[LO] = lo + 1;
        else if (lo !== 0) u32[LO] = lo - 1;
        else {
          u32[LO] = 0xffffffff;
          u32[HI] = u32[HI]! - 1;
        }
        v = f64[0]!;
      }
    }
    // a zero is exact (cancellation only happens where th and v are exact); a tiny result is
    // left to the exact path
    const r = th + v;
    if (r > TWO_M960 || r < -TWO_M960 || r === 0) return r;
  }
  return fmaExact(a, b, c);
}

/** x = m * 2^e exactly, m a signed integer (x finite). */
function toDyadic(x: number): { m: bigint; e: number } {
  f64[0] = x;
  const hi = u32[HI]!;
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(u32[LO]!);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: hi >>> 31 ? -m : m, e };
}

/** m * 2^e (m a signed integer) rounded to the nearest double, ties to even. */
function roundDyadic(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const negative = m < 0n;
  let a = negative ? -m : m;
  const top = a.toString(2).length - 1 + e; // exponent of the leading bit
  const lsb = Math.max(top - 52, -1074);
  const shift = lsb - e;
  if (shift > 0) {
    const s = BigInt(shift);
    const q = a >> s;
    const rem = a - (q << s);
    const half = 1n << (s - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  } else a <<= BigInt(-shift);
  // a <= 2^53; lsb in [-1074, 971], so both factors are doubles and the product rounds only on
  // overflow, to infinity
  const v = Number(a) * 2 ** lsb;
  return negative ? -v : v;
}

function fmaExact(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0 || b === 0) return a * b + c; // no rounding of an exact product, or IEEE rules for infinities and NaN
  if (!Number.isFinite(c)) return c; // the exact product is finite
  const x = toDyadic(a);
  const y = toDyadic(b);
  const z = toDyadic(c);
  let m = x.m * y.m;
  let e = x.e + y.e;
  if (z.m !== 0n) {
    if (z.e >= e) m += z.m << BigInt(z.e - e);
    else {
      m = (m << BigInt(e - z.e)) + z.m;
      e = z.e;
    }
  }
  return roundDyadic(m, e); // an exact zero sum of non-zero terms is +0
}

// ---------------------------------------------------------------------------------------------
// Constants of glibc's pow

const OFF_HI = 0x3fe69555; // high word of 0x1.69555p-1, the start of the reduced range of log
const LOG_N = 128;
const LN2HI = hexFloat("0x1.62e42fefa3800p-1");
const LN2LO = hexFloat("0x1.ef35793c76730p-45");
// log1p(r) ~ r + A0 r^2 + ... ; the coefficients are scaled for the evaluation scheme
const A0 = -0.5;
const A1 = hexFloat("0x1.555555555556p-2") * -2;
const A2 = hexFloat("-0x1.0000000000006p-2") * -2;
const A3 = hexFloat("0x1.999999959554ep-3") * 4;
const A4 = hexFloat("-0x1.555555529a47ap-3") * 4;
const A5 = hexFloat("0x1.2495b9b4845e9p-3") * -8;
const A6 = hexFloat("-0x1.0002b8b263fc3p-3") * -8;

const EXP_N = 128;
const INV_LN2_N = hexFloat("0x1.71547652b82fep0") * EXP_N;
const NEG_LN2_HI_N = hexFloat("-0x1.62e42fefa0000p-8");
const NEG_LN2_LO_N = hexFloat("-0x1.cf79abc9e3b3ap-47");
const SHIFT = hexFloat("0x1.8p52");
const C2 = hexFloat("0x1.ffffffffffdbdp-2");
const C3 = hexFloat("0x1.555555555543cp-3");
const C4 = hexFloat("0x1.55555cf172b91p-5");
const C5 = hexFloat("0x1.1111167a4d017p-7");
const SIGN_BIAS = 0x800 << 7; // added to the exponent adjustment, lands in the sign bit

// ---------------------------------------------------------------------------------------------
// Tables, computed from their definitions with fixed-point big integers

const F = 224n; // fraction bits
const ONE = 1n << F;

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

/** e^t for a fixed-point t in [0, 1). */
function expSeries(t: bigint): bigint {
  let term = ONE;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = (term * t) / (i << F);
  }
  return sum;
}

/** A fixed-point value rounded to the nearest double. */
function fixedToDouble(v: bigint): number {
  return v < 0n ? -scaleBinary(-v, -Number(F)) : scaleBinary(v, -Number(F));
}

/** A double (>= 2^-F, at most 53 bits below its unit) as a fixed-point value. */
function doubleToFixed(x: number): bigint {
  const { m, e } = toDyadic(x);
  return e + Number(F) >= 0 ? m << BigInt(e + Number(F)) : m >> BigInt(-(e + Number(F)));
}

interface Tables {
  invc: Float64Array;
  logc: Float64Array;
  logctail: Float64Array;
  /** 2^(k/N) ~ scale * (1 + tail) */
  tail: Float64Array;
  /** high word of scale's bits minus k/N in the exponent field (the low word is scale's) */
  scaleHi: Int32Array;
  scaleLo: Uint32Array;
}

function makeTables(): Tables {
  const LN2 = atanhLn(2n * ONE);
  const invc = new Float64Array(LOG_N);
  const logc = new Float64Array(LOG_N);
  const logctail = new Float64Array(LOG_N);
  // log: the reduced range [0x1.69555p-1, 0x1.69555p0) is cut into N pieces of equal bit-pattern
  // width; c is near the piece's centre with 1/c a multiple of 1/N (centre < 1) or 1/2N, so that
  // z/c - 1 is exact; logc is log(c) rounded to a multiple of 2^-43 and logctail the rest.
  const off = BigInt(OFF_HI) << 32n;
  const asDouble = (bits: bigint) => fromWords(Number(bits >> 32n), Number(bits & 0xffffffffn));
  for (let i = 0; i < LOG_N; i++) {
    const lo = asDouble(off + (BigInt(i) << 45n));
    const hi = asDouble(off + (BigInt(i + 1) << 45n));
    const sum = BigInt(lo * 2 ** 53) + BigInt(hi * 2 ** 53); // (lo + hi) * 2^53, an integer
    const den = sum < 1n << 54n ? 128n : 256n; // 1/c = round(den / centre) / den
    const num = den << 54n; // den / centre = num / sum
    const j = (2n * num + sum) / (2n * sum);
    invc[i] = Number(j) / Number(den);
    // log(c) = -log(j / den), j / den = (j / 2^b) * 2^(b - log2 den) with j / 2^b in [1, 2)
    const b = j.toString(2).length - 1;
    const lnInvc = atanhLn((j << F) >> BigInt(b)) + BigInt(b - (den === 128n ? 7 : 8)) * LN2;
    const lnc = -lnInvc;
    const q = F - 43n;
    const n = (lnc + (1n << (q - 1n))) >> q; // round(2^43 log c)
    logc[i] = Number(n) / 2 ** 43;
    logctail[i] = fixedToDouble(lnc - (n << q));
  }
  // exp: 2^(k/N) as scale * (1 + tail), scale its nearest double
  const tail = new Float64Array(EXP_N);
  const scaleHi = new Int32Array(EXP_N);
  const scaleLo = new Uint32Array(EXP_N);
  for (let k = 0; k < EXP_N; k++) {
    const exact = expSeries((BigInt(k) * LN2) / BigInt(EXP_N));
    const scale = fixedToDouble(exact);
    const scaleFixed = doubleToFixed(scale);
    tail[k] = fixedToDouble(((exact - scaleFixed) << F) / scaleFixed);
    f64[0] = scale;
    scaleHi[k] = (u32[HI]! - (k << 13)) | 0; // bits - (k << 52) / N
    scaleLo[k] = u32[LO]!;
  }
  return { invc, logc, logctail, tail, scaleHi, scaleLo };
}

let tables: Tables | undefined;

/**
 * The tables as glibc lays them out (bit patterns): per log entry invc, logc and logctail; per
 * exp entry the tail and the adjusted scale.
 */
export function powTableBits(): { log: bigint[]; exp: bigint[] } {
  const t = (tables ??= makeTables());
  const log: bigint[] = [];
  for (let i = 0; i < LOG_N; i++) log.push(bitsOf(t.invc[i]!), bitsOf(t.logc[i]!), bitsOf(t.logctail[i]!));
  const exp: bigint[] = [];
  for (let k = 0; k < EXP_N; k++)
    exp.push(bitsOf(t.tail[k]!), (BigInt(t.scaleHi[k]! >>> 0) << 32n) | BigInt(t.scaleLo[k]!));
  return { log, exp };
}

// ---------------------------------------------------------------------------------------------
// pow
//
// The fused operations are those of the FMA build's machine code: in log, r = z invc - 1,
// lo1 = k ln2lo + logctail, lo3 = ar r - ar2, the three levels of the polynomial
// (A1 + r A2 + ar2 (A3 + r A4 + ar2 (A5 + r A6))) and its product with ar3 into the sum of the
// lo terms; both terms of y log(x)'s low part; in exp, the rounding of InvLn2N x to an integer
// (with Shift), both steps of the reduction x - k ln2/N, the four multiply-adds of the
// polynomial and the final scale + scale tmp (also on the overflow side of the special case).
// Plain products are the ones that are used more than once or feed no addition: ar, ar2, ar3,
// y hi, r^2, r^4 and scale tmp on the underflow side; k ln2hi + logc is exact either way.

/** 0 if y is not an integer, 1 if it is odd, 2 if even (y finite and non-zero). */
function checkint(y: number): number {
  if (!Number.isInteger(y)) return 0;
  return Math.abs(y) < 2 ** 53 && Math.abs(y) % 2 === 1 ? 1 : 2;
}

let logTail = 0; // second result of logInline

/**
 * log(x) as logInline's result + logTail, about 68 bits, for x given by its bit pattern; a
 * subnormal x comes normalised, its exponent below the field (the high word is then negative).
 */
function logInline(t: Tables, ixHi: number, ixLo: number): number {
  // x = 2^k z with z in [OFF, 2 OFF); z falls in the i-th piece
  const tmpHi = (ixHi - OFF_HI) | 0;
  const i = (tmpHi >>> 13) & (LOG_N - 1);
  const k = tmpHi >> 20;
  const z = fromWords((ixHi - (tmpHi & 0xfff00000)) | 0, ixLo);
  const invc = t.invc[i]!;
  const logc = t.logc[i]!;
  const logctail = t.logctail[i]!;
  // log(x) = k ln2 + log(c) + log1p(z/c - 1), r = z/c - 1 exact
  const r = fma(z, invc, -1);
  const t1 = k * LN2HI + logc; // exact
  const t2 = t1 + r;
  const lo1 = fma(k, LN2LO, logctail);
  const lo2 = t1 - t2 + r;
  const ar = A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const lo3 = fma(ar, r, -ar2);
  const lo4 = t2 - hi + ar2;
  const q = fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1));
  const lo = fma(ar3, q, lo1 + lo2 + lo3 + lo4);
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

/** Results that may overflow or underflow: scale * (1 + tmp), scale's exponent out of range. */
function specialCase(tmp: number, sHi: number, sLo: number, k: number): number {
  if (k >= 0) {
    // the exponent of scale may exceed the range by up to 460
    const scale = fromWords((sHi - (1009 << 20)) | 0, sLo);
    return 2 ** 1009 * fma(scale, tmp, scale);
  }
  const shifted = (sHi + (1022 << 20)) | 0;
  const scale = fromWords(shifted, sLo); // signed
  const st = scale * tmp;
  let y = scale + st;
  if (Math.abs(y) < 1) {
    // round to 53 bits before scaling into the subnormal range, avoiding double rounding
    const one = y < 0 ? -1 : 1;
    let lo = scale - y + st;
    const hi = one + y;
    lo = one - hi + y + lo;
    y = hi + lo - one;
    if (y === 0) y = shifted < 0 ? -0 : 0;
  }
  return 2 ** -1022 * y;
}

/** sign * exp(x + xtail), |xtail| small; the sign is negative when signBias is SIGN_BIAS. */
function expInline(t: Tables, x: number, xtail: number, signBias: number): number {
  const abstop = (hiWord(x) >>> 20) & 0x7ff;
  let special = false;
  if ((abstop - 0x3c9) >>> 0 >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) {
      // |x| < 2^-54
      const one = 1 + x;
      return signBias ? -one : one;
    }
    if (abstop >= 0x409) {
      // |x| >= 1024
      if (x < 0) return signBias ? -0 : 0;
      return signBias ? -Infinity : Infinity;
    }
    special = true; // 512 <= |x| < 1024
  }
  // x = k ln2/N + r, exp(x) = 2^(k/N) exp(r)
  const kd = fma(INV_LN2_N, x, SHIFT) - SHIFT;
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x)) + xtail;
  const idx = kd & (EXP_N - 1);
  const tail = t.tail[idx]!;
  const sHi = (t.scaleHi[idx]! + ((kd + signBias) << 13)) | 0;
  const sLo = t.scaleLo[idx]!;
  const r2 = r * r;
  const tmp = fma(fma(r, C5, C4), r2 * r2, fma(fma(r, C3, C2), r2, tail + r));
  if (special) return specialCase(tmp, sHi, sLo, kd);
  const scale = fromWords(sHi, sLo);
  return fma(tmp, scale, scale);
}

export function numPow(x: number, y: number): number {
  const t = (tables ??= makeTables());
  f64[0] = x;
  let ixHi = u32[HI]!;
  let ixLo = u32[LO]!;
  const iyHi = hiWord(y);
  let topx = ixHi >>> 20;
  const topy = iyHi >>> 20;
  let signBias = 0;
  if ((topx - 1) >>> 0 >= 0x7ff - 1 || ((topy & 0x7ff) - 0x3be) >>> 0 >= 0x43e - 0x3be) {
    // x is zero, subnormal, infinite, NaN or negative; or |y| < 2^-65, |y| >= 2^63 or y is NaN
    if (y === 0 || !Number.isFinite(y)) {
      if (y === 0) return 1;
      if (x === 1) return 1;
      // x + y in SSE keeps the first operand's NaN (sign included); JS's + may keep the second
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? x : y;
      if (x === -1) return 1;
      if (Math.abs(x) < 1 === y > 0) return 0; // |x| < 1 and y = inf, or |x| > 1 and y = -inf
      return y * y;
    }
    if (x === 0 || !Number.isFinite(x)) {
      let x2 = x * x;
      if (ixHi >>> 31 && checkint(y) === 1) x2 = -x2;
      return y < 0 ? 1 / x2 : x2;
    }
    // x and y are finite and non-zero
    if (ixHi >>> 31) {
      const yint = checkint(y);
      if (yint === 0) return -Number.NaN; // __math_invalid: (x - x) / (x - x), x86's default NaN is negative
      if (yint === 1) signBias = SIGN_BIAS;
      ixHi &= 0x7fffffff;
      topx &= 0x7ff;
    }
    if (((topy & 0x7ff) - 0x3be) >>> 0 >= 0x43e - 0x3be) {
      // y is even here
      const ax = Math.abs(x);
      if (ax === 1) return 1;
      if ((topy & 0x7ff) < 0x3be) return ax > 1 ? 1 + y : 1 - y; // |y| < 2^-65
      return ax > 1 === topy < 0x800 ? Infinity : 0;
    }
    if (topx === 0) {
      // subnormal x: normalise, the exponent going below the field
      f64[0] = x * 2 ** 52;
      ixHi = ((u32[HI]! & 0x7fffffff) - (52 << 20)) | 0;
      ixLo = u32[LO]!;
    }
  }
  const hi = logInline(t, ixHi, ixLo);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fma(y, lo, fma(y, hi, -ehi));
  return expInline(t, ehi, elo, signBias);
}
