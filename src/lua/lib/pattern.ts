// Lua 5.1 pattern matching (string.find, string.match, string.gmatch, string.gsub) on byte
// strings, with the behaviour of PUC-Rio Lua 5.1.5's lstrlib.c, including its corner cases:
//
// - A pattern ends at its first "\0" byte, as lstrlib walks it as a C string. string.find still
//   does a plain search when the part before that byte has no special characters, and the plain
//   search then looks for the whole pattern, "\0" and what follows included.
// - Malformed patterns are only reported when the matcher reaches the bad part, so
//   `("abc"):find("x%")` is nil while `("xbc"):find("x%")` is an error.
// - At the end of the subject the "current character" is "\0" (the terminator C sees), which
//   `%f` frontiers test: `%f[%z]` matches at the end of the subject.
// - A back-reference to a position capture never matches.
// - A string replacement ending in a lone `%` appends a "\0" byte; `%` followed by a non-digit
//   appends that character.
// - string.gmatch does not treat a leading `^` as an anchor: it is an ordinary character there.
// - `)` and `]` are not among the characters that make string.find match a pattern, so
//   `("a)"):find("a)")` is a plain search giving 1, 2, while string.match reports
//   `invalid pattern capture`. `("a(b"):find("(")` opens a capture that never closes:
//   `unfinished capture`. gsub with a string replacement that does not use the captures never
//   looks at them, so `("abc"):gsub("(a", "x")` succeeds.
// - init beyond the end of the subject is clamped to just past its end, so
//   `("abc"):find("", 10)` gives 4, 3.
//
// lstrlib's matcher recurses once per pattern item on the path being tried; here the same
// search is driven by an explicit stack of backtracking points, so no pattern can exhaust the
// JS stack (lua5.1 runs patterns of 100000 items; so does this). The time taken is lstrlib's:
// `string.rep("a", n):find(".-b")` is quadratic in n, in C as here; nothing bounds it.

import { formatNumber } from "../numfmt.js";
import { LuaLibError } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Character classes of the C locale (ctype.h), for bytes 0..255. Bytes 128..255 are in no class.

const ALPHA = 1;
const DIGIT = 2;
const LOWER = 4;
const UPPER = 8;
const SPACE = 16;
const CNTRL = 32;
const PUNCT = 64;
const XDIGIT = 128;
/** Only for `%z`: the byte 0. */
const ZERO = 256;

const CTYPE = new Uint16Array(256);
CTYPE[0] = ZERO;
for (let c = 0; c < 128; c++) {
  let f = 0;
  if (c >= 0x61 && c <= 0x7a) f |= LOWER | ALPHA;
  if (c >= 0x41 && c <= 0x5a) f |= UPPER | ALPHA;
  if (c >= 0x30 && c <= 0x39) f |= DIGIT | XDIGIT;
  if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) f |= XDIGIT;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) f |= SPACE;
  if (c < 0x20 || c === 0x7f) f |= CNTRL;
  if (c > 0x20 && c < 0x7f && !(f & (ALPHA | DIGIT))) f |= PUNCT;
  CTYPE[c] |= f;
}

const has = (c: number, mask: number): boolean => c <= 255 && (CTYPE[c]! & mask) !== 0;

/** isalpha in the C locale. */
export const isAlpha = (c: number): boolean => has(c, ALPHA);
/** isdigit in the C locale. */
export const isDigit = (c: number): boolean => has(c, DIGIT);
/** islower in the C locale. */
export const isLower = (c: number): boolean => has(c, LOWER);
/** isupper in the C locale. */
export const isUpper = (c: number): boolean => has(c, UPPER);
/** isspace in the C locale: space, \t, \n, \v, \f, \r. */
export const isSpace = (c: number): boolean => has(c, SPACE);
/** iscntrl in the C locale: 0..31 and 127. */
export const isCntrl = (c: number): boolean => has(c, CNTRL);
/** ispunct in the C locale: printable ASCII other than space, letters and digits. */
export const isPunct = (c: number): boolean => has(c, PUNCT);
/** isalnum in the C locale. */
export const isAlnum = (c: number): boolean => has(c, ALPHA | DIGIT);
/** isxdigit in the C locale. */
export const isXDigit = (c: number): boolean => has(c, XDIGIT);
/** toupper in the C locale: only a..z change. */
export const toUpper = (c: number): number => (c >= 0x61 && c <= 0x7a ? c - 32 : c);
/** tolower in the C locale: only A..Z change. */
export const toLower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

/** string.upper: ASCII letters only, every other byte unchanged. */
export const upperBytes = (s: string): string => s.replace(/[a-z]+/g, (m) => m.toUpperCase());
/** string.lower: ASCII letters only, every other byte unchanged. */
export const lowerBytes = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

// ---------------------------------------------------------------------------------------------
// The matcher.

/** A capture: a substring, or the 1-based position of a position capture `()`. */
export type Capture = string | number;

/** LUA_MAXCAPTURES (luaconf.h). */
export const MAX_CAPTURES = 32;

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

const C_LPAREN = 0x28;
const C_RPAREN = 0x29;
const C_PERCENT = 0x25;
const C_DOLLAR = 0x24;
const C_DOT = 0x2e;
const C_LBRACKET = 0x5b;
const C_RBRACKET = 0x5d;
const C_CARET = 0x5e;
const C_MINUS = 0x2d;
const C_STAR = 0x2a;
const C_PLUS = 0x2b;
const C_QUESTION = 0x3f;
const C_0 = 0x30;
const C_1 = 0x31;
const C_b = 0x62;
const C_f = 0x66;

// The capture state of the match in progress. Matching never calls out of this module, and
// every capture is read before a gsub callback runs, so one set serves nested calls too.
const capInit = new Int32Array(MAX_CAPTURES);
const capLen = new Int32Array(MAX_CAPTURES);
let level = 0;

// Backtracking points, four numbers each: kind, then kind-specific data.
const BT_QUEST = 0; // [s, p]: retry at s with the pattern after `x?`
const BT_MAX = 1; // [s, p, i]: retry at s+i-1 with p (greedy `*`/`+`)
const BT_MIN = 2; // [s, p, ep]: extend the lazy `-` item p..ep by one character
const BT_OPEN = 3; // undo an opened capture
const BT_CLOSE = 4; // [l]: reopen the closed capture l
const STACK_INITIAL = 256;
/** A larger stack is dropped after the match that needed it. */
const STACK_KEEP = 1 << 16;
// A plain array of small integers: V8 reads and writes it faster here than an Int32Array.
let stack: number[] = new Array<number>(STACK_INITIAL).fill(0);

/** Ends a match: gives back memory a huge pattern needed, then returns the result. */
function done(result: number): number {
  if (stack.length > STACK_KEEP) stack = new Array<number>(STACK_INITIAL).fill(0);
  return result;
}

/** The length of a pattern as lstrlib sees it: up to its first "\0". */
function patternEnd(pat: string): number {
  const nul = pat.indexOf("\0");
  return nul < 0 ? pat.length : nul;
}

/** The index just past the single-character class starting at p. */
function classEnd(pat: string, pEnd: number, p: number): number {
  const c = pat.charCodeAt(p++);
  if (c === C_PERCENT) {
    if (p >= pEnd) throw new LuaLibError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === C_LBRACKET) {
    if (p < pEnd && pat.charCodeAt(p) === C_CARET) p++;
    do {
      // The first character of a set is never its closing `]`.
      if (p >= pEnd) throw new LuaLibError("malformed pattern (missing ']')");
      if (pat.charCodeAt(p++) === C_PERCENT && p < pEnd) p++;
    } while (p >= pEnd || pat.charCodeAt(p) !== C_RBRACKET);
    return p + 1;
  }
  return p;
}

/**
 * For each byte cl, the ctype bits that `%cl` tests (0: cl is no class letter), plus NEGATE for
 * the upper-case complements.
 */
const NEGATE = 0x8000;
const CLASS_BITS = new Uint16Array(256);
for (const [letter, bits] of [
  ["a", ALPHA],
  ["c", CNTRL],
  ["d", DIGIT],
  ["l", LOWER],
  ["p", PUNCT],
  ["s", SPACE],
  ["u", UPPER],
  ["w", ALPHA | DIGIT],
  ["x", XDIGIT],
  ["z", ZERO],
] as const) {
  CLASS_BITS[letter.charCodeAt(0)] = bits;
  CLASS_BITS[letter.toUpperCase().charCodeAt(0)] = bits | NEGATE;
}

/** Whether byte c is in the class `%cl` (cl not a class letter: c is cl itself). */
function matchClass(c: number, cl: number): boolean {
  const bits = CLASS_BITS[cl] ?? 0;
  if (bits === 0) return cl === c;
  return (((CTYPE[c] ?? 0) & bits) === 0) === bits >= NEGATE;
}

/** Whether byte c is in the set whose `[` is at p and whose closing `]` is at ec. */
function matchBracketClass(pat: string, c: number, p: number, ec: number): boolean {
  let sig = true;
  if (pat.charCodeAt(p + 1) === C_CARET) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    const pc = pat.charCodeAt(p);
    if (pc === C_PERCENT) {
      p++;
      if (matchClass(c, pat.charCodeAt(p))) return sig;
    } else if (pat.charCodeAt(p + 1) === C_MINUS && p + 2 < ec) {
      p += 2;
      if (pc <= c && c <= pat.charCodeAt(p)) return sig;
    } else if (pc === c) return sig;
  }
  return !sig;
}

/** Whether byte c matches the single-character class p..ep. */
function singleMatch(pat: string, c: number, p: number, ep: number): boolean {
  const pc = pat.charCodeAt(p);
  switch (pc) {
    case C_DOT:
      return true;
    case C_PERCENT:
      return matchClass(c, pat.charCodeAt(p + 1));
    case C_LBRACKET:
      return matchBracketClass(pat, c, p, ep - 1);
    default:
      return pc === c;
  }
}

/** `%bxy` at s (p is at x): the index after the balanced run, or -1. */
function matchBalance(src: string, srcEnd: number, s: number, pat: string, pEnd: number, p: number): number {
  if (p + 1 >= pEnd) throw new LuaLibError("unbalanced pattern");
  const b = pat.charCodeAt(p);
  if (s >= srcEnd || src.charCodeAt(s) !== b) return -1;
  const e = pat.charCodeAt(p + 1);
  let cont = 1;
  while (++s < srcEnd) {
    const c = src.charCodeAt(s);
    if (c === e) {
      if (--cont === 0) return s + 1;
    } else if (c === b) cont++;
  }
  return -1;
}

/** A back-reference `%<d>` at s (d the digit's code): the index after it, or -1. */
function matchCapture(src: string, srcEnd: number, s: number, d: number): number {
  const l = d - C_1;
  if (l < 0 || l >= level || capLen[l] === CAP_UNFINISHED) throw new LuaLibError("invalid capture index");
  const len = capLen[l]!;
  // A position capture's length is negative: as an unsigned size it never fits.
  if (len < 0 || srcEnd - s < len) return -1;
  const init = capInit[l]!;
  for (let i = 0; i < len; i++) if (src.charCodeAt(init + i) !== src.charCodeAt(s + i)) return -1;
  return s + len;
}

/** The innermost open capture. */
function captureToClose(): number {
  for (let l = level - 1; l >= 0; l--) if (capLen[l] === CAP_UNFINISHED) return l;
  throw new LuaLibError("invalid pattern capture");
}

/**
 * Matches the pattern from p against the subject from s: the index where the match ends, or
 * -1. The capture state is left as the match made it. lstrlib's do_match, with its recursion
 * replaced by the backtracking stack.
 */
function doMatch(src: string, srcEnd: number, pat: string, pEnd: number, s: number, p: number): number {
  let top = 0;
  for (;;) {
    // Forward: each step consumes a pattern item; `break` means the path failed.
    forward: for (;;) {
      if (p >= pEnd) return done(s);
      if (top + 4 > stack.length) for (let n = stack.length; n > 0; n--) stack.push(0);
      const pc = pat.charCodeAt(p);
      switch (pc) {
        case C_LPAREN: {
          if (level >= MAX_CAPTURES) throw new LuaLibError("too many captures");
          capInit[level] = s;
          if (p + 1 < pEnd && pat.charCodeAt(p + 1) === C_RPAREN) {
            capLen[level] = CAP_POSITION;
            p += 2;
          } else {
            capLen[level] = CAP_UNFINISHED;
            p++;
          }
          level++;
          stack[top] = BT_OPEN;
          top += 4;
          continue;
        }
        case C_RPAREN: {
          const l = captureToClose();
          capLen[l] = s - capInit[l]!;
          stack[top] = BT_CLOSE;
          stack[top + 1] = l;
          top += 4;
          p++;
          continue;
        }
        case C_PERCENT: {
          const nc = p + 1 < pEnd ? pat.charCodeAt(p + 1) : 0;
          if (nc === C_b) {
            s = matchBalance(src, srcEnd, s, pat, pEnd, p + 2);
            if (s < 0) break forward;
            p += 4;
            continue;
          }
          if (nc === C_f) {
            p += 2;
            if (p >= pEnd || pat.charCodeAt(p) !== C_LBRACKET) {
              throw new LuaLibError("missing '[' after '%f' in pattern");
            }
            const ep = classEnd(pat, pEnd, p);
            const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
            const cur = s < srcEnd ? src.charCodeAt(s) : 0;
            if (matchBracketClass(pat, prev, p, ep - 1) || !matchBracketClass(pat, cur, p, ep - 1)) {
              break forward;
            }
            p = ep;
            continue;
          }
          if (has(nc, DIGIT)) {
            s = matchCapture(src, srcEnd, s, nc);
            if (s < 0) break forward;
            p += 2;
            continue;
          }
          break;
        }
        case C_DOLLAR:
          if (p + 1 === pEnd) {
            if (s === srcEnd) return done(s);
            break forward;
          }
          break;
      }
      // A single-character class, possibly followed by a quantifier.
      const ep = classEnd(pat, pEnd, p);
      const m = s < srcEnd && singleMatch(pat, src.charCodeAt(s), p, ep);
      const q = ep < pEnd ? pat.charCodeAt(ep) : 0;
      switch (q) {
        case C_QUESTION:
          if (m) {
            stack[top] = BT_QUEST;
            stack[top + 1] = s;
            stack[top + 2] = ep + 1;
            top += 4;
            s++;
          }
          p = ep + 1;
          continue;
        case C_PLUS:
        case C_STAR: {
          if (q === C_PLUS) {
            // `x+` is `x` then `x*`.
            if (!m) break forward;
            s++;
          }
          let i = 0;
          while (s + i < srcEnd && singleMatch(pat, src.charCodeAt(s + i), p, ep)) i++;
          if (i > 0) {
            stack[top] = BT_MAX;
            stack[top + 1] = s;
            stack[top + 2] = ep + 1;
            stack[top + 3] = i;
            top += 4;
            s += i;
          }
          p = ep + 1;
          continue;
        }
        case C_MINUS:
          stack[top] = BT_MIN;
          stack[top + 1] = s;
          stack[top + 2] = p;
          stack[top + 3] = ep;
          top += 4;
          p = ep + 1;
          continue;
        default:
          if (!m) break forward;
          s++;
          p = ep;
          continue;
      }
    }
    // Backtrack to the latest point with an alternative left, undoing captures on the way.
    backtrack: for (;;) {
      if (top === 0) return done(-1);
      top -= 4;
      switch (stack[top]) {
        case BT_QUEST:
          s = stack[top + 1]!;
          p = stack[top + 2]!;
          break backtrack;
        case BT_MAX: {
          const i = stack[top + 3]! - 1;
          s = stack[top + 1]! + i;
          p = stack[top + 2]!;
          if (i > 0) {
            stack[top + 3] = i;
            top += 4;
          }
          break backtrack;
        }
        case BT_MIN: {
          const at = stack[top + 1]!;
          const ip = stack[top + 2]!;
          const ep = stack[top + 3]!;
          if (at < srcEnd && singleMatch(pat, src.charCodeAt(at), ip, ep)) {
            s = at + 1;
            p = ep + 1;
            stack[top + 1] = s;
            top += 4;
            break backtrack;
          }
          break;
        }
        case BT_OPEN:
          level--;
          break;
        default:
          capLen[stack[top + 1]!] = CAP_UNFINISHED;
          break;
      }
    }
  }
}

/** Capture i of the last match of s..e (the whole match when i is 0 and there are none). */
function getCapture(src: string, i: number, s: number, e: number): Capture {
  if (i >= level) {
    if (i === 0) return src.slice(s, e);
    throw new LuaLibError("invalid capture index");
  }
  const l = capLen[i]!;
  if (l === CAP_UNFINISHED) throw new LuaLibError("unfinished capture");
  const init = capInit[i]!;
  return l === CAP_POSITION ? init + 1 : src.slice(init, init + l);
}

/** Appends the captures of the last match to out; the whole match s..e if there are none and s >= 0. */
function pushCaptures(out: Capture[], src: string, s: number, e: number): Capture[] {
  const n = level === 0 && s >= 0 ? 1 : level;
  for (let i = 0; i < n; i++) out.push(getCapture(src, i, s, e));
  return out;
}

/**
 * When the pattern from p starts with a literal character that must be there (not followed by
 * `*`, `?` or `-`), that character: a match can only start where it occurs, and lstrlib fails
 * at once, without looking further into the pattern, everywhere else. Otherwise undefined.
 */
function firstLiteral(pat: string, pEnd: number, p: number): string | undefined {
  if (p >= pEnd) return undefined;
  const c = pat.charCodeAt(p);
  if (c === C_LPAREN || c === C_RPAREN || c === C_PERCENT || c === C_DOT || c === C_LBRACKET)
    return undefined;
  if (c === C_DOLLAR && p + 1 === pEnd) return undefined;
  const q = p + 1 < pEnd ? pat.charCodeAt(p + 1) : 0;
  if (q === C_STAR || q === C_QUESTION || q === C_MINUS) return undefined;
  return pat[p];
}

/** Whether the pattern, up to its end, has none of lstrlib's SPECIALS `^$*+?.([%-`. */
function noSpecials(pat: string, pEnd: number): boolean {
  for (let i = 0; i < pEnd; i++) {
    switch (pat.charCodeAt(i)) {
      case C_CARET:
      case C_DOLLAR:
      case C_STAR:
      case C_PLUS:
      case C_QUESTION:
      case C_DOT:
      case C_LPAREN:
      case C_LBRACKET:
      case C_PERCENT:
      case C_MINUS:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The library functions.

/**
 * string.find (`find` true) and string.match (`find` false): lstrlib's str_find_aux.
 *
 * `init` is the third argument as a lua_Integer (the caller converts the Lua value as
 * luaL_optinteger does, 1 when absent); negative counts from the end, and the start is clamped
 * to 1..#s+1. `plain` is the fourth argument's truth (ignored by match).
 *
 * Returns undefined when there is no match (the function returns nil), else the values to
 * return: for find, start and end (1-based) then the captures; for match, the captures, or the
 * whole match when the pattern has none.
 */
export function strFind(
  s: string,
  pattern: string,
  init: number,
  plain: boolean,
  find: boolean,
): Capture[] | undefined {
  const len = s.length;
  if (init < 0) init += len + 1;
  // posrelat, then clamp the 0-based start to 0..len (a NaN start becomes 0, as -1 would).
  let start = init >= 0 ? init - 1 : -1;
  if (!(start >= 0)) start = 0;
  else if (start > len) start = len;
  const pEnd = patternEnd(pattern);
  if (find && (plain || noSpecials(pattern, pEnd))) {
    const i = s.indexOf(pattern, start);
    return i < 0 ? undefined : [i + 1, i + pattern.length];
  }
  let p = 0;
  const anchor = pEnd > 0 && pattern.charCodeAt(0) === C_CARET;
  if (anchor) p = 1;
  const lit = anchor ? undefined : firstLiteral(pattern, pEnd, p);
  let s1 = start;
  do {
    if (lit !== undefined) {
      s1 = s.indexOf(lit, s1);
      if (s1 < 0) return undefined;
    }
    level = 0;
    const e = doMatch(s, len, pattern, pEnd, s1, p);
    if (e >= 0) return find ? pushCaptures([s1 + 1, e], s, -1, 0) : pushCaptures([], s, s1, e);
  } while (s1++ < len && !anchor);
  return undefined;
}

/** The iterator string.gmatch returns (gmatch_aux with its upvalues). */
export class GmatchIterator {
  private readonly pEnd: number;
  private readonly lit: string | undefined;
  /** Where the next search starts (0-based). */
  private pos = 0;

  constructor(
    private readonly s: string,
    private readonly pattern: string,
  ) {
    this.pEnd = patternEnd(pattern);
    this.lit = firstLiteral(pattern, this.pEnd, 0);
  }

  /** The captures (or whole match) of the next match, or undefined when there are no more. */
  next(): Capture[] | undefined {
    const { s, pattern, pEnd, lit } = this;
    const len = s.length;
    for (let src = this.pos; src <= len; src++) {
      if (lit !== undefined) {
        src = s.indexOf(lit, src);
        if (src < 0) return undefined;
      }
      level = 0;
      const e = doMatch(s, len, pattern, pEnd, src, 0);
      if (e >= 0) {
        // An empty match moves on by one character.
        this.pos = e === src ? e + 1 : e;
        return pushCaptures([], s, src, e);
      }
    }
    return undefined;
  }
}

/** string.gmatch(s, pattern). A leading `^` is not an anchor here. */
export function gmatch(s: string, pattern: string): GmatchIterator {
  return new GmatchIterator(s, pattern);
}

/** A table replacement for gsub: `get(key)` is `t[key]` (with metamethods, as lua_gettable). */
export interface GsubTable<V> {
  readonly kind: "table";
  /** Called with the first capture, or the whole match when the pattern has no captures. */
  get(key: Capture): V;
}

/** A function replacement for gsub: `call(captures)` is the first result of `f(captures...)`. */
export interface GsubFunction<V> {
  readonly kind: "function";
  /** Called with the captures, or the whole match when the pattern has none; a fresh array each time. */
  call(captures: Capture[]): V;
}

/**
 * gsub's third argument: a string (a number must be converted by the caller first, as
 * lua_tolstring would), a table or a function.
 */
export type GsubReplacement<V> = string | GsubTable<V> | GsubFunction<V>;

export interface GsubResult {
  /** The new string. */
  s: string;
  /** The number of matches replaced. */
  n: number;
}

/**
 * string.gsub(s, pattern, repl, maxN): lstrlib's str_gsub.
 *
 * `maxN` is the fourth argument as the C int luaL_optint gives (undefined when absent: no
 * limit). V is the caller's Lua value type, with nil as undefined and booleans, numbers and
 * strings as JS values. A table or function result of nil or false keeps the matched text, a
 * string or number replaces it, and anything else is the error `invalid replacement value (a
 * <typeName(value)>)`.
 */
export function gsub<V>(
  s: string,
  pattern: string,
  repl: GsubReplacement<V>,
  maxN: number | undefined,
  typeName: (v: V) => string,
): GsubResult {
  const len = s.length;
  const max = maxN ?? len + 1;
  const pEnd = patternEnd(pattern);
  let p = 0;
  const anchor = pEnd > 0 && pattern.charCodeAt(0) === C_CARET;
  if (anchor) p = 1;
  const lit = anchor ? undefined : firstLiteral(pattern, pEnd, p);
  const plainRepl = typeof repl === "string" && repl.indexOf("%") < 0;
  let out = "";
  let copied = 0; // s[copied..src) is unmatched text not yet in out
  let src = 0;
  let n = 0;
  while (n < max) {
    if (lit !== undefined) {
      const j = s.indexOf(lit, src);
      if (j < 0) break;
      src = j;
    }
    level = 0;
    const e = doMatch(s, len, pattern, pEnd, src, p);
    if (e >= 0) {
      n++;
      out += s.slice(copied, src);
      if (plainRepl) out += repl as string;
      else if (typeof repl === "string") out += expandReplacement(repl, s, src, e);
      else out += replacementValue(repl, s, src, e, typeName);
      copied = e;
    }
    if (e > src) src = e;
    else if (src < len) src++;
    else break;
    if (anchor) break;
  }
  return { s: out + s.slice(copied), n };
}

/** lstrlib's add_s: a string replacement with `%0`..`%9` and `%<other>` escapes. */
function expandReplacement(repl: string, src: string, s: number, e: number): string {
  let out = "";
  let from = 0;
  const rl = repl.length;
  for (let i = 0; i < rl; i++) {
    if (repl.charCodeAt(i) !== C_PERCENT) continue;
    out += repl.slice(from, i);
    i++;
    // A `%` at the very end escapes the string's terminating "\0".
    const d = i < rl ? repl.charCodeAt(i) : 0;
    if (!has(d, DIGIT)) out += String.fromCharCode(d);
    else if (d === C_0) out += src.slice(s, e);
    else {
      const v = getCapture(src, d - C_1, s, e);
      out += typeof v === "number" ? formatNumber(v) : v;
    }
    from = i + 1;
  }
  return from === 0 ? repl : from >= rl ? out : out + repl.slice(from);
}

/** lstrlib's add_value for a table or function replacement. */
function replacementValue<V>(
  repl: GsubTable<V> | GsubFunction<V>,
  src: string,
  s: number,
  e: number,
  typeName: (v: V) => string,
): string {
  const v =
    repl.kind === "table" ? repl.get(getCapture(src, 0, s, e)) : repl.call(pushCaptures([], src, s, e));
  if (v === undefined || v === false) return src.slice(s, e);
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  throw new LuaLibError(`invalid replacement value (a ${typeName(v)})`);
}
