// Heap accounting and the garbage collector (lgc.c, lstring.c, lfunc.c, lmem.c of Lua 5.1.5), as
// DESIGN.md "Memory" asks: every object is charged what it costs in a 32-bit Lua 5.1, the
// collector is a real mark phase over the Lua object graph, and `collectgarbage("count")` reports
// what a 32-bit lua5.1 would report. JS's own GC reclaims the memory; this module keeps the books.
//
// How 5.1's incremental collector is modelled:
//
// - The phases, the pacing and the trigger points are 5.1's: a collection step runs when
//   totalBytes reaches the threshold (luaC_checkGC), each step does (GCSTEPSIZE/100)*stepmul units
//   of work, the debt and the next threshold are computed as luaC_step computes them, and at the
//   end of a cycle threshold = estimate/100*pause. The work of the propagate phase is the
//   traversal size of the previous cycle's live objects; the sweep phase costs 10 per string-table
//   bucket and per object, as GCSWEEPCOST does; each finalizer 100.
// - The marking itself is done in one go at the end of the propagate phase (5.1's `atomic`), on
//   the graph as it is then. So objects that die during the propagate phase are not kept as
//   floating garbage, which 5.1 may do. Memory found dead is given back during the sweep phase in
//   proportion to the sweep work done; at the end of the sweep the string table and the
//   concatenation buffer shrink as checkSizes shrinks them.
// - A full collection (collectgarbage("collect"), emergency collections) is luaC_fullgc.
//
// After a full collection totalBytes is exactly the live size: the sum of the 32-bit sizes of the
// reachable objects, the distinct reachable strings, the string table, the buffer, the threads'
// stacks and CallInfo arrays and global_State. Between collections the allocation sites charge
// what they allocate; what they miss is found by the next collection.
//
// Sizes (32-bit lobject.h/lstate.h, checked against a 32-bit build): Table 32, TValue 12, Node 28,
// TString 16 + len + 1, Udata 20 + len, LClosure 20 + 4 per upvalue, CClosure 20 + 12 per upvalue,
// UpVal 24, Proto 76 (+ its vectors), LocVar 12, lua_State 112, CallInfo 24, global_State 236.

import { call } from "./calls.js";
import { LuaClosure, type LuaNative, type UpVal } from "./func.js";
import type { Proto } from "./proto.js";
import { LightFunction, RomTable } from "./rom.js";
import { LUAI_MAXCALLS, LuaError, type LuaThread } from "./state.js";
import { type LuaTable, setResizeHook } from "./table.js";
import { LuaUserdata, type LuaValue, Tag } from "./value.js";

// ---------------------------------------------------------------------------------------------
// 32-bit sizes

export const SIZEOF_GLOBAL_STATE = 236;
export const SIZEOF_LUA_STATE = 112;
export const SIZEOF_CALLINFO = 24;
export const SIZEOF_TVALUE = 12;
export const SIZEOF_TSTRING = 16;
export const SIZEOF_UDATA = 20;
export const SIZEOF_CLOSURE = 20;
export const SIZEOF_UPVAL = 24;
export const SIZEOF_PROTO = 76;
export const SIZEOF_LOCVAR = 12;
export const SIZEOF_PTR = 4;

/** lstate.h: BASIC_STACK_SIZE + EXTRA_STACK slots and BASIC_CI_SIZE CallInfos for a new thread. */
export const BASIC_STACK_SLOTS = 45;
export const BASIC_CI_SIZE = 8;
const EXTRA_STACK = 5;
/** llimits.h. */
export const MINSTRTABSIZE = 32;
export const LUA_MINBUFFER = 32;
/** lgc.c. */
const GCSTEPSIZE = 1024;
const GCSWEEPCOST = 10;
const GCFINALIZECOST = 100;
/** llimits.h MAX_LUMEM for a 32-bit lu_mem: the threshold of a stopped collector. */
export const MAX_LUMEM = 0xfffffffd;

/** The memory-error message (MEMERRMSG), the value of an out-of-memory error. */
export const MEMERRMSG = "not enough memory";

/** What a string costs: sizestring (TString header + bytes + the terminating zero). */
export const stringBytes = (s: string): number => SIZEOF_TSTRING + s.length + 1;

/** What a userdata with a payload of `size` bytes costs (sizeudata). */
export const userdataBytes = (size: number): number => SIZEOF_UDATA + size;

/** sizeLclosure(n). */
export const luaClosureBytes = (nups: number): number => SIZEOF_CLOSURE + SIZEOF_PTR * nups;

/** sizeCclosure(n). */
export const nativeBytes = (nups: number): number => SIZEOF_CLOSURE + SIZEOF_TVALUE * nups;

/** A thread with a stack of `stackSlots` TValues and `ciSize` CallInfos. */
export const threadBytes = (stackSlots: number, ciSize: number): number =>
  SIZEOF_LUA_STATE + SIZEOF_TVALUE * stackSlots + SIZEOF_CALLINFO * ciSize;

/** A new coroutine (luaE_newthread + stack_init): 844 bytes. */
export const NEW_THREAD_BYTES = threadBytes(BASIC_STACK_SLOTS, BASIC_CI_SIZE);

/** A prototype and its vectors, as luaF_freeproto frees them (not its strings or nested protos). */
export function protoBytes(p: Proto): number {
  return (
    SIZEOF_PROTO +
    4 * p.code.length +
    SIZEOF_PTR * p.p.length +
    SIZEOF_TVALUE * p.k.length +
    4 * p.lineInfo.length +
    SIZEOF_LOCVAR * p.locVars.length +
    SIZEOF_PTR * p.upvalues.length
  );
}

/**
 * The strings 5.1 creates at start-up and fixes (never collected): the reserved words (luaX_init),
 * the metamethod names (luaT_init) and the memory-error message.
 */
// biome-ignore format: a table
export const FIXED_STRINGS: readonly string[] = [
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local",
  "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
  "__index", "__newindex", "__gc", "__mode", "__eq", "__add", "__sub", "__mul", "__div", "__mod",
  "__pow", "__unm", "__len", "__lt", "__le", "__concat", "__call",
  MEMERRMSG,
];

// ---------------------------------------------------------------------------------------------

/** NodeMCU's emergency GC modes (node.egc.*; app/lua/lua.h). */
export const enum EgcMode {
  NOT_ACTIVE = 0,
  ON_ALLOC_FAILURE = 1,
  ON_MEM_LIMIT = 2,
  ALWAYS = 4,
}

/** lgc.h gcstate (the two sweep states are one here). */
export const enum GcState {
  PAUSE = 0,
  PROPAGATE = 1,
  SWEEP = 2,
  FINALIZE = 3,
}

/** The stack size 5.1 would have given a thread (it grows by doubling and shrinks at collections). */
interface StackBooks {
  slots: number;
  /** Length of the thread's JS stack when last looked at (it only grows). */
  seen: number;
}

/** What one mark (atomic) found. */
export interface MarkStats {
  /** Live bytes: everything that survives, with the string table, buffer and global_State. */
  live: number;
  /** Bytes of the marked strings. */
  stringBytes: number;
  /** Number of marked strings (the string table's nuse after the sweep). */
  strings: number;
  /** Number of other marked objects. */
  objects: number;
  /** Propagation work (tables, closures, threads, prototypes traversed): the next cycle's mark work. */
  work: number;
  /** Userdata put in the finalization queue by this mark. */
  separated: number;
}

/**
 * The heap of one Lua universe (the memory fields of 5.1's global_State), its collector and the
 * memory limit of the device.
 */
export class Heap {
  /** g->totalbytes: what a 32-bit 5.1 would have allocated now. */
  totalBytes = 0;
  /** g->GCthreshold: a collection step runs when totalBytes reaches it. */
  threshold = 0;
  /** g->estimate: the live size as the last cycle estimated it. */
  estimate = 0;
  /** g->gcdept. */
  debt = 0;
  /** g->gcpause, percent. */
  pause = 200;
  /** g->gcstepmul, percent. */
  stepmul = 200;
  private limitBytes = Number.POSITIVE_INFINITY;
  /**
   * NodeMCU EGC mode and its limit. ON_MEM_LIMIT collects before an allocation would take
   * totalBytes over egcLimit, or, for a negative egcLimit, would leave less than -egcLimit bytes
   * of `limit` free.
   */
  private mode: number = EgcMode.ON_ALLOC_FAILURE;
  private modeLimit = 0;
  /** Allocations that take totalBytes above this take the slow path (EGC checks, the limit). */
  private slowAbove = Number.POSITIVE_INFINITY;

  state: GcState = GcState.PAUSE;
  /** Number of finished cycles. */
  cycles = 0;
  /** What the last mark found. */
  last: MarkStats | undefined = undefined;

  /** Interned strings (g->strt): each distinct string value once; includes dead ones until swept. */
  strings = new Set<string>(FIXED_STRINGS);
  /** g->strt.size. */
  strtSize = MINSTRTABSIZE;
  /** g->buff size (the concatenation buffer). */
  buffSize = 0;
  /** Userdata that can be finalized, oldest first (5.1's udata list, newest first, reversed). */
  readonly udata = new Set<LuaUserdata>();
  /** Userdata already separated for finalization once (FINALIZEDBIT). */
  readonly finalized = new WeakSet<LuaUserdata>();
  /** g->tmudata: userdata whose __gc is still to be called, first first. */
  readonly tmudata: LuaUserdata[] = [];
  private readonly stacks = new WeakMap<LuaThread, StackBooks>();

  /** Work left in the current phase (propagate, sweep). */
  private workLeft = 0;
  /** Sweep work of the current sweep phase and the memory it frees. */
  private sweepWork = 0;
  private pendingFree = 0;
  /** Objects charged since the last mark (for the sweep work). */
  private allocated = 0;
  /** Marked objects of an emergency collection, while its allocation looks at them. */
  private lastMarked: Set<unknown> | undefined = undefined;
  private keepMarks = false;
  /** A mark is in progress (no allocation may collect). */
  private marking = false;

  /** lua_gc(LUA_GCSTOP/RESTART): whether automatic collection is on. */
  get running(): boolean {
    return this.threshold < MAX_LUMEM;
  }

  /** The allocator fails beyond this many bytes (the device's heap for Lua); Infinity for none. */
  get limit(): number {
    return this.limitBytes;
  }

  set limit(bytes: number) {
    this.limitBytes = bytes;
    this.updateSlowPath();
  }

  get egcMode(): number {
    return this.mode;
  }

  get egcLimit(): number {
    return this.modeLimit;
  }

  /** node.egc.setmode(mode, limit): NodeMCU's emergency collection policy (EgcMode bits). */
  setEmergencyMode(mode: number, limit = 0): void {
    this.mode = mode;
    this.modeLimit = limit;
    this.updateSlowPath();
  }

  private updateSlowPath(): void {
    let at = this.limitBytes;
    if (this.mode & EgcMode.ALWAYS) at = Number.NEGATIVE_INFINITY;
    else if (this.mode & EgcMode.ON_MEM_LIMIT) at = Math.min(at, this.memLimit());
    this.slowAbove = at;
  }

  /** The ON_MEM_LIMIT level in bytes of totalBytes. */
  private memLimit(): number {
    if (this.modeLimit > 0) return this.modeLimit;
    if (this.modeLimit < 0) return this.limitBytes + this.modeLimit;
    return Number.POSITIVE_INFINITY;
  }

  stop(): void {
    this.threshold = MAX_LUMEM;
  }

  restart(): void {
    this.threshold = this.totalBytes;
  }

  /** setthreshold. */
  private setThreshold(): void {
    this.threshold = Math.floor(this.estimate / 100) * this.pause;
  }

  // -------------------------------------------------------------------------------------------
  // Allocation

  /**
   * Before an allocation of `bytes`: the collections NodeMCU's allocator runs (EGC modes) and the
   * out-of-memory error when the heap cannot hold it. True when a collection ran.
   */
  private reserve(L: LuaThread, bytes: number, finalize: boolean): boolean {
    if (this.marking) {
      if (bytes > 0 && this.totalBytes + bytes > this.limitBytes) throw new LuaError(MEMERRMSG, "mem");
      return false;
    }
    let collected = false;
    if (
      this.mode & EgcMode.ALWAYS ||
      (this.mode & EgcMode.ON_MEM_LIMIT && this.totalBytes + bytes > this.memLimit())
    ) {
      this.fullGC(L, finalize);
      collected = true;
    }
    if (bytes > 0 && this.totalBytes + bytes > this.limitBytes) {
      if (!collected && this.mode & EgcMode.ON_ALLOC_FAILURE) {
        this.fullGC(L, finalize);
        collected = true;
      }
      if (this.totalBytes + bytes > this.limitBytes) throw new LuaError(MEMERRMSG, "mem");
    }
    return collected;
  }

  /**
   * Charges `bytes` for the new object `obj` (or for memory of no object of its own). A collection
   * run on the way counts `obj` itself if it is already reachable; then it is not charged again.
   */
  allocate(L: LuaThread, bytes: number, obj?: unknown): void {
    current = L;
    this.allocated++;
    if (this.totalBytes + bytes > this.slowAbove) {
      this.keepMarks = obj !== undefined;
      let collected: boolean;
      try {
        collected = this.reserve(L, bytes, true);
      } finally {
        this.keepMarks = false;
      }
      const marked = this.lastMarked;
      this.lastMarked = undefined;
      if (collected && marked?.has(obj)) return;
    }
    this.totalBytes += bytes;
  }

  /** Grows or shrinks an existing object (a table resize): no finalizers may run meanwhile. */
  resize(L: LuaThread, delta: number): void {
    if (delta > 0 && this.totalBytes + delta > this.slowAbove) this.reserve(L, delta, false);
    this.totalBytes += delta;
  }

  /** Interns a string (luaS_newlstr): charged once per distinct value; grows the string table. */
  internString(L: LuaThread, s: string): void {
    const n = this.strings.size;
    if (this.strings.add(s).size !== n) this.newString(L, s);
  }

  /** Charges a string just added to `strings` (newlstr), growing the string table when full. */
  newString(L: LuaThread, s: string): void {
    const bytes = stringBytes(s);
    current = L;
    if (this.totalBytes + bytes > this.slowAbove) {
      this.strings.delete(s); // not made yet: a collection now must not count it
      this.reserve(L, bytes, true);
      const n = this.strings.size;
      if (this.strings.add(s).size === n) return; // a collection found it reachable
    }
    this.totalBytes += bytes;
    if (this.strings.size > this.strtSize) {
      // luaS_resize to twice the size: a new bucket array, the old one freed
      this.totalBytes += SIZEOF_PTR * this.strtSize;
      this.strtSize *= 2;
    }
  }

  /** luaZ_openspace on g->buff (luaV_concat, lua_pushfstring): the buffer grows to n bytes. */
  openBuffer(L: LuaThread, n: number): void {
    if (n <= this.buffSize) return;
    if (n < LUA_MINBUFFER) n = LUA_MINBUFFER;
    this.allocate(L, n - this.buffSize);
    this.buffSize = n;
  }

  /** Books of a thread's stack (created with a new thread's size). */
  private stackBooks(th: LuaThread): StackBooks {
    let b = this.stacks.get(th);
    if (b === undefined) {
      b = { slots: BASIC_STACK_SLOTS, seen: th.stack.length };
      this.stacks.set(th, b);
    }
    return b;
  }

  /** Registers a new userdata so that it can be finalized (luaS_newudata links it). */
  registerUserdata(u: LuaUserdata): void {
    this.udata.add(u);
  }

  // -------------------------------------------------------------------------------------------
  // The collector's phases

  /** luaC_step: one increment of work, paid for by the allocation debt. */
  step(L: LuaThread): void {
    current = L;
    let lim = Math.floor(GCSTEPSIZE / 100) * this.stepmul;
    if (lim === 0) lim = Number.POSITIVE_INFINITY;
    this.debt += this.totalBytes - this.threshold;
    do {
      lim -= this.singleStep(L, lim, true);
      if (this.state === GcState.PAUSE) break;
    } while (lim > 0);
    if (this.state !== GcState.PAUSE) {
      if (this.debt < GCSTEPSIZE) this.threshold = this.totalBytes + GCSTEPSIZE;
      else {
        this.debt -= GCSTEPSIZE;
        this.threshold = this.totalBytes;
      }
    } else this.setThreshold();
  }

  /** singlestep: at most `budget` units of work of the current phase; returns the work done. */
  private singleStep(L: LuaThread, budget: number, finalize: boolean): number {
    switch (this.state) {
      case GcState.PAUSE:
        // markroot: a new cycle, whose mark work is what the last one traversed
        this.workLeft = this.last?.work ?? this.estimate;
        this.state = GcState.PROPAGATE;
        return 0;
      case GcState.PROPAGATE: {
        if (this.workLeft > 0) {
          const w = Math.min(this.workLeft, Math.max(budget, 1));
          this.workLeft -= w;
          return w;
        }
        this.atomic(L);
        return 0;
      }
      case GcState.SWEEP: {
        if (this.workLeft > 0) {
          const w = Math.min(this.workLeft, Math.max(budget, 1));
          this.free((this.pendingFree * w) / this.workLeft);
          this.workLeft -= w;
          return w;
        }
        this.free(this.pendingFree);
        this.checkSizes();
        this.state = GcState.FINALIZE;
        return 0;
      }
      default: {
        if (this.tmudata.length > 0 && finalize) {
          this.callFinalizer(L);
          if (this.estimate > GCFINALIZECOST) this.estimate -= GCFINALIZECOST;
          return GCFINALIZECOST;
        }
        if (this.tmudata.length === 0) {
          this.state = GcState.PAUSE;
          this.debt = 0;
          this.cycles++;
        }
        return 0;
      }
    }
  }

  /** Gives back memory found dead (a sweep step). */
  private free(bytes: number): void {
    const b = Math.round(bytes);
    this.totalBytes -= b;
    this.estimate -= b;
    this.pendingFree -= b;
  }

  /** checkSizes: the string table and the buffer shrink when mostly unused. */
  private checkSizes(): void {
    if (this.strings.size < Math.floor(this.strtSize / 4) && this.strtSize > MINSTRTABSIZE * 2) {
      const half = this.strtSize / 2;
      this.totalBytes -= SIZEOF_PTR * half;
      this.estimate -= SIZEOF_PTR * half;
      this.strtSize = half;
    }
    if (this.buffSize > LUA_MINBUFFER * 2) {
      const half = Math.floor(this.buffSize / 2);
      this.totalBytes -= this.buffSize - half;
      this.estimate -= this.buffSize - half;
      this.buffSize = half;
    }
  }

  /**
   * luaC_fullgc: finishes a pending sweep, then runs a whole cycle. With `finalize` false, the
   * finalizers it finds are left for the next step (a collection inside an allocation that
   * cannot call Lua).
   */
  fullGC(L: LuaThread, finalize = true): void {
    current = L;
    if (this.state <= GcState.PROPAGATE) {
      // back to a sweep that frees nothing (everything is still of the current white)
      this.state = GcState.SWEEP;
      this.workLeft = 0;
      this.pendingFree = 0;
    }
    while (this.state !== GcState.FINALIZE) this.singleStep(L, Number.POSITIVE_INFINITY, finalize);
    this.state = GcState.PAUSE;
    this.singleStep(L, 0, finalize); // markroot
    this.workLeft = 0;
    while (this.state !== GcState.PAUSE) {
      this.singleStep(L, Number.POSITIVE_INFINITY, finalize);
      if (!finalize && this.state === GcState.FINALIZE && this.tmudata.length > 0) break;
    }
    this.setThreshold();
  }

  /** GCTM: calls the __gc metamethod of the first userdata of the finalization queue. */
  private callFinalizer(L: LuaThread): void {
    const u = this.tmudata.shift()!;
    this.udata.add(u); // back to the list of all userdata, as the newest
    const tm = u.metatable?.getStr("__gc");
    if (tm === undefined) return;
    const oldAllowHook = L.allowHook;
    const oldThreshold = this.threshold;
    L.allowHook = false;
    this.threshold = 2 * this.totalBytes; // no collection steps meanwhile
    const top = L.top;
    L.ensure(top + 2);
    L.stack[top] = tm;
    L.stack[top + 1] = u;
    L.top = top + 2;
    call(L, top, 0); // an error propagates, as luaD_call lets it
    L.allowHook = oldAllowHook;
    this.threshold = oldThreshold;
  }

  // -------------------------------------------------------------------------------------------
  // The mark (atomic): everything reachable now, weak tables, finalization

  /** The end of the propagate phase: marks the whole graph, clears weak tables, separates udata. */
  private atomic(L: LuaThread): void {
    const totalBefore = this.totalBytes;
    const m = new Marker(this);
    this.marking = true;
    try {
      const G = L.G;
      m.markObject(G.mainThread);
      m.markObject(G.mainThread.env);
      m.markObject(G.registry);
      for (const mt of G.typeMetatables) if (mt !== undefined) m.markObject(mt);
      m.markObject(L);
      m.propagate();
      // separate the unreachable userdata that have a __gc (newest first)
      const all = [...this.udata];
      let udsize = 0;
      for (let i = all.length - 1; i >= 0; i--) {
        const u = all[i]!;
        if (m.objects.has(u)) continue;
        this.udata.delete(u); // swept, or moved to the finalization queue
        if (this.finalized.has(u)) continue;
        this.finalized.add(u);
        if (u.metatable?.getStr("__gc") !== undefined) {
          udsize += userdataBytes(u.size);
          this.tmudata.push(u);
        }
      }
      // marktmu: userdata being finalized keep everything they reach alive for this cycle
      const workBefore = m.work;
      for (const u of this.tmudata) m.markObject(u);
      m.propagate();
      udsize += m.work - workBefore;
      m.clearWeakTables();
      // the string table after the sweep (grown as the making of strings not charged would have
      // grown it), and the live size
      this.strings = m.strings;
      while (this.strings.size > this.strtSize) this.strtSize *= 2;
      const stats = m.stats(this.strtSize, this.buffSize);
      stats.separated = this.tmudata.length;
      this.last = stats;
      if (this.keepMarks) this.lastMarked = m.objects;
      // the unreachable userdata are swept (without a __gc they were marked finalized above)
      this.estimate = totalBefore - udsize;
      this.pendingFree = totalBefore - stats.live;
      this.sweepWork = GCSWEEPCOST * (this.strtSize + stats.objects + this.allocated);
      this.workLeft = this.sweepWork;
      this.allocated = 0;
      this.state = GcState.SWEEP;
    } finally {
      this.marking = false;
    }
  }

  /** Charges a thread's stack books at a traversal (traversestack + checkstacksizes). */
  traverseThreadBooks(th: LuaThread): number {
    const b = this.stackBooks(th);
    let lim = th.top;
    for (let i = 0; i <= th.ciIndex; i++) {
      const t = th.cis[i]!.top;
      if (t > lim) lim = t;
    }
    // the stack must have held what the thread needs now (ci->top <= stack_last), and what it
    // needed at its deepest since the last look: when the JS stack grew meanwhile, its length is
    // the deepest request, taken as a native's (LUA_MINSTACK free slots above its top, where 5.1
    // wants LUA_MINSTACK + EXTRA_STACK + 2)
    let need = lim + EXTRA_STACK + 1;
    if (th.stack.length > b.seen) need = Math.max(need, th.stack.length + EXTRA_STACK + 2);
    b.seen = th.stack.length;
    while (b.slots < need) b.slots = 2 * b.slots + 1 + EXTRA_STACK;
    // checkstacksizes, once in the propagate phase and once more in atomic (threads are traversed
    // again there, from the grayagain list)
    for (let pass = 0; pass < 2 && th.ciSize <= LUAI_MAXCALLS; pass++) {
      if (4 * th.ciIndex < th.ciSize && 2 * BASIC_CI_SIZE < th.ciSize) th.ciSize /= 2;
      if (4 * lim < b.slots && 2 * BASIC_STACK_SLOTS < b.slots)
        b.slots = Math.floor(b.slots / 2) + 1 + EXTRA_STACK;
    }
    return threadBytes(b.slots, th.ciSize);
  }
}

// ---------------------------------------------------------------------------------------------

/** One mark: the marked objects and strings, the weak tables met, and the sizes. */
class Marker {
  readonly objects = new Set<unknown>();
  readonly strings = new Set<string>(FIXED_STRINGS);
  private readonly gray: object[] = [];
  private readonly weak: { t: LuaTable; wk: boolean; wv: boolean }[] = [];
  /** Bytes of the marked objects other than strings. */
  bytes = 0;
  work = 0;

  constructor(private readonly heap: Heap) {}

  markValue(v: LuaValue): void {
    if (typeof v === "string") this.strings.add(v);
    else if (typeof v === "object") {
      const objects = this.objects;
      const n = objects.size;
      if (objects.add(v).size !== n) this.gray.push(v);
    }
  }

  markObject(o: object | undefined): void {
    if (o !== undefined) {
      const objects = this.objects;
      const n = objects.size;
      if (objects.add(o).size !== n) this.gray.push(o);
    }
  }

  propagate(): void {
    const gray = this.gray;
    while (gray.length > 0) {
      const o = gray.pop() as { tag: Tag };
      switch (o.tag) {
        case Tag.TABLE:
          this.traverseTable(o as LuaTable);
          break;
        case Tag.FUNCTION:
          if (o instanceof LuaClosure) this.traverseClosure(o);
          else this.traverseNative(o as LuaNative);
          break;
        case Tag.USERDATA: {
          const u = o as LuaUserdata;
          this.bytes += userdataBytes(u.size);
          // a userdata made without newUserdata is known from now on (it can be finalized)
          if (!this.heap.udata.has(u) && !this.heap.finalized.has(u)) this.heap.udata.add(u);
          this.markObject(u.metatable);
          this.markObject(u.env);
          break;
        }
        case Tag.THREAD:
          this.traverseThread(o as LuaThread);
          break;
        default:
          break;
      }
    }
  }

  private traverseTable(t: LuaTable): void {
    if (t instanceof RomTable) return; // in flash, holding only flash values
    const size = t.memoryBytes32();
    this.bytes += size;
    this.work += size;
    const mt = t.metatable;
    let wk = false;
    let wv = false;
    if (mt !== undefined) {
      this.markObject(mt);
      const mode = mt.getStr("__mode");
      if (typeof mode === "string") {
        wk = mode.includes("k");
        wv = mode.includes("v");
        if (wk || wv) this.weak.push({ t, wk, wv });
      }
    }
    if (wk && wv) return;
    t.markDeadKeys();
    if (!wv) {
      const a = t.array;
      for (let i = 0; i < t.sizeArray; i++) {
        const v = a[i];
        if (typeof v === "object" || typeof v === "string") this.markValue(v);
      }
    }
    const n = t.positions;
    for (let p = t.sizeArray; p < n; p++) {
      const v = t.valueAt(p);
      if (v === undefined) continue;
      if (!wk) this.markValue(t.keyAt(p));
      if (!wv) this.markValue(v);
    }
  }

  private traverseClosure(cl: LuaClosure): void {
    const size = luaClosureBytes(cl.upvals.length);
    this.bytes += size;
    this.work += size;
    this.markObject(cl.env);
    this.markProto(cl.p);
    for (const uv of cl.upvals) {
      if (uv === undefined || this.objects.has(uv)) continue;
      this.objects.add(uv);
      this.bytes += SIZEOF_UPVAL;
      this.markValue(uv.get());
    }
  }

  private markProto(p: Proto): void {
    if (this.objects.has(p)) return;
    this.objects.add(p);
    const size = protoBytes(p);
    this.bytes += size;
    this.work += size;
    if (p.source !== undefined) this.strings.add(p.source);
    for (const c of p.k) if (typeof c === "string") this.strings.add(c);
    for (const name of p.upvalues) this.strings.add(name);
    for (const lv of p.locVars) this.strings.add(lv.name);
    for (const q of p.p) this.markProto(q);
  }

  private traverseNative(f: LuaNative): void {
    if (f instanceof LightFunction) return;
    const size = nativeBytes(f.upvalues.length);
    this.bytes += size;
    this.work += size;
    this.markObject(f.env);
    for (const v of f.upvalues) this.markValue(v);
  }

  private traverseThread(th: LuaThread): void {
    const size = this.heap.traverseThreadBooks(th);
    this.bytes += size;
    this.work += size;
    this.markObject(th.env);
    const s = th.stack;
    for (let i = 0; i < th.top; i++) this.markValue(s[i]);
    for (let i = 0; i <= th.ciIndex; i++) this.markObject(th.cis[i]!.fn);
    this.markObject(th.pending);
    this.markObject(th.hook);
  }

  /** iscleared. */
  private isCleared(v: LuaValue, isKey: boolean): boolean {
    if (typeof v === "string") {
      this.strings.add(v); // strings are values: never weak
      return false;
    }
    if (typeof v !== "object") return false;
    return !this.objects.has(v) || (!isKey && v instanceof LuaUserdata && this.heap.finalized.has(v));
  }

  /** cleartable: removes the entries of weak tables whose key or value was collected. */
  clearWeakTables(): void {
    for (const { t, wv } of this.weak) {
      if (wv) {
        const a = t.array;
        for (let i = 0; i < t.sizeArray; i++) if (this.isCleared(a[i], false)) a[i] = undefined;
      }
      const n = t.positions;
      for (let p = t.sizeArray; p < n; p++) {
        const v = t.valueAt(p);
        if (v === undefined) continue;
        if (this.isCleared(t.keyAt(p), true) || this.isCleared(v, false)) t.removeAt(p);
      }
    }
  }

  stats(strtSize: number, buffSize: number): MarkStats {
    let stringBytesTotal = 0;
    for (const s of this.strings) stringBytesTotal += stringBytes(s);
    return {
      live: SIZEOF_GLOBAL_STATE + this.bytes + stringBytesTotal + SIZEOF_PTR * strtSize + buffSize,
      stringBytes: stringBytesTotal,
      strings: this.strings.size,
      objects: this.objects.size,
      work: this.work,
      separated: 0,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The allocation sites' interface. Each takes the running thread (collections run on it) and is
// called when the object is made, before it is stored where Lua code can reach it.

/** The thread that last charged something: table resizes (which know no thread) are charged to it. */
let current: LuaThread | undefined;

setResizeHook((_t, delta) => {
  const L = current;
  if (L !== undefined) L.G.heap.resize(L, delta);
});

/** The heap of a thread's universe. */
export const heapOf = (L: LuaThread): Heap => L.G.heap;

/**
 * Makes L the thread that table growth is charged to. Table resizes do not know their state, so
 * they go to the thread that last charged something; a host that runs several states calls this
 * whenever it starts running anything for one of them (a task, a callback, a chunk).
 */
export function enterState(L: LuaThread): void {
  current = L;
}

/** luaC_checkGC: a collection step when the debt is due. Call where 5.1 calls luaC_checkGC. */
export function checkGC(L: LuaThread): void {
  const h = L.G.heap;
  if (h.totalBytes >= h.threshold) h.step(L);
}

/** A new table (luaH_new), with the sizes it was created with. */
export function chargeTable(L: LuaThread, t: LuaTable): void {
  L.G.heap.allocate(L, t.memoryBytes32(), t);
}

/** A new Lua closure (luaF_newLclosure) and the `newUpvals` open upvalues made for it (luaF_findupval). */
export function chargeClosure(L: LuaThread, cl: LuaClosure, newUpvals = 0): void {
  L.G.heap.allocate(L, luaClosureBytes(cl.upvals.length) + SIZEOF_UPVAL * newUpvals, cl);
}

/** A new native function (lua_pushcclosure, luaF_newCclosure). */
export function chargeNative(L: LuaThread, f: LuaNative): void {
  L.G.heap.allocate(L, nativeBytes(f.upvalues.length), f);
}

/** A new upvalue (luaF_findupval) made apart from chargeClosure. */
export function chargeUpval(L: LuaThread, uv: UpVal): void {
  L.G.heap.allocate(L, SIZEOF_UPVAL, uv);
}

/** A string value made (luaS_newlstr): free when the same string value exists already. */
export function chargeString(L: LuaThread, s: string): void {
  const h = L.G.heap;
  const n = h.strings.size;
  if (h.strings.add(s).size !== n) h.newString(L, s);
}

/** The result of a concatenation of `s.length` bytes through g->buff (luaV_concat). */
export function chargeConcat(L: LuaThread, s: string): void {
  const h = L.G.heap;
  if (s.length > h.buffSize) h.openBuffer(L, s.length);
  const n = h.strings.size;
  if (h.strings.add(s).size !== n) h.newString(L, s);
}

/** A new coroutine (lua_newthread). */
export function chargeThread(L: LuaThread, co: LuaThread): void {
  L.G.heap.allocate(L, NEW_THREAD_BYTES, co);
}

/** A new full userdata (lua_newuserdata): charged, and registered so that it can be finalized. */
export function newUserdata(L: LuaThread, size: number, data: unknown = undefined): LuaUserdata {
  const h = L.G.heap;
  h.allocate(L, userdataBytes(size));
  const u = new LuaUserdata(size, data);
  h.registerUserdata(u);
  return u;
}

/** A userdata made with `new LuaUserdata`: charged and registered as newUserdata does. */
export function chargeUserdata(L: LuaThread, u: LuaUserdata): void {
  const h = L.G.heap;
  h.allocate(L, userdataBytes(u.size), u);
  h.registerUserdata(u);
}

/**
 * A chunk just loaded (f_parser): its closure, its prototypes and their strings. The parser calls
 * luaC_checkGC for each new string constant (luaX_newstring), so the steps that the load's
 * allocations pay for run here, with the closure on the stack.
 */
export function chargeChunk(L: LuaThread, cl: LuaClosure): void {
  const h = L.G.heap;
  let bytes = luaClosureBytes(cl.upvals.length);
  const protos: Proto[] = [cl.p];
  while (protos.length > 0) {
    const p = protos.pop()!;
    bytes += protoBytes(p);
    for (const q of p.p) protos.push(q);
  }
  h.allocate(L, bytes, cl);
  let fresh = 0;
  const intern = (s: string): void => {
    const n = h.strings.size;
    if (h.strings.add(s).size === n) return;
    h.newString(L, s);
    fresh++;
  };
  const strings = (p: Proto): void => {
    if (p.source !== undefined) intern(p.source);
    for (const c of p.k) if (typeof c === "string") intern(c);
    for (const name of p.upvalues) intern(name);
    for (const lv of p.locVars) intern(lv.name);
    for (const q of p.p) strings(q);
  };
  strings(cl.p);
  const top = L.top;
  L.ensure(top + 1);
  L.stack[top] = cl;
  L.top = top + 1;
  for (let i = 0; i < fresh && h.totalBytes >= h.threshold; i++) h.step(L);
  L.top = top;
}

/** lua_gc(LUA_GCCOLLECT). */
export function fullGC(L: LuaThread): void {
  L.G.heap.fullGC(L);
}

/**
 * Sets the books of a state just built (libraries open): the live size as a collection finds it
 * (the string table sized as the start-up's interning would have grown it), and the collector
 * restarted, as lua.c stops it while the libraries open and restarts it after.
 */
export function initHeap(L: LuaThread): void {
  const h = L.G.heap;
  current = L;
  h.fullGC(L);
  h.restart();
}

// ---------------------------------------------------------------------------------------------
// collectgarbage (lua_gc)

/** lua_gc(LUA_GCSTEP, data): true when the step finished a cycle. */
export function gcStep(L: LuaThread, data: number): boolean {
  const h = L.G.heap;
  current = L;
  const a = ((data >>> 0) * 1024) % 2 ** 32;
  h.threshold = a <= h.totalBytes ? h.totalBytes - a : 0;
  while (h.threshold <= h.totalBytes) {
    h.step(L);
    if (h.state === GcState.PAUSE) return true;
  }
  return false;
}
