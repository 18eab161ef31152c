// Functions and upvalues (lfunc.c): Lua closures over a prototype, native (C) functions, and
// upvalues that point into a thread's stack while open and hold their own value once closed.

import type { JitFn } from "./jit.js";
import type { Proto } from "./proto.js";
import type { LuaThread } from "./state.js";
import type { LuaTable } from "./table.js";
import { type LuaValue, nextObjectId, Tag } from "./value.js";

/** An upvalue: open while `stack` is set (the value is stack[index]), closed otherwise. */
export class UpVal {
  value: LuaValue = undefined;
  constructor(
    public stack: LuaValue[] | null,
    public index: number,
  ) {}

  get(): LuaValue {
    return this.stack !== null ? this.stack[this.index] : this.value;
  }

  set(v: LuaValue): void {
    if (this.stack !== null) this.stack[this.index] = v;
    else this.value = v;
  }

  close(): void {
    this.value = this.stack![this.index];
    this.stack = null;
  }
}

export class LuaClosure {
  readonly tag = Tag.FUNCTION;
  readonly id = nextObjectId();
  readonly upvals: UpVal[];
  /** The VM's copy of p.jit once that is decided (the compiled prototype, or null). */
  jit: JitFn | null | undefined = undefined;
  constructor(
    readonly p: Proto,
    public env: LuaTable,
  ) {
    this.upvals = new Array<UpVal>(p.nups);
  }
}

/**
 * A native function. It finds its arguments on the thread's stack between `L.base` and
 * `L.top`, pushes its results and returns how many it pushed, as a lua_CFunction does; or
 * returns YIELD after coroutine.yield has arranged the yield.
 */
export type NativeFn = (L: LuaThread) => number;

export class LuaNative {
  readonly tag = Tag.FUNCTION;
  readonly id = nextObjectId();
  constructor(
    /** The name used in `bad argument #n to 'name'` when the call site gives none. */
    readonly name: string,
    readonly fn: NativeFn,
    public env: LuaTable | undefined = undefined,
    readonly upvalues: LuaValue[] = [],
  ) {}
}
