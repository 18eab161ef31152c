import { describe, expect, it } from "vitest";
import { chunkId } from "./chunkid.js";

describe("chunkId (luaO_chunkid)", () => {
  it("strips = and @", () => {
    expect(chunkId("=stdin", 80)).toBe("stdin");
    expect(chunkId("@x.lua", 80)).toBe("x.lua");
  });

  it("keeps the tail of a long file name", () => {
    const name = `${"d/".repeat(50)}x.lua`;
    const id = chunkId(`@${name}`, 80);
    expect(id).toBe(`...${name.slice(name.length - 72)}`);
  });

  it("cuts =names to size - 1 bytes", () => {
    expect(chunkId(`=${"a".repeat(100)}`, 80)).toBe("a".repeat(79));
  });

  it("shows source text as [string] up to the first line break", () => {
    expect(chunkId("x = 1", 60)).toBe('[string "x = 1"]');
    expect(chunkId("x = 1\ny = 2", 60)).toBe('[string "x = 1..."]');
    expect(chunkId("a".repeat(100), 60)).toBe(`[string "${"a".repeat(43)}..."]`);
  });
});
