import { describe, expect, it } from "vitest";
import { prng } from "../test-support/prng.js";
import { hexBytes as hex } from "../test-support/text.js";
import {
  decodePackedLineInfo,
  encodePackedLineInfo,
  packedLineInfoOf,
  rememberPackedLineInfo,
} from "./packed-lineinfo.js";
import type { Proto } from "./proto.js";
import { sampleProto } from "./undump-fuzz.js";

const bytes = (s: string): Uint8Array => Uint8Array.from(s.split(" "), (x) => Number.parseInt(x, 16));

describe("packed line info (lcode.c generateInfoDeltaLine / ldebug.c luaG_getline)", () => {
  // Lines and bytes as NodeMCU's luac.cross writes them.
  it.each<[string, number[], string]>([
    ["next lines only", [1, 2, 2, 2], "01 03 00"],
    ["forward and backward jumps", [1, 2, 2, 2, 5, 3, 5], "01 03 81 01 c2 01 80 01 00"],
    ["a function starting at line 4", [4, 4, 5], "82 02 01 00"],
    ["no instructions", [], "00"],
    ["line 0", [0, 0], "c0 02 00"],
    ["same line again after a jump back of 0", [7, 7, 7], "85 03 00"],
    ["126 instructions fill an item, the 127th starts a '-0' item", Array(130).fill(1), "7e c0 04 00"],
    ["a 6-bit delta", [1, 65], "01 be 01 00"],
    ["a delta with one continuation byte", [1, 102], "01 a3 81 01 00"],
    ["a delta with two continuation bytes", [1, 9104], "01 8d 8e 81 01 00"],
    ["a backward delta with a continuation byte", [100, 1], "a2 81 01 e3 81 01 00"],
  ])("%s", (_, lines, encoded) => {
    expect(hex(encodePackedLineInfo(lines))).toBe(encoded);
    expect(Array.from(decodePackedLineInfo(bytes(encoded), lines.length) as Int32Array)).toEqual(lines);
  });

  it("round-trips any int32 lines", () => {
    const rand = prng(42);
    const extremes = [-0x80000000, 0x7fffffff, 0, 1, -1];
    for (let n = 0; n < 300; n++) {
      const lines = Array.from({ length: Math.floor(rand() * 300) }, () => {
        const r = rand();
        if (r < 0.05) return extremes[Math.floor(rand() * extremes.length)]!;
        if (r < 0.1) return Math.floor(rand() * 2 ** 32) - 2 ** 31;
        return Math.floor(rand() * 20);
      });
      const enc = encodePackedLineInfo(lines);
      expect(enc.indexOf(0)).toBe(enc.length - 1);
      expect(Array.from(decodePackedLineInfo(enc, lines.length) as Int32Array)).toEqual(lines);
    }
  });

  it.each<[string, string, number, string]>([
    ["empty", "", 0, "does not end with NUL"],
    ["no NUL", "01", 1, "does not end with NUL"],
    ["a NUL inside", "01 00 01 00", 2, "NUL inside"],
    ["a delta without its count", "81 00", 1, "line delta without a count"],
    ["a delta of continuation bytes only", "81 81 81 00", 1, "line delta without a count"],
    ["too many continuation bytes", "81 81 81 81 81 81 01 00", 1, "line delta too long"],
    ["a line above int32", "01 be ff ff ff 8f 01 00", 2, "line number out of range"],
    ["too few instructions", "02 00", 3, "covers 2 of 3 instructions"],
    ["too many instructions", "05 00", 3, "covers more instructions than the code"],
  ])("refuses %s", (_, encoded, sizecode, reason) => {
    const data = encoded === "" ? new Uint8Array(0) : bytes(encoded);
    expect(decodePackedLineInfo(data, sizecode)).toContain(reason);
  });

  it("stops at a 0x7F filler at the start of an item, as ldebug.c does", () => {
    expect(Array.from(decodePackedLineInfo(bytes("02 7f 05 00"), 2) as Int32Array)).toEqual([1, 1]);
    expect(decodePackedLineInfo(bytes("02 7f 05 00"), 7)).toContain("covers 2 of 7");
    // After a delta, 0x7F is a count of 127.
    expect(Array.from(decodePackedLineInfo(bytes("80 7f 00"), 127) as Int32Array)).toEqual(
      Array(127).fill(2),
    );
  });
});

describe("remembered packed line info", () => {
  it("is reused while the lines are unchanged", () => {
    const p: Proto = { ...sampleProto().p[0]! }; // 3 instructions on line 3
    const canonical = encodePackedLineInfo(p.lineInfo);
    expect(hex(packedLineInfoOf(p))).toBe("81 03 00");
    // The firmware may split an item (luaK_fixline): "81 02 c0 01" also gives 3, 3, 3.
    const split = bytes("81 02 c0 01 00");
    expect(Array.from(decodePackedLineInfo(split, 3) as Int32Array)).toEqual(Array.from(p.lineInfo));
    rememberPackedLineInfo(p, split);
    expect(packedLineInfoOf(p)).toEqual(split);
    split[0] = 0; // the remembered bytes are a copy
    expect(hex(packedLineInfoOf(p))).toBe("81 02 c0 01 00");
    p.lineInfo = Int32Array.of(3, 3, 4);
    expect(hex(packedLineInfoOf(p))).toBe("81 02 01 00");
    expect(canonical).not.toEqual(packedLineInfoOf(p));
  });
});
