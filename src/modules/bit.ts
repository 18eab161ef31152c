// The bit module (app/modules/bit.c): bitwise operations on the device's 32-bit lua_Integer.
// Arguments go through luaL_checkinteger (see int32.ts) and results through lua_pushinteger of a
// 32-bit value, so bit.bnot(0) is -1 and every result lies in [-2^31, 2^31).
//
// Shift counts: bit.c shifts with C's << and >> by a count that is not limited to 0..31. gcc for
// the lx106 emits SSL/SSR + SLL/SRL/SRA for a variable shift, and those instructions take the
// count's low 5 bits, so a count of 32 shifts by 0 and 33 by 1: exactly JS's << >> >>>.

import type { ModuleDef } from "../firmware/module.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { checkInt32, checkUint32 } from "./int32.js";

function pushInt(L: LuaThread, v: number): number {
  L.push(v | 0);
  return 1;
}

/** VARIADIC(name, op): folds every argument into the first (bit.c:41-49). */
function variadic(op: (a: number, b: number) => number) {
  return (L: LuaThread): number => {
    const n = L.nargs;
    let w = checkInt32(L, 1);
    for (let i = 2; i <= n; i++) w = op(w, checkInt32(L, i));
    return pushInt(L, w);
  };
}

/** luaL_checkinteger(L, i) cast to unsigned: a bit position. */
const position = (L: LuaThread, narg: number): number => checkInt32(L, narg) >>> 0;

export const bitModule: ModuleDef = {
  name: "bit",
  entries: () => [
    ["bnot", light("bnot", (L) => pushInt(L, ~checkInt32(L, 1)))],
    [
      "band",
      light(
        "band",
        variadic((a, b) => a & b),
      ),
    ],
    [
      "bor",
      light(
        "bor",
        variadic((a, b) => a | b),
      ),
    ],
    [
      "bxor",
      light(
        "bxor",
        variadic((a, b) => a ^ b),
      ),
    ],
    // ARITHMETIC_SHIFT: the signed value shifted; the value is checked before the count
    [
      "lshift",
      light("lshift", (L) => {
        const v = checkInt32(L, 1);
        return pushInt(L, v << checkUint32(L, 2));
      }),
    ],
    // LOGICAL_SHIFT: the value as lua_UInteger (size_t), so zeros come in from the left; the
    // unsigned result goes back through lua_pushinteger, a signed 32-bit lua_Integer
    [
      "rshift",
      light("rshift", (L) => {
        const v = checkUint32(L, 1);
        return pushInt(L, v >>> checkUint32(L, 2));
      }),
    ],
    [
      "arshift",
      light("arshift", (L) => {
        const v = checkInt32(L, 1);
        return pushInt(L, v >> checkUint32(L, 2));
      }),
    ],
    ["bit", light("bit", (L) => pushInt(L, 1 << checkInt32(L, 1)))],
    [
      "set",
      light("set", (L) => {
        let val = checkUint32(L, 1);
        const total = L.nargs;
        for (let i = 2; i <= total; i++) val |= 1 << position(L, i);
        return pushInt(L, val);
      }),
    ],
    [
      "clear",
      light("clear", (L) => {
        let val = checkUint32(L, 1);
        const total = L.nargs;
        for (let i = 2; i <= total; i++) val &= ~(1 << position(L, i));
        return pushInt(L, val);
      }),
    ],
    [
      "isset",
      light("isset", (L) => {
        const val = checkUint32(L, 1);
        L.push((val & (1 << position(L, 2))) !== 0);
        return 1;
      }),
    ],
    [
      "isclear",
      light("isclear", (L) => {
        const val = checkUint32(L, 1);
        L.push((val & (1 << position(L, 2))) === 0);
        return 1;
      }),
    ],
  ],
};
