// The digest cores of crypto-cleared.ts: started from the standard initial values they must
// give node:crypto's digests, across block boundaries and split updates; started cleared, they
// run the same compression from zeros.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ClearedDigest, type DigestAlgo, STANDARD_IV } from "./crypto-cleared.js";

const ALGOS: DigestAlgo[] = ["md5", "sha1", "sha256", "sha384", "sha512"];
const data = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff));

describe("ClearedDigest", () => {
  it("from the standard initial values, is node:crypto's digest", () => {
    for (const algo of ALGOS) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 300]) {
        const d = data(n);
        const ours = new ClearedDigest(algo, STANDARD_IV[algo])
          .update(d.subarray(0, n >> 1))
          .update(d.subarray(n >> 1))
          .digest();
        expect(`${algo} ${n} ${ours.toString("hex")}`).toBe(
          `${algo} ${n} ${createHash(algo).update(d).digest("hex")}`,
        );
      }
    }
  });

  it("from a cleared context, gives digests of the usual sizes that differ from the standard ones", () => {
    const sizes = ALGOS.map((a) => new ClearedDigest(a).update(Buffer.from("abc")).digest().length);
    expect(sizes).toEqual([16, 20, 32, 48, 64]);
    for (const algo of ALGOS) {
      const cleared = new ClearedDigest(algo).digest().toString("hex");
      expect(cleared).not.toBe(createHash(algo).digest("hex"));
      expect(new ClearedDigest(algo).digest().toString("hex")).toBe(cleared);
    }
  });
});
