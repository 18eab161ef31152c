import { describe, expect, it } from "vitest";
import { numPow } from "./pow.js";

const bits = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b.toString("hex");
};

// pow(x, y) as glibc computes it (printed with %a on this machine's Debian libm); JS's
// Math.pow is one ulp off on every one of these.
const GLIBC: [number, number, string][] = [
  [10.481691360473633, -6.132907271385193, "3ea2840191a94b49"],
  [10.02817153930664, -0.7598870992660522, "3fc633be3c23b37d"],
  [22.735238075256348, -4.099950790405273, "3ec6fa0c97d7f4a3"],
  [41.373784840106964, -4.236717224121094, "3e82f9d3f399faf7"],
  [25.200694799423218, 8.302409648895264, "42591fa0b10b5665"],
  [9.281200170516968, 2.0249444246292114, "4056c4114ecf1bb1"],
  [34.05987024307251, -16, "3ad7968998ad4783"],
  [36, -9, "3d062c103a907ce1"],
  [46.748900413513184, 14, "44c9364f9aee54a3"],
  [2.544301748275757, -7, "3f57bcdd723e372f"],
  [7.584764063358307, -0.5422699451446533, "3fd554c4d70de19e"],
  [3, -6.164416745305061, "3f52c2b3bf2b91f5"],
  [10, -5, "3ee4f8b588e368f1"],
  [32.40227699279785, 7, "4221765271f6695b"],
  [5.3939297795295715, 13, "41e8603461e226eb"],
  [27.408510446548462, -1.7966914176940918, "3f656098e766178b"],
  [15.098249912261963, -9.59949016571045, "3d9531120d01682d"],
  [40, -20, "39479ca10c924223"],
  [13.22057992219925, 13, "42f56d0053f6fa8f"],
  [34, 8.406786918640137, "429b44fd9aef0479"],
  [1.7671674489974976, -4, "3fba3fff623bab0f"],
  [0.03414750099182129, 10, "3ce36ab76fd119f9"],
  [19.723886251449585, -5, "3e967b28f96a6b4f"],
  [42.41913557052612, 5, "41a05f66771fa9f7"],
];

describe("numPow (luai_numpow)", () => {
  it.each(GLIBC)("pow(%d, %d) is glibc's", (x, y, want) => {
    expect(bits(numPow(x, y))).toBe(want);
  });

  it("follows C99 Annex F where Math.pow differs", () => {
    expect(numPow(1, Number.NaN)).toBe(1);
    expect(numPow(1, Infinity)).toBe(1);
    expect(numPow(-1, -Infinity)).toBe(1);
    expect(numPow(Number.NaN, 0)).toBe(1);
    expect(numPow(-8, 1 / 3)).toBeNaN();
    expect(numPow(0, -1)).toBe(Infinity);
    expect(Object.is(numPow(-0, 3), -0)).toBe(true);
    expect(numPow(2, 1024)).toBe(Infinity);
    expect(numPow(-2, 3)).toBe(-8);
  });

  it("is exact for representable results and rounds exact ties to even", () => {
    expect(BigInt(numPow(3, 40))).toBe(12157665459056928768n); // 3^40 = 12157665459056928801
    expect(numPow(2, -1074)).toBe(5e-324);
    // 10^23 lies halfway between two doubles; glibc happens to round it up
    expect(bits(numPow(10, 23))).toBe("44b52d02c7e14af6");
  });
});
