// The device's double -> lua_Integer conversion: (lua_Integer)(long long)d with the lx106's
// saturating __fixdfdi, then the low 32 bits.

import { describe, expect, it } from "vitest";
import { toInt32 } from "./int32.js";

describe("toInt32", () => {
  it("truncates toward zero and keeps the low 32 bits in range of long long", () => {
    expect([0, -0, 1.9, -1.9, 0.5, -0.5].map(toInt32)).toEqual([0, 0, 1, -1, 0, 0]);
    expect([2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5.5, -(2 ** 31) - 1].map(toInt32)).toEqual([
      -2147483648, -1, 0, 5, 2147483647,
    ]);
    expect([2 ** 53 + 2, 2 ** 62 + 2 ** 40 + 7 * 2 ** 12, -(2 ** 62) - 2 ** 12].map(toInt32)).toEqual([
      2,
      7 * 2 ** 12,
      -(2 ** 12),
    ]);
  });

  it("saturates beyond long long: 0x7fff... gives -1, 0x8000... gives 0; NaN counts as +max", () => {
    expect([2 ** 63, 1e300, Number.POSITIVE_INFINITY, Number.NaN].map(toInt32)).toEqual([-1, -1, -1, -1]);
    expect([-(2 ** 63), -1e300, Number.NEGATIVE_INFINITY].map(toInt32)).toEqual([0, 0, 0]);
  });
});
