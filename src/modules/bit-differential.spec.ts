// bit against LuaBitOp (Debian's lua-bitop under lua5.1) on integer arguments below 2^51, where
// both libraries reduce a number to the low 32 bits of its integer value and give signed 32-bit
// results: bnot, band, bor, bxor and the three shifts must agree. (They part on fractional
// arguments, which LuaBitOp rounds and the firmware truncates; bit.c's bit/set/clear/isset/
// isclear have no LuaBitOp counterpart.) Skipped when lua5.1 or lua-bitop is missing.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LUA51 } from "../test-support/lua51.js";
import { testFirmware } from "../test-support/test-firmware.js";
import { bitModule } from "./bit.js";

const haveBitop =
  LUA51 !== undefined && spawnSync(LUA51, ["-e", "require('bit')"], { encoding: "latin1" }).status === 0;

const PROGRAM = `
local bit = bit or require("bit")
local seed = 42
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local special = {0, 1, -1, 2^31, -2^31, 2^31 - 1, 2^32, 2^32 - 1, -2^32, 2^32 + 1, 2^40 + 3, -2^50 + 7, 255, -256}
local function val()
  if rnd(3) == 0 then return special[rnd(#special) + 1] end
  local v = rnd(2147483648) * 2^rnd(21) + rnd(1000)
  if rnd(2) == 0 then v = -v end
  return v
end
local out = {}
for i = 1, 300 do
  local a, b, c = val(), val(), val()
  local s = rnd(40)
  out[#out + 1] = table.concat({bit.bnot(a), bit.band(a, b), bit.bor(a, b, c), bit.bxor(a, b, c),
    bit.lshift(a, s), bit.rshift(a, s), bit.arshift(a, s)}, " ")
end
print(table.concat(out, "\\n"))
`;

describe.skipIf(!haveBitop)("bit against LuaBitOp", () => {
  it("agrees on integer arguments", () => {
    const ref = spawnSync(LUA51!, ["-"], { input: PROGRAM, encoding: "latin1" });
    expect(ref.status).toBe(0);
    const ours = testFirmware([bitModule]).run(PROGRAM);
    expect(ours.split("\n").length).toBeGreaterThan(300);
    expect(ours).toBe(ref.stdout);
  });
});
