// The auxiliary library's argument checks and errors (lauxlib.c), with 5.1's messages:
// `bad argument #1 to 'insert' (table expected, got nil)`, `calling 'f' on bad self`, and
// luaL_error's position prefix from the calling Lua function.

import { currentLine, getFuncName, isLuaFrame, shortSource, throwError } from "../debug-info.js";
import { LuaNative, type NativeFn } from "../func.js";
import { formatNumber } from "../numfmt.js";
import { getStack } from "../stack-info.js";
import type { LuaThread } from "../state.js";
import { str2number } from "../str2number.js";
import { LuaTable } from "../table.js";
import { type LuaValue, typeName } from "../value.js";

/** luaL_where(L, 1): `chunk:line: ` of the Lua function that called the running native. */
export function where(L: LuaThread, level: number): string {
  const lv = getStack(L, level);
  if (lv === undefined || lv.tail) return "";
  const ci = L.cis[lv.ci]!;
  if (!isLuaFrame(ci)) return "";
  const line = currentLine(ci);
  return line > 0 ? `${shortSource(ci.fn.p)}:${line}: ` : "";
}

/** luaL_error. */
export function error(L: LuaThread, msg: string): never {
  return throwError(L, where(L, 1) + msg);
}

/** luaL_argerror. */
export function argError(L: LuaThread, narg: number, extramsg: string): never {
  const named = getFuncName(L, L.ciIndex);
  let name = named?.[1];
  if (named?.[0] === "method") {
    narg--;
    if (narg === 0) return error(L, `calling '${name}' on bad self (${extramsg})`);
  }
  if (name === undefined) name = "?";
  return error(L, `bad argument #${narg} to '${name}' (${extramsg})`);
}

/** luaL_typename of an argument: "no value" when absent. */
export function argTypeName(L: LuaThread, narg: number): string {
  return narg > L.nargs ? "no value" : typeName(L.arg(narg));
}

/** luaL_typerror. */
export function typeError(L: LuaThread, narg: number, tname: string): never {
  return argError(L, narg, `${tname} expected, got ${argTypeName(L, narg)}`);
}

export function checkAny(L: LuaThread, narg: number): LuaValue {
  if (narg > L.nargs) argError(L, narg, "value expected");
  return L.arg(narg);
}

export function checkTable(L: LuaThread, narg: number): LuaTable {
  const v = L.arg(narg);
  if (!(v instanceof LuaTable)) return typeError(L, narg, "table");
  return v;
}

/** luaL_checknumber: numbers and numeric strings. */
export function checkNumber(L: LuaThread, narg: number): number {
  const v = L.arg(narg);
  if (typeof v === "number") return v;
  const n = typeof v === "string" ? str2number(v) : undefined;
  if (n === undefined) return typeError(L, narg, "number");
  return n;
}

export function optNumber(L: LuaThread, narg: number, def: number): number {
  const v = L.arg(narg);
  return v === undefined ? def : checkNumber(L, narg);
}

/** lua_Number to lua_Integer (ptrdiff_t) as x86-64's truncating conversion does. */
export function toInteger(n: number): number {
  if (Number.isNaN(n) || n >= 2 ** 63 || n < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(n);
}

/**
 * lua_number2integer of a 32-bit lua_Integer as NodeMCU's float build defines it,
 * `(lua_Integer)(long long)(d)` (app/lua/luaconf.h:680-681): truncated to 64 bits by gcc's
 * saturating __fixdfdi (NaN and values at or above 2^63 give INT64_MAX, those below -2^63
 * INT64_MIN), then cut to the low 32 bits.
 */
export function toInteger32(n: number): number {
  if (Number.isNaN(n) || n >= 2 ** 63) return -1;
  if (n < -(2 ** 63)) return 0;
  return n | 0;
}

/** luaL_checkinteger, at the state's lua_Integer width. */
export function checkInteger(L: LuaThread, narg: number): number {
  const n = checkNumber(L, narg);
  return L.G.integerBits === 32 ? toInteger32(n) : toInteger(n);
}

export function optInteger(L: LuaThread, narg: number, def: number): number {
  const v = L.arg(narg);
  return v === undefined ? def : checkInteger(L, narg);
}

/** luaL_checkint: luaL_checkinteger cut to a C int (its low 32 bits). */
export function checkInt(L: LuaThread, narg: number): number {
  return checkInteger(L, narg) | 0;
}

/** luaL_optint. */
export function optInt(L: LuaThread, narg: number, def: number): number {
  return optInteger(L, narg, def) | 0;
}

/** luaL_checklstring: strings, and numbers converted with `%.14g`. */
export function checkString(L: LuaThread, narg: number): string {
  const v = L.arg(narg);
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return typeError(L, narg, "string");
}

export function optString(L: LuaThread, narg: number, def: string): string {
  const v = L.arg(narg);
  return v === undefined ? def : checkString(L, narg);
}

/** lua_tostring: strings and numbers; undefined for the rest. */
export function toStr(v: LuaValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return undefined;
}

/** Registers native functions in a table, each named as luaL_register names them. */
export function register(t: LuaTable, fns: Record<string, NativeFn>): void {
  for (const [name, fn] of Object.entries(fns)) t.set(name, new LuaNative(name, fn));
}
