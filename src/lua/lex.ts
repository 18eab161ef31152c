// Lexical analyser for Lua 5.1 (llex.c). Reads a byte string (code units 0..255) and produces
// tokens one at a time, with the same line counting, escapes, long brackets, numerals and error
// messages as PUC-Rio Lua 5.1.5, so that syntax errors read exactly as luac's.

import { chunkId } from "./chunkid.js";
import { LuaSyntaxError } from "./errors.js";
import { str2number } from "./str2number.js";

/** Tokens: single-character tokens are their byte value; the rest start at 257 (llex.h). */
export enum T {
  AND = 257,
  BREAK,
  DO,
  ELSE,
  ELSEIF,
  END,
  FALSE,
  FOR,
  FUNCTION,
  IF,
  IN,
  LOCAL,
  NIL,
  NOT,
  OR,
  REPEAT,
  RETURN,
  THEN,
  TRUE,
  UNTIL,
  WHILE,
  CONCAT,
  DOTS,
  EQ,
  GE,
  LE,
  NE,
  NUMBER,
  NAME,
  STRING,
  EOS,
}

const FIRST_RESERVED = 257;
// biome-ignore format: a table in token order
const TOKEN_NAMES = [
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local",
  "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
  "..", "...", "==", ">=", "<=", "~=", "<number>", "<name>", "<string>", "<eof>",
];
const RESERVED = new Map<string, T>(TOKEN_NAMES.slice(0, 21).map((w, i) => [w, FIRST_RESERVED + i]));

/** luaX_lexerror's MAXSRC: the chunk name in a syntax error is cut to fit 80 bytes. */
const MAXSRC = 80;
/** llimits.h MAX_INT (INT_MAX - 2): the line counter limit of inclinenumber. */
const MAX_INT = 2147483645;
const EOZ = -1;

// C-locale ctype classes, as llex.c uses them (bytes >= 128 are in none of them).
const C_DIGIT = 1,
  C_ALPHA = 2,
  C_SPACE = 4,
  C_XDIGIT = 8;
const CTYPE = new Uint8Array(257);
for (let c = 0; c < 256; c++) {
  let f = 0;
  if (c >= 48 && c <= 57) f |= C_DIGIT | C_XDIGIT;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) f |= C_ALPHA;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= C_XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) f |= C_SPACE;
  CTYPE[c] = f;
}
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnumOrUnderscore = (c: number) => c >= 0 && (c === 95 || (CTYPE[c]! & (C_DIGIT | C_ALPHA)) !== 0);
const isAlphaOrUnderscore = (c: number) => c >= 0 && (c === 95 || (CTYPE[c]! & C_ALPHA) !== 0);
const isSpace = (c: number) => c >= 0 && (CTYPE[c]! & C_SPACE) !== 0;

/** luaX_token2str: the text naming a token in messages. */
export function tokenToString(token: number): string {
  if (token < FIRST_RESERVED) {
    // iscntrl() in the C locale: 0..31 and 127.
    return token < 32 || token === 127 ? `char(${token})` : String.fromCharCode(token);
  }
  return TOKEN_NAMES[token - FIRST_RESERVED]!;
}

export class Lexer {
  private readonly src: string;
  private pos = 0;
  private current = EOZ;
  /** Text of the last token read (NAME, STRING, NUMBER): what luaX_lexerror prints after `near`. */
  private raw = "";

  readonly source: string;
  linenumber = 1;
  lastline = 1;
  /** The current token and its semantic value (string for NAME/STRING, number for NUMBER). */
  token: number = T.EOS;
  sval = "";
  nval = 0;
  private aheadToken: number = T.EOS;
  private aheadS = "";
  private aheadN = 0;
  private aheadRaw = "";

  constructor(src: string, source: string) {
    this.src = src;
    this.source = source;
    this.next();
  }

  get lookaheadToken(): number {
    return this.aheadToken;
  }

  private next(): void {
    this.current = this.pos < this.src.length ? this.src.charCodeAt(this.pos++) : EOZ;
  }

  /** The current character, read through a call so that TypeScript does not narrow it. */
  private cur(): number {
    return this.current;
  }

  private isNewline(): boolean {
    return this.current === 10 || this.current === 13;
  }

  /** luaX_lexerror: `chunk:line: msg`, plus `near 'token'` when a token is given. */
  error(msg: string, token: number): never {
    let m = `${chunkId(this.source, MAXSRC)}:${this.linenumber}: ${msg}`;
    if (token) {
      let near: string;
      if (token === T.NAME || token === T.STRING || token === T.NUMBER) {
        // txtToken prints the lexer buffer as a C string: it stops at the first NUL.
        const nul = this.raw.indexOf("\0");
        near = nul < 0 ? this.raw : this.raw.slice(0, nul);
      } else near = tokenToString(token);
      m = `${m} near '${near}'`;
    }
    throw new LuaSyntaxError(m);
  }

  syntaxError(msg: string): never {
    return this.error(msg, this.token);
  }

  /** luaX_next. */
  advance(): void {
    this.lastline = this.linenumber;
    if (this.aheadToken !== T.EOS) {
      this.token = this.aheadToken;
      this.sval = this.aheadS;
      this.nval = this.aheadN;
      this.raw = this.aheadRaw;
      this.aheadToken = T.EOS;
    } else {
      this.token = this.lex();
    }
  }

  /** luaX_lookahead: reads the next token without consuming the current one. */
  lookahead(): void {
    const [t, s, n] = [this.token, this.sval, this.nval];
    this.aheadToken = this.lex();
    this.aheadS = this.sval;
    this.aheadN = this.nval;
    this.aheadRaw = this.raw;
    this.token = t;
    this.sval = s;
    this.nval = n;
    // `raw` keeps the lookahead's text, as llex.c's buffer does: an error near the current
    // token would print it.
  }

  private incLineNumber(): void {
    const old = this.current;
    this.next();
    if (this.isNewline() && this.current !== old) this.next(); // \n\r or \r\n
    if (++this.linenumber >= MAX_INT) this.syntaxError("chunk has too many lines");
  }

  /** skip_sep: counts the `=` of a long bracket; returns -count-1 when it is not one. */
  private skipSep(): number {
    const s = this.current;
    let count = 0;
    this.raw += String.fromCharCode(s);
    this.next();
    while (this.current === 61) {
      this.raw += "=";
      this.next();
      count++;
    }
    return this.current === s ? count : -count - 1;
  }

  /** read_long_string; a comment when `isString` is false (its text is not kept). */
  private readLongString(isString: boolean, sep: number): string {
    const parts: string[] = [];
    this.next(); // skip the second `[`
    if (this.isNewline()) this.incLineNumber(); // a first newline is not part of the string
    let start = this.pos - 1;
    const flush = (end: number) => {
      if (isString && end > start) parts.push(this.src.slice(start, end));
    };
    for (;;) {
      const c = this.current;
      if (c === EOZ) {
        this.error(isString ? "unfinished long string" : "unfinished long comment", T.EOS);
      } else if (c === 91 /* [ */) {
        // LUA_COMPAT_LSTR == 1: a nested `[[` inside a level-0 long string is an error.
        if (this.skipSep() === sep) {
          this.next();
          if (sep === 0) this.error("nesting of [[...]] is deprecated", 91);
        }
      } else if (c === 93 /* ] */) {
        const at = this.pos - 1;
        if (this.skipSep() === sep) {
          flush(at);
          this.next();
          break;
        }
      } else if (c === 10 || c === 13) {
        flush(this.pos - 1);
        if (isString) parts.push("\n");
        this.incLineNumber();
        start = this.pos - 1;
      } else {
        this.next();
      }
    }
    const value = parts.join("");
    const eq = "=".repeat(sep);
    this.raw = `[${eq}[${value}]${eq}]`;
    return value;
  }

  /** read_string: a quoted string with escapes. */
  private readString(del: number): string {
    const open = String.fromCharCode(del);
    let value = "";
    this.next();
    let start = this.pos - 1;
    for (;;) {
      const c = this.current;
      if (c === del) break;
      if (c === EOZ) {
        this.raw = open + value + this.src.slice(start, this.pos);
        this.error("unfinished string", T.EOS);
      }
      if (c === 10 || c === 13) {
        this.raw = open + value + this.src.slice(start, this.pos - 1);
        this.error("unfinished string", T.STRING);
      }
      if (c !== 92 /* \ */) {
        this.next();
        continue;
      }
      value += this.src.slice(start, this.pos - 1);
      this.next(); // the backslash is not kept
      let e: number;
      switch (this.current) {
        case 97:
          e = 7;
          break; // \a
        case 98:
          e = 8;
          break; // \b
        case 102:
          e = 12;
          break; // \f
        case 110:
          e = 10;
          break; // \n
        case 114:
          e = 13;
          break; // \r
        case 116:
          e = 9;
          break; // \t
        case 118:
          e = 11;
          break; // \v
        case 10:
        case 13: // backslash-newline is a newline
          value += "\n";
          this.incLineNumber();
          start = this.pos - 1;
          continue;
        case EOZ:
          start = this.pos; // nothing to keep; the next round reports the unfinished string
          continue;
        default:
          if (!isDigit(this.current)) {
            // \\, \", \' and any other character stand for themselves
            start = this.pos - 1;
            this.next();
            continue;
          }
          e = 0;
          for (let i = 0; i < 3 && isDigit(this.current); i++) {
            e = 10 * e + (this.current - 48);
            this.next();
          }
          if (e > 255) {
            this.raw = open + value;
            this.error("escape sequence too large", T.STRING);
          }
          value += String.fromCharCode(e);
          start = this.pos - 1;
          continue;
      }
      value += String.fromCharCode(e);
      this.next();
      start = this.pos - 1;
    }
    value += this.src.slice(start, this.pos - 1);
    this.next(); // skip the closing delimiter
    this.raw = open + value + open;
    return value;
  }

  /** read_numeral: digits and dots, an optional exponent sign, then any alphanumerics. */
  private readNumeral(start: number): void {
    do this.next();
    while (isDigit(this.current) || this.current === 46);
    // check_next tests with strchr, which also finds the set's terminating NUL: a NUL byte
    // passes for the exponent mark and for its sign
    if (this.current === 69 || this.current === 101 || this.current === 0) {
      this.next();
      if (this.cur() === 43 || this.cur() === 45 || this.cur() === 0) this.next();
    }
    while (isAlnumOrUnderscore(this.current)) this.next();
    const end = this.current === EOZ ? this.pos : this.pos - 1;
    this.raw = this.src.slice(start, end);
    const n = str2number(this.raw);
    if (n === undefined) this.error("malformed number", T.NUMBER);
    this.nval = n;
  }

  /** llex: the next token. */
  private lex(): number {
    this.raw = "";
    for (;;) {
      const c = this.current;
      switch (c) {
        case 10:
        case 13:
          this.incLineNumber();
          continue;
        case 45: // -
          this.next();
          if (this.current !== 45) return 45;
          this.next();
          if (this.cur() === 91) {
            const sep = this.skipSep();
            this.raw = "";
            if (sep >= 0) {
              this.readLongString(false, sep);
              this.raw = "";
              continue;
            }
          }
          while (!this.isNewline() && this.cur() !== EOZ) this.next();
          continue;
        case 91: {
          // [
          const sep = this.skipSep();
          if (sep >= 0) {
            this.sval = this.readLongString(true, sep);
            return T.STRING;
          }
          if (sep === -1) return 91;
          this.error("invalid long string delimiter", T.STRING);
          break;
        }
        case 61: // =
          this.next();
          if (this.current !== 61) return 61;
          this.next();
          return T.EQ;
        case 60: // <
          this.next();
          if (this.current !== 61) return 60;
          this.next();
          return T.LE;
        case 62: // >
          this.next();
          if (this.current !== 61) return 62;
          this.next();
          return T.GE;
        case 126: // ~
          this.next();
          if (this.current !== 61) return 126;
          this.next();
          return T.NE;
        case 34:
        case 39:
          this.sval = this.readString(c);
          return T.STRING;
        case 46: {
          // .
          const start = this.pos - 1;
          this.next();
          if (this.current === 46) {
            this.next();
            if (this.current === 46) {
              this.next();
              return T.DOTS;
            }
            return T.CONCAT;
          }
          if (!isDigit(this.current)) return 46;
          this.pos--; // re-read the digit inside readNumeral's loop, after the dot
          this.current = 46;
          this.readNumeral(start);
          return T.NUMBER;
        }
        case EOZ:
          return T.EOS;
        default: {
          if (isSpace(c)) {
            this.next();
            continue;
          }
          if (isDigit(c)) {
            this.readNumeral(this.pos - 1);
            return T.NUMBER;
          }
          if (isAlphaOrUnderscore(c)) {
            // scan the name directly over the source: the hottest path of the lexer
            const src = this.src;
            const start = this.pos - 1;
            let end = this.pos;
            while (end < src.length && isAlnumOrUnderscore(src.charCodeAt(end))) end++;
            this.pos = end;
            this.next();
            const word = src.slice(start, end);
            this.raw = word;
            const r = RESERVED.get(word);
            if (r !== undefined) return r;
            this.sval = word;
            return T.NAME;
          }
          this.next();
          return c;
        }
      }
    }
  }
}
