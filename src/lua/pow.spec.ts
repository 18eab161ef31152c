import { describe, expect, it } from "vitest";
import { fma } from "./libm.js";
import { numPow, powTableBits } from "./pow.js";

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

// x^n lies exactly halfway between two doubles; glibc rounds by the sign of its own error,
// up or down, not to even.
const TIES: [number, number, string][] = [
  [3442, 5, "439ad1898ade740d"],
  [10, 23, "44b52d02c7e14af7"],
  [82, 10, "43e7d7eb340fb569"],
  [41, 10, "4347d7eb340fb569"],
  [1592, 7, "4495f411e120fd1b"],
  [58, 11, "43f5ac264554f033"],
  [402, 7, "43b78b930be5fe5d"],
  [808, 8, "44c33c431e687670"],
  [962, 6, "43a5ffb6ee7d63a1"],
  [1544, 7, "4491b7fb70e7eaa0"],
  [1884, 6, "440364bad67ab558"],
  [2028, 6, "440e2b9138f4e084"],
  [3158, 5, "43916f8dea3df4dd"],
  [3226, 5, "439365429e539ece"],
  [3294, 5, "43958719379b8b17"],
  [3362, 5, "4397d7eb340fb569"],
  [3438, 5, "439aa9bcb6f0b98c"],
  [3526, 5, "439e412f1a37cca9"],
  [3800, 6, "446467245c13f265"],
];

// glibc's results where the correctly rounded result is the other neighbour (near-halfway cases).
const NEAR_HALF: [number, number, string][] = [
  [1.0000000000000062, 7621676615385988, "4434951ed604e5a3"],
  [21534, 4, "4387df845f7fcee1"],
  [0.03137254901960784, 0.7777777777777778, "3fb155698ab25022"],
  [1.09951730375e-313, -0.44811483522641526, "5d0d49146bf1d386"],
  [59.52867578129835, 18.9014990357072, "46e59db5c4c92f89"],
  [0.9999999999999515, -11392582633974528, "71c5710294119da1"],
  [42636, 4, "43c6edf8d24d13e9"],
  [0.9999999999999756, 7934344975294136, "2e7549d80523b513"],
  [0.7683923705722071, 0.9166666666666666, "3fe922652e126a60"],
  [1.2100371747211895, 0.7, "3ff248c9ef8b25f3"],
  [0.9999999999998174, 76660724205094, "3eabe1f0b1bfa05d"],
  [-4142, 11, "c8321764679c6c13"],
  [0.9999999999999999, -448112295428503800, "446b5fc5b875db97"],
  [9, 17, "434d9fe779881945"],
  [-261.54421838231957, 3, "c1710fed72a9a304"],
  [7349, -9, "38b54255977ab8b4"],
  [277946.4050454532, 0.1, "400c056aabaf7588"],
  [211790.57434577154, 0.09090909090909091, "40086494a8730e97"],
  [1.000000000000012, 91974552626059, "400819dc3639f967"],
  [-4071.695175571265, -11, "b7b1151f1ae3f871"],
  [875392.6469883379, 0.5, "408d3cfe5d8302f1"],
  [0.9999999999998186, -2503099454860276, "68e147bec26b11af"],
  [0.9999999999999989, 4294948090946973, "3f816580ab81ff4d"],
  [-4374.274649181995, 5, "c3b639b6d18fb716"],
  [2.289423312862955e41, 0.5752415873112908, "44e063e58b897710"],
  [8.437905167116757e-309, 1.0011489242030998, "0002af89bf03da65"],
  [0.9999999999999999, -1, "3ff0000000000000"],
  [0.9999999999999999, 0.5, "3ff0000000000000"],
];

// A spread of other inputs: near overflow, subnormal results, tiny and huge exponents.
const MIXED: [number, number, string][] = [
  [56704, 7, "46d73bcc967796f7"],
  [66.80142381342036, -7.3101174727410445, "3d29c47910768f61"],
  [-4341, 27, "d45332cc0438cf0e"],
  [1.7652339863500943e-95, -1.6094044203235547, "5f97f11c12b544cb"],
  [0.9207820558274689, 91233421075495420, "0000000000000000"],
  [8.184910363629194e-11, 32.685148579517865, "0000000000000000"],
  [7, -390, "0000000000000000"],
  [1.1884208473184637e54, 1.5304033445677855e-304, "3ff0000000000000"],
  [18.22222222222222, 0.3333333333333333, "40050d4691e5186e"],
  [1.0904832e-316, 1.0221811309710516, "0000000000000002"],
  [10, 193.5421698099326, "681e8d2f4806ec4a"],
  [553177.5702086702, 0.25, "403b459e4dbdbffa"],
  [-7.898797098533963e123, -1852, "0000000000000000"],
  [3.8031890382840223, 1.6621773956990603e-15, "3ff000000000000a"],
  [0.7662009083689377, -14906450884647793000, "7ff0000000000000"],
  [1.365240964999194e-300, -7, "7ff0000000000000"],
  [77397, -19, "2ca5b56198e45a71"],
  [9.929262040219877, -18.947432275070412, "3c030de64ea19a5b"],
  [-2849, -5, "bc5891cf13abd79c"],
  [2.7220859209090813e85, -0.7921659650435311, "31e21500ea6682bd"],
  [0.9999999999999996, 508.6076870722575, "3feffffffffff80e"],
  [13227671.995332174, -3.528232858445376e-283, "3ff0000000000000"],
  [1.0265734265734265, 0.8, "3ff056d8ca624557"],
  [1.9098567241699664e-308, 0.18893178286968093, "33dd3e8500f8e5c3"],
  [10, 47.35014137682572, "49c39d0547d5faf3"],
  [-1.124500390026188e-86, -126, "7ff0000000000000"],
  [3.3993344317523033, 8.057847433469373e-20, "3ff0000000000000"],
  [-1.0489457669277673e140, -6, "0000000000000000"],
  [0.02748684896224591, -197.26607739079097, "7fdcc8e1c6b5d87c"],
  [248.83497523875985, 128.48834221897255, "7fd9031d23f38048"],
  [27898569044946.414, 22.922507681823706, "7feca26df42b66a9"],
  [10, -313.1090517168839, "00000003aa853ad0"],
  [9.650874156420104e-15, 22.6773783758744, "000000000004889f"],
  [0.00002608585002678404, 69.82639033137369, "00000000000006f4"],
];

describe("numPow (luai_numpow)", () => {
  it.each(GLIBC)("pow(%d, %d) is glibc's", (x, y, want) => {
    expect(bits(numPow(x, y))).toBe(want);
  });

  it.each(TIES)("rounds the exact tie %d^%d as glibc does", (x, y, want) => {
    expect(bits(numPow(x, y))).toBe(want);
  });

  it("matches glibc near halfway and across the range", () => {
    for (const [x, y, want] of [...NEAR_HALF, ...MIXED])
      expect([x, y, bits(numPow(x, y))]).toEqual([x, y, want]);
  });

  it("follows C99 Annex F where Math.pow differs", () => {
    expect(numPow(1, Number.NaN)).toBe(1);
    expect(numPow(1, Infinity)).toBe(1);
    expect(numPow(-1, -Infinity)).toBe(1);
    expect(numPow(-1, Infinity)).toBe(1);
    expect(numPow(Number.NaN, 0)).toBe(1);
    expect(numPow(Number.NaN, -0)).toBe(1);
    expect(numPow(-8, 1 / 3)).toBeNaN();
    expect(numPow(Number.NaN, 1)).toBeNaN();
    expect(numPow(0, -1)).toBe(Infinity);
    expect(numPow(-0, -1)).toBe(-Infinity);
    expect(numPow(-0, -2)).toBe(Infinity);
    expect(Object.is(numPow(-0, 3), -0)).toBe(true);
    expect(Object.is(numPow(-Infinity, -3), -0)).toBe(true);
    expect(numPow(-Infinity, 3)).toBe(-Infinity);
    expect(numPow(0.5, Infinity)).toBe(0);
    expect(numPow(0.5, -Infinity)).toBe(Infinity);
    expect(numPow(2, 1024)).toBe(Infinity);
    expect(numPow(-2, 1025)).toBe(-Infinity);
    expect(Object.is(numPow(-2, -1075), -0)).toBe(true);
    expect(numPow(-2, 3)).toBe(-8);
    expect(numPow(-2, 2 ** 64)).toBe(Infinity);
  });

  it("is exact for representable results", () => {
    expect(BigInt(numPow(3, 40))).toBe(12157665459056928768n); // 3^40 = 12157665459056928801
    expect(numPow(2, -1074)).toBe(5e-324);
    expect(numPow(2, 0.5)).toBe(Math.SQRT2);
    expect(numPow(3, 33)).toBe(5559060566555523);
    expect(numPow(10, 22)).toBe(1e22);
  });
});

describe("fma", () => {
  // fma(a, b, c) from C's fma() on this machine; a * b + c rounds twice and differs on all
  const CASES: [number, number, number, string][] = [
    [-1.1043143483424331e55, 1.1046411468758682e234, -2.135291237122767e280, "fbf4072c80a7ca73"],
    [-9.162111624053193e77, 1.092106438348549e-93, 8.807593383294137e-19, "bcd2026449a6360d"],
    [-59422169226335360, 0.00036907830180943986, 21931433307465.133, "c07a7e0eb7490e6b"],
    [-507540369.86142635, 1560931465234528.5, 7.9160998388105e23, "c440f6021224743c"],
    [7222017.264752913, -59281.814801552275, 8252823064.510468, "c25870b8af098bd5"],
    [1550.828349903004, -3.2054369543841506e-9, 1.4753287661746455e-19, "bed4d9a8c0eae3e9"],
    [61318797650296830, 1004415825739776, 18635760018128896, "46884af5170bd907"],
    [129615147630067710, 702616359141376, 3842772, "4691f5d89569c5e3"],
    [9.974598572633274e57, 9.764652278258167e-286, 4.606763906615603e-229, "10ceee3ff64d8d23"],
    [-3.038190094935683e89, 4.402854246950978e-89, 7.890542349453085, "c015f1d5736e6d9d"],
    [-1.8014753418238325e-147, 2.6411031510976935e-158, 3.62312855064e-312, "80c0b49b131281b7"],
    [-1.760109939363678e-147, -4.994261590992077e-160, -1.50739266e-316, "0063c0cf4fada9d1"],
  ];

  it.each(CASES)("fma(%d, %d, %d) rounds once", (a, b, c, want) => {
    expect(bits(fma(a, b, c))).toBe(want);
  });

  it("handles exact results, signed zeros and special values", () => {
    const x = 1 + 2 ** -30;
    expect(fma(x, x, -(1 + 2 ** -29))).toBe(2 ** -60);
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(Object.is(fma(2, 3, -6), 0)).toBe(true);
    expect(Object.is(fma(-0, 1, -0), -0)).toBe(true);
    expect(Object.is(fma(-(2 ** -600), 2 ** -600, 0), -0)).toBe(true);
    expect(fma(2 ** 600, 2 ** 600, -Infinity)).toBe(-Infinity);
    expect(fma(2 ** 600, 2 ** 600, -(2 ** 1023))).toBe(Infinity);
    expect(fma(Infinity, 0, 1)).toBeNaN();
  });
});

describe("pow tables", () => {
  const hex = (b: bigint) => b.toString(16).padStart(16, "0");
  const tables = powTableBits();

  it("equal glibc's __pow_log_data entries", () => {
    // invc, logc, logctail of entries 0, 10, 11, 74, 75, 76, 127 (e_pow_log_data.c)
    const want: [number, string, string, string][] = [
      [0, "3ff6a00000000000", "bfd62c82f2b9c800", "3cfab42428375680"],
      [10, "3ff5600000000000", "bfd2895a13de8800", "3d15ca14b6cfb03f"],
      [11, "3ff5600000000000", "bfd2895a13de8800", "3d15ca14b6cfb03f"],
      [74, "3ff0000000000000", "0000000000000000", "0000000000000000"],
      [75, "3ff0000000000000", "0000000000000000", "0000000000000000"],
      [76, "3fefc00000000000", "3f80101575890000", "bd10c76b999d2be8"],
      [127, "3fe6c00000000000", "3fd5d5bddf596000", "bd0a0b2a08a465dc"],
    ];
    for (const [i, invc, logc, logctail] of want)
      expect([i, ...tables.log.slice(3 * i, 3 * i + 3).map(hex)]).toEqual([i, invc, logc, logctail]);
  });

  it("equal glibc's __exp_data.tab entries", () => {
    const want: [number, string, string][] = [
      [0, "0000000000000000", "3ff0000000000000"],
      [1, "3c9b3b4f1a88bf6e", "3feff63da9fb3335"],
      [64, "bc93b3efbf5e2228", "3feea09e667f3bcd"],
      [127, "3c5305c14160cc89", "3feff3c22b8f71f1"],
    ];
    for (const [k, tail, scale] of want)
      expect([k, ...tables.exp.slice(2 * k, 2 * k + 2).map(hex)]).toEqual([k, tail, scale]);
  });

  it("have the checksum of glibc's tables", () => {
    // over the log table's 3 x 128 values then the exp table's 2 x 128, in glibc's order
    let sum = 0n;
    for (const v of [...tables.log, ...tables.exp]) sum = (sum * 1000003n + v) & 0xffffffffffffffffn;
    expect(tables.log.length).toBe(384);
    expect(tables.exp.length).toBe(256);
    expect(hex(sum)).toBe("5ac47d2aa82b4924");
  });
});
