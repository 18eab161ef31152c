// The encoder module through Lua: RFC 4648 test vectors, round trips of every byte value checked
// against Node's own base64/hex, and the exact conditions under which encoder.c refuses input.

import { describe, expect, it } from "vitest";
import { testFirmware } from "../test-support/test-firmware.js";
import { encoderModule } from "./encoder.js";

const fw = testFirmware([encoderModule]);
const run = (src: string): string => fw.run(src);
/** A Lua string literal of arbitrary bytes, every byte as a decimal escape. */
const lit = (s: string): string => `("${[...s].map((c) => `\\${c.charCodeAt(0)}`).join("")}")`;

describe("encoder", () => {
  it("has the ROM table of encoder.c in declaration order", () => {
    expect(run("local t = {} for k in pairs(encoder) do t[#t + 1] = k end print(table.concat(t, ' '))")).toBe(
      "fromBase64 toBase64 fromHex toHex\n",
    );
  });

  it("toBase64 and fromBase64 on the RFC 4648 vectors", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, b64] of vectors) {
      expect(run(`print(encoder.toBase64("${plain}"))`)).toBe(`${b64}\n`);
      expect(run(`print(encoder.fromBase64("${b64}"))`)).toBe(`${plain}\n`);
    }
  });

  it("round-trips every byte value, as Node encodes them", () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString("latin1");
    for (const s of [all, all.slice(1), all.slice(2), "\0", "\xff\xfe"]) {
      const b64 = Buffer.from(s, "latin1").toString("base64");
      const hex = Buffer.from(s, "latin1").toString("hex");
      expect(run(`print(encoder.toBase64${lit(s)})`)).toBe(`${b64}\n`);
      expect(run(`print(encoder.toHex${lit(s)})`)).toBe(`${hex}\n`);
      expect(run(`print(encoder.fromBase64("${b64}") == ${lit(s)})`)).toBe("true\n");
      expect(
        run(
          `print(encoder.fromHex("${hex}") == ${lit(s)}, encoder.fromHex("${hex.toUpperCase()}") == ${lit(s)})`,
        ),
      ).toBe("true\ttrue\n");
    }
  });

  it("converts numbers as luaL_checklstring does", () => {
    expect(run("print(encoder.toHex(12), encoder.toBase64(1.5), encoder.fromHex(4142))")).toBe(
      "3132\tMS41\tAB\n",
    );
  });

  it("toHex is lowercase; fromHex takes either case", () => {
    expect(run("print(encoder.toHex('\\171\\205\\239'), encoder.fromHex('4a4B') )")).toBe("abcdef\tJK\n");
  });

  it("fromBase64 ignores the bits a short last block leaves over", () => {
    expect(
      run("print(encoder.toHex(encoder.fromBase64('Zh==')), encoder.toHex(encoder.fromBase64('Zm9=')))"),
    ).toBe("66\t666f\n");
  });

  it("refuses bad base64 as encoder.c does", () => {
    const bad = [
      "Zg=",
      "Zg",
      "Z",
      "Zm9vY",
      "Zg=a",
      "Z===",
      "====",
      "Zm9v Zm9v",
      "Zm9v\n",
      "Zm=v",
      "Zm9v\xc0AAA",
    ];
    for (const s of bad) {
      expect(run(`encoder.fromBase64${lit(s)}`)).toBe("error: stdin:1: Invalid base64 string");
    }
    // '-' and '_' (the URL alphabet) are not base64 here
    expect(run("encoder.fromBase64('ab-_')")).toBe("error: stdin:1: Invalid base64 string");
  });

  it("refuses bad hex as encoder.c does", () => {
    for (const s of ["a", "abc", "0g", "g0", "0x12", " 1", "1 "]) {
      expect(run(`encoder.fromHex("${s}")`)).toBe("error: stdin:1: Invalid hex string");
    }
  });

  it("empty strings stay empty", () => {
    expect(
      run("print(#encoder.fromHex(''), #encoder.toHex(''), #encoder.fromBase64(''), #encoder.toBase64(''))"),
    ).toBe("0\t0\t0\t0\n");
  });

  it("raises luaL_checklstring's errors", () => {
    expect(run("encoder.toHex()")).toBe(
      "error: stdin:1: bad argument #1 to 'toHex' (string expected, got no value)",
    );
    expect(run("encoder.fromBase64({})")).toBe(
      "error: stdin:1: bad argument #1 to 'fromBase64' (string expected, got table)",
    );
  });

  it("gives back the conversion buffer's heap", () => {
    expect(
      run(`
local s = string.rep('x', 3000)
collectgarbage() collectgarbage('stop')
local before = collectgarbage('count')
for i = 1, 3 do encoder.fromHex(encoder.toHex(s)) end
collectgarbage('restart') collectgarbage()
print(collectgarbage('count') - before < 1)`),
    ).toBe("true\n");
  });
});
