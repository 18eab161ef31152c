import { describe, expect, it } from "vitest";
import { makeProto } from "../test-support/protos.js";
import { type ChunkFormat, NODEMCU_FLOAT, NODEMCU_INT, STANDARD_32, STANDARD_64 } from "./chunk-format.js";
import { dump, dumpWithLayout } from "./dump.js";
import { createABC, Op } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { LuaUndumpError, type UndumpReason, undump, undumpChunk, undumpChunkId } from "./undump.js";
import { integralCopy, protoDifference, sampleChunk, sampleProto, seedChunks } from "./undump-fuzz.js";

function failure(
  bytes: Uint8Array,
  name = "=t",
  flavour: "auto" | "standard" | "nodemcu" = "auto",
): LuaUndumpError {
  try {
    undump(bytes, name, { flavour });
  } catch (e) {
    if (e instanceof LuaUndumpError) return e;
    throw e;
  }
  throw new Error("loaded");
}

const reasonOf = (bytes: Uint8Array, flavour?: "auto" | "standard" | "nodemcu"): UndumpReason =>
  failure(bytes, "=t", flavour).reason;

/** The smallest valid function: a lone RETURN. */
const tiny = (extra: Partial<Proto> = {}): Proto =>
  makeProto({ source: "=tiny", lineInfo: Int32Array.of(1), ...extra });

describe("chunk names in messages (lundump.c luaU_undump)", () => {
  it.each([
    ["@init.lc", "init.lc"],
    ["=stdin", "stdin"],
    ["\x1bLuaQ...", "binary string"],
    ["plain", "plain"],
    ["", ""],
  ])("%j is shown as %j", (name, id) => {
    expect(undumpChunkId(name)).toBe(id);
    const e = failure(new Uint8Array(3), name);
    expect(e.message).toBe(`${id}: unexpected end in precompiled chunk`);
    expect(e.chunkId).toBe(id);
  });
});

describe("header", () => {
  const good = dump(sampleProto(), STANDARD_64, true);

  it("a short chunk is an unexpected end (the 12 bytes are read before being compared)", () => {
    for (let n = 0; n < 12; n++) {
      const e = failure(good.subarray(0, n), "@x.lc");
      expect(e).toBeInstanceOf(LuaUndumpError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe("LuaUndumpError");
      expect(e.message).toBe("x.lc: unexpected end in precompiled chunk");
    }
  });

  it.each([
    [0, 0x1c, "signature"],
    [3, 0x62, "signature"],
    [4, 0x50, "version"],
    [5, 1, "format"],
    [6, 2, "endianness"],
    [7, 8, "sizeof(int)"],
    [8, 2, "sizeof(size_t)"],
    [9, 8, "sizeof(Instruction)"],
    [10, 4, "4-byte float"],
    [11, 2, "integral flag"],
  ])("byte %i = %i (%s) is a bad header", (at, value) => {
    const bytes = good.slice();
    bytes[at] = value;
    const e = failure(bytes, "@x.lc");
    expect(e.message).toBe("x.lc: bad header in precompiled chunk");
    expect(e.reason).toBe("bad header");
  });

  it("the NodeMCU layout refuses an 8-byte size_t", () => {
    expect(reasonOf(good, "nodemcu")).toBe("bad header");
    expect(() => undump(good, "x", { flavour: "standard" })).not.toThrow();
  });
});

describe("detection", () => {
  const p = sampleProto();
  it.each<[string, ChunkFormat]>([
    ["STANDARD_64", STANDARD_64],
    ["STANDARD_32", STANDARD_32],
    ["STANDARD_32 big-endian", { ...STANDARD_32, littleEndian: false }],
    ["NODEMCU_FLOAT", NODEMCU_FLOAT],
    ["NODEMCU_FLOAT big-endian", { ...NODEMCU_FLOAT, littleEndian: false }],
  ])("finds %s", (_, format) => {
    const bytes = dump(p, format, false);
    const r = undumpChunk(bytes, "x");
    expect(r.format).toEqual(format);
    expect(r.size).toBe(bytes.length);
    expect(protoDifference(p, r.proto)).toBeUndefined();
  });

  it("reads an integral chunk, converting numbers to doubles (NodeMCU toflt)", () => {
    const ip = integralCopy(p);
    const r = undumpChunk(dump(ip, NODEMCU_INT, false), "x");
    expect(r.format).toEqual(NODEMCU_INT);
    expect(r.proto.k).toEqual(ip.k);
    expect(r.proto.k).toContain(2);
  });

  it("explicit flavours read only their layout", () => {
    const nodemcu = dump(p, NODEMCU_FLOAT, false);
    const standard = dump(p, STANDARD_32, false);
    expect(undumpChunk(nodemcu, "x", { flavour: "nodemcu" }).format.flavour).toBe("nodemcu");
    expect(undumpChunk(standard, "x", { flavour: "standard" }).format.flavour).toBe("standard");
    expect(() => undump(nodemcu, "x", { flavour: "standard" })).toThrow(LuaUndumpError);
    expect(() => undump(standard, "x", { flavour: "nodemcu" })).toThrow(LuaUndumpError);
  });

  it("ignores bytes after the chunk, as lundump.c, and tells how many were used", () => {
    for (const format of [STANDARD_64, NODEMCU_FLOAT]) {
      const bytes = dump(p, format, false);
      const longer = new Uint8Array(bytes.length + 5);
      longer.set(bytes);
      longer.fill(0xee, bytes.length);
      const r = undumpChunk(longer, "x");
      expect(r.size).toBe(bytes.length);
      expect(r.format).toEqual(format);
    }
  });

  it("reads from a view into a larger buffer", () => {
    const bytes = sampleChunk();
    const big = new Uint8Array(bytes.length + 7);
    big.set(bytes, 7);
    expect(protoDifference(p, undump(big.subarray(7), "x"))).toBeUndefined();
  });
});

describe("truncation", () => {
  it.each(seedChunks().map((s) => [s.name, s.bytes, s.format.flavour] as const))(
    "%s cut at every byte is an unexpected end",
    (_, bytes, own) => {
      for (let n = 0; n < bytes.length; n++) {
        const cut = bytes.subarray(0, n);
        for (const flavour of ["auto", own, own === "nodemcu" ? "standard" : "nodemcu"] as const) {
          let e: unknown;
          try {
            undump(cut, "@t.lc", { flavour });
          } catch (x) {
            e = x;
          }
          expect(e).toBeInstanceOf(LuaUndumpError);
          const message = (e as LuaUndumpError).message;
          if (flavour === "auto" || flavour === own)
            expect(message).toBe("t.lc: unexpected end in precompiled chunk");
          // Read in the other layout, anything may be wrong first, but it is a LuaUndumpError.
          else
            expect(message).toMatch(
              /^t\.lc: (unexpected end|bad header|bad integer|bad constant|bad code) in precompiled chunk$/,
            );
        }
      }
    },
  );
});

describe("malformed content", () => {
  const p = sampleProto();

  /** The dumped chunk with the `index`th field of `kind` overwritten with int32 `value`. */
  function patched(
    format: ChunkFormat,
    kind: "count" | "int" | "strsize",
    index: number,
    value: number,
  ): Uint8Array {
    const { bytes, fields } = dumpWithLayout(p, format, false);
    const f = fields.filter((x) => x.kind === kind)[index]!;
    new DataView(bytes.buffer).setInt32(f.offset, value, true);
    return bytes;
  }

  it("a negative count or line is a bad integer (lundump.c LoadInt)", () => {
    for (const format of [STANDARD_32, NODEMCU_FLOAT]) {
      expect(reasonOf(patched(format, "count", 0, -1), format.flavour)).toBe("bad integer");
      expect(reasonOf(patched(format, "int", 0, -5), format.flavour)).toBe("bad integer");
    }
  });

  it("a huge count is an unexpected end, found before allocating", () => {
    for (const format of [STANDARD_32, NODEMCU_FLOAT]) {
      for (let i = 0; i < 6; i++) {
        for (const value of [0x7fffffff, 0x40000000, 0x10000000]) {
          const e = failure(patched(format, "count", i, value), "=t", format.flavour);
          expect(e.reason).toBe("unexpected end");
        }
      }
      const e = failure(patched(format, "strsize", 0, -1), "=t", format.flavour);
      expect(e.reason).toBe("unexpected end");
    }
  });

  it("an unknown constant type or a missing string constant is a bad constant", () => {
    const q: Proto = { ...tiny(), k: [1] };
    const bytes = dump(q, STANDARD_64, true);
    const { fields } = dumpWithLayout(q, STANDARD_64, true);
    const tag = fields.find((f) => f.kind === "number")!.offset - 1;
    for (const t of [2, 5, 6, 255]) {
      const b = bytes.slice();
      b[tag] = t;
      expect(reasonOf(b)).toBe("bad constant");
    }
    const s = dumpWithLayout({ ...tiny(), k: ["x"] }, STANDARD_64, true);
    const sizeAt = s.fields.filter((f) => f.kind === "strsize")[1]!.offset;
    const b = s.bytes.slice(0, sizeAt + 8);
    b.fill(0, sizeAt, sizeAt + 8);
    const rest = s.bytes.subarray(sizeAt + 8 + 2);
    const joined = new Uint8Array(b.length + rest.length);
    joined.set(b);
    joined.set(rest, b.length);
    expect(reasonOf(joined)).toBe("bad constant");
  });

  it("code that fails verification is bad code", () => {
    const noReturn = tiny({ code: Uint32Array.of(createABC(Op.MOVE, 0, 1, 0)) });
    for (const format of [STANDARD_64, NODEMCU_FLOAT]) {
      const e = failure(dump(noReturn, format, false), "=t", format.flavour);
      expect(e.reason).toBe("bad code");
      expect(e.detail).toContain("RETURN");
    }
  });

  it("line info that does not cover the code is bad code", () => {
    const q = tiny({ code: Uint32Array.of(createABC(Op.RETURN, 0, 1, 0), createABC(Op.RETURN, 0, 1, 0)) });
    const short = { ...q, lineInfo: Int32Array.of(1) };
    expect(reasonOf(dump(short, STANDARD_64, false))).toBe("bad code");
    // NodeMCU: the packed bytes "01 00" cover one instruction of two.
    const ok = dump({ ...q, lineInfo: Int32Array.of(1, 1) }, NODEMCU_FLOAT, false);
    const { fields } = dumpWithLayout({ ...q, lineInfo: Int32Array.of(1, 1) }, NODEMCU_FLOAT, false);
    const packed = fields.filter((f) => f.kind === "bytes").at(-1)!;
    expect(Array.from(ok.subarray(packed.offset, packed.offset + packed.size))).toEqual([2, 0]);
    const bad = ok.slice();
    bad[packed.offset] = 1;
    const e = failure(bad, "=t", "nodemcu");
    expect(e.reason).toBe("bad code");
    expect(e.detail).toBe("packed line info covers 1 of 2 instructions");
  });

  it("a missing local or upvalue name is bad code", () => {
    const q = tiny({ locVars: [{ name: "x", startPc: 0, endPc: 1 }] });
    const { bytes, fields } = dumpWithLayout(q, STANDARD_32, false);
    const nameAt = fields.filter((f) => f.kind === "strsize").at(-1)!.offset;
    const b = new Uint8Array(bytes.length - 2);
    b.set(bytes.subarray(0, nameAt));
    b.set(bytes.subarray(nameAt + 6), nameAt + 4); // size 0 and no bytes instead of size 2 "x\0"
    const e = failure(b, "=t", "standard");
    expect(e.reason).toBe("bad code");
    expect(e.detail).toBe("local 0 has no name");
  });

  it("functions nested deeper than LUAI_MAXCCALLS (200) are code too deep", () => {
    const nest = (depth: number): Proto => {
      let q = tiny();
      for (let i = 1; i < depth; i++) q = tiny({ p: [q] });
      return q;
    };
    for (const format of [STANDARD_64, NODEMCU_FLOAT]) {
      // dump refuses the 201st level, so splice the bytes: a level is a prefix (up to and
      // including sizep = 1), the inner function, then a 12-byte stripped debug suffix.
      const one = dump(nest(1), format, true);
      const two = dump(nest(2), format, true);
      const prefix = two.subarray(12, 12 + two.length - one.length - 12);
      const suffix = two.subarray(two.length - 12);
      const chain = (depth: number): Uint8Array => {
        const parts = [
          one.subarray(0, 12),
          ...Array(depth - 1).fill(prefix),
          one.subarray(12),
          ...Array(depth - 1).fill(suffix),
        ];
        const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        let at = 0;
        for (const x of parts) {
          out.set(x, at);
          at += x.length;
        }
        return out;
      };
      expect(chain(2)).toEqual(two);
      expect(chain(200)).toEqual(dump(nest(200), format, true));
      expect(() => undump(chain(200), "x")).not.toThrow();
      expect(failure(chain(201), "=x", format.flavour).message).toBe("x: code too deep in precompiled chunk");
      expect(() => dump(nest(201), format, true)).toThrow("functions nested too deep");
    }
  });
});

describe("strings", () => {
  it("keeps every byte value, and drops the stored NUL", () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const big = "x".repeat(20000);
    const q = tiny({ k: [all, "", big], locVars: [{ name: "\xff\x00", startPc: 0, endPc: 1 }] });
    for (const format of [STANDARD_64, NODEMCU_FLOAT]) {
      const back = undump(dump(q, format, false), "x");
      expect(back.k).toEqual([all, "", big]);
      expect(back.locVars[0]!.name).toBe("\xff\x00");
    }
  });
});

describe("input buffers", () => {
  it("keeps nothing that aliases a Node Buffer", () => {
    const lc = dump(sampleProto(), NODEMCU_FLOAT, false);
    const buf = Buffer.from(lc);
    const p = undump(buf, "x");
    const again = dump(p, NODEMCU_FLOAT, false);
    buf.fill(0x55);
    expect(dump(p, NODEMCU_FLOAT, false)).toEqual(again);
    expect(again).toEqual(lc);
  });
});
