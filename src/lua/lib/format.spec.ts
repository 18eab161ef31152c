import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { LUA51, NO_LUA51 } from "../../test-support/lua51.js";
import {
  exactDecimal,
  NEGATIVE_NAN,
  nanSign,
  numberToString,
  POSITIVE_NAN,
  roundDigits,
  signBit,
  significantDigits,
} from "../numfmt.js";
import { LuaLibError } from "./errors.js";
import {
  fixedNotation,
  formatValues,
  quoteString,
  stringFormat,
  toUnsignedLong,
  valueFormatArgs,
} from "./format.js";
import {
  type Arg,
  type FormatCase,
  fromGolden,
  type GoldenCase,
  generateCases,
  type Outcome,
  runLua51,
  toGolden,
} from "./testdata/format-cases.js";

// The recorded results: regenerate with UPDATE_FORMAT_GOLDEN=1 npx vitest run src/lua/lib/format.spec.ts
// (needs lua5.1), then npx biome format --write src/lua/lib/testdata.
const GOLDEN = new URL("./testdata/format-golden.json", import.meta.url);

/** string.format as pcall(string.format, ...) sees it: the function has no name there. */
function run(c: FormatCase): Outcome {
  // A mixed array: its numbers are boxed, so NaNs keep their sign bits.
  const values: unknown[] = [c.fmt];
  for (const a of c.args) {
    values.push(typeof a === "object" && "nan" in a ? (a.nan === "-" ? NEGATIVE_NAN : POSITIVE_NAN) : a);
  }
  const args = valueFormatArgs(values, {
    fname: "?",
    typeName: (v) => (v as { lua: string }).lua,
  });
  try {
    return { ok: true, text: stringFormat(args.string(1), args) };
  } catch (e) {
    if (!(e instanceof LuaLibError)) throw e;
    return { ok: false, text: e.message };
  }
}

const show = (c: FormatCase): string =>
  JSON.stringify([
    c.fmt,
    ...c.args.map((a: Arg) => (typeof a === "number" ? (Object.is(a, -0) ? "-0" : String(a)) : a)),
  ]);

function mismatches(cases: readonly FormatCase[], expected: readonly Outcome[]): string[] {
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const got = run(c);
    const want = expected[i]!;
    if (got.ok !== want.ok || got.text !== want.text) {
      bad.push(`${show(c)}: got ${JSON.stringify(got)}, lua5.1 ${JSON.stringify(want)}`);
    }
  });
  return bad;
}

describe("string.format against lua5.1", () => {
  const cases = generateCases(6000);
  let expected: Outcome[] = [];

  beforeAll(() => {
    if (LUA51) expected = runLua51(cases);
  });

  it.skipIf(!LUA51)(
    `matches on ${cases.length} generated cases${LUA51 ? "" : ` [skipped: ${NO_LUA51}]`}`,
    () => {
      const bad = mismatches(cases, expected);
      expect(bad.slice(0, 20)).toEqual([]);
      if (process.env["UPDATE_FORMAT_GOLDEN"]) {
        // Every error case and an even spread of the others, kept short.
        const golden: GoldenCase[] = [];
        cases.forEach((c, i) => {
          const o = expected[i]!;
          if ((!o.ok || i % 20 === 0) && o.text.length <= 160) golden.push(toGolden(c, o));
        });
        const json = JSON.stringify(golden)
          .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
          .replace(/\},\{/g, "},\n{");
        writeFileSync(GOLDEN, `${json}\n`);
      }
    },
  );

  it("matches the recorded results", () => {
    const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as GoldenCase[];
    expect(golden.length).toBeGreaterThan(300);
    const pairs = golden.map(fromGolden);
    const bad = mismatches(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe("stringFormat", () => {
  const f = (...values: unknown[]) => formatValues(values);
  const err = (...values: unknown[]) => {
    try {
      formatValues(values);
    } catch (e) {
      expect(e).toBeInstanceOf(LuaLibError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it("prints integers as C longs", () => {
    expect(f("%d|%5i|%-5d|%05d|%+d|% d|%.3d|%.0d", 42, 42, 42, -42, 42, 42, 7, 0)).toBe(
      "42|   42|42   |-0042|+42| 42|007|",
    );
    expect(f("%d %d %d", 3.99, -3.99, -0.5)).toBe("3 -3 0");
    expect(f("%d %d %d %d", 2 ** 63, -(2 ** 63), 0 / 0, 1 / 0)).toBe(
      "-9223372036854775808 -9223372036854775808 -9223372036854775808 -9223372036854775808",
    );
    expect(f("%d", 2 ** 62)).toBe("4611686018427387904");
  });

  it("prints unsigned conversions as x86_64 converts doubles to unsigned long", () => {
    expect(f("%x %X %o %u", 255, 255, 8, 7)).toBe("ff FF 10 7");
    expect(f("%#x %#X %#o %#x %#o %#.0o", 255, 255, 8, 0, 0, 0)).toBe("0xff 0XFF 010 0 0 0");
    expect(f("%#010x|%-#6x|%08.3x", 255, 1, 1)).toBe("0x000000ff|0x1   |     001");
    expect(f("%x %x %x %x", -1, 2 ** 63, 2 ** 64, 0 / 0)).toBe(
      "ffffffffffffffff 8000000000000000 0 8000000000000000",
    );
    expect(f("%u %x %x", 1e19, 1 / 0, -1 / 0)).toBe("10000000000000000000 0 8000000000000000");
    expect(toUnsignedLong(-0.5)).toBe(0);
    expect(toUnsignedLong(2 ** 64 - 2048)).toBe(2n ** 64n - 2048n);
  });

  it("prints %c of the low byte of an int, cut at a NUL", () => {
    expect(f("%c%c%c", 65, 321, -191)).toBe("AAA");
    expect(f("[%c]", 2 ** 32 + 65)).toBe("[]");
    expect(f("[%5c][%-5c][%c]", 0, 0, 0)).toBe("[    ][][]");
    expect(f("[%05c][%-3c]", 65, 66)).toBe("[    A][B  ]");
  });

  it("prints floats as glibc does", () => {
    expect(f("%f %e %g %E %G", 1.5, 1.5, 1.5, 1.5, 1e-10)).toBe(
      "1.500000 1.500000e+00 1.5 1.500000E+00 1E-10",
    );
    expect(f("%.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, 0.25, 1.005)).toBe("0 2 2 0.2 1.00");
    expect(f("%.3e %.0e %#.0e %#.0f %#g %#.3g", 12345.6789, 5e10, 5e10, 3, 1, 100)).toBe(
      "1.235e+04 5e+10 5.e+10 3. 1.00000 100.",
    );
    expect(f("%g %g %g %g %g", 100000, 1000000, 0.0001, 0.00001, 0)).toBe("100000 1e+06 0.0001 1e-05 0");
    expect(f("%010.3f|%-10.2e|%+g|% g|%+08.2f", -3.14259, 1234.5, 2, 2, 2.5)).toBe(
      "-00003.143|1.23e+03  |+2| 2|+0002.50",
    );
    expect(f("%.20f", 0.1)).toBe("0.10000000000000000555");
    // glibc drops the zeros of %#g when rounding carries a value below 10^P up to it.
    expect(f("%#.2g %#g %#.3g %#.2g %#.2g", 99.5, 999999.5, 9995, 999.5, 100)).toBe(
      "1.e+02 1.e+06 1.00e+04 1.0e+03 1.0e+02",
    );
    expect(f("%5.1f", -0)).toBe(" -0.0");
    expect(f("%.3f", 1e300).length).toBe(305);
  });

  it("spells infinities and NaNs as glibc does, padding them with spaces", () => {
    expect(f("%f %f %e %g", 1 / 0, -1 / 0, NEGATIVE_NAN, POSITIVE_NAN)).toBe("inf -inf -nan nan");
    expect(f("%E %G %+f % f", 1 / 0, NEGATIVE_NAN, POSITIVE_NAN, POSITIVE_NAN)).toBe("INF -NAN +nan  nan");
    expect(f("[%06f][%-6f][%06.2e]", 1 / 0, POSITIVE_NAN, NEGATIVE_NAN)).toBe("[   inf][nan   ][  -nan]");
  });

  it("prints %s as a C string unless it is long and has no precision", () => {
    expect(f("[%5s][%-5s][%.2s][%05s]", "ab", "ab", "abc", "ab")).toBe("[   ab][ab   ][ab][   ab]");
    expect(f("[%5s]", "a\0b")).toBe("[    a]");
    const long = `${"x".repeat(100)}\0y`;
    expect(f("%s", long)).toBe(long);
    expect(f("%5s", long)).toBe(long);
    expect(f("%.99s", long)).toBe("x".repeat(99));
    expect(f("%s %s", 1.5, 1e100)).toBe("1.5 1e+100");
  });

  it("quotes %q as addquoted", () => {
    expect(f("%q", 'a\nb"c\0d\r\\')).toBe('"a\\\nb\\"c\\000d\\r\\\\"');
    expect(f("%10q", "\x01\xff")).toBe('"\x01\xff"');
    expect(quoteString("")).toBe('""');
    expect(f("%q", 1 / 3)).toBe('"0.33333333333333"');
  });

  it("copies text, %% and NULs", () => {
    expect(f("a\0b%%c%d\0", 1)).toBe("a\0b%c1\0");
    expect(f("")).toBe("");
    expect(f("plain")).toBe("plain");
  });

  it("raises 5.1's messages", () => {
    expect(err("%------d", 1)).toBe("invalid format (repeated flags)");
    expect(err("%100d", 1)).toBe("invalid format (width or precision too long)");
    expect(err("%.100d", 1)).toBe("invalid format (width or precision too long)");
    expect(err("%y", 1)).toBe("invalid option '%y' to 'format'");
    expect(err("%", 1)).toBe("invalid option '%' to 'format'");
    expect(err("%5\0", 1)).toBe("invalid option '%' to 'format'");
    expect(err("%ld", 1)).toBe("invalid option '%l' to 'format'");
    expect(err("%d")).toBe("bad argument #2 to 'format' (no value)");
    expect(err("%y")).toBe("bad argument #2 to 'format' (no value)");
    expect(err("%d %s", 1)).toBe("bad argument #3 to 'format' (no value)");
    expect(err("%d", undefined)).toBe("bad argument #2 to 'format' (number expected, got nil)");
    expect(err("%d", "x")).toBe("bad argument #2 to 'format' (number expected, got string)");
    expect(err("%f", true)).toBe("bad argument #2 to 'format' (number expected, got boolean)");
    expect(err("%s", {})).toBe("bad argument #2 to 'format' (string expected, got table)");
    expect(err("%q", () => 0)).toBe("bad argument #2 to 'format' (string expected, got function)");
    expect(f("%d %x", "12", " 0x10 ")).toBe("12 10");
  });

  it("checks arguments through its FormatArgs", () => {
    const args = valueFormatArgs(["%d"], { fname: "f" });
    expect(() => args.number(2)).toThrow("bad argument #2 to 'f' (number expected, got no value)");
    expect(() => args.string(3)).toThrow("bad argument #3 to 'f' (string expected, got no value)");
  });
});

/** `%.<p>f` of a >= 0 by exact rational arithmetic: round(a * 10^p) half to even. */
function referenceFixed(a: number, p: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, a);
  const raw = v.getBigUint64(0);
  const biased = Number((raw >> 52n) & 0x7ffn);
  let m = raw & ((1n << 52n) - 1n);
  let e = -1074;
  if (biased > 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  const scaled = m * 10n ** BigInt(p);
  let n: bigint;
  if (e >= 0) n = scaled << BigInt(e);
  else {
    const den = 1n << BigInt(-e);
    n = scaled / den;
    const twice = 2n * (scaled % den);
    if (twice > den || (twice === den && n % 2n === 1n)) n++;
  }
  const digits = n.toString().padStart(p + 1, "0");
  return p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

describe("fixedNotation", () => {
  it("agrees with exact half-to-even rounding", () => {
    let seed = 12345;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let n = 0; n < 3000; n++) {
      const a =
        n % 3 === 0
          ? Math.floor(rnd() * 2 ** 20) / 2 ** Math.floor(rnd() * 30)
          : rnd() * 10 ** Math.floor(rnd() * 40 - 15);
      const p = n % 3 === 0 ? Math.floor(rnd() * 32) : Math.floor(rnd() * 100);
      expect(fixedNotation(a, p, false), `${a} %.${p}f`).toBe(referenceFixed(a, p));
    }
  });
});

describe("significantDigits", () => {
  it("agrees with rounding the exact expansion half to even", () => {
    let seed = 777;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const view = new DataView(new ArrayBuffer(8));
    for (let n = 0; n < 4000; n++) {
      let a: number;
      if (n % 4 === 0) a = (Math.floor(rnd() * 2 ** 20) + 0.5) * 10 ** Math.floor(rnd() * 30 - 15);
      else if (n % 4 === 1) a = Math.floor(rnd() * 2 ** 30) / 2 ** Math.floor(rnd() * 40);
      else {
        view.setUint32(0, Math.floor(rnd() * 0x7ff00000));
        view.setUint32(4, Math.floor(rnd() * 2 ** 32));
        a = view.getFloat64(0);
      }
      if (a === 0) continue;
      const p = 1 + (n % 3 === 0 ? Math.floor(rnd() * 99) : Math.floor(rnd() * 20));
      expect(significantDigits(a, p), `${a} to ${p} digits`).toEqual(roundDigits(exactDecimal(a), p));
    }
  });
});

describe("numberToString", () => {
  const div = (a: number, b: number) => a / b;

  it("prints numbers as lua5.1 does, NaNs after their sign bit", () => {
    expect([0, -0, 1 / 0, -1 / 0, 1e14, 123, 0.1, -2.5].map(numberToString)).toEqual([
      "0",
      "-0",
      "inf",
      "-inf",
      "1e+14",
      "123",
      "0.1",
      "-2.5",
    ]);
    // On x86_64, 0/0 computed at run time has the sign bit set, and unary minus flips it.
    const nan = div(0, 0);
    expect([numberToString(nan), numberToString(-nan), numberToString(-(-nan))]).toEqual([
      "-nan",
      "nan",
      "-nan",
    ]);
    expect([numberToString(NEGATIVE_NAN), numberToString(POSITIVE_NAN)]).toEqual(["-nan", "nan"]);
    expect([nanSign(nan), nanSign(-nan), nanSign(Number.NaN)]).toEqual([-1, 1, 1]);
    expect([signBit(-0), signBit(0), signBit(-1), signBit(NEGATIVE_NAN)]).toEqual([true, false, true, true]);
  });
});
