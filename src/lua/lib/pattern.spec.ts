// Lua 5.1 pattern matching against PUC-Rio lua5.1: every case below is also run by lua5.1 (once,
// in one generated script) and must give the same values or the same error message. Without
// lua5.1 the core cases are checked against testdata/pattern-golden.json; with it, that file
// must agree with lua5.1 (PATTERN_GOLDEN_UPDATE=1 rewrites it).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { haveLua51, NO_LUA51, runLua51Script } from "../../test-support/lua51.js";
import { prng } from "../../test-support/prng.js";
import { LuaLibError } from "./errors.js";
import {
  type Capture,
  type GsubReplacement,
  gmatch,
  gsub,
  isAlnum,
  isAlpha,
  isCntrl,
  isDigit,
  isLower,
  isPunct,
  isSpace,
  isUpper,
  isXDigit,
  lowerBytes,
  strFind,
  toLower,
  toUpper,
  upperBytes,
} from "./pattern.js";

// ---------------------------------------------------------------------------------------------
// Cases.

/** Replacements that both sides define: a string, the table T, or a function made by F[name]. */
type Repl = string | { table: true } | { fn: FnName };

type FnName = "join" | "upper" | "nil" | "false" | "true" | "table" | "func" | "third" | "count" | "big";

type Case =
  | { op: "find"; s: string; p: string; init?: number; plain?: boolean }
  | { op: "match"; s: string; p: string; init?: number }
  | { op: "gmatch"; s: string; p: string }
  | { op: "gsub"; s: string; p: string; repl: Repl; n?: number };

/** What a case gives: the returned values (gmatch: those of each call), or an error message. */
interface Outcome {
  v?: unknown[];
  e?: string;
}

const find = (s: string, p: string, init?: number, plain?: boolean): Case => ({
  op: "find",
  s,
  p,
  init,
  plain,
});
const match = (s: string, p: string, init?: number): Case => ({ op: "match", s, p, init });
const gm = (s: string, p: string): Case => ({ op: "gmatch", s, p });
const gs = (s: string, p: string, repl: Repl, n?: number): Case => ({ op: "gsub", s, p, repl, n });
const T: Repl = { table: true };
const F = (fn: FnName): Repl => ({ fn });

const ALL = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
/** The bytes where classes and sets change, and high bytes that other locales would classify. */
const SOME = '\0\x01\b\t\n\v\f\r\x0e\x1f !"%-./09:@AFGZ[]^_`abcdefgz{~\x7f\x80\xaa\xb5\xc0\xdf\xe9\xff';
const CLASSES = "acdlpsuwxz";

/** Each class alone and in a set, removed from the subject. */
const classCases = (s: string): Case[] => [
  ...[...CLASSES, ...CLASSES.toUpperCase()].flatMap((c) => [gs(s, `%${c}`, ""), gs(s, `[%${c}]+`, "")]),
  gs(s, ".", "x"),
  gs(s, "[^%z]", ""),
  gs(s, "[%z]", "Z"),
];

/** Sets, removed from the subject. */
const setCases = (s: string): Case[] =>
  [
    "[abc]",
    "[^abc]",
    "[a-f]",
    "[^a-f]",
    "[a-]",
    "[-a]",
    "[]]",
    "[^]]",
    "[]abc]",
    "[a-%a]",
    "[%a-z]",
    "[z-a]",
    "[%]]",
    "[%-]",
    "[\x00-\x1f]",
    "[\x80-\xff]",
    "[a-c-e]",
    "[^^]",
    "[%^]",
    "[.]",
    "[%w_]",
    "[%a%d]",
    "[^%s%p]",
    "[a-%%]",
    "[%%-a]",
    "[[]",
    "[[-]]",
  ].map((p) => gs(s, p, ""));

/** Groups of cases; the core ones also have golden expectations. */
const groups: { name: string; core: boolean; cases: Case[] }[] = [
  { name: "character classes", core: true, cases: classCases(SOME) },
  { name: "character classes over all 256 bytes", core: false, cases: classCases(ALL) },
  {
    name: "escapes of non-class characters",
    core: true,
    cases: [
      find("a.b", "%."),
      find("a%b", "%%"),
      find("a]b", "%]"),
      find("aBb", "%B"),
      find("abF", "%F"),
      find("a\xe9b", "%\xe9"),
      find("a1b", "[%1]"),
      find("abc", "[%b]"),
      match("x(y)", "%(%a%)"),
      match("a-b", "a%-b"),
      match("a^b", "%^b"),
      match("a$b", "%$"),
      match("x*y", "x%*y"),
    ],
  },
  {
    name: "sets",
    core: true,
    cases: [
      ...setCases(SOME),
      match("hello world", "[%a ]+"),
      match("x[y]z", "[[%]]+"),
      match("-a-", "[%-a]+"),
    ],
  },
  { name: "sets over all 256 bytes", core: false, cases: setCases(ALL) },
  {
    name: "quantifiers",
    core: true,
    cases: [
      find("aaab", "a*b"),
      find("aaab", "a-b"),
      find("aaab", "a+b"),
      find("aaab", "a?b"),
      find("b", "a*b"),
      find("b", "a+b"),
      find("b", "a-b"),
      find("b", "a?b"),
      match("aaa", "a*"),
      match("aaa", "a-"),
      match("aaa", "a+"),
      match("aaa", "a?"),
      match("aaa", "a*a"),
      match("aaa", "a+a"),
      match("aaa", "a-a"),
      match("aaa", "a-$"),
      match("aaab", "(a*)(.*)"),
      match("aaab", "(a-)(.*)"),
      match("aaab", "(a?)(a*)(a-)b"),
      match("", "x*"),
      match("", "x+"),
      match("", "x-"),
      match("", "x?"),
      match("aaa", "^a*$"),
      match("aaa", "a?a?a?aaa"),
      match("aaa", "a?a?a?a?aaa"),
      match("<a><b>", "<(.-)>"),
      match("<a><b>", "<(.*)>"),
      match("key = value ", "^(%w+)%s*=%s*(.-)%s*$"),
      match("  trim  ", "^%s*(.-)%s*$"),
      match("abcabc", "[ab]-c"),
      match("x+y", "x+"),
      match("*x", "*x"),
      match("+x", "+x"),
      match("-x", "-x"),
      match("?x", "?x"),
      match("a", "a**"),
      match("a*", "a?*"),
      match("aa--", "a--"),
      match("1.5e10", "^[+-]?%d+%.?%d*[eE]?[+-]?%d*$"),
    ],
  },
  {
    name: "anchors",
    core: true,
    cases: [
      find("abc", "^abc"),
      find("abc", "^b"),
      find("abc", "^b", 2),
      find("abc", "abc$"),
      find("abc", "b$"),
      find("abc", "$"),
      find("abc", "^$"),
      find("", "^$"),
      find("a$b", "a$b"),
      find("a$b", "$b"),
      find("a^b", "a^b"),
      find("abc", "^"),
      find("^abc", "^^"),
      find("abc", "x^"),
      find("abc$", "c$$"),
      match("*x", "^*x"),
      gs("aaa", "^a", "b"),
      gs("aaa", "^", ">"),
      gs("aaa", "$", "<"),
      gs("aaa", "^a*", "-"),
      gs("bbb", "^a", "-"),
      gs("abc", "^$", "-"),
      gm("a^a^", "^a"),
      gm("^a^a", "^a"),
      gm("abc", "^."),
    ],
  },
  {
    name: "%b",
    core: true,
    cases: [
      match("f(a(b)c)d", "%b()"),
      match("f(a(b)c", "%b()"),
      match("((a)", "%b()"),
      match("x]a[b]c[", "%b[]"),
      match("aXbXc", "%bXX"),
      match("abba", "%baa"),
      match(")(", "%b)("),
      match("if x then y end end", "%bie"),
      gs("a(b)c(d(e))f", "%b()", "[]"),
      find("((()))", "%b()", 2),
      match("(", "%b()"),
      match("", "%b()"),
      match("()", "%b()$"),
    ],
  },
  {
    name: "%f frontiers",
    core: true,
    cases: [
      gm("THE (quick) fox", "%f[%a]%a+"),
      gm("hello world", "%f[%w]%w+%f[%W]"),
      find("abc", "%f[%z]"),
      find("abc", "%f[^%z]"),
      find("abc", "%f[a]"),
      find("abc", "%f[a]", 2),
      find("aab", "%f[b]", 1),
      find("aab", "%f[a]", 2),
      gs("the cat sat", "%f[%w]", "|"),
      gs("the cat sat", "%f[%W]", "|"),
      gs("THE (quick) fox", "%f[%a]%a+%f[%A]", "X"),
      match("a\0b", "%f[%z]."),
      match("", "%f[%z]"),
      match("", "%f[^%z]"),
      match("x", "%f[x]x%f[%z]"),
    ],
  },
  {
    name: "position captures",
    core: true,
    cases: [
      find("abc", "()"),
      find("abc", "()", 4),
      match("abc", "()"),
      match("abc", "()", 4),
      match("abc", "()", 10),
      match("hello", "()ll()"),
      match("hello", "(l)()"),
      match("hello", "()(l+)()"),
      gm("abc", "()"),
      gm("abab", "()ab"),
      gs("abc", "()", "%1"),
      gs("abc", "()", T),
      gs("abc", "().", F("join")),
      find("aa", "()a%1"),
      match("aa", "()a%1"),
    ],
  },
  {
    name: "captures and back-references",
    core: true,
    cases: [
      match("aa", "(a)%1"),
      match("ab", "(a)%1"),
      match("x=x", "(%a+)=%1"),
      match("abab", "(ab)%1"),
      match("hello", "(.)%1"),
      match("aab", "((a)%2)"),
      match("abcabc", "(a(b)c)%1"),
      match("abcb", "(a(b)c)%2"),
      match("abc", "((a)(b))"),
      match("abc", "(a(b)c)"),
      match("abc", "(a)(b)(c)"),
      match('say "hi" now', "([\"'])(.-)%1"),
      match("abc", "(a)%1?"),
      match("aaaa", "(a*)%1$"),
      match("abc", ""),
      match("abc", "()()"),
      find("abc", "(b)"),
      find("abc", "(b)()"),
      match(`a${"b".repeat(31)}`, `(a)${"(b)".repeat(31)}`),
      match("abc", `${"(".repeat(32)}a${")".repeat(32)}`),
    ],
  },
  {
    name: "init",
    core: true,
    cases: [
      ...[-10, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 100].flatMap((i) => [
        find("abc", "b", i),
        find("abc", "", i),
        find("abc", "[bc]", i),
        match("abc", ".", i),
        match("abc", ".*", i),
      ]),
      find("", "", 1),
      find("", "", 2),
      find("", "", -1),
      find("", "x*", 5),
      find("abc", "$", 10),
      find("abc", "^", 10),
      find("abc", "c", 3, true),
      find("abc", "c", 4, true),
      find("abc", "", 10, true),
      find("abc", "a", -9007199254740992),
      find("abc", "a", -(2 ** 63)),
    ],
  },
  {
    name: "plain find",
    core: true,
    cases: [
      find("a.b", ".", 1, true),
      find("a+b", "+", 1, true),
      find("a(b", "(", 1, true),
      find("a%b", "%", 1, true),
      find("a[b", "[", 1, true),
      find("a^b", "^b", 1, true),
      find("ab$", "b$", 1, true),
      find("a.b", ".", 1, false),
      find("abc", "", 1, true),
      find("abc", "abcd", 1, true),
      find("abcabc", "bc", 3, true),
      find("a)b", ")"),
      find("a]b", "]"),
      find("a]b", "a]"),
      find("a)b", "a)"),
      match("a)b", "a)"),
      find("hello world", "o w"),
      find("hello", "l"),
      find("aaa", "aa", 2),
      find("abc", "c", 1, false),
    ],
  },
  {
    name: "embedded zero bytes",
    core: true,
    cases: [
      find("a\0b", "a\0b"),
      find("xa\0.", "a\0."),
      find("a.\0z", ".\0z"),
      find("a\0b", "\0"),
      find("a\0b", "%z"),
      match("a\0b", "a\0b"),
      match("a\0b", "a%zb"),
      match("a\0b\0", "[%z]+"),
      match("\0\0\0", "%Z*"),
      match("ab\0", ".-%z"),
      gs("a\0b\0c", "%z", "0"),
      gs("abc", "b\0x", "-"),
      gs("abc", "b", "\0"),
      gm("a\0b", "[^%z]"),
      gm("ab", "a\0"),
      match("ab", "[a\0]"),
    ],
  },
  {
    name: "gmatch",
    core: true,
    cases: [
      gm("hello world from Lua", "%a+"),
      gm("k1=v1, k2=v2", "(%w+)=(%w+)"),
      gm("abc", ""),
      gm("abc", "a*"),
      gm("abc", "x*"),
      gm("abc", ".-"),
      gm("aaa", "a-"),
      gm("", ""),
      gm("", "a"),
      gm("abc", "."),
      gm("  a  b  ", "%s*"),
      gm("one;two;;three", "([^;]*)"),
      gm("aXbXXc", "X*"),
      gm("abcd", "()(.)"),
      gm("xyz", "$"),
      gm("xyz", ".$"),
    ],
  },
  {
    name: "gsub with a string replacement",
    core: true,
    cases: [
      gs("hello world", "o", "0"),
      gs("hello world", "(o)", "[%1]"),
      gs("hello world", "o", "[%0]"),
      gs("hello world", "%w+", "%0 %0"),
      gs("hello world", "(%w+) (%w+)", "%2 %1"),
      gs("hello", "l", "%%"),
      gs("hello", "l", "%a"),
      gs("hello", "l", "%"),
      gs("hello", "l", "x%"),
      gs("hello", "l", "%1"),
      gs("hello", "(l)", "%1%1"),
      gs("hello", "l", "%2"),
      gs("hello", "(l)", "%2"),
      gs("hello", "(l)(l)", "%2%1%0"),
      gs("hello", "", "-"),
      gs("", "", "-"),
      gs("", "x", "-"),
      gs("abc", ".", "%0%0"),
      gs("abc", "%w", "%9"),
      gs("abc", `${"(.)".repeat(3)}`, "%3%2%1"),
      gs("abc", "b", ""),
      gs("abc", "b*", "-"),
      gs("abc", "b-", "-"),
      gs("abc", "x*", "-"),
      gs("hello world", "o", "0", 1),
      gs("hello world", "o", "0", 0),
      gs("hello world", "o", "0", -1),
      gs("hello world", "o", "0", 2),
      gs("hello world", "o", "0", 100),
      gs("abc", "", "-", 2),
      gs("abc", "%w", "%%%0%%"),
      gs("a.b", "%.", "%."),
      gs("abc", "b", "\\1"),
      gs("abc", "(b)", "%\0"),
    ],
  },
  {
    name: "gsub with a table replacement",
    core: true,
    cases: [
      gs("a b c d", "%a", T),
      gs("hello x", "%a+", T),
      gs("abcdef", "(%a)", T),
      gs("1 2", "%d", T),
      gs("abc", "()", T),
      gs("a-e", "%a", T),
      gs("d", "%a", T),
      gs("x f", "%a", T),
      gs("(x)", "%b()", T),
      gs("ab", "(a)(b)", T),
      gs("a b", "%a", T, 1),
      gs("zz", "z", T),
    ],
  },
  {
    name: "gsub with a function replacement",
    core: true,
    cases: [
      gs("hello world", "%w+", F("upper")),
      gs("hello world", "(%w+) (%w+)", F("join")),
      gs("hello world", "()(%w+)()", F("join")),
      gs("abc", "%w", F("nil")),
      gs("abc", "%w", F("false")),
      gs("abc", "%w", F("true")),
      gs("abc", "%w", F("table")),
      gs("abc", "%w", F("func")),
      gs("abcd", "%w", F("third")),
      gs("a,b,c", "%a", F("count")),
      gs("a,b,c", "%a", F("count"), 2),
      gs("a,b,c", "", F("count")),
      gs("ab", "%a", F("big")),
      gs("", "", F("join")),
      gs("xyz", "()", F("join")),
    ],
  },
  {
    name: "error messages",
    core: true,
    cases: [
      find("abc", "%"),
      find("abc", "a%"),
      find("xbc", "x%"),
      find("abc", "x%"),
      find("", "x%"),
      find("abc", "[a"),
      find("abc", "[a%"),
      find("abc", "[a%]"),
      find("abc", "[]"),
      find("abc", "[^]"),
      find("abc", "[^"),
      find("abc", "["),
      find("abc", "%f"),
      find("abc", "%fa"),
      find("abc", "%f[a"),
      find("abc", "%b"),
      find("abc", "%ba"),
      find("abc", "%bab%"),
      find("abc", "%0"),
      find("abc", "%1"),
      find("abc", "(a)%2"),
      find("abc", "(a%1)"),
      find("abc", "(a"),
      match("abc", "(a"),
      match("abc", "a)"),
      match("abc", ")"),
      match("abc", "(()"),
      match("abc", "(a)(b"),
      find("abc", "x)"),
      gm("abc", "(a"),
      gm("abc", "%"),
      gs("abc", "(a", "x"),
      gs("abc", "(a", "%1"),
      gs("abc", "(a", "%0"),
      gs("abc", "(a", T),
      gs("abc", "(a", F("join")),
      gs("abc", "a)", "x"),
      gs("abc", "%", "x"),
      gs("abc", "[", "x"),
      gs("abc", "%f", "x"),
      match(`a${"b".repeat(32)}`, `(a)${"(b)".repeat(32)}`),
      match("abc", `${"(".repeat(33)}a${")".repeat(33)}`),
      match("xyz", `${"(".repeat(33)}a${")".repeat(33)}`),
      match("abc", `${"()".repeat(33)}`),
      gs("abc", "%w", "%1%2"),
      gs("abc", "(%w)", "%2"),
      match("a", "(a)%2"),
    ],
  },
  {
    name: "long subjects and patterns",
    core: false,
    cases: [
      find("a".repeat(2000), ".-b"),
      find("a".repeat(2000), "a*b"),
      match("a".repeat(3000), "a?".repeat(3000)),
      match("a".repeat(300), `${"a?".repeat(300)}$`),
      match("aaa", "a?".repeat(20000)),
      match(`(${"x".repeat(5000)})`, "%b()"),
      gs("ab".repeat(5000), "b", "c"),
      gs("ab".repeat(2000), "(a)(b)", "%2%1"),
      match("x".repeat(10000), "^(x*)$"),
      match("x".repeat(10000), "^(x-)$"),
    ],
  },
];

/** Random patterns over a small alphabet, run only against lua5.1. */
function randomCases(count: number): Case[] {
  const rnd = prng(0x5eed51);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const atoms = ["a", "b", ".", "%a", "%A", "%d", "[ab]", "[^a]", "[a-c]", "%%", "%z", "x", "%(", "%]"];
  const quants = ["", "", "", "*", "+", "-", "?"];
  const subject = (): string =>
    Array.from({ length: Math.floor(rnd() * 10) }, () =>
      pick(["a", "b", "c", "1", "(", ")", "%", " ", "\0"]),
    ).join("");
  const item = (depth: number): string => {
    const r = rnd();
    if (r < 0.12 && depth < 3) return `(${items(depth + 1)})`;
    if (r < 0.16) return "()";
    if (r < 0.2) return "%b()";
    if (r < 0.24) return pick(["%f[%a]", "%f[%A]", "%f[b]"]);
    if (r < 0.28) return pick(["%1", "%2"]);
    return pick(atoms) + pick(quants);
  };
  const items = (depth: number): string =>
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => item(depth)).join("");
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const p = (rnd() < 0.15 ? "^" : "") + items(0) + (rnd() < 0.15 ? "$" : "");
    const s = subject();
    switch (i % 4) {
      case 0:
        out.push(find(s, p, rnd() < 0.3 ? Math.floor(rnd() * 12) - 6 : undefined));
        break;
      case 1:
        out.push(match(s, p));
        break;
      case 2:
        out.push(gm(s, p));
        break;
      default:
        out.push(gs(s, p, pick(["<%0>", "%1", "[%1%2]", "-"]), rnd() < 0.2 ? 2 : undefined));
    }
  }
  return out;
}

groups.push({ name: "random patterns", core: false, cases: randomCases(400) });

// ---------------------------------------------------------------------------------------------
// The TypeScript side.

/** A Lua value as the replacement table and functions produce them. */
type Value = string | number | boolean | undefined | { type: "table" | "function" };

const typeName = (v: Value): string => (v === undefined ? "nil" : typeof v === "object" ? v.type : typeof v);

const luaToString = (v: Capture): string => String(v);

const TABLE = new Map<Capture, Value>([
  ["a", "A"],
  ["b", 2],
  ["c", false],
  ["d", true],
  ["e", { type: "table" }],
  ["f", 1e100],
  ["x", 1.5],
  ["hello", "HI"],
  ["(x)", "paren"],
  [1, "one"],
  ["1", "strone"],
  [2, 0.1],
  ["z", 1 / 3],
]);

const FUNCTIONS: Record<FnName, () => (caps: Capture[]) => Value> = {
  join: () => (caps) => `<${caps.map(luaToString).join(",")}>`,
  upper: () => (caps) => upperBytes(luaToString(caps[0]!)),
  nil: () => () => undefined,
  false: () => () => false,
  true: () => () => true,
  table: () => () => ({ type: "table" }),
  func: () => () => ({ type: "function" }),
  third: () => (caps) => String(caps[0]).length / 3,
  count: () => {
    let n = 0;
    return () => ++n;
  },
  big: () => () => 2 ** 53,
};

function tsRepl(r: Repl): GsubReplacement<Value> {
  if (typeof r === "string") return r;
  if ("table" in r) return { kind: "table", get: (k) => TABLE.get(k) };
  const f = FUNCTIONS[r.fn]();
  return { kind: "function", call: f };
}

function errorOutcome(e: unknown, v?: unknown[]): Outcome {
  if (!(e instanceof LuaLibError)) throw e;
  return v === undefined ? { e: e.message } : { v, e: e.message };
}

function runTs(c: Case): Outcome {
  try {
    switch (c.op) {
      case "find":
        return { v: strFind(c.s, c.p, c.init ?? 1, c.plain ?? false, true) ?? [null] };
      case "match":
        return { v: strFind(c.s, c.p, c.init ?? 1, false, false) ?? [null] };
      case "gsub": {
        const r = gsub(c.s, c.p, tsRepl(c.repl), c.n, typeName);
        return { v: [r.s, r.n] };
      }
      case "gmatch": {
        const it = gmatch(c.s, c.p);
        const all: Capture[][] = [];
        try {
          for (let k = 0; k < 100; k++) {
            const caps = it.next();
            if (!caps) break;
            all.push(caps);
          }
        } catch (e) {
          return errorOutcome(e, all);
        }
        return { v: all };
      }
    }
  } catch (e) {
    return errorOutcome(e);
  }
}

// ---------------------------------------------------------------------------------------------
// The lua5.1 side: one script, one line of JSON per case.

/** A Lua string literal for a byte string. */
const luaString = (s: string): string =>
  `"${Array.from(s, (ch) => {
    const b = ch.charCodeAt(0);
    return b >= 0x20 && b < 0x7f && ch !== '"' && ch !== "\\" ? ch : `\\${b.toString().padStart(3, "0")}`;
  }).join("")}"`;

const luaOpt = (v: number | boolean | undefined): string =>
  v === undefined
    ? "nil"
    : typeof v === "number"
      ? Number.isSafeInteger(v)
        ? String(v)
        : v.toExponential()
      : String(v);

const luaRepl = (r: Repl): string =>
  typeof r === "string" ? luaString(r) : "table" in r ? "T" : `F[${luaString(r.fn)}]()`;

const PRELUDE = String.raw`
local function jstr(s)
  local t = {}
  for i = 1, #s do
    local b = s:byte(i)
    if b < 32 or b > 126 or b == 34 or b == 92 then t[#t + 1] = string.format("\\u%04x", b)
    else t[#t + 1] = string.char(b) end
  end
  return '"' .. table.concat(t) .. '"'
end
local function jval(v)
  if v == nil then return "null" end
  if type(v) == "string" then return jstr(v) end
  if type(v) == "number" then return string.format("%.17g", v) end
  return jstr("?" .. type(v))
end
local function jlist(t, from, to)
  local out = {}
  for i = from, to do out[#out + 1] = jval(t[i]) end
  return "[" .. table.concat(out, ",") .. "]"
end
local function E(ok, ...)
  local n = select("#", ...)
  local t = { ... }
  if ok then print('{"v":' .. jlist(t, 1, n) .. "}")
  else print('{"e":' .. jstr(tostring(t[1])) .. "}") end
end
local function G(s, p)
  local ok, it = pcall(string.gmatch, s, p)
  if not ok then print('{"e":' .. jstr(tostring(it)) .. "}") return end
  local all = {}
  for k = 1, 100 do
    local r = { pcall(it) }
    if not r[1] then
      print('{"v":[' .. table.concat(all, ",") .. '],"e":' .. jstr(tostring(r[2])) .. "}")
      return
    end
    if #r == 1 then break end
    all[#all + 1] = jlist(r, 2, #r)
  end
  print('{"v":[' .. table.concat(all, ",") .. "]}")
end
T = { a = "A", b = 2, c = false, d = true, e = {}, f = 1e100, x = 1.5, hello = "HI", ["(x)"] = "paren",
      [1] = "one", ["1"] = "strone", [2] = 0.1, z = 1 / 3 }
F = {
  join = function() return function(...)
    local t = {}
    for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
    return "<" .. table.concat(t, ",") .. ">"
  end end,
  upper = function() return function(s) return string.upper(s) end end,
  ["nil"] = function() return function() return nil end end,
  ["false"] = function() return function() return false end end,
  ["true"] = function() return function() return true end end,
  table = function() return function() return {} end end,
  func = function() return function() return print end end,
  third = function() return function(s) return #tostring(s) / 3 end end,
  count = function() local n = 0 return function() n = n + 1 return n end end,
  big = function() return function() return 2 ^ 53 end end,
}
`;

function luaCall(c: Case): string {
  const s = luaString(c.s);
  const p = luaString(c.p);
  switch (c.op) {
    case "find":
      return `E(pcall(string.find, ${s}, ${p}, ${luaOpt(c.init)}, ${luaOpt(c.plain)}))`;
    case "match":
      return `E(pcall(string.match, ${s}, ${p}, ${luaOpt(c.init)}))`;
    case "gsub":
      return `E(pcall(string.gsub, ${s}, ${p}, ${luaRepl(c.repl)}, ${luaOpt(c.n)}))`;
    case "gmatch":
      return `G(${s}, ${p})`;
  }
}

/** Runs every case in lua5.1; the outcomes keyed by caseKey. */
function runLua(cases: readonly Case[]): Map<string, Outcome> {
  const script = PRELUDE + cases.map(luaCall).join("\n");
  const lines = runLua51Script(script).split("\n");
  lines.pop();
  if (lines.length !== cases.length)
    throw new Error(`lua5.1 printed ${lines.length} lines for ${cases.length} cases`);
  const out = new Map<string, Outcome>();
  cases.forEach((c, i) => {
    out.set(caseKey(c), JSON.parse(lines[i]!) as Outcome);
  });
  return out;
}

const caseKey = (c: Case): string => JSON.stringify(c);

const caseName = (c: Case): string => {
  const short = (x: string): string =>
    x.length > 40 ? `${JSON.stringify(x.slice(0, 37))}...` : JSON.stringify(x);
  const extra =
    c.op === "find"
      ? [c.init, c.plain]
      : c.op === "match"
        ? [c.init]
        : c.op === "gsub"
          ? [typeof c.repl === "string" ? short(c.repl) : JSON.stringify(c.repl), c.n]
          : [];
  while (extra.length && extra[extra.length - 1] === undefined) extra.pop();
  return `${c.op}(${[short(c.s), short(c.p), ...extra.map(String)].join(", ")})`;
};

// ---------------------------------------------------------------------------------------------
// The specs.

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "testdata", "pattern-golden.json");

interface GoldenEntry {
  case: Case;
  expect: Outcome;
}

const allCases = groups.flatMap((g) => g.cases);
const coreCases = groups.filter((g) => g.core).flatMap((g) => g.cases);
let fromLua: Map<string, Outcome> | undefined;

beforeAll(() => {
  if (!haveLua51) return;
  fromLua = runLua(allCases);
  if (process.env["PATTERN_GOLDEN_UPDATE"]) {
    const golden: GoldenEntry[] = coreCases.map((c) => ({ case: c, expect: fromLua!.get(caseKey(c))! }));
    const text = JSON.stringify(golden)
      .replace(/\},\{"case"/g, '},\n{"case"')
      .replace(/[\u007f-\u00ff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
    writeFileSync(GOLDEN, `${text}\n`);
  }
}, 60_000);

const golden: GoldenEntry[] = existsSync(GOLDEN)
  ? (JSON.parse(readFileSync(GOLDEN, "utf8")) as GoldenEntry[])
  : [];

const withLua = (name: string): string => (haveLua51 ? name : `${name} [skipped: ${NO_LUA51}]`);

for (const g of groups) {
  describe(withLua(`lua5.1 differential: ${g.name}`), () => {
    for (const c of g.cases) {
      it.skipIf(!haveLua51)(caseName(c), () => {
        expect(runTs(c)).toEqual(fromLua!.get(caseKey(c)));
      });
    }
  });
}

describe("golden expectations (testdata/pattern-golden.json)", () => {
  it("cover the core cases", () => {
    expect(golden.length).toBeGreaterThan(300);
  });
  for (const entry of golden) {
    it(caseName(entry.case), () => {
      expect(runTs(entry.case)).toEqual(entry.expect);
    });
  }
  it.skipIf(!haveLua51)(withLua("agree with lua5.1 and list exactly the core cases"), () => {
    expect(golden.map((e) => caseKey(e.case))).toEqual(coreCases.map(caseKey));
    const stale = golden.filter(
      (e) => JSON.stringify(e.expect) !== JSON.stringify(fromLua!.get(caseKey(e.case))),
    );
    expect(
      stale.map((e) => caseName(e.case)),
      "stale golden: rerun with PATTERN_GOLDEN_UPDATE=1",
    ).toEqual([]);
  });
});

describe("API details", () => {
  it("gmatch keeps returning undefined once exhausted", () => {
    const it = gmatch("ab", ".");
    expect([it.next(), it.next(), it.next(), it.next()]).toEqual([["a"], ["b"], undefined, undefined]);
  });

  it("gsub callbacks may run the matcher again", () => {
    const r = gsub<Value>(
      "k1=v1 k2=v2",
      "(%w+)=(%w+)",
      {
        kind: "function",
        call: (caps) => {
          const inner = gsub(String(caps[1]), "(%a)(%d)", "%2%1", undefined, typeName);
          return `${caps[0]}:${inner.s}:${strFind("xyz", "(y)", 1, false, false)![0]}`;
        },
      },
      undefined,
      typeName,
    );
    expect(r).toEqual({ s: "k1:1v:y k2:2v:y", n: 2 });
  });

  it("a failing replacement leaves the matcher usable", () => {
    expect(() => gsub<Value>("abc", "(b)", { kind: "table", get: () => true }, undefined, typeName)).toThrow(
      "invalid replacement value (a boolean)",
    );
    expect(strFind("abc", "(b)(c)", 1, false, false)).toEqual(["b", "c"]);
  });

  it("deep patterns do not exhaust the JS stack", () => {
    expect(strFind("a".repeat(100_000), `${"a?".repeat(100_000)}$`, 1, false, true)).toEqual([1, 100_000]);
    const caps = strFind(
      "x".repeat(100_000),
      `${"(x?)".repeat(31)}()${"x-".repeat(50_000)}$`,
      1,
      false,
      false,
    );
    expect(caps).toHaveLength(32);
    expect(caps![31]).toBe(32);
  });

  it("errors are LuaLibError with lstrlib's text", () => {
    expect(() => strFind("abc", "[a", 1, false, true)).toThrow(LuaLibError);
    expect(() => strFind("abc", "[a", 1, false, true)).toThrow(/^malformed pattern \(missing '\]'\)$/);
  });
});

describe("C-locale character classes", () => {
  const within = (c: number, chars: string): boolean => chars.includes(String.fromCharCode(c));
  const ranges = (c: number, ...rs: [string, string][]): boolean =>
    rs.some(([lo, hi]) => c >= lo.charCodeAt(0) && c <= hi.charCodeAt(0));
  const cases: [string, (c: number) => boolean, (c: number) => boolean][] = [
    ["alpha", isAlpha, (c) => ranges(c, ["A", "Z"], ["a", "z"])],
    ["digit", isDigit, (c) => ranges(c, ["0", "9"])],
    ["lower", isLower, (c) => ranges(c, ["a", "z"])],
    ["upper", isUpper, (c) => ranges(c, ["A", "Z"])],
    ["space", isSpace, (c) => within(c, " \t\n\v\f\r")],
    ["cntrl", isCntrl, (c) => c < 0x20 || c === 0x7f],
    ["punct", isPunct, (c) => within(c, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")],
    ["alnum", isAlnum, (c) => ranges(c, ["A", "Z"], ["a", "z"], ["0", "9"])],
    ["xdigit", isXDigit, (c) => ranges(c, ["A", "F"], ["a", "f"], ["0", "9"])],
  ];
  for (const [name, fn, ref] of cases) {
    it(`is${name} is the C locale's`, () => {
      for (let c = 0; c < 256; c++) expect(fn(c), `byte ${c}`).toBe(ref(c));
    });
  }

  it("upper/lower change only ASCII letters", () => {
    expect(upperBytes("abz\xe9\xff\xdfAZ09")).toBe("ABZ\xe9\xff\xdfAZ09");
    expect(lowerBytes("ABZ\xc9\xdeaz09")).toBe("abz\xc9\xdeaz09");
    expect([toUpper(0x61), toUpper(0xe9), toLower(0x5a), toLower(0xc9)]).toEqual([0x41, 0xe9, 0x7a, 0xc9]);
  });
});
