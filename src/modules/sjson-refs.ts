// Registry references as sjson.c keeps them (luaL_ref / lua_rawgeti / luaL_unref on
// LUA_REGISTRYINDEX): everything a decoder or encoder holds between calls lives in the registry,
// so the collector sees it, and a nil stored is LUA_REFNIL, which reads back as nil.

import type { Firmware } from "../firmware/module.js";
import type { LuaValue } from "../lua/value.js";

export const LUA_NOREF = -2;
export const LUA_REFNIL = -1;

export class Refs {
  constructor(private readonly fw: Firmware) {}

  /** luaL_ref: nil is not stored. */
  ref(v: LuaValue): number {
    return v === undefined ? LUA_REFNIL : this.fw.ref(v);
  }

  /** lua_rawgeti(L, LUA_REGISTRYINDEX, r): the negative refs read registry[-1], [-2]: nil. */
  get(r: number): LuaValue {
    return r > 0 ? this.fw.getRef(r) : undefined;
  }

  /** luaL_unref: the negative refs are ignored. */
  unref(r: number): void {
    if (r > 0) this.fw.unref(r);
  }
}
