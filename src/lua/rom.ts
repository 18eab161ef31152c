// Read-only tables in flash (NodeMCU's ROTables, app/lua/lrotable.c, ltable.c:637-670): the
// module tables, the string metatable and ROM itself. They cost no RAM, refuse every store with
// `table is readonly`, hide from getmetatable/setmetatable (5.1 lapi.c ignores setmetatable on
// them), and `next` walks them in the order of their declaration list (ltable.c:169-174).

import { LuaNative, type NativeFn } from "./func.js";
import { LuaTable, LuaTableError } from "./table.js";
import type { LuaValue } from "./value.js";

/**
 * The metatable every ROM table carries. It is empty, so no metamethod is ever found, but its
 * presence sends stores off the VM's plain-table fast paths to setIndex, which refuses them with
 * the position of the store.
 */
export const ROM_METATABLE = new LuaTable();

/** An entry value standing for the ROM table being built (strlib's __index, ROM.ROM). */
export const ROM_SELF = new LuaTable();

export type RomEntry = readonly [key: string, value: LuaValue];

export class RomTable extends LuaTable {
  private readonly romOrder: LuaValue[] = [];
  private readonly romIndex = new Map<LuaValue, number>();
  private sealed = false;

  constructor(entries: readonly RomEntry[]) {
    super(0, entries.length);
    for (const [key, value] of entries) {
      if (value === undefined || this.romIndex.has(key)) continue;
      this.romIndex.set(key, this.romOrder.length);
      this.romOrder.push(key);
      super.set(key, value === ROM_SELF ? this : value);
    }
    this.metatable = ROM_METATABLE;
    this.sealed = true;
  }

  override set(key: LuaValue, value: LuaValue): void {
    if (this.sealed) throw new LuaTableError("table is readonly");
    super.set(key, value);
  }

  override setStr(s: string, value: LuaValue, h?: number): void {
    if (this.sealed) throw new LuaTableError("table is readonly");
    super.setStr(s, value, h);
  }

  override setInt(k: number, value: LuaValue): void {
    if (this.sealed) throw new LuaTableError("table is readonly");
    super.setInt(k, value);
  }

  override next(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const i = this.after(key);
    if (i >= this.romOrder.length) return undefined;
    const k = this.romOrder[i];
    return [k, this.get(k)];
  }

  override nextInto(key: LuaValue, dst: LuaValue[], at: number): boolean {
    const i = this.after(key);
    if (i >= this.romOrder.length) return false;
    const k = this.romOrder[i];
    dst[at] = k;
    dst[at + 1] = this.get(k);
    return true;
  }

  /** Index in the declaration order of the entry after `key`. */
  private after(key: LuaValue): number {
    if (key === undefined) return 0;
    const i = this.romIndex.get(key);
    if (i === undefined) throw new LuaTableError("invalid key to 'next'");
    return i + 1;
  }
}

/**
 * A C function in a ROM table (a "light function"): a value, not a heap object, so it costs no
 * RAM wherever it is stored.
 */
export class LightFunction extends LuaNative {}

/** A light function named as luaL_register would name it. */
export const light = (name: string, fn: NativeFn): LightFunction => new LightFunction(name, fn);
