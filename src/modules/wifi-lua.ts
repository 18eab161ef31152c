// The Lua API calls wifi.c makes on its arguments and results: lua_getfield (with __index),
// lua_isnumber/lua_isstring (which take numeric strings and numbers), lua_tointeger of the
// device's 32-bit lua_Integer, and the result tables (wifi_common.c's wifi_add_*_field).

import { chargeString, chargeTable } from "../lua/gc.js";
import { toStr } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { LuaTable } from "../lua/table.js";
import { index } from "../lua/tm.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { toInt32 } from "./int32.js";

/** lua_getfield(L, idx, key) of a table argument. */
export const field = (L: LuaThread, t: LuaValue, key: string): LuaValue => index(L, t, key, -1);

export const isNumber = (v: LuaValue): boolean =>
  typeof v === "number" || (typeof v === "string" && str2number(v) !== undefined);

export const isString = (v: LuaValue): boolean => typeof v === "string" || typeof v === "number";

export const isFunction = (v: LuaValue): boolean => tagOf(v) === Tag.FUNCTION;

/** lua_tointeger on the device: 0 for what is not a number. */
export function intOf(v: LuaValue): number {
  const n = typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;
  return n === undefined ? 0 : toInt32(n);
}

/** lua_tolstring of a value lua_isstring accepted. */
export const strOf = (v: LuaValue): string => toStr(v) ?? "";

/** A new table with these fields set in this order (lua_newtable, then lua_setfield each). */
export function newTable(L: LuaThread, fields: readonly (readonly [string | number, LuaValue])[]): LuaTable {
  const t = new LuaTable();
  chargeTable(L, t);
  for (const [k, v] of fields) {
    if (typeof v === "string") chargeString(L, v);
    t.set(k, v);
  }
  return t;
}
