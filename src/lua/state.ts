// Lua states (lstate.c): the global state shared by all threads of one Lua universe, and the
// threads (coroutines), each with its own value stack and call-info list (DESIGN.md
// "Execution": Lua-to-Lua calls never recurse on the JS stack).

import type { ParseOptions } from "./compile.js";
import type { LuaClosure, LuaNative, UpVal } from "./func.js";
import { Heap } from "./gc.js";
import type { Proto } from "./proto.js";
import { LuaTable } from "./table.js";
import { type LuaFunction, type LuaValue, nextObjectId, Tag } from "./value.js";

/** luaconf.h limits. */
export const LUAI_MAXCALLS = 20000;
export const LUAI_MAXCCALLS = 200;
export const LUAI_MAXCSTACK = 8000;
export const LUA_MINSTACK = 20;
export const MULTRET = -1;

/** A Lua error in flight: the error value, as lua_error carries it. */
export class LuaError extends Error {
  constructor(
    readonly value: LuaValue,
    /** luaD_throw's status: a run-time error, or an error in the error handler. */
    readonly status: "run" | "err" | "mem" = "run",
  ) {
    super(typeof value === "string" ? value : `(error object is a ${typeof value} value)`);
  }
}

/** One activation record (lstate.h `CallInfo`). */
export class CallInfo {
  /** Stack index of the called function. */
  func = 0;
  /** First register / argument. */
  base = 0;
  /** Top of the frame's stack (for Lua functions base + maxstacksize). */
  top = 0;
  /** Next instruction to run (Lua functions). */
  savedpc = 0;
  /** Results wanted by the caller (MULTRET for all). */
  nresults = 0;
  /** Tail calls lost below this frame (shown as "(tail call)" in tracebacks). */
  tailcalls = 0;
  fn: LuaClosure | LuaNative | undefined = undefined;
  /** The frame was entered from JS (luaD_call): its return leaves the interpreter loop. */
  entry = false;
}

export const enum ThreadStatus {
  OK = 0,
  YIELD = 1,
  DEAD = 2,
}

/** Everything the threads of one Lua universe share (lstate.h `global_State`). */
export class LuaGlobal {
  readonly registry = new LuaTable();
  /** Metatables of the non-table types, indexed by type tag (string's is set by the string library). */
  readonly typeMetatables: (LuaTable | undefined)[] = new Array(9).fill(undefined);
  mainThread!: LuaThread;
  /** The heap's books and the collector (gc.ts): g->totalbytes, GCthreshold, the string table... */
  readonly heap = new Heap();
  /**
   * The instruction budget (DESIGN.md "Execution"): VM instructions left before onBudget runs.
   * The VM charges a loop body's length at each jump back and a fixed cost per Lua call, so a
   * program cannot run without being charged; onBudget (the firmware's clock and watchdog) sets a
   * new budget or throws to stop the program. Infinity when nobody is counting.
   */
  budget = Number.POSITIVE_INFINITY;
  /** How load/loadstring/loadfile compile (NodeMCU's limits), and what happens to the result (its strip level). */
  parseOptions: ParseOptions = {};
  /** Width of lua_Integer (ptrdiff_t): 64 on the x86-64 host, 32 on the ESP8266. */
  integerBits: 32 | 64 = 64;
  afterCompile: ((p: Proto) => void) | undefined = undefined;
  onBudget: ((L: LuaThread) => void) | undefined = undefined;
}

export class LuaThread {
  readonly tag = Tag.THREAD;
  readonly id = nextObjectId();
  readonly stack: LuaValue[] = [];
  top = 0;
  readonly cis: CallInfo[] = [];
  /** Index of the current CallInfo in `cis`. */
  ciIndex = 0;
  /** Size of 5.1's CallInfo array (BASIC_CI_SIZE 8, doubled by growCI): the depth limit. */
  ciSize = 8;
  /** Open upvalues, sorted by stack index, lowest first (lfunc.c openupval, reversed). */
  openUpvals: UpVal[] = [];
  /** Nested native-to-Lua calls (C calls) in progress. */
  nCcalls = 0;
  /** nCcalls when this coroutine was resumed: a yield needs nCcalls == baseCcalls. */
  baseCcalls = 0;
  status: ThreadStatus = ThreadStatus.OK;
  /** Stack index of the error handler function (xpcall), or 0. */
  errfunc = 0;
  /** Environment of the thread (getfenv(0)). */
  env: LuaTable;
  /** The function a coroutine runs until it is first resumed. */
  pending: LuaFunction | undefined = undefined;
  /** Hooks (debug.sethook). */
  hook: LuaFunction | undefined = undefined;
  hookMask = 0;
  hookCount = 0;
  baseHookCount = 0;
  allowHook = true;

  constructor(
    readonly G: LuaGlobal,
    env: LuaTable,
  ) {
    this.env = env;
    for (let i = 0; i < 8; i++) this.cis.push(new CallInfo());
    // the base frame stands for the host calling into Lua (like the C function around lua.c)
    const ci = this.cis[0]!;
    ci.func = 0;
    ci.base = 1;
    ci.top = 1 + LUA_MINSTACK;
    this.stack.push(undefined);
    this.top = 1;
    this.ensure(LUA_MINSTACK * 2);
  }

  get ci(): CallInfo {
    return this.cis[this.ciIndex]!;
  }

  /** Base of the current frame: where a native function's arguments start. */
  get base(): number {
    return this.cis[this.ciIndex]!.base;
  }

  /** Makes sure stack slots up to `size` exist (luaD_checkstack). */
  ensure(size: number): void {
    const s = this.stack;
    while (s.length < size) s.push(undefined);
  }

  push(v: LuaValue): void {
    if (this.top >= this.stack.length) this.stack.push(v);
    else this.stack[this.top] = v;
    this.top++;
  }

  /** Number of arguments of the running native function. */
  get nargs(): number {
    return this.top - this.cis[this.ciIndex]!.base;
  }

  /** Argument n (1-based) of the running native function; undefined when absent. */
  arg(n: number): LuaValue {
    const i = this.cis[this.ciIndex]!.base + n - 1;
    return i < this.top ? this.stack[i] : undefined;
  }
}
