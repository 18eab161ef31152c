// The representation of doubles, for the C math functions that work on their bits (src/lua/libm.ts
// and src/lua/pow.ts): the two 32-bit words of IEEE binary64 as glibc's GET_HIGH_WORD and
// INSERT_WORDS see them, C99 hexadecimal constants as glibc's sources spell them, exact
// decompositions, and the fixed-point arithmetic that builds glibc's tables from their
// definitions.

import { scaleBinary } from "./str2number.js";

// ---------------------------------------------------------------------------------------------
// Words

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/** The double whose high (sign, exponent, top of the fraction) and low words are given (taken modulo 2^32). */
export function fromWords(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}

/** The high word of x: sign, 11 exponent bits and the top 20 bits of the fraction (unsigned). */
export function hiWord(x: number): number {
  f64[0] = x;
  return u32[HI]!;
}

/** The low 32 bits of x's fraction (unsigned). */
export function loWord(x: number): number {
  f64[0] = x;
  return u32[LO]!;
}

/**
 * The double whose bit pattern is x's plus one (away from zero) or minus one (toward zero): x's
 * neighbour on that side, for a finite non-zero x.
 */
export function adjacent(x: number, away: boolean): number {
  f64[0] = x;
  const lo = u32[LO]!;
  if (away) {
    u32[LO] = lo + 1;
    if (lo === 0xffffffff) u32[HI] = u32[HI]! + 1;
  } else {
    u32[LO] = lo - 1;
    if (lo === 0) u32[HI] = u32[HI]! - 1;
  }
  return f64[0]!;
}

/** The 64-bit pattern of x. */
export function bitsOf(x: number): bigint {
  f64[0] = x;
  return (BigInt(u32[HI]!) << 32n) | BigInt(u32[LO]!);
}

/** The double with the 64-bit pattern b. */
export function fromBits(b: bigint): number {
  return fromWords(Number(b >> 32n), Number(b & 0xffffffffn));
}

/**
 * A C99 hexadecimal floating constant with at most 53 significant bits, one hex digit before the
 * point, e.g. "-0x1.8p52" or "0x1p-1".
 */
export function hexFloat(s: string): number {
  const m = /^(-?)0x([0-9a-f])(?:\.([0-9a-f]*))?p([+-]?\d+)$/.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const fraction = m[3] ?? "";
  const mant = Number.parseInt(m[2]! + fraction, 16); // exact: at most 53 bits
  const v = mant * 2 ** (Number(m[4]) - 4 * fraction.length);
  return m[1] === "-" ? -v : v;
}

/** x = m * 2^e exactly, m a signed integer (x finite). */
export function toDyadic(x: number): { m: bigint; e: number } {
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

// ---------------------------------------------------------------------------------------------
// Fixed point: big integers v standing for v / 2^F

/** A fixed-point value with F fraction bits rounded to the nearest double. */
export function fixedToDouble(v: bigint, F: bigint): number {
  return v < 0n ? -scaleBinary(-v, -Number(F)) : scaleBinary(v, -Number(F));
}

/** A double as a fixed-point value with F fraction bits (exact when x is a multiple of 2^-F). */
export function doubleToFixed(x: number, F: bigint): bigint {
  const { m, e } = toDyadic(x);
  const shift = e + Number(F);
  return shift >= 0 ? m << BigInt(shift) : m >> BigInt(-shift);
}

/** ln(a) for a fixed-point a (F fraction bits) in [0.5, 2]: 2 atanh((a - 1) / (a + 1)). */
export function fixedLn(a: bigint, F: bigint): bigint {
  const one = 1n << F;
  let z = ((a - one) << F) / (a + one);
  const negative = z < 0n;
  if (negative) z = -z;
  const z2 = (z * z) >> F;
  let term = z;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = (term * z2) >> F;
  }
  return negative ? -2n * sum : 2n * sum;
}
