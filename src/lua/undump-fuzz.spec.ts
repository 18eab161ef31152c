import { describe, expect, it } from "vitest";
import { undumpChunk } from "./undump.js";
import { fuzzUndump, seedChunks } from "./undump-fuzz.js";

describe("fuzzUndump", () => {
  it("every seed chunk loads in its own format", () => {
    for (const s of seedChunks()) {
      const r = undumpChunk(s.bytes, s.name, { flavour: s.format.flavour });
      expect(r.format, s.name).toEqual(s.format);
      expect(r.size).toBe(s.bytes.length);
    }
  });

  it.each([1, 2])(
    "3000 mutated chunks (seed %i): each loads and verifies, or is a LuaUndumpError",
    (seed) => {
      const r = fuzzUndump(seed, 3000);
      expect(r.tried).toBe(3000);
      expect(r.loaded + r.rejected).toBe(r.tried);
      expect(r.loaded).toBeGreaterThan(100);
      expect(r.rejected).toBeGreaterThan(1000);
    },
  );

  it("is deterministic", () => {
    expect(fuzzUndump(7, 300)).toEqual(fuzzUndump(7, 300));
  });
});
