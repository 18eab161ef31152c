import { describe, expect, it } from "vitest";
import { str2number, strtod } from "./str2number.js";

// Expected values are what Lua 5.1 on glibc gives for tonumber(s) / the lexer's numerals.
describe("str2number (luaO_str2d over glibc strtod)", () => {
  it.each([
    ["10", 10],
    ["  10  ", 10],
    ["-1.5e2", -150],
    [".5", 0.5],
    ["5.", 5],
    ["0x10", 16],
    ["0X1f", 31],
    ["0x1p4", 16],
    ["0x.8", 0.5],
    ["0x1.8P-1", 0.75],
    ["1e400", Infinity],
    ["-inf", -Infinity],
    ["INFINITY", Infinity],
    ["0xffffffffffffffffffff", 1.2089258196146292e24],
    ["1e-400", 0],
  ])("%j is %d", (s, v) => {
    expect(str2number(s)).toBe(v);
  });

  it("reads nan, nan(...) and signed forms", () => {
    expect(str2number("nan")).toBeNaN();
    expect(str2number("-nan(123)")).toBeNaN();
  });

  it.each(["", " ", "0x", "1e", "1e+", "3..2", "1x", "0xg", "abc", "1 2", "- 1"])("rejects %j", (s) => {
    expect(str2number(s)).toBeUndefined();
  });

  it("reports where strtod stopped", () => {
    expect(strtod("12abc")).toEqual({ value: 12, end: 2 });
    expect(strtod("0x")).toEqual({ value: 0, end: 1 });
    expect(strtod("1e5x")).toEqual({ value: 1e5, end: 3 });
    expect(strtod("1e+x")).toEqual({ value: 1, end: 1 });
  });
});
