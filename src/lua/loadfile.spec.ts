import { describe, expect, it } from "vitest";
import { loadfileText } from "./loadfile.js";

describe("loadfileText (luaL_loadfile)", () => {
  it("drops a # first line but keeps its newline", () => {
    expect(loadfileText("#!/usr/bin/lua\nprint(1)\n", true)).toBe("\nprint(1)\n");
    expect(loadfileText("#only", true)).toBe("\n");
    expect(loadfileText("print(1)", true)).toBe("print(1)");
  });

  it("reads a named precompiled chunk from its first ESC, without the extra newline", () => {
    expect(loadfileText("\x1bLua", true)).toBe("\x1bLua");
    expect(loadfileText("#!x\n\x1bLua", true)).toBe("\x1bLua");
  });

  it("does not reopen standard input: the newline stays in front", () => {
    expect(loadfileText("#!x\n\x1bLua", false)).toBe("\n\x1bLua");
    expect(loadfileText("\x1bLua", false)).toBe("\x1bLua");
  });
});
