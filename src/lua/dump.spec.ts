import { describe, expect, it } from "vitest";
import { compileSource, haveLuac51, withLuac51 } from "../test-support/luac51.js";
import { allProtos } from "../test-support/protos.js";
import {
  type ChunkFormat,
  encodeHeader,
  NODEMCU_FLOAT,
  NODEMCU_INT,
  STANDARD_32,
  STANDARD_64,
  sameFormat,
} from "./chunk-format.js";
import { dump, dumpWithLayout, LuaDumpError, stripDebug } from "./dump.js";
import type { Proto } from "./proto.js";
import { undump, undumpChunk } from "./undump.js";
import { integralCopy, protoDifference, sampleChunk, sampleProto } from "./undump-fuzz.js";
import { verifyProto } from "./verify.js";

// Small programs covering the constant types, nesting (sources of nested functions), upvalues,
// varargs, loops, long strings with NULs and bytes above 127, and many lines.
const SOURCES: Record<string, string> = {
  "empty.lua": "",
  "expr.lua": "local x = 1 + 2 * 3\nreturn x, -x, x / 0, 2^53, 0.1, -0, 1e-300\n",
  "strings.lua": 'local s = "a\\0b\\255\\128" .. [[\nlong\n]]\nprint(#s, s:byte(1, -1))\nreturn "", s\n',
  "closures.lua": [
    "local a, b = 1, 2",
    "local function outer(x, ...)",
    "  local function inner(y)",
    "    a = a + x + y",
    "    return function() return a, b, x, y end",
    "  end",
    "  return inner(select('#', ...))",
    "end",
    "for i = 1, 10 do outer(i, i, i) end",
    "for k, v in pairs({ 1, 2, x = 3, [true] = false }) do print(k, v) end",
    "while a < 100 do a = a * 2 if a == 64 then break end end",
    "repeat b = b - 1 until b < 0 or b == nil",
    "return outer",
  ].join("\n"),
  "constructor.lua": `local t = { ${Array.from({ length: 120 }, (_, i) => `${i}`).join(", ")}, ... }\nreturn t\n`,
};

const sourceNames = Object.keys(SOURCES);

describe("dump against luac5.1", () => {
  it.skipIf(!haveLuac51).each(sourceNames)(
    withLuac51("%s: undump + dump STANDARD_64 gives luac5.1's bytes"),
    (name) => {
      const full = compileSource(SOURCES[name]!, name, false);
      const stripped = compileSource(SOURCES[name]!, name, true);
      const p = undump(full, `@${name}`);
      expect(verifyProto(p)).toBeUndefined();
      expect(dump(p, STANDARD_64, false)).toEqual(full);
      expect(dump(p, STANDARD_64, true)).toEqual(stripped);
      const ps = undump(stripped, `@${name}`);
      expect(verifyProto(ps)).toBeUndefined();
      expect(dump(ps, STANDARD_64, true)).toEqual(stripped);
    },
  );

  it.skipIf(!haveLuac51).each(sourceNames)(
    withLuac51("%s: standard -> NodeMCU -> standard round trip"),
    (name) => {
      for (const strip of [false, true]) {
        const original = compileSource(SOURCES[name]!, name, strip);
        const p = undump(original, "original");
        for (const format of [NODEMCU_FLOAT, { ...NODEMCU_FLOAT, littleEndian: false }, STANDARD_32]) {
          const other = dump(p, format, strip);
          const r = undumpChunk(other, "other", { flavour: format.flavour });
          expect(r.format).toEqual(format);
          expect(r.size).toBe(other.length);
          // Detection: only a stripped chunk without padding can be read in both layouts, and
          // then both readings are the same prototype.
          const auto = undumpChunk(other, "auto");
          if (!sameFormat(auto.format, format)) {
            expect(strip).toBe(true);
            expect(protoDifference(auto.proto, r.proto)).toBeUndefined();
          }
          // dump -> undump -> dump in the same format is byte-identical too.
          expect(dump(r.proto, format, strip)).toEqual(other);
          expect(dump(r.proto, STANDARD_64, strip)).toEqual(original);
        }
      }
    },
  );
});

describe("dump", () => {
  const p = sampleProto();

  it("writes the sample (a luac5.1 chunk) back unchanged", () => {
    expect(dump(p, STANDARD_64, false)).toEqual(sampleChunk());
  });

  it("starts with the format's header", () => {
    for (const f of [STANDARD_64, STANDARD_32, NODEMCU_FLOAT])
      expect(dump(p, f, true).subarray(0, 12)).toEqual(encodeHeader(f));
    expect(dump(integralCopy(p), NODEMCU_INT, true).subarray(0, 12)).toEqual(encodeHeader(NODEMCU_INT));
  });

  it("omits a nested function's source when it equals the parent's, and all sources when stripping", () => {
    const child: Proto = { ...p.p[0]!, source: "@other.lua" };
    const q: Proto = { ...p, p: [child, p.p[1]!] };
    const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
    const full = text(dump(q, STANDARD_64, false));
    expect(full.split("@sample.lua").length - 1).toBe(1);
    expect(full.split("@other.lua").length - 1).toBe(1);
    const back = undump(dump(q, STANDARD_64, false), "x");
    expect(back.p.map((c) => c.source)).toEqual(["@other.lua", "@sample.lua"]);
    const s = text(dump(q, STANDARD_64, true));
    expect(s.includes(".lua")).toBe(false);
    // lundump.c: a missing source is the parent's, "=?" at the top.
    expect(allSources(undump(dump(q, STANDARD_64, true), "x"))).toEqual(["=?", "=?", "=?"]);
  });

  it("writes a missing main source as size 0", () => {
    const q: Proto = { ...p, source: undefined };
    expect(undump(dump(q, NODEMCU_FLOAT, false), "x").source).toBe("=?");
  });

  it("aligns code and line info to 4 bytes in the NodeMCU format only", () => {
    for (const [format, aligned] of [
      [NODEMCU_FLOAT, true],
      [STANDARD_32, false],
    ] as const) {
      const { fields } = dumpWithLayout(p, format, false);
      const pads = fields.filter((f) => f.kind === "pad");
      expect(pads.length > 0).toBe(aligned);
      const starts = fields.filter(
        (f, i) => f.kind === "instruction" && fields[i - 1]?.kind !== "instruction",
      );
      if (aligned) for (const f of starts) expect(f.offset % 4).toBe(0);
    }
  });

  it("lists fields that tile the whole chunk", () => {
    for (const format of [STANDARD_64, NODEMCU_FLOAT]) {
      const { bytes, fields } = dumpWithLayout(p, format, false);
      let at = 0;
      for (const f of fields) {
        expect(f.offset).toBe(at);
        at += f.size;
      }
      expect(at).toBe(bytes.length);
    }
  });

  it("writes integral numbers as int32 and refuses fractions and out-of-range numbers", () => {
    const ip = integralCopy(p);
    const back = undump(dump(ip, NODEMCU_INT, false), "x");
    expect(protoDifference(ip, back)).toBeUndefined();
    expect(() => dump(p, NODEMCU_INT, false)).toThrow(
      new LuaDumpError("target lua_Number is integral but fractional value found"),
    );
    const big: Proto = { ...ip, k: [...ip.k, 2 ** 31] };
    expect(() => dump(big, NODEMCU_INT, false)).toThrow("value too big or small for target integer type");
    const edge: Proto = { ...ip, k: [...ip.k, 2 ** 31 - 1, -(2 ** 31)] };
    expect(undump(dump(edge, NODEMCU_INT, false), "x").k.slice(-2)).toEqual([2 ** 31 - 1, -(2 ** 31)]);
  });

  it("keeps -0, infinities and NaN in double formats", () => {
    const q: Proto = { ...p, k: [...p.k, -0, Infinity, -Infinity, Number.NaN] };
    for (const f of [STANDARD_64, NODEMCU_FLOAT, { ...STANDARD_32, littleEndian: false }]) {
      const k = undump(dump(q, f, true), "x").k.slice(-4);
      expect(Object.is(k[0], -0)).toBe(true);
      expect(k.slice(1, 3)).toEqual([Infinity, -Infinity]);
      expect(Number.isNaN(k[3])).toBe(true);
    }
  });

  it("refuses prototypes that do not fit the format", () => {
    const cases: [string, Proto][] = [
      ["byte field", { ...p, nups: 256 }],
      ["byte field", { ...p, maxStackSize: -1 }],
      ["not an integer", { ...p, lineDefined: 1.5 }],
      ["too big", { ...p, lastLineDefined: 2 ** 31 }],
      ["byte string", { ...p, k: ["\u0100"] }],
      ["byte string", { ...p, upvalues: ["\u20ac"] }],
    ];
    for (const [message, q] of cases) expect(() => dump(q, STANDARD_64, false)).toThrow(message);
    const badLines: Proto = { ...p, lineInfo: new Int32Array(3) };
    expect(() => dump(badLines, NODEMCU_FLOAT, false)).toThrow("line info for 3 of 41 instructions");
    expect(() => dump(p, { ...STANDARD_64, sizeofNumber: 4 } as ChunkFormat, false)).toThrow(LuaDumpError);
  });

  it("writes big-endian chunks that load back equal", () => {
    for (const f of [
      { ...STANDARD_64, littleEndian: false },
      { ...NODEMCU_FLOAT, littleEndian: false },
    ]) {
      const bytes = dump(p, f, false);
      expect(bytes[6]).toBe(0);
      expect(protoDifference(p, undump(bytes, "x"))).toBeUndefined();
    }
  });

  it("writes line info as packed bytes in the NodeMCU format", () => {
    // The first function of the sample: ADD, RETURN, RETURN, all on line 3.
    const add = p.p[0]!;
    expect(Array.from(add.lineInfo)).toEqual([3, 3, 3]);
    const bytes = dump({ ...add, source: undefined, p: [], locVars: [], upvalues: [] }, NODEMCU_FLOAT, false);
    // header 12, source 4, lines 8, 4 bytes, sizecode 4 (offset 32: aligned), code 12, sizek 4,
    // sizep 4, then at 52: size 3, "81 03 00" (line 0 + 1 + 2 = 3, 3 instructions), no padding
    // (56 is aligned), 0 locals and 0 upvalues without padding.
    expect(bytes.length).toBe(67);
    expect(Array.from(bytes.subarray(52))).toEqual([3, 0, 0, 0, 0x81, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("stripDebug", () => {
  const p = sampleProto();
  it("level 1 drops local and upvalue names, level 2 also line info", () => {
    const s1 = stripDebug(p, 1);
    expect(allProtos(s1).every((q) => q.locVars.length === 0 && q.upvalues.length === 0)).toBe(true);
    expect(allProtos(s1).every((q) => q.lineInfo.length === q.code.length)).toBe(true);
    const s2 = stripDebug(p, 2);
    expect(allProtos(s2).every((q) => q.lineInfo.length === 0)).toBe(true);
    expect(s2.source).toBe("@sample.lua");
    expect(verifyProto(s1)).toBeUndefined();
    expect(verifyProto(s2)).toBeUndefined();
    // The original is untouched.
    expect(p.locVars.length).toBe(13);
    expect(dump(s2, STANDARD_64, true)).toEqual(dump(p, STANDARD_64, true));
  });
});

function allSources(p: Proto): (string | undefined)[] {
  return allProtos(p).map((q) => q.source);
}
