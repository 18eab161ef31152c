import { describe, expect, it } from "vitest";
import { STANDARD_32, STANDARD_64 } from "../chunk-format.js";
import { compile } from "../compile.js";
import { dump } from "../dump.js";
import { createABC, Op } from "../opcodes.js";
import { decodeChunk, describeChunkDiff, firstDifference, listFunction } from "./chunk-diff.js";

const source = 'local a, b = 1, "two"\nlocal function f(x) return x + a end\nprint(f(b), 3)\n';
const chunk = (strip = false, src = source): Uint8Array => dump(compile(src, "@t.lua"), STANDARD_64, strip);

describe("chunk-diff", () => {
  it("decodes a chunk of either size_t width", () => {
    for (const format of [STANDARD_64, STANDARD_32]) {
      const f = decodeChunk(dump(compile(source, "@t.lua"), format, false));
      expect(f.source).toBe("@t.lua");
      expect(f.k).toEqual([1, "two", "print", 3]);
      expect(f.p).toHaveLength(1);
      expect(f.p[0]!.source).toBeUndefined();
      expect(f.p[0]!.upvalues).toEqual(["a"]);
      expect(f.locVars.map((v) => v.name)).toEqual(["a", "b", "f"]);
    }
  });

  it("lists instructions as luac -l does", () => {
    const lines = listFunction(decodeChunk(chunk()));
    expect(lines[0]).toBe("1\t[1]\tLOADK    \t0 -1\t; 1");
    expect(lines[4]).toBe("5\t[3]\tGETGLOBAL\t3 -3\t; print");
  });

  it("says nothing for equal chunks", () => {
    expect(describeChunkDiff(chunk(), chunk())).toBeUndefined();
    expect(firstDifference(chunk(), chunk())).toBe(-1);
  });

  it("points at the first differing instruction of the right function", () => {
    const p = compile(source, "@t.lua");
    const q = compile(source, "@t.lua");
    q.p[0]!.code[0] = createABC(Op.SUB, 1, 0, 0);
    const d = describeChunkDiff(dump(p, STANDARD_64, true), dump(q, STANDARD_64, true))!;
    expect(d).toMatch(/^first difference at byte \d+/);
    expect(d).toContain("main > function #0");
    expect(d).toContain("instruction 1 differs");
    expect(d).toMatch(/>> +1 \[-\] GETUPVAL +1 0 +\| 1 \[-\] SUB +1 0 0/);
  });

  it("reports constants, line info and truncated output", () => {
    const other = chunk(false, source.replace("3)", "4)"));
    expect(describeChunkDiff(chunk(), other)).toMatch(
      /constant\(s\) differ, first 3[\s\S]*expected 3 \(0x4008000000000000\), got 4/,
    );
    const moved = chunk(false, source.replace("print(", "\nprint("));
    expect(describeChunkDiff(chunk(), moved)).toContain("line of instruction 5 differs: expected 3, got 4");
    const whole = chunk();
    expect(describeChunkDiff(whole, whole.subarray(0, 40))).toContain(
      "actual chunk cannot be decoded: truncated",
    );
  });
});
