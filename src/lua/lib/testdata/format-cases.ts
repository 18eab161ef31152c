// Generated string.format cases, run through the reference interpreter (lua5.1) in one script.

import { runLua51Script } from "../../../test-support/lua51.js";
import { prng } from "../../../test-support/prng.js";

/**
 * An argument: a number, a byte string, nil, a boolean, a table or function, or a NaN with its
 * sign bit. NaNs are kept apart from numbers because V8 may clear the sign bit of a NaN stored
 * in an array of doubles (e.g. through Array.prototype.map or an array literal); they become
 * numbers only in arrays of mixed values, which hold them boxed.
 */
export type Arg = number | string | undefined | boolean | { lua: "table" | "function" } | { nan: "-" | "+" };

export interface FormatCase {
  fmt: string;
  args: Arg[];
}

/** What string.format gave: its result, or the message it raised. */
export interface Outcome {
  ok: boolean;
  text: string;
}

const TABLE: Arg = { lua: "table" };
const FUNCTION: Arg = { lua: "function" };

const bits = (hi: number, lo: number): number => {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi);
  v.setUint32(4, lo);
  return v.getFloat64(0);
};
const NEG_NAN: Arg = { nan: "-" };
const POS_NAN: Arg = { nan: "+" };

// biome-ignore format: a table
const NUMBERS: Arg[] = [
  0, -0, 1, -1, 7, -7, 10, 42, 100, 255, 256, 321, -191, 65, 65.9, -65.9, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5,
  0.125, 0.375, 0.0625, 1.0625, 0.03125, 5e-1, 0.05, 0.15, 0.25, 0.35, 0.45, 9.5, 99.5, 999.5, 0.95, 9.995,
  99999.5, 1e15 + 0.5, 1e15, 123456789012345680, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64,
  2 ** 63 + 2048, -(2 ** 63) - 2048, 2 ** 64 - 2048, 1e19, -1e19, 2 ** 70, 2 ** 31, -(2 ** 31), 2 ** 31 - 1,
  -(2 ** 31) - 1, 2 ** 32 + 65, 2 ** 32, 4294967295, 1e21, 1e22, 1e100, 1e300, -1e300, 1.7976931348623157e308,
  -1.7976931348623157e308, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-5, 1e-4,
  0.0001234, 9.9999e-5, 123456.789, Math.PI, -Math.E, 1 / 3, 2 / 3, 0.1, 0.2, 0.3, 1e-10, 12345678.9,
  0.000123456789, 99.95, 0.9999995, 9.9999995, 100000000000000.5, 99999999999999.5, 999999.5, 1234567.125,
  NEG_NAN, POS_NAN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
];

// biome-ignore format: a table
const SPECIAL_STRINGS: string[] = [
  "", "a", "hello", "12", " 0x10 ", "0x", "1e2", "  -3.5  ", "inf", "-nan", "nan", "abc", "10 x", "\0", "a\0b",
  "\0abc", '"quoted"\\', "line\nbreak\r\n", "tab\there", "\x7f\x80\xff", "x".repeat(99), "y".repeat(100),
  `${"z".repeat(50)}\0${"z".repeat(60)}`, `${"w".repeat(120)}\n"\\`,
];

// Strings where numbers are expected. Not "-nan": glibc's strtod gives it the sign bit.
// biome-ignore format: a table
const NUMERIC_STRINGS: string[] = [
  "12", " 0x10 ", "0x", "1e2", "  -3.5  ", "inf", "-inf", "nan", "abc", "10 x", "", "0x1p4", " -0 ", "1e400",
];

const CONVERSIONS = "diouxXceEfgGqs";
const FLAG_CHARS = "-+ #0";

/** The cases: random well-formed items over interesting values, then malformed ones. */
export function generateCases(count: number, seed = 1): FormatCase[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const randomBytes = (max: number): string => {
    let s = "";
    const len = int(max + 1);
    for (let i = 0; i < len; i++) s += String.fromCharCode(int(256));
    return s;
  };
  const randomDouble = (): Arg => {
    switch (int(7)) {
      case 0: {
        // Any bit pattern (NaNs with payloads print as their sign says).
        const x = bits(int(2 ** 32), int(2 ** 32));
        return Number.isNaN(x) ? (rnd() < 0.5 ? NEG_NAN : POS_NAN) : x;
      }
      case 1:
        return (int(2 ** 20) - 2 ** 19) / 2 ** int(12); // short binary fractions: decimal ties
      case 2:
        return int(2 ** 31) * (rnd() < 0.5 ? -1 : 1) + 0.5;
      case 3:
        return (rnd() - 0.5) * 10 ** (int(40) - 20);
      case 4:
        return Math.round(rnd() * 10 ** int(8)) / 10 ** int(6);
      case 5:
        return (rnd() < 0.5 ? -1 : 1) * 2 ** (int(140) - 10) * (1 + int(16) / 16);
      default:
        return int(2 ** 32) * 2 ** int(40) * (rnd() < 0.3 ? -1 : 1);
    }
  };
  const numberArg = (): Arg => (rnd() < 0.55 ? pick(NUMBERS) : randomDouble());
  const stringArg = (): string => (rnd() < 0.5 ? pick(SPECIAL_STRINGS) : randomBytes(rnd() < 0.9 ? 12 : 130));
  const spec = (conv: string): string => {
    let s = "%";
    const nflags = rnd() < 0.4 ? 0 : int(4);
    for (let i = 0; i < nflags; i++) s += pick([...FLAG_CHARS]);
    const w = int(5);
    if (w === 1) s += int(10);
    else if (w === 2) s += 10 + int(90);
    const p = int(6);
    if (p === 1) s += ".";
    else if (p === 2) s += `.${int(10)}`;
    else if (p === 3) s += `.${10 + int(90)}`;
    else if (p === 4) s += `.${int(20)}`;
    return s + conv;
  };
  const cases: FormatCase[] = [];
  for (let n = 0; n < count; n++) {
    const conv = pick([...CONVERSIONS]);
    const arg: Arg = conv === "s" || conv === "q" ? (rnd() < 0.8 ? stringArg() : numberArg()) : numberArg();
    const r = rnd();
    if (r < 0.75) {
      cases.push({ fmt: spec(conv), args: [arg] });
    } else if (r < 0.85) {
      cases.push({ fmt: `<${spec(conv)}|%%|${spec("d")}>`, args: [arg, numberArg()] });
    } else if (r < 0.9) {
      // Numeric strings where numbers are expected, numbers where strings are.
      const a: Arg = conv === "s" || conv === "q" ? numberArg() : pick(NUMERIC_STRINGS);
      cases.push({ fmt: spec(conv), args: [a] });
    } else {
      // Zero bytes and odd characters in the text around the items.
      cases.push({ fmt: `${randomBytes(3)}${spec(conv)}${randomBytes(3).replace(/%/g, "%%")}`, args: [arg] });
    }
  }
  cases.push(...errorCases());
  return cases;
}

/** Every message str_format raises, and the options it rejects. */
export function errorCases(): FormatCase[] {
  const cases: FormatCase[] = [];
  for (let c = 0; c < 256; c++) {
    const ch = String.fromCharCode(c);
    if (!CONVERSIONS.includes(ch) && !"-+ #0123456789.%".includes(ch))
      cases.push({ fmt: `%${ch}`, args: [1] });
  }
  const more: [string, Arg[]][] = [
    ["%", [1]],
    ["%", []],
    ["abc%", [1]],
    ["%5", [1]],
    ["%-", [1]],
    ["%5.", [1]],
    ["%\0d", [1]],
    ["%5\0", [1]],
    ["%------d", [1]],
    ["%-----d", [1]],
    ["%-+ #0d", [1]],
    ["%00000d", [1]],
    ["%-+ #0-d", [1]],
    ["%100d", [1]],
    ["%1.100d", [1]],
    ["%.100d", [1]],
    ["%99.99d", [1]],
    ["%.999f", [1]],
    ["%d", []],
    ["%d %d", [1]],
    ["%s", []],
    ["%q", []],
    ["%y", []],
    ["%d", [undefined]],
    ["%d", [true]],
    ["%d", [TABLE]],
    ["%d", [FUNCTION]],
    ["%d", ["abc"]],
    ["%d", ["0x"]],
    ["%f", ["1e"]],
    ["%c", [undefined]],
    ["%x", [false]],
    ["%s", [undefined]],
    ["%s", [true]],
    ["%q", [TABLE]],
    ["%s", [FUNCTION]],
    ["%5s %d", ["a", "b"]],
    ["%ld", [1]],
    ["%hd", [1]],
    ["%Lf", [1]],
    ["%n", [1]],
    ["%p", [1]],
    ["%F", [1]],
    ["%a", [1]],
    ["%5.2y", [1]],
    ["no items", []],
    ["no items", [1, 2]],
    ["%%", []],
    ["%d", [1, 2, 3]],
  ];
  for (const [fmt, args] of more) cases.push({ fmt, args });
  return cases;
}

/** A byte string as a Lua long-free literal: printable ASCII as is, the rest as \ddd. */
export function luaString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 127 && c !== 34 && c !== 92) out += s[i];
    else out += `\\${String(c).padStart(3, "0")}`;
  }
  return `${out}"`;
}

/** An argument as a Lua expression (NZ, NAN and PNAN are computed at run time, not folded). */
function luaArg(a: Arg): string {
  if (a === undefined) return "nil";
  if (typeof a === "boolean") return String(a);
  if (typeof a === "string") return luaString(a);
  if (typeof a === "object")
    return "nan" in a ? (a.nan === "-" ? "NAN" : "PNAN") : a.lua === "table" ? "{}" : "print";
  if (a === Number.POSITIVE_INFINITY) return "INF";
  if (a === Number.NEGATIVE_INFINITY) return "-INF";
  if (a === 0) return 1 / a < 0 ? "NZ" : "0";
  return String(a);
}

/** One script printing, per case, `1 <hex of result>` or `0 <hex of message>`. */
export function luaScript(cases: readonly FormatCase[]): string {
  const lines = [
    "local z = 0",
    "local NZ, NAN, INF = -z, z / z, 1 / z",
    "local PNAN = -NAN",
    "local format, write, pcall, tostring = string.format, io.write, pcall, tostring",
    'local function hex(s) return (s:gsub(".", function(c) return format("%02x", c:byte()) end)) end',
    'local function t(...) local ok, r = pcall(format, ...) write(ok and "1 " or "0 ", hex(tostring(r)), "\\n") end',
  ];
  for (const c of cases) lines.push(`t(${[luaString(c.fmt), ...c.args.map(luaArg)].join(", ")})`);
  return `${lines.join("\n")}\n`;
}

/** Runs the cases through lua5.1 and parses what it printed. */
export function runLua51(cases: readonly FormatCase[]): Outcome[] {
  const lines = runLua51Script(luaScript(cases)).split("\n");
  lines.pop();
  if (lines.length !== cases.length) throw new Error(`${lines.length} results for ${cases.length} cases`);
  return lines.map((line) => ({
    ok: line[0] === "1",
    text: Buffer.from(line.slice(2), "hex").toString("latin1"),
  }));
}

/** A case and its outcome in JSON: numbers that JSON cannot hold are spelled as strings. */
export interface GoldenCase {
  f: string;
  a: (["n", string] | ["s", string] | ["nil"] | ["b", boolean] | ["t"] | ["fn"] | ["nan", "-" | "+"])[];
  ok: boolean;
  out: string;
}

const numberText = (x: number): string => (Object.is(x, -0) ? "-0" : String(x));
const textNumber = (s: string): number => (s === "-0" ? -0 : Number(s));

export function toGolden(c: FormatCase, o: Outcome): GoldenCase {
  return {
    f: c.fmt,
    a: c.args.map((a): GoldenCase["a"][number] => {
      if (a === undefined) return ["nil"];
      if (typeof a === "boolean") return ["b", a];
      if (typeof a === "string") return ["s", a];
      if (typeof a === "object") return "nan" in a ? ["nan", a.nan] : a.lua === "table" ? ["t"] : ["fn"];
      return ["n", numberText(a)];
    }),
    ok: o.ok,
    out: o.text,
  };
}

export function fromGolden(g: GoldenCase): [FormatCase, Outcome] {
  const args = g.a.map((a): Arg => {
    switch (a[0]) {
      case "nil":
        return undefined;
      case "b":
        return a[1];
      case "s":
        return a[1];
      case "t":
        return TABLE;
      case "fn":
        return FUNCTION;
      case "nan":
        return a[1] === "-" ? NEG_NAN : POS_NAN;
      default:
        return textNumber(a[1]);
    }
  });
  return [
    { fmt: g.f, args },
    { ok: g.ok, text: g.out },
  ];
}
