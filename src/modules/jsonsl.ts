// The streaming JSON lexer sjson is built on (app/sjson/jsonsl.c, jsonsl.h: Mark Nunberg's jsonsl
// as vendored in the firmware, with JSONSL_NO_JPR and two user fields per level). It keeps a
// stack of open elements and reports each one twice, when it starts (PUSH) and when it ends
// (POP), leaving the text of strings and numbers to the caller: it remembers only where they
// begin and end. It validates as loosely as the original, and the decoder's answers depend on
// it: `["a" "b"]` is accepted (a list takes strings without a comma), `-01` and `1.e5` and
// `1e5.5` are numbers, control bytes 0x14..0x1f pass inside strings, a \u escape's four hex
// digits are never checked, and the first error stops the feed for good.

/** jsonsl_type_t: element types are their opening characters; strings carry the STRINGY bits. */
export const enum JType {
  ROOT = 0,
  STRING = 0x22 | 0xffff00,
  HKEY = 0x23 | 0xffff00,
  OBJECT = 0x7b,
  LIST = 0x5b,
  SPECIAL = 0x5e,
}
const STRINGY = 0xffff00;

/** jsonsl_special_t flags of a SPECIAL (number, true, false, null). */
export const enum Special {
  SIGNED = 1 << 0,
  UNSIGNED = 1 << 1,
  TRUE = 1 << 2,
  FALSE = 1 << 3,
  NULL = 1 << 4,
  FLOAT = 1 << 5,
  EXPONENT = 1 << 6,
  ZERO = (1 << 9) | (1 << 1),
  DASH = 1 << 10,
  NUMERIC = SIGNED | UNSIGNED,
}

/** JSONSL_XERR in order; jsonsl_strerror gives these names (sjson prints them after the colon). */
export const JSONSL_ERRORS = [
  "SUCCESS",
  "GARBAGE_TRAILING",
  "SPECIAL_EXPECTED",
  "SPECIAL_INCOMPLETE",
  "STRAY_TOKEN",
  "MISSING_TOKEN",
  "CANT_INSERT",
  "ESCAPE_OUTSIDE_STRING",
  "KEY_OUTSIDE_OBJECT",
  "STRING_OUTSIDE_CONTAINER",
  "FOUND_NULL_BYTE",
  "LEVELS_EXCEEDED",
  "BRACKET_MISMATCH",
  "HKEY_EXPECTED",
  "WEIRD_WHITESPACE",
  "UESCAPE_TOOSHORT",
  "ESCAPE_INVALID",
  "TRAILING_COMMA",
  "INVALID_NUMBER",
  "VALUE_EXPECTED",
  "PERCENT_BADHEX",
  "JPR_BADPATH",
  "JPR_DUPSLASH",
  "JPR_NOROOT",
  "ENOMEM",
  "INVALID_CODEPOINT",
] as const;
export type JsonslError = (typeof JSONSL_ERRORS)[number];

/** One level of the stack (struct jsonsl_state_st plus sjson's JSONSL_STATE_USER_FIELDS). */
export interface JState {
  type: number;
  posBegin: number;
  posCur: number;
  specialFlags: number;
  readonly level: number;
  nelem: number;
  nescapes: number;
  /** sjson: registry ref of the table this level builds (LUA_NOREF for scalars). */
  objectRef: number;
  /** sjson: the list index last used in this level's table. */
  usedCount: number;
}

export interface JsonslHandler {
  push(state: JState): void;
  pop(state: JState): void;
  error(err: JsonslError): void;
}

const ch = (s: string): number => s.charCodeAt(0);
const QUOTE = ch('"');
const BACKSLASH = ch("\\");

/** Special_Table: the characters that begin a bareword value, and its first flags. */
function extractSpecial(c: number): number {
  if (c === ch("-")) return Special.DASH;
  if (c === ch("0")) return Special.ZERO;
  if (c >= ch("1") && c <= ch("9")) return Special.UNSIGNED;
  if (c === ch("t")) return Special.TRUE;
  if (c === ch("f")) return Special.FALSE;
  if (c === ch("n")) return Special.NULL;
  return 0;
}

/** Special_Endings_bits: whitespace and the structural characters end a bareword. */
const isSpecialEnd = (c: number): boolean =>
  c === 0x09 || c === 0x0a || c === 0x0d || ' ",:[\\]{}'.includes(String.fromCharCode(c));

/** is_allowed_whitespace: space, TAB, LF, CR. */
const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Allowed_Escapes_bits: the characters allowed after a backslash. */
const isAllowedEscape = (c: number): boolean => c < 0x80 && '"/\\bfnrtu'.includes(String.fromCharCode(c));

/** is_simple_char: a string byte passed through without a look (note: 0x14..0x1f pass). */
const isSimpleChar = (c: number): boolean => !(c < 0x14 || c === QUOTE || c === BACKSLASH);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const LITERALS: Record<number, string> = {
  [Special.TRUE]: "true",
  [Special.FALSE]: "false",
  [Special.NULL]: "null",
};

export class Jsonsl {
  level = 0;
  pos = 0;
  private inEscape = false;
  private expecting = 0;
  private tokLast = 0;
  private canInsert = true;
  readonly stack: JState[] = [];
  /** The level a PUSH/POP is reported for must be below this (sjson: its depth). */
  maxCallbackLevel: number;

  constructor(
    readonly levelsMax: number,
    private readonly handler: JsonslHandler,
  ) {
    for (let i = 0; i < levelsMax; i++)
      this.stack.push({
        type: JType.ROOT,
        posBegin: 0,
        posCur: 0,
        specialFlags: 0,
        level: i,
        nelem: 0,
        nescapes: 0,
        objectRef: 0,
        usedCount: 0,
      });
    this.maxCallbackLevel = levelsMax;
  }

  /** jsonsl_feed: consumes `bytes`, stopping at the first error. */
  feed(bytes: string): void {
    const n = bytes.length;
    for (let i = 0; i < n; i++, this.pos++) {
      if (!this.step(bytes.charCodeAt(i))) return;
    }
  }

  private get state(): JState {
    return this.stack[this.level]!;
  }

  /** INVOKE_ERROR: the handler is told and the feed returns (sjson's callback never resumes). */
  private fail(err: JsonslError): false {
    this.handler.error(err);
    return false;
  }

  private callback(state: JState, action: "push" | "pop"): void {
    if (this.maxCallbackLevel > state.level) this.handler[action](state);
  }

  /** STACK_PUSH: false when the stack is full (LEVELS_EXCEEDED). */
  private stackPush(): JState | undefined {
    if (this.level >= this.levelsMax - 1) {
      this.handler.error("LEVELS_EXCEEDED");
      return undefined;
    }
    const state = this.stack[++this.level]!;
    state.posBegin = this.pos;
    return state;
  }

  /** CALLBACK_AND_POP: closes the current element at this position. */
  private callbackAndPop(): void {
    const state = this.state;
    state.posCur = this.pos;
    this.callback(state, "pop");
    state.nescapes = 0;
    this.level--;
    this.state.posCur = this.pos;
  }

  /** One byte; false when the feed must stop. */
  private step(c: number): boolean {
    const state = this.state;
    const type = state.type;
    if (type & STRINGY) {
      if (this.inEscape) {
        this.inEscape = false;
        // 'u' would call the UESCAPE callback, which sjson leaves disabled
        return isAllowedEscape(c) ? true : this.fail("ESCAPE_INVALID");
      }
      if (isSimpleChar(c)) return true; // jsonsl__str_fastparse
      if (c === QUOTE) return this.quote(state, type);
      if (c === BACKSLASH) return this.escape(state);
      return this.fail("WEIRD_WHITESPACE");
    }
    if (type === JType.SPECIAL) return this.special(state, c);
    if (isWhitespace(c)) return true;
    if (extractSpecial(c)) return this.specialBegin(state, c);
    if (c === QUOTE) return this.quote(state, type);
    if (c === BACKSLASH) return this.escape(state);
    return this.structural(state, c);
  }

  /** GT_QUOTE: a string ends, or one starts in a container. */
  private quote(state: JState, type: number): boolean {
    this.canInsert = false;
    switch (type) {
      case JType.STRING:
      case JType.HKEY:
        this.callbackAndPop();
        return true;
      case JType.OBJECT: {
        state.nelem++;
        let child: JState | undefined;
        if ((state.nelem - 1) % 2) {
          // odd: the value of a key
          if (this.tokLast !== ch(":")) return this.fail("MISSING_TOKEN");
          this.expecting = ch(",");
          this.tokLast = 0;
          if ((child = this.stackPush()) === undefined) return false;
          child.type = JType.STRING;
        } else {
          if (this.expecting !== QUOTE) return this.fail("STRAY_TOKEN");
          this.tokLast = 0;
          this.expecting = ch(":");
          if ((child = this.stackPush()) === undefined) return false;
          child.type = JType.HKEY;
        }
        this.callback(child, "push");
        return true;
      }
      case JType.LIST: {
        // no check of can_insert or a comma: a list takes a string wherever it comes
        state.nelem++;
        const child = this.stackPush();
        if (child === undefined) return false;
        child.type = JType.STRING;
        this.expecting = ch(",");
        this.tokLast = 0;
        this.callback(child, "push");
        return true;
      }
      case JType.SPECIAL:
        return this.fail("STRAY_TOKEN");
      default:
        return this.fail("STRING_OUTSIDE_CONTAINER");
    }
  }

  /** GT_ESCAPE. */
  private escape(state: JState): boolean {
    if ((state.type & STRINGY) === 0) return this.fail("ESCAPE_OUTSIDE_STRING");
    state.nescapes++;
    this.inEscape = true;
    return true;
  }

  /** Inside a number, true, false or null. */
  private special(state: JState, c: number): boolean {
    const flags = state.specialFlags;
    if (flags === Special.UNSIGNED || flags === Special.SIGNED) {
      if (isDigit(c)) return true; // jsonsl__num_fastparse
      return this.numeric(state, c);
    }
    if (flags === Special.DASH) {
      if (!isDigit(c)) return this.fail("INVALID_NUMBER");
      if (c === ch("0")) state.specialFlags = Special.ZERO | Special.SIGNED;
      else {
        state.specialFlags = Special.SIGNED;
        state.nelem = c - 0x30;
      }
      return true;
    }
    if (flags === Special.ZERO) {
      if (isDigit(c)) return this.fail("INVALID_NUMBER"); // a digit after a leading 0
      state.specialFlags = Special.UNSIGNED; // (ZERO has no SIGNED bit here)
      return this.numeric(state, c);
    }
    if (flags & Special.NUMERIC) return this.numeric(state, c);
    if (!isSpecialEnd(c)) {
      state.nescapes++; // STATE_SPECIAL_LENGTH
      const lit = LITERALS[flags];
      if (lit !== undefined) {
        // VERIFY_SPECIAL compares with the literal's bytes, its NUL included
        const at = this.pos - state.posBegin;
        const want = at < lit.length ? lit.charCodeAt(at) : at === lit.length ? 0 : -1;
        if (c !== want) return this.fail("SPECIAL_EXPECTED");
      }
      return true;
    }
    return this.specialPop(state, c);
  }

  /** GT_SPECIAL_NUMERIC. */
  private numeric(state: JState, c: number): boolean {
    if (isDigit(c)) {
      this.tokLast = ch("1");
      return true;
    }
    switch (c) {
      case ch("."):
        if (state.specialFlags & Special.FLOAT) return this.fail("INVALID_NUMBER");
        state.specialFlags |= Special.FLOAT;
        this.tokLast = ch(".");
        return true;
      case ch("e"):
      case ch("E"):
        if (state.specialFlags & Special.EXPONENT) return this.fail("INVALID_NUMBER");
        state.specialFlags |= Special.EXPONENT;
        this.tokLast = ch("e");
        return true;
      case ch("-"):
      case ch("+"):
        if (this.tokLast !== ch("e")) return this.fail("INVALID_NUMBER");
        this.tokLast = ch("-");
        return true;
      default:
        if (isSpecialEnd(c)) return this.specialPop(state, c);
        return this.fail("INVALID_NUMBER");
    }
  }

  /** GT_SPECIAL_POP: the bareword ends at `c`, which is then looked at as a token. */
  private specialPop(state: JState, c: number): boolean {
    this.canInsert = false;
    const flags = state.specialFlags;
    if (flags === Special.UNSIGNED || flags === Special.SIGNED) {
      // a plain integer
    } else if (flags === Special.ZERO || flags === (Special.ZERO | Special.SIGNED)) {
      state.specialFlags = Special.UNSIGNED;
    } else if (flags === Special.DASH) {
      return this.fail("INVALID_NUMBER");
    } else if (flags & Special.NUMERIC) {
      if (this.tokLast !== ch("1")) return this.fail("INVALID_NUMBER");
    } else if (flags === Special.TRUE) {
      if (state.nescapes !== 4) return this.fail("SPECIAL_INCOMPLETE");
      state.nelem = 1;
    } else if (flags === Special.FALSE) {
      if (state.nescapes !== 5) return this.fail("SPECIAL_INCOMPLETE");
    } else if (flags === Special.NULL) {
      if (state.nescapes !== 4) return this.fail("SPECIAL_INCOMPLETE");
    }
    this.callbackAndPop();
    this.expecting = ch(",");
    this.tokLast = 0;
    if (isWhitespace(c)) return true;
    return this.structural(this.state, c);
  }

  /** GT_STRUCTURAL_TOKEN. */
  private structural(state: JState, c: number): boolean {
    switch (c) {
      case ch(":"):
        if (this.expecting !== c) return this.fail("STRAY_TOKEN");
        this.tokLast = c;
        this.canInsert = true;
        this.expecting = QUOTE;
        return true;
      case ch(","):
        if (this.expecting !== c) return this.fail("STRAY_TOKEN");
        if (state.type !== JType.OBJECT) this.canInsert = true;
        this.tokLast = c;
        this.expecting = QUOTE;
        return true;
      case ch("{"):
      case ch("["): {
        if (!this.canInsert) return this.fail("CANT_INSERT");
        if (state.nelem % 2 === 0 && state.type === JType.OBJECT) return this.fail("HKEY_EXPECTED");
        state.nelem++;
        const child = this.stackPush();
        if (child === undefined) return false;
        child.type = c;
        child.nelem = 0;
        this.canInsert = true;
        if (c === ch("{")) this.expecting = QUOTE;
        this.callback(child, "push");
        this.tokLast = 0;
        return true;
      }
      case ch("}"):
      case ch("]"): {
        if (this.tokLast === ch(",")) return this.fail("TRAILING_COMMA");
        this.canInsert = false;
        this.level--; // an unsigned underflow at the root; the mismatch below stops the feed
        this.expecting = ch(",");
        this.tokLast = 0;
        if (c === ch("]")) {
          if (state.type !== JType.LIST) return this.fail("BRACKET_MISMATCH");
        } else if (state.type !== JType.OBJECT) return this.fail("BRACKET_MISMATCH");
        else if (state.nelem && state.nelem % 2 !== 0) return this.fail("VALUE_EXPECTED");
        this.callback(state, "pop");
        this.state.posCur = this.pos;
        return true;
      }
      default:
        return this.specialBegin(state, c);
    }
  }

  /** GT_SPECIAL_BEGIN: a bareword starts (or the byte is garbage). */
  private specialBegin(state: JState, c: number): boolean {
    if (state.type === JType.SPECIAL) return true;
    const flags = extractSpecial(c);
    if (!flags) {
      if (c === 0) return this.fail("FOUND_NULL_BYTE");
      if (c < 0x20) return this.fail("WEIRD_WHITESPACE");
      return this.fail("SPECIAL_EXPECTED");
    }
    if (state.nelem % 2 === 0 && state.type === JType.OBJECT) return this.fail("HKEY_EXPECTED");
    state.nelem++;
    if (!this.canInsert) return this.fail("CANT_INSERT");
    const child = this.stackPush();
    if (child === undefined) return false;
    child.type = JType.SPECIAL;
    child.specialFlags = flags;
    child.nescapes = 1;
    if (flags === Special.UNSIGNED) {
      child.nelem = c - 0x30;
      this.tokLast = ch("1");
    } else {
      this.tokLast = ch("-");
      child.nelem = 0;
    }
    this.callback(child, "push");
    return true;
  }
}
