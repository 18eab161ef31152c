// String to number as Lua 5.1 does it on glibc: luaO_str2d (lobject.c) over C's strtod, which
// accepts leading white space, a sign, decimal and hexadecimal (`0x1.8p3`) forms, `inf`,
// `infinity` and `nan(...)`, rounded to nearest as glibc rounds. luaO_str2d then falls back to
// strtoul for `0x...` and allows trailing white space only.

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;
const hexValue = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
};

/** C strtod: the value and the index just past what was converted (0 when nothing was). */
export function strtod(s: string, from = 0): { value: number; end: number } {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let sign = 1;
  const sc = s.charCodeAt(i);
  if (sc === 43 || sc === 45) {
    if (sc === 45) sign = -1;
    i++;
  }
  const rest = s.slice(i, i + 8).toLowerCase();
  if (rest.startsWith("inf")) {
    return { value: sign * Infinity, end: i + (rest.startsWith("infinity") ? 8 : 3) };
  }
  if (rest.startsWith("nan")) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40) {
      // nan(n-char-sequence)
      let j = end + 1;
      while (j < s.length && /[0-9A-Za-z_]/.test(s[j]!)) j++;
      if (s.charCodeAt(j) === 41) end = j + 1;
    }
    return { value: sign < 0 ? -Number.NaN : Number.NaN, end }; // keep the sign: "-nan" prints as -nan
  }
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const hex = parseHex(s, i + 2);
    if (hex) return { value: sign * hex.value, end: hex.end };
  }
  const start = i;
  let digits = 0;
  while (isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return { value: 0, end: from };
  let end = i;
  if ((s.charCodeAt(i) | 0x20) === 101) {
    let j = i + 1;
    const c = s.charCodeAt(j);
    if (c === 43 || c === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      while (isDigit(s.charCodeAt(j))) j++;
      end = j;
    }
  }
  // JS number parsing of a decimal literal is correctly rounded, as glibc's strtod is.
  return { value: sign * Number(s.slice(start, end)), end };
}

/** The hexadecimal part of strtod after `0x`; undefined when no hex digit follows. */
function parseHex(s: string, i: number): { value: number; end: number } | undefined {
  let mant = 0n;
  let digits = 0;
  let exp = 0;
  let h: number;
  while ((h = hexValue(s.charCodeAt(i))) >= 0) {
    mant = (mant << 4n) | BigInt(h);
    digits++;
    i++;
  }
  if (s.charCodeAt(i) === 46) {
    let j = i + 1;
    let frac = 0;
    while ((h = hexValue(s.charCodeAt(j))) >= 0) {
      mant = (mant << 4n) | BigInt(h);
      frac++;
      j++;
    }
    if (digits + frac > 0) {
      digits += frac;
      exp -= 4 * frac;
      i = j;
    }
  }
  if (digits === 0) return undefined;
  if ((s.charCodeAt(i) | 0x20) === 112) {
    let j = i + 1;
    let esign = 1;
    const c = s.charCodeAt(j);
    if (c === 43 || c === 45) {
      if (c === 45) esign = -1;
      j++;
    }
    if (isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (isDigit(s.charCodeAt(j))) {
        if (e < 1e6) e = e * 10 + (s.charCodeAt(j) - 48);
        j++;
      }
      exp += esign * e;
      i = j;
    }
  }
  return { value: scaleBinary(mant, exp), end: i };
}

/** mant * 2^exp rounded once to a double (sticky bit keeps the rounding exact). */
export function scaleBinary(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  if (bits > 64) {
    const shift = bits - 64;
    const sticky = (mant & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    mant = (mant >> BigInt(shift)) | sticky;
    exp += shift;
  }
  let v = Number(mant);
  // Scale in steps so that intermediate powers of two neither overflow nor underflow early.
  while (exp > 0) {
    const step = Math.min(exp, 1000);
    v *= 2 ** step;
    exp -= step;
  }
  while (exp < 0) {
    const step = Math.max(exp, -1000);
    v *= 2 ** step;
    exp -= step;
  }
  return v;
}

/** luaO_str2d: the number a whole string denotes, or undefined. */
export function str2number(s: string): number | undefined {
  const nul = s.indexOf("\0");
  if (nul >= 0) s = s.slice(0, nul); // C sees the string up to its first NUL
  const r = strtod(s);
  if (r.end === 0) return undefined; // nothing converted
  let end = r.end;
  let value = r.value;
  const c = s.charCodeAt(end);
  if (c === 120 || c === 88) {
    // strtoul(s, 16) fallback; it accepts what strtod rejected only for a bare `0x`, which
    // then fails the trailing-character check below.
    const u = strtoul(s, 16);
    value = u.value;
    end = u.end;
  }
  while (end < s.length && isSpace(s.charCodeAt(end))) end++;
  return end === s.length ? value : undefined;
}

/** A digit's value in bases up to 36 (99 for anything else). */
const digitValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : 99;

/**
 * glibc strtoul(s, &end, base) for bases 2..36: white space, a sign (negation modulo 2^64), a
 * `0x` prefix in base 16 when a digit follows, the value saturating at ULONG_MAX. `end` is 0
 * when no digit was read.
 */
export function strtoul(s: string, base: number): { value: number; end: number } {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  if (
    base === 16 &&
    s.charCodeAt(i) === 48 &&
    (s.charCodeAt(i + 1) | 0x20) === 120 &&
    hexValue(s.charCodeAt(i + 2)) >= 0
  ) {
    i += 2;
  }
  const start = i;
  let v = 0n;
  const b = BigInt(base);
  for (let d: number; i < s.length && (d = digitValue(s.charCodeAt(i))) < base; i++) v = v * b + BigInt(d);
  if (i === start) return { value: 0, end: 0 };
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  else if (neg) v = (max + 1n - v) & max;
  return { value: Number(v), end: i };
}
