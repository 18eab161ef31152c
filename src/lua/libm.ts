// C's <math.h> as glibc computes it on x86-64, for the math library (src/lua/lib/math.ts); pow,
// which the VM's `^` uses too, is in src/lua/pow.ts.
//
// exp, log, sin and cos are glibc's own algorithms (as its x86-64 FMA build computes them), so
// they return the very doubles the C library returns; so are the exact operations (fma, sqrt,
// floor, ceil, fmod, modf, frexp, ldexp) and pow. The others (tan, asin, acos, atan, atan2, sinh,
// cosh, tanh, log10) are JS's Math functions, which differ from glibc's in the last bit for a few
// percent of arguments (rarely visible in the 14 digits that tostring prints).
//
// NaNs keep their sign as C's functions leave it (the project prints "-nan" and "nan" as glibc
// does): a NaN argument comes back as it is, and a NaN made from numbers carries the sign that
// glibc's x86-64 code gives it (most invalid operations produce the default NaN, whose sign bit
// is set; a few functions build a positive one).

import {
  adjacent,
  bitsOf,
  doubleToFixed,
  fixedLn,
  fixedToDouble,
  fromBits,
  fromWords,
  hexFloat,
  hiWord,
  loWord,
  toDyadic,
} from "./float-bits.js";
import { NEGATIVE_NAN, POSITIVE_NAN } from "./numfmt.js";

/** copysign(v, x) for a non-NaN v. */
const copySign = (v: number, x: number): number => (x < 0 || Object.is(x, -0) ? -Math.abs(v) : Math.abs(v));

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitting constant

// ---------------------------------------------------------------------------------------------
// Exactly rounded fused multiply-add

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
    // an even, inexact v: the exact sum lies between v and its odd neighbour toward err
    if (err !== 0 && (loWord(v) & 1) === 0) v = adjacent(v, err > 0 === v > 0);
    // a zero is exact (cancellation only happens where th and v are exact); a tiny result is
    // left to the exact path
    const r = th + v;
    if (r > TWO_M960 || r < -TWO_M960 || r === 0) return r;
  }
  return fmaExact(a, b, c);
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
// glibc's exp (sysdeps/ieee754/dbl-64/e_exp.c) and the exp that ends its pow (exp_inline of
// e_pow.c) as the x86-64 FMA build computes them: one algorithm on the same tables (__exp_data),
// pow's with a low part added to the argument and a sign for the result.
// exp(x) = 2^(k/N) exp(r), x = k ln2/N + r, |r| <= ln2/2N, N = 128. Fused: the rounding of
// InvLn2N x to an integer (with Shift), both steps of the reduction x - k ln2/N, the four
// multiply-adds of the polynomial and the final scale + scale tmp (also on the overflow side of
// the special case); plain: r^2, r^4 and scale tmp on the underflow side.

const EXP_N = 128;
const INV_LN2_N = hexFloat("0x1.71547652b82fep0") * EXP_N;
const NEG_LN2_HI_N = hexFloat("-0x1.62e42fefa0000p-8");
const NEG_LN2_LO_N = hexFloat("-0x1.cf79abc9e3b3ap-47");
const EXP_SHIFT = hexFloat("0x1.8p52");
const EC2 = hexFloat("0x1.ffffffffffdbdp-2");
const EC3 = hexFloat("0x1.555555555543cp-3");
const EC4 = hexFloat("0x1.55555cf172b91p-5");
const EC5 = hexFloat("0x1.1111167a4d017p-7");
/** expInline's signBias for a negative result: added to the exponent adjustment, it lands in the sign bit. */
export const SIGN_BIAS = 0x800 << 7;

export interface ExpTables {
  /** 2^(k/N) ~ scale * (1 + tail) */
  readonly tail: Float64Array;
  /** high word of scale's bits minus k/N in the exponent field (the low word is scale's) */
  readonly scaleHi: Int32Array;
  readonly scaleLo: Uint32Array;
}

let expData: ExpTables | undefined;

/** e^t for a fixed-point t in [0, 1) (F fraction bits). */
function fixedExp(t: bigint, F: bigint): bigint {
  let term = 1n << F;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = (term * t) / (i << F);
  }
  return sum;
}

/** The exp tables, computed from their definitions on first use: 2^(k/N) as scale * (1 + tail), scale its nearest double. */
export function expTables(): ExpTables {
  if (expData !== undefined) return expData;
  const F = 224n;
  const LN2 = fixedLn(2n << F, F);
  const tail = new Float64Array(EXP_N);
  const scaleHi = new Int32Array(EXP_N);
  const scaleLo = new Uint32Array(EXP_N);
  for (let k = 0; k < EXP_N; k++) {
    const exact = fixedExp((BigInt(k) * LN2) / BigInt(EXP_N), F);
    const scale = fixedToDouble(exact, F);
    const scaleFixed = doubleToFixed(scale, F);
    tail[k] = fixedToDouble(((exact - scaleFixed) << F) / scaleFixed, F);
    scaleHi[k] = (hiWord(scale) - (k << 13)) | 0; // bits - (k << 52) / N
    scaleLo[k] = loWord(scale);
  }
  return (expData = { tail, scaleHi, scaleLo });
}

/** Results that may overflow or underflow: scale * (1 + tmp), scale's exponent out of range. */
function expSpecialCase(tmp: number, sHi: number, sLo: number, k: number): number {
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

/**
 * sign * exp(x + xtail) for a non-NaN x, |xtail| small; the sign is negative when signBias is
 * SIGN_BIAS (0 for a positive result).
 */
export function expInline(x: number, xtail: number, signBias: number): number {
  const abstop = (hiWord(x) >>> 20) & 0x7ff;
  let special = false;
  if ((abstop - 0x3c9) >>> 0 >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) {
      // |x| < 2^-54
      const one = 1 + x;
      return signBias ? -one : one;
    }
    if (abstop >= 0x409) {
      // |x| >= 1024: overflow or underflow
      if (x < 0) return signBias ? -0 : 0;
      return signBias ? -Infinity : Infinity;
    }
    special = true; // 512 <= |x| < 1024: the scale may leave the exponent range
  }
  const t = expTables();
  const kd = fma(INV_LN2_N, x, EXP_SHIFT) - EXP_SHIFT;
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x)) + xtail;
  const idx = kd & (EXP_N - 1);
  const tail = t.tail[idx]!;
  const sHi = (t.scaleHi[idx]! + ((kd + signBias) << 13)) | 0;
  const sLo = t.scaleLo[idx]!;
  const r2 = r * r;
  const tmp = fma(fma(r, EC5, EC4), r2 * r2, fma(fma(r, EC3, EC2), r2, tail + r));
  if (special) return expSpecialCase(tmp, sHi, sLo, kd);
  const scale = fromWords(sHi, sLo);
  return fma(tmp, scale, scale);
}

/** glibc's exp. */
export function exp(x: number): number {
  return Number.isNaN(x) ? x : expInline(x, 0, 0);
}

// ---------------------------------------------------------------------------------------------
// glibc's log (sysdeps/ieee754/dbl-64/e_log.c) as its x86-64 FMA build computes it.
// log(x) = k ln2 + log(c) + log1p(z/c - 1) for x = 2^k z, z in [0x1.6p-1, 0x1.6p0) cut into
// N = 128 pieces of equal bit-pattern width, c near the centre of z's piece; near 1 a
// polynomial in x - 1 instead. Fused: z invc - 1, k ln2hi + logc, the low part's k ln2lo, the
// polynomial's multiply-adds and its product with r^3 into the low part; near 1, every level
// of the polynomial, its product with r^3 into lo, and B0 rlo (rhi + r).

const LOG_N = 128;
const LOG_OFF_HI = 0x3fe60000;
const LN2HI = hexFloat("0x1.62e42fefa3800p-1");
const LN2LO = hexFloat("0x1.ef35793c76730p-45");
const LA0 = hexFloat("-0x1.0000000000001p-1");
const LA1 = hexFloat("0x1.555555551305bp-2");
const LA2 = hexFloat("-0x1.fffffffeb459p-3");
const LA3 = hexFloat("0x1.999b324f10111p-3");
const LA4 = hexFloat("-0x1.55575e506c89fp-3");
// biome-ignore format: a table
const LB = [
  "-0x1p-1", "0x1.5555555555577p-2", "-0x1.ffffffffffdcbp-3", "0x1.999999995dd0cp-3",
  "-0x1.55555556745a7p-3", "0x1.24924a344de3p-3", "-0x1.fffffa4423d65p-4", "0x1.c7184282ad6cap-4",
  "-0x1.999eb43b068ffp-4", "0x1.78182f7afd085p-4", "-0x1.5521375d145cdp-4",
].map(hexFloat);
const [LB0, LB1, LB2, LB3, LB4, LB5, LB6, LB7, LB8, LB9, LB10] = LB as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/**
 * 1/c for each piece: glibc's choice among the doubles near 1/centre (one that makes
 * k ln2hi + log(c) exact and log(c) close to a double), which no formula reproduces.
 */
// biome-ignore format: a table
const LOG_INVC = [
  "0x1.734f0c3e0de9fp+0", "0x1.713786a2ce91fp+0", "0x1.6f26008fab5a0p+0", "0x1.6d1a61f138c7dp+0",
  "0x1.6b1490bc5b4d1p+0", "0x1.69147332f0cbap+0", "0x1.6719f18224223p+0", "0x1.6524f99a51ed9p+0",
  "0x1.63356aa8f24c4p+0", "0x1.614b36b9ddc14p+0", "0x1.5f66452c65c4cp+0", "0x1.5d867b5912c4fp+0",
  "0x1.5babccb5b90dep+0", "0x1.59d61f2d91a78p+0", "0x1.5805612465687p+0", "0x1.56397cee76bd3p+0",
  "0x1.54725e2a77f93p+0", "0x1.52aff42064583p+0", "0x1.50f22dbb2bddfp+0", "0x1.4f38f4734ded7p+0",
  "0x1.4d843cfde2840p+0", "0x1.4bd3ec078a3c8p+0", "0x1.4a27fc3e0258ap+0", "0x1.4880524d48434p+0",
  "0x1.46dce1b192d0bp+0", "0x1.453d9d3391854p+0", "0x1.43a2744b4845ap+0", "0x1.420b54115f8fbp+0",
  "0x1.40782da3ef4b1p+0", "0x1.3ee8f5d57fe8fp+0", "0x1.3d5d9a00b4ce9p+0", "0x1.3bd60c010c12bp+0",
  "0x1.3a5242b75dab8p+0", "0x1.38d22cd9fd002p+0", "0x1.3755bc5847a1cp+0", "0x1.35dce49ad36e2p+0",
  "0x1.34679984dd440p+0", "0x1.32f5cceffcb24p+0", "0x1.3187775a10d49p+0", "0x1.301c8373e3990p+0",
  "0x1.2eb4ebb95f841p+0", "0x1.2d50a0219a9d1p+0", "0x1.2bef9a8b7fd2ap+0", "0x1.2a91c7a0c1babp+0",
  "0x1.293726014b530p+0", "0x1.27dfa5757a1f5p+0", "0x1.268b39b1d3bbfp+0", "0x1.2539d838ff5bdp+0",
  "0x1.23eb7aac9083bp+0", "0x1.22a012ba940b6p+0", "0x1.2157996cc4132p+0", "0x1.201201dd2fc9bp+0",
  "0x1.1ecf4494d480bp+0", "0x1.1d8f5528f6569p+0", "0x1.1c52311577e7cp+0", "0x1.1b17c74cb26e9p+0",
  "0x1.19e010c2c1ab6p+0", "0x1.18ab07bb670bdp+0", "0x1.1778a25efbcb6p+0", "0x1.1648d354c31dap+0",
  "0x1.151b990275fddp+0", "0x1.13f0ea432d24cp+0", "0x1.12c8b7210f9dap+0", "0x1.11a3028ecb531p+0",
  "0x1.107fbda8434afp+0", "0x1.0f5ee0f4e6bb3p+0", "0x1.0e4065d2a9fcep+0", "0x1.0d244632ca521p+0",
  "0x1.0c0a77ce2981ap+0", "0x1.0af2f83c636d1p+0", "0x1.09ddb98a01339p+0", "0x1.08cabaf52e7dfp+0",
  "0x1.07b9f2f4e28fbp+0", "0x1.06ab58c358f19p+0", "0x1.059eea5ecf92cp+0", "0x1.04949cdd12c90p+0",
  "0x1.038c6c6f0ada9p+0", "0x1.02865137932a9p+0", "0x1.0182427ea7348p+0", "0x1.008040614b195p+0",
  "0x1.fe01ff726fa1ap-1", "0x1.fa11cc261ea74p-1", "0x1.f6310b081992ep-1", "0x1.f25f63ceeadcdp-1",
  "0x1.ee9c8039113e7p-1", "0x1.eae8078cbb1abp-1", "0x1.e741aa29d0c9bp-1", "0x1.e3a91830a99b5p-1",
  "0x1.e01e009609a56p-1", "0x1.dca01e577bb98p-1", "0x1.d92f20b7c9103p-1", "0x1.d5cac66fb5ccep-1",
  "0x1.d272caa5ede9dp-1", "0x1.cf26e3e6b2ccdp-1", "0x1.cbe6da2a77902p-1", "0x1.c8b266d37086dp-1",
  "0x1.c5894bd5d5804p-1", "0x1.c26b533bb9f8cp-1", "0x1.bf583eeece73fp-1", "0x1.bc4fd75db96c1p-1",
  "0x1.b951e0c864a28p-1", "0x1.b65e2c5ef3e2cp-1", "0x1.b374867c9888bp-1", "0x1.b094b211d304ap-1",
  "0x1.adbe885f2ef7ep-1", "0x1.aaf1d31603da2p-1", "0x1.a82e63fd358a7p-1", "0x1.a5740ef09738bp-1",
  "0x1.a2c2a90ab4b27p-1", "0x1.a01a01393f2d1p-1", "0x1.9d79f24db3c1bp-1", "0x1.9ae2505c7b190p-1",
  "0x1.9852ef297ce2fp-1", "0x1.95cbaeea44b75p-1", "0x1.934c69de74838p-1", "0x1.90d4f2f6752e6p-1",
  "0x1.8e6528effd79dp-1", "0x1.8bfce9fcc007cp-1", "0x1.899c0dabec30ep-1", "0x1.87427aa2317fbp-1",
  "0x1.84f00acb39a08p-1", "0x1.82a49e8653e55p-1", "0x1.8060195f40260p-1", "0x1.7e22563e0a329p-1",
  "0x1.7beb377dcb5adp-1", "0x1.79baa679725c2p-1", "0x1.77907f2170657p-1", "0x1.756cadbd6130cp-1",
];

interface LogTables {
  invc: Float64Array;
  logc: Float64Array;
}
let logTables: LogTables | undefined;

function makeLogTables(): LogTables {
  const F = 160n;
  const invc = new Float64Array(LOG_N);
  const logc = new Float64Array(LOG_N);
  for (let i = 0; i < LOG_N; i++) {
    const v = hexFloat(LOG_INVC[i]!);
    invc[i] = v;
    // log(c) is (within 2^-53 of) -log(invc), and glibc's logc is a multiple of 2^-43
    const fixed = BigInt(v * 2 ** 53) << (F - 53n);
    const q = F - 43n;
    logc[i] = Number((-fixedLn(fixed, F) + (1n << (q - 1n))) >> q) / 2 ** 43;
  }
  return { invc, logc };
}

/** glibc's log. */
export function log(x: number): number {
  let hi = hiWord(x);
  let lo = loWord(x);
  if ((hi - 0x3fee0000) >>> 0 < 0x30900) {
    // 1 - 2^-4 <= x < 1 + 0x1.09p-4
    if (hi === 0x3ff00000 && lo === 0) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const p = fma(
      fma(fma(r3, LB10, fma(r2, LB9, fma(r, LB8, LB7))), r3, fma(r2, LB6, fma(r, LB5, LB4))),
      r3,
      fma(r2, LB3, fma(r, LB2, LB1)),
    );
    // r = rhi + rlo, rhi of 26 bits so that rhi^2 is exact
    const w = r * 2 ** 27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const rhi2 = rhi * rhi * LB0; // exact
    const h = r + rhi2;
    let l = r - h + rhi2;
    l = fma(LB0 * rlo, rhi + r, l);
    return h + fma(p, r3, l);
  }
  const top = hi >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    // x < 2^-1022, infinite or NaN
    if ((hi & 0x7fffffff) === 0 && lo === 0) return -Infinity;
    if (hi === 0x7ff00000 && lo === 0) return x;
    if (Number.isNaN(x)) return x;
    if (top & 0x8000) return NEGATIVE_NAN;
    // subnormal: normalise, the exponent going below the field
    const xn = x * 2 ** 52;
    hi = (hiWord(xn) - (52 << 20)) | 0;
    lo = loWord(xn);
  }
  const t = (logTables ??= makeLogTables());
  const tmpHi = (hi - LOG_OFF_HI) | 0;
  const i = (tmpHi >>> 13) & (LOG_N - 1);
  const k = tmpHi >> 20;
  const z = fromWords((hi - (tmpHi & 0xfff00000)) | 0, lo);
  const r = fma(z, t.invc[i]!, -1);
  const w = k * LN2HI + t.logc[i]!; // exact (fused in C, to the same result)
  const h = w + r;
  const l = fma(k, LN2LO, w - h + r);
  const r2 = r * r;
  return fma(r * r2, fma(fma(r, LA4, LA3), r2, fma(r, LA2, LA1)), fma(r2, LA0, l)) + h;
}

// ---------------------------------------------------------------------------------------------
// glibc's sin and cos (sysdeps/ieee754/dbl-64/s_sin.c, IBM's Accurate Mathematical Library)
// as the x86-64 FMA build computes them; the reduction of huge arguments (branred.c) is built
// without FMA. Fused are exactly the products whose only uses are additions or subtractions
// (the first one of an expression when two products meet in one sum).

// biome-ignore format: constants
const [S1, S2, S3, S4, S5] = ["-0x1.5555555555555p-3", "0x1.1111111110ecep-7", "-0x1.a01a019db08b8p-13", "0x1.71de27b9a7ed9p-19", "-0x1.addffc2fcdf59p-26"].map(hexFloat) as [number, number, number, number, number];
const BIG = hexFloat("0x1.8p45");
const HP0 = hexFloat("0x1.921fb54442d18p0");
const HP1 = hexFloat("0x1.1a62633145c07p-54");
const MP1 = hexFloat("0x1.921fb58000000p0");
const MP2 = hexFloat("-0x1.dde973c000000p-27");
const PP3 = hexFloat("-0x1.cb3b398000000p-55");
const PP4 = hexFloat("-0x1.d747f23e32ed7p-83");
const HPINV = hexFloat("0x1.45f306dc9c883p-1");
const TOINT = hexFloat("0x1.8p52");
// s_sin.c's decimal constants, as the doubles they denote
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
const CS2 = 0.5;
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;

/**
 * sin and cos of i/128 (i = 0 .. 109), each as a double and the double nearest to the rest:
 * sn, ssn, cs, ccs per entry (glibc's sincostab).
 */
let sincosTable: Float64Array | undefined;

/**
 * The entries (index into the table, correction in units of the last place) where glibc's
 * table holds a low part other than the nearest double to the rest.
 */
// biome-ignore format: a table
const SINCOS_FIXES = [9, 1, 41, 1, 93, 39, 107, 1, 109, 1, 133, 1, 137, 1, 145, 1, 161, -2, 179, 1, 283, 1, 301, 1, 303, -2, 319, 1, 341, 1, 361, -2, 377, 1, 429, 1];

function makeSincosTable(): Float64Array {
  const F = 200n;
  const one = 1n << F;
  const tab = new Float64Array(440);
  for (let i = 0; i < 110; i++) {
    const x = (BigInt(i) << F) / 128n;
    let s = 0n;
    let c = 0n;
    let term = one;
    for (let k = 0n; term !== 0n; k++) {
      switch (k & 3n) {
        case 0n:
          c += term;
          break;
        case 1n:
          s += term;
          break;
        case 2n:
          c -= term;
          break;
        default:
          s -= term;
      }
      term = (term * x) / one / (k + 1n);
    }
    // sn and cs are far above 2^-F, so that they convert back exactly
    const sn = fixedToDouble(s, F);
    const cs = fixedToDouble(c, F);
    tab[4 * i] = sn;
    tab[4 * i + 1] = fixedToDouble(s - doubleToFixed(sn, F), F);
    tab[4 * i + 2] = cs;
    tab[4 * i + 3] = fixedToDouble(c - doubleToFixed(cs, F), F);
  }
  for (let j = 0; j < SINCOS_FIXES.length; j += 2) {
    const at = SINCOS_FIXES[j]!;
    tab[at] = fromBits(bitsOf(tab[at]!) + BigInt(SINCOS_FIXES[j + 1]!));
  }
  return tab;
}

/** sin(x + dx) for |x| < 0.855469 (s_sin.c do_sin). */
function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    // Taylor series
    const xx = x * x;
    const p = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    return x + fma(fma(p, x, -0.5 * dx), xx, dx);
  }
  if (x <= 0) dx = -dx;
  const tab = (sincosTable ??= makeSincosTable());
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = loWord(u) << 2;
  x = ax - (u - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const sn = tab[k]!;
  const cor = fma(s, tab[k + 2]!, fma(-sn, c, fma(s, tab[k + 3]!, tab[k + 1]!)));
  return copySign(sn + cor, xold);
}

/** cos(x + dx) for |x| < 0.855469 (s_sin.c do_cos). */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const tab = (sincosTable ??= makeSincosTable());
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = loWord(u) << 2;
  x = ax - (u - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const cs = tab[k + 2]!;
  const cor = fma(-tab[k]!, s, fma(-cs, c, fma(-s, tab[k + 1]!, tab[k + 3]!)));
  return cs + cor;
}

/** The low part da and the quadrant n & 3 of the last reduction. */
let reducedLow = 0;
let reducedN = 0;

/** x = n pi/2 + (a + da) for |x| < 105414350: returns a (da in reducedLow, n & 3 in reducedN). */
function reduceSincos(x: number): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  reducedN = loWord(t) & 3;
  // xn has at most 26 bits and mp1, mp2 and pp3 at most 27: these products are exact, so that
  // the fused operations of the C build are plain ones here
  const y = x - xn * MP1 - xn * MP2;
  const t2 = y - xn * PP3;
  let db = y - t2 - xn * PP3;
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  reducedLow = db;
  return b;
}

// 2/pi in base 2^24 (branred.h toverp)
// biome-ignore format: a table
const TOVERP = [
  10680707, 7228996, 1387004, 2578385, 16069853, 12639074, 9804092, 4427841, 16666979, 11263675,
  12935607, 2387514, 4345298, 14681673, 3074569, 13734428, 16653803, 1880361, 10960616, 8533493,
  3062596, 8710556, 7349940, 6258241, 3772886, 3769171, 3798172, 8675211, 12450088, 3874808,
  9961438, 366607, 15675153, 9132554, 7151469, 3571407, 2607881, 12013382, 4155038, 6285869,
  7677882, 13102053, 15825725, 473591, 9065106, 15363067, 6271263, 9264392, 5636912, 4652155,
  7056368, 13614112, 10155062, 1944035, 9527646, 15080200, 6658437, 6231200, 6832269, 16767104,
  5075751, 3212806, 1398474, 7579849, 6349435, 12618859, 4703257, 12806093, 14477321, 2786137,
  12875403, 9837734, 14528324, 13719321, 343717,
];
const BR_BIG = hexFloat("0x1.8p52");
const BR_BIG1 = hexFloat("0x1.8p54");
const BR_MP2 = fromWords(0xbe4dde97, 0x40000000);

let partSum = 0;
let partLow = 0;

/** One half of branred: x 2/pi (x of 26 bits, pre-scaled) as sum (in partSum) + b + bb (partLow). */
function branredPart(x: number): number {
  let k = (((hiWord(x) >>> 20) & 2047) - 450) / 24;
  k = k < 0 ? 0 : Math.trunc(k);
  let gor = 2 ** (576 - 24 * k);
  const r = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 6; i++) {
    r[i] = x * TOVERP[k + i]! * gor;
    gor *= 2 ** -24;
  }
  let sum = 0;
  let s: number;
  for (let i = 0; i < 3; i++) {
    s = r[i]! + BR_BIG - BR_BIG;
    sum += s;
    r[i] = r[i]! - s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += r[5 - i]!;
  let bb = r[0]! - t + r[1]! + r[2]! + r[3]! + r[4]! + r[5]!;
  s = t + BR_BIG - BR_BIG;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  s = sum + BR_BIG1 - BR_BIG1;
  partSum = sum - s;
  partLow = bb;
  return b;
}

/** branred.c: x = n pi/2 + (a + da) for huge x; returns a (da in reducedLow, n & 3 in reducedN). */
function branred(x: number): number {
  x *= 2 ** -600;
  let t = x * SPLIT;
  const x1 = t - (t - x);
  const x2 = x - x1;
  const b1 = branredPart(x1);
  const bb1 = partLow;
  const sum1 = partSum;
  const b2 = branredPart(x2);
  const bb2 = partLow;
  const sum2 = partSum;
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1;
    sum += 1;
  } else if (b < -0.5) {
    b += 1;
    sum -= 1;
  }
  let s = b + (bb + bb1 + bb2);
  t = b - s + bb + (bb1 + bb2);
  b = s * SPLIT;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = t1 * MP1 - b + t1 * BR_MP2 + t2 * MP1 + (t2 * BR_MP2 + s * HP1 + t * HP0);
  s = b + bb;
  reducedLow = b - s + bb;
  reducedN = (sum | 0) & 3;
  return s;
}

/** sin or cos of a + da in quadrant n (s_sin.c do_sincos). */
function doSincos(a: number, da: number, n: number): number {
  const v = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -v : v;
}

/** glibc's sin. */
export function sin(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) return copySign(doCos(HP0 - Math.abs(x), HP1), x);
  if (k < 0x419921fb) {
    const a = reduceSincos(x);
    return doSincos(a, reducedLow, reducedN);
  }
  if (k < 0x7ff00000) {
    const a = branred(x);
    return doSincos(a, reducedLow, reducedN);
  }
  return Number.isNaN(x) ? x : NEGATIVE_NAN; // inf / inf
}

/** glibc's cos. */
export function cos(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1; // |x| < 2^-27
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, y - a + HP1);
  }
  if (k < 0x419921fb) {
    const a = reduceSincos(x);
    return doSincos(a, reducedLow, reducedN + 1);
  }
  if (k < 0x7ff00000) {
    const a = branred(x);
    return doSincos(a, reducedLow, reducedN + 1);
  }
  return Number.isNaN(x) ? x : NEGATIVE_NAN;
}

// ---------------------------------------------------------------------------------------------
// <math.h>

const TWO_54 = 2 ** 54;

/** C's fmod: exact (JS's % is the same operation); invalid operands give the default NaN. */
export function fmod(x: number, y: number): number {
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  if (y === 0 || x === Infinity || x === -Infinity) return NEGATIVE_NAN;
  return x % y;
}

/**
 * The second result of modf and frexp. (Results go through variables, not arrays: V8 may store a
 * NaN into a fresh array of numbers as its canonical NaN, losing the sign.)
 */
export let secondResult = 0;

/** C's modf: returns the integral part, with the fractional part in secondResult; both have x's sign. */
export function modf(x: number): number {
  if (Number.isNaN(x)) {
    secondResult = x;
    return x;
  }
  const ip = Math.trunc(x);
  secondResult = ip === x ? (x < 0 || Object.is(x, -0) ? -0 : 0) : x - ip; // x - ip is exact
  return ip === x ? x : ip;
}

/**
 * C's frexp: returns m, with the exponent e in secondResult, x = m 2^e and 0.5 <= |m| < 1; zeros,
 * infinities and NaN come back as they are, with e = 0.
 */
export function frexp(x: number): number {
  secondResult = 0;
  if (x === 0 || Number.isNaN(x) || x === Infinity || x === -Infinity) return x;
  let e = 0;
  if (Math.abs(x) < 2 ** -1022) {
    x *= TWO_54; // subnormal: normalise first
    e = -54;
  }
  const hi = hiWord(x);
  secondResult = e + ((hi >>> 20) & 0x7ff) - 1022;
  return fromWords((hi & 0x800fffff) | (1022 << 20), loWord(x));
}

/** C's ldexp (scalbn): x 2^n, rounded once even when the result is subnormal. */
export function ldexp(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      y *= 2 ** 1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // scale by 2^-969 (not 2^-1022) so that the intermediate stays normal: one final rounding
    y *= 2 ** -1022 * 2 ** 53;
    n += 1022 - 53;
    if (n < -1022) {
      y *= 2 ** -1022 * 2 ** 53;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * 2 ** n;
}

/** A function of one number whose NaN argument comes back unchanged. */
const keepNaN =
  (f: (x: number) => number) =>
  (x: number): number =>
    Number.isNaN(x) ? x : f(x);

/** fabs clears the sign bit, a NaN's too. */
export const fabs = (x: number): number => (Number.isNaN(x) ? POSITIVE_NAN : Math.abs(x));

export const tan = keepNaN((x) => (x === Infinity || x === -Infinity ? NEGATIVE_NAN : Math.tan(x)));
export const asin = keepNaN((x) => (x > 1 || x < -1 ? POSITIVE_NAN : Math.asin(x)));
export const acos = keepNaN((x) => (x > 1 || x < -1 ? POSITIVE_NAN : Math.acos(x)));
export const atan = keepNaN(Math.atan);
export const sinh = keepNaN(Math.sinh);
export const cosh = keepNaN(Math.cosh);
export const tanh = keepNaN(Math.tanh);
export const log10 = keepNaN((x) => (x < 0 ? POSITIVE_NAN : Math.log10(x)));
export const sqrt = keepNaN((x) => (x < 0 ? NEGATIVE_NAN : Math.sqrt(x)));
export const ceil = keepNaN(Math.ceil);
export const floor = keepNaN(Math.floor);

/** atan2(y, x); with a NaN operand glibc returns x + y, which gives x when both are NaN. */
export function atan2(y: number, x: number): number {
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  return Math.atan2(y, x);
}
