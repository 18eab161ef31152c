// The lua_is* tests the C modules make on their arguments (lapi.c): lua_isnumber takes numeric
// strings, lua_isstring takes numbers, and luaL_checkudata names the expected metatable.

import { typeError } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { LuaUserdata, type LuaValue, Tag, tagOf } from "../lua/value.js";

export const isNumber = (v: LuaValue): boolean =>
  typeof v === "number" || (typeof v === "string" && str2number(v) !== undefined);

export const isString = (v: LuaValue): boolean => typeof v === "string" || typeof v === "number";

export const isFunction = (v: LuaValue): boolean => tagOf(v) === Tag.FUNCTION;

/** luaL_checkudata(L, narg, tname): the userdata's C side. */
export function checkUdata<T>(L: LuaThread, narg: number, tname: string): T {
  const v = L.arg(narg);
  if (v instanceof LuaUserdata && v.metatable !== undefined && v.metatable === L.G.registry.get(tname)) {
    return v.data as T;
  }
  return typeError(L, narg, tname);
}
