// The device's lua_Integer: on the 5.1 float build of NodeMCU it is ptrdiff_t, 32 bits on the
// ESP8266 (app/lua/luaconf.h:174-175). lua_tointeger converts with lua_number2integer, which the
// float build defines as `(lua_Integer)(long long)(d)` (luaconf.h:680-681): the double goes to a
// 64-bit integer first and is then cut to its low 32 bits.
//
// The double -> long long step is gcc's __fixdfdi for xtensa (libgcc's ieee754-df.S, the lx106
// has no FPU). It truncates toward zero and saturates out of range: values at or above 2^63 and
// NaN become 0x7fffffffffffffff, values below -2^63 become 0x8000000000000000. Cut to 32 bits,
// that is -1 for +huge, +inf and NaN, and 0 for -huge and -inf. In range, the low 32 bits of the
// truncated value are exactly JS's ToInt32.
//
// This is deliberately not src/lua/lib/aux.ts's checkInteger, which is the x86-64 host's 64-bit
// ptrdiff_t.

import { checkNumber, toInteger32 } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";

/** lua_number2integer of the device: a double to a signed 32-bit lua_Integer. */
export const toInt32 = toInteger32;

/** luaL_checkinteger on the device (numbers and numeric strings, as lua_tointeger takes them). */
export function checkInt32(L: LuaThread, narg: number): number {
  return toInt32(checkNumber(L, narg));
}

/** luaL_optinteger on the device. */
export function optInt32(L: LuaThread, narg: number, def: number): number {
  return L.arg(narg) === undefined ? def : checkInt32(L, narg);
}

/** luaL_checkunsigned (lauxlib.h:114): the lua_Integer seen as a uint32_t lua_Unsigned. */
export function checkUint32(L: LuaThread, narg: number): number {
  return checkInt32(L, narg) >>> 0;
}
