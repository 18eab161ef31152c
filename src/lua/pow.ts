// luai_numpow: Lua 5.1's `^` is C's pow(), and luac folds `^` on constants into the bytecode, so
// the result must be the very double that the C library returns. JS's Math.pow is up to an ulp
// off, and even a correctly rounded pow is not enough: glibc's pow (within 0.54 ulp) decides
// exact ties such as 10^23 and some near-halfway cases by its own rounding errors.
//
// This is glibc's pow (the log/exp algorithm of sysdeps/ieee754/dbl-64/e_pow.c, glibc 2.28 and
// later) as its x86-64 FMA build computes it: every operation the compiler turns into a fused
// multiply-add is one here too, through an exactly rounded fma(). Its exp is the one of
// src/lua/libm.ts, on the same tables (__exp_data); the log tables are derived from their
// definitions on first use. C99 Annex F's special cases (pow(1, y) = 1, pow(-1, +-inf) = 1, ...)
// come out of the same code, as they do in C.

import {
  bitsOf,
  fixedLn,
  fixedToDouble,
  fromBits,
  fromWords,
  hexFloat,
  hiWord,
  loWord,
} from "./float-bits.js";
import { expInline, expTables, fma, SIGN_BIAS } from "./libm.js";

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

// ---------------------------------------------------------------------------------------------
// Tables, computed from their definitions with fixed-point big integers

const F = 224n; // fraction bits
const ONE = 1n << F;

interface Tables {
  invc: Float64Array;
  logc: Float64Array;
  logctail: Float64Array;
}

function makeTables(): Tables {
  const LN2 = fixedLn(2n * ONE, F);
  const invc = new Float64Array(LOG_N);
  const logc = new Float64Array(LOG_N);
  const logctail = new Float64Array(LOG_N);
  // log: the reduced range [0x1.69555p-1, 0x1.69555p0) is cut into N pieces of equal bit-pattern
  // width; c is near the piece's centre with 1/c a multiple of 1/N (centre < 1) or 1/2N, so that
  // z/c - 1 is exact; logc is log(c) rounded to a multiple of 2^-43 and logctail the rest.
  const off = BigInt(OFF_HI) << 32n;
  for (let i = 0; i < LOG_N; i++) {
    const lo = fromBits(off + (BigInt(i) << 45n));
    const hi = fromBits(off + (BigInt(i + 1) << 45n));
    const sum = BigInt(lo * 2 ** 53) + BigInt(hi * 2 ** 53); // (lo + hi) * 2^53, an integer
    const den = sum < 1n << 54n ? 128n : 256n; // 1/c = round(den / centre) / den
    const num = den << 54n; // den / centre = num / sum
    const j = (2n * num + sum) / (2n * sum);
    invc[i] = Number(j) / Number(den);
    // log(c) = -log(j / den), j / den = (j / 2^b) * 2^(b - log2 den) with j / 2^b in [1, 2)
    const b = j.toString(2).length - 1;
    const lnInvc = fixedLn((j << F) >> BigInt(b), F) + BigInt(b - (den === 128n ? 7 : 8)) * LN2;
    const lnc = -lnInvc;
    const q = F - 43n;
    const n = (lnc + (1n << (q - 1n))) >> q; // round(2^43 log c)
    logc[i] = Number(n) / 2 ** 43;
    logctail[i] = fixedToDouble(lnc - (n << q), F);
  }
  return { invc, logc, logctail };
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
  const e = expTables();
  const exp: bigint[] = [];
  for (let k = 0; k < e.tail.length; k++)
    exp.push(bitsOf(e.tail[k]!), (BigInt(e.scaleHi[k]! >>> 0) << 32n) | BigInt(e.scaleLo[k]!));
  return { log, exp };
}

// ---------------------------------------------------------------------------------------------
// pow
//
// The fused operations are those of the FMA build's machine code: in log, r = z invc - 1,
// lo1 = k ln2lo + logctail, lo3 = ar r - ar2, the three levels of the polynomial
// (A1 + r A2 + ar2 (A3 + r A4 + ar2 (A5 + r A6))) and its product with ar3 into the sum of the
// lo terms; both terms of y log(x)'s low part; in exp, the ones listed in src/lua/libm.ts.
// Plain products are the ones that are used more than once or feed no addition: ar, ar2, ar3,
// y hi (and exp's r^2, r^4 and scale tmp on the underflow side); k ln2hi + logc is exact either
// way.

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

export function numPow(x: number, y: number): number {
  const t = (tables ??= makeTables());
  let ixHi = hiWord(x);
  let ixLo = loWord(x);
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
      const xn = x * 2 ** 52;
      ixHi = ((hiWord(xn) & 0x7fffffff) - (52 << 20)) | 0;
      ixLo = loWord(xn);
    }
  }
  const hi = logInline(t, ixHi, ixLo);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fma(y, lo, fma(y, hi, -ehi));
  return expInline(ehi, elo, signBias);
}
