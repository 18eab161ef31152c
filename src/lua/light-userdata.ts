// Light userdata (lua_pushlightuserdata): a bare C pointer as a Lua value. Standard Lua 5.1 code
// never makes one; firmware modules do (sjson decodes JSON null as the NULL pointer). It is a
// value, not a heap object: it costs no memory, has no metatable of its own (all light userdata
// share the per-type one, as lua_setmetatable gives), and two are raw-equal when their addresses
// are, which holds here because there is one object per address.

import { Tag } from "./value.js";

export class LightUserdata {
  readonly tag = Tag.LIGHTUSERDATA;
  /** hashpointer() hashes the pointer itself, so the address is the key hash. */
  readonly id: number;
  private constructor(readonly address: number) {
    this.id = address;
  }

  private static readonly byAddress = new Map<number, LightUserdata>();

  /** lua_pushlightuserdata(L, p): the one value for address `p`. */
  static of(address: number): LightUserdata {
    let v = LightUserdata.byAddress.get(address);
    if (v === undefined) LightUserdata.byAddress.set(address, (v = new LightUserdata(address)));
    return v;
  }
}

/** lua_pushlightuserdata(L, NULL). */
export const LIGHT_NULL = LightUserdata.of(0);
