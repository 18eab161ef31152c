import { describe, expect, it } from "vitest";
import { hexBytes as hex } from "../test-support/text.js";
import {
  type ChunkFormat,
  describeFormat,
  encodeHeader,
  formatProblem,
  headerProblem,
  NODEMCU_FLOAT,
  NODEMCU_INT,
  parseHeader,
  STANDARD_32,
  STANDARD_64,
  sameFormat,
} from "./chunk-format.js";

describe("chunk headers", () => {
  it.each<[string, ChunkFormat, string]>([
    ["STANDARD_64 (x86_64 luac5.1)", STANDARD_64, "1b 4c 75 61 51 00 01 04 08 04 08 00"],
    ["STANDARD_32 (i386 luac5.1)", STANDARD_32, "1b 4c 75 61 51 00 01 04 04 04 08 00"],
    ["NODEMCU_FLOAT", NODEMCU_FLOAT, "1b 4c 75 61 51 00 01 04 04 04 08 00"],
    ["NODEMCU_INT", NODEMCU_INT, "1b 4c 75 61 51 00 01 04 04 04 04 01"],
    ["big-endian", { ...STANDARD_64, littleEndian: false }, "1b 4c 75 61 51 00 00 04 08 04 08 00"],
  ])("%s", (_, format, bytes) => {
    expect(hex(encodeHeader(format))).toBe(bytes);
    const { flavour: _flavour, ...header } = format;
    expect(parseHeader(encodeHeader(format))).toEqual(header);
    expect(formatProblem(format)).toBeUndefined();
  });

  it("a NodeMCU float header is a 32-bit standard header", () => {
    expect(encodeHeader(NODEMCU_FLOAT)).toEqual(encodeHeader(STANDARD_32));
    expect(sameFormat(NODEMCU_FLOAT, STANDARD_32)).toBe(false);
    expect(sameFormat(NODEMCU_FLOAT, { ...NODEMCU_FLOAT })).toBe(true);
  });

  it("refuses what it cannot read", () => {
    const good = encodeHeader(STANDARD_64);
    expect(parseHeader(good.subarray(0, 11))).toBeUndefined();
    for (const [at, value] of [
      [0, 0],
      [1, 0x6c],
      [4, 0x52],
      [5, 1],
      [6, 2],
      [7, 2],
      [8, 2],
      [9, 8],
      [10, 4],
      [11, 2],
    ]) {
      const bad = good.slice();
      bad[at!] = value!;
      expect(parseHeader(bad), `byte ${at} = ${value}`).toBeUndefined();
    }
    // an 8-byte integral number and a 4-byte float are not supported
    const int64 = good.slice();
    int64[11] = 1;
    expect(parseHeader(int64)).toBeUndefined();
    expect(formatProblem({ ...NODEMCU_FLOAT, sizeofSizeT: 8 })).toBe(
      "the NodeMCU format has 4-byte string sizes",
    );
    expect(formatProblem({ ...STANDARD_64, sizeofNumber: 4 })).toContain("lua_Number of 4 bytes");
  });

  it("describes formats", () => {
    expect(describeFormat(STANDARD_64)).toBe("standard, little-endian, int 4, size_t 8, double");
    expect(describeFormat({ ...NODEMCU_INT, littleEndian: false })).toBe(
      "nodemcu, big-endian, int 4, size_t 4, int32",
    );
  });
});

describe("headerProblem", () => {
  it("says what is wrong", () => {
    const h = encodeHeader(STANDARD_64);
    const with_ = (at: number, v: number) => {
      const b = h.slice();
      b[at] = v;
      return b;
    };
    expect(headerProblem(h)).toBeUndefined();
    expect(headerProblem(h.subarray(0, 5))).toBe("shorter than a header");
    expect(headerProblem(with_(1, 0))).toBe("no Lua signature");
    expect(headerProblem(with_(4, 0x53))).toBe("version 0x53, not 0x51");
    expect(headerProblem(with_(5, 10))).toBe("format 10, not 0");
    expect(headerProblem(with_(8, 2))).toBe("sizeof(size_t) 2 is not supported");
  });
});
