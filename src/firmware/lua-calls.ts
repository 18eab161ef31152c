// Small pieces of the C API the firmware's C code leans on, for the device and its modules:
// lua.c's traceback message handler, lua_getglobal through _G's metatable, and reading a whole
// file from flash.

import { pcall } from "../lua/calls.js";
import { LuaNative } from "../lua/func.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { index } from "../lua/tm.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import type { FlashFileSystem } from "./flash-fs.js";

/** msghandler (lua.c): the error becomes debug.traceback(msg, 2) when debug.traceback exists. */
export const TRACEBACK_HANDLER = new LuaNative("msghandler", (L) => {
  const debug = getGlobal(L, "debug");
  const tb = debug instanceof LuaTable ? debug.get("traceback") : undefined;
  if (tagOf(tb) === Tag.FUNCTION) {
    const msg = L.arg(1);
    const func = L.top;
    L.push(tb);
    L.push(msg);
    L.push(2);
    pcall(L, func, 1, 0);
    L.stack[L.base] = L.stack[func];
    L.top = L.base + 1;
    return 1;
  }
  L.top = L.base + 1;
  return 1;
});

/** lua_getglobal: through _G's metatable, so ROM entries are found. */
export function getGlobal(L: LuaThread, name: string): LuaValue {
  return index(L, L.env, name, -1);
}

/** A whole file from flash, or undefined when it does not exist. */
export function readWhole(fs: FlashFileSystem, name: string): string | undefined {
  const fd = fs.open(name, "r");
  if (fd === undefined) return undefined;
  let out = "";
  for (;;) {
    const s = fs.read(fd, 4096);
    if (s.length === 0) break;
    out += s;
  }
  fs.close(fd);
  return out;
}
