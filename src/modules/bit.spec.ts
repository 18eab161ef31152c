// The bit module through Lua. Expected values are worked out from bit.c's C expressions on a
// 32-bit lua_Integer (int32.ts), independently of the implementation.

import { describe, expect, it } from "vitest";
import { testFirmware } from "../test-support/test-firmware.js";
import { bitModule } from "./bit.js";

const fw = testFirmware([bitModule]);
const run = (src: string): string => fw.run(src);

describe("bit", () => {
  it("has the ROM table of bit.c in declaration order", () => {
    expect(run("local t = {} for k in pairs(bit) do t[#t + 1] = k end print(table.concat(t, ' '))")).toBe(
      "bnot band bor bxor lshift rshift arshift bit set clear isset isclear\n",
    );
  });

  it("bnot works on 32-bit signed integers", () => {
    expect(run("print(bit.bnot(0), bit.bnot(-1), bit.bnot(0x7fffffff), bit.bnot(5))")).toBe(
      "-1\t0\t-2147483648\t-6\n",
    );
  });

  it("converts arguments as (lua_Integer)(long long)d: truncation, then the low 32 bits", () => {
    expect(run("print(bit.bnot(2^31), bit.bnot(2^32), bit.bnot(2^32 + 5), bit.bnot(-2^31 - 1))")).toBe(
      "2147483647\t-1\t-6\t-2147483648\n",
    );
    expect(run("print(bit.band(1.9), bit.band(-1.9), bit.band(0.5), bit.band(-0.5))")).toBe("1\t-1\t0\t0\n");
    expect(run("print(bit.band(2^40 + 7), bit.band(2^53 - 1), bit.band(-(2^53 - 1)))")).toBe("7\t-1\t1\n");
    expect(run("print(bit.band('0x10'), bit.band(' 12 '))")).toBe("16\t12\n");
  });

  it("saturates out-of-range doubles as __fixdfdi does, before the cut to 32 bits", () => {
    expect(run("print(bit.band(2^63), bit.band(1e300), bit.band(math.huge), bit.band(0/0))")).toBe(
      "-1\t-1\t-1\t-1\n",
    );
    expect(run("print(bit.band(-2^63), bit.band(-1e300), bit.band(-math.huge))")).toBe("0\t0\t0\n");
  });

  it("band, bor and bxor take any number of arguments", () => {
    expect(run("print(bit.band(0xff), bit.band(0xff, 0x0f), bit.band(-1, 0xf0, 0x3c))")).toBe(
      "255\t15\t48\n",
    );
    expect(run("print(bit.bor(1, 2, 4, 8), bit.bor(0x80000000), bit.bor(0x80000000, 1))")).toBe(
      "15\t-2147483648\t-2147483647\n",
    );
    expect(run("print(bit.bxor(5, 3), bit.bxor(-1, 1), bit.bxor(1, 2, 3))")).toBe("6\t-2\t0\n");
  });

  it("shifts: lshift and arshift keep the sign, rshift is logical, counts use the low 5 bits", () => {
    expect(run("print(bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(3, 30))")).toBe(
      "-2147483648\t1\t2\t-1073741824\n",
    );
    expect(run("print(bit.rshift(-1, 28), bit.rshift(-1, 0), bit.rshift(0x80000000, 31))")).toBe(
      "15\t-1\t1\n",
    );
    expect(run("print(bit.arshift(-16, 2), bit.arshift(-1, 31), bit.arshift(0x7fffffff, 30))")).toBe(
      "-4\t-1\t1\n",
    );
    expect(run("print(bit.lshift(1, -1), bit.rshift(256, 2^32 + 4))")).toBe("-2147483648\t16\n");
  });

  it("bit, set, clear, isset and isclear", () => {
    expect(run("print(bit.bit(0), bit.bit(4), bit.bit(31), bit.bit(32))")).toBe("1\t16\t-2147483648\t1\n");
    expect(run("print(bit.set(0, 0, 3), bit.set(0, 31), bit.set(1), bit.set(-1, 5))")).toBe(
      "9\t-2147483648\t1\t-1\n",
    );
    expect(run("print(bit.clear(-1, 31), bit.clear(15, 0, 1), bit.clear(7))")).toBe("2147483647\t12\t7\n");
    expect(run("print(bit.isset(5, 0), bit.isset(5, 1), bit.isset(-1, 31), bit.isset(1, 32))")).toBe(
      "true\tfalse\ttrue\ttrue\n",
    );
    expect(run("print(bit.isclear(5, 1), bit.isclear(5, 2), bit.isclear(2^31, 31))")).toBe(
      "true\tfalse\tfalse\n",
    );
  });

  it("raises luaL_checkinteger's errors", () => {
    expect(run("bit.bnot()")).toBe(
      "error: stdin:1: bad argument #1 to 'bnot' (number expected, got no value)",
    );
    expect(run("bit.band(1, 2, 'x')")).toBe(
      "error: stdin:1: bad argument #3 to 'band' (number expected, got string)",
    );
    expect(run("bit.lshift(1)")).toBe(
      "error: stdin:1: bad argument #2 to 'lshift' (number expected, got no value)",
    );
    expect(run("bit.lshift(nil, nil)")).toBe(
      "error: stdin:1: bad argument #1 to 'lshift' (number expected, got nil)",
    );
    expect(run("bit.isset(1, {})")).toBe(
      "error: stdin:1: bad argument #2 to 'isset' (number expected, got table)",
    );
    expect(run("bit.set({})")).toBe("error: stdin:1: bad argument #1 to 'set' (number expected, got table)");
  });

  it("is a read-only ROM table", () => {
    expect(run("bit.x = 1")).toBe("error: stdin:1: table is readonly");
  });
});
