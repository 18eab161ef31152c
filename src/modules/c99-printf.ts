// "%.<p>g" as the device prints it: the firmware links c99-snprintf (app/libc/snprintf.c wraps
// the c99-snprintf submodule at 27b59ac) in place of newlib's printf, built with
// HAVE_LONG_DOUBLE 0 and a 64-bit uintmax_t. Its fmtflt does not convert digits exactly as
// glibc does; it works with doubles and a uint64:
//   - getexponent: the decimal exponent by multiplying by 10 while below 1 (not below -307) or
//     dividing by 10 while at least 10, each step rounded;
//   - mypow10(e): 10^e by e multiplications (or -e divisions) of 1.0, each rounded;
//   - e-style: value / mypow10(exponent), then intpart = trunc, and the fraction as
//     round-half-up(10^prec * (value - intpart)) in a uint64 - where prec is at most 19 digits;
//   - %g picks f-style when precision > exponent >= -4 and then redoes the same with
//     prec = precision - 1 - exponent (capped at 19 again) on the unscaled value.
// So at most 19 fraction digits ever exist, and they come from one rounded double product:
// "%.19g" of 0.1 is "0.1" (glibc: "0.1000000000000000055"), of 1/3 "0.3333333333333333148"
// happens to agree, and huge or tiny values carry the rounding of the 10^e loops (see the spec).
// NaN prints "nan" (never signed), infinities "inf"/"-inf", and -0 prints "0".

/** fmtflt's cast(): a double to uint64, truncating; 2^64 and above saturate to UINTMAX_MAX. */
const UINTMAX_MAX = (1n << 64n) - 1n;
function cast(v: number): bigint {
  if (v >= 2 ** 64) return UINTMAX_MAX;
  return BigInt(Math.trunc(v));
}

/** myround() of the submodule's revision (no overflow guard): half rounds up. */
function myround(v: number): bigint {
  const i = cast(v);
  // the C compares (value - (double)intpart) < 0.5, both doubles; UINTMAX_MAX + 1 wraps to 0
  return v - Number(i) < 0.5 ? i : (i + 1n) & UINTMAX_MAX;
}

/** mypow10(): repeated multiplication or division, rounding at each step. */
function mypow10(e: number): number {
  let r = 1;
  for (; e > 0; e--) r *= 10;
  for (; e < 0; e++) r /= 10;
  return r;
}

/** DBL_MIN_10_EXP and DBL_MAX_10_EXP, the loop guards of getexponent(). */
const MIN_10_EXP = -307;
const MAX_10_EXP = 308;

function getexponent(v: number): number {
  let tmp = v >= 0 ? v : -v;
  let e = 0;
  // the guard decrements before it compares, as `--exponent >= LDOUBLE_MIN_10_EXP` does
  while (tmp < 1 && tmp > 0 && --e >= MIN_10_EXP) tmp *= 10;
  while (tmp >= 10 && ++e <= MAX_10_EXP) tmp /= 10;
  return e;
}

/** snprintf(buf, size, "%.<precision>g", value) of the device (no flags, no width). */
export function c99FormatG(value: number, precision: number): string {
  const sign = value < 0 ? "-" : "";
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return `${sign}inf`;
  if (precision === 0) precision = 1;
  precision--; // e-style first: one digit before the point
  let exponent = getexponent(value);
  let estyle = true;
  for (;;) {
    if (precision > 19) precision = 19; // 64-bit uintmax_t: at most 19 fraction digits
    let u = value >= 0 ? value : -value;
    if (estyle) u /= mypow10(exponent);
    let intpart = cast(u);
    // intpart == UINTMAX_MAX is fmtflt's overflow exit; %g never gets there (u < 10 or < 1e19)
    const mask = mypow10(precision);
    let fracpart = myround(mask * (u - Number(intpart)));
    if (fracpart >= BigInt(mask)) {
      intpart++;
      fracpart = 0n;
      if (estyle && intpart === 10n) {
        intpart = 1n;
        exponent++;
      }
    }
    if (estyle && precision + 1 > exponent && exponent >= -4) {
      precision -= exponent;
      estyle = false;
      continue;
    }
    return sign + digits(intpart, fracpart, precision) + (estyle ? exponentText(exponent) : "");
  }
}

/** The integer part, then the point and fraction with %g's trailing zeros removed. */
function digits(intpart: bigint, fracpart: bigint, precision: number): string {
  const int = intpart.toString();
  if (fracpart === 0n) return int; // the whole fraction is omitted, and the point with it
  const frac = fracpart.toString().padStart(precision, "0").replace(/0+$/, "");
  return `${int}.${frac}`;
}

/** "e+05", "e-308": at least two digits (convert() into a 3-char buffer, so at most three). */
function exponentText(e: number): string {
  const s = e < 0 ? "-" : "+";
  const d = String(Math.abs(e)).slice(-3);
  return `e${s}${d.padStart(2, "0")}`;
}
