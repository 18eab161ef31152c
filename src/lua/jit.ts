// A Proto-to-JS compiler: a prototype that runs often is turned into one JS function that runs
// its instructions as straight-line code, a `switch (pc)` over the instructions that jumps or
// resumes land on. It keeps the interpreter's contract (vm.ts, after lvm.c luaV_execute):
//
// - Lua-to-Lua calls and returns do not recurse on the JS stack: the compiled function sets up
//   the callee's frame (or pops its own) and returns JIT_NEXT to the dispatch loop in vm.ts
//   `execute`, which runs the frame now on top. A frame is resumed at ci.savedpc, so every
//   instruction after a CALL or TAILCALL is a case of the switch.
// - ci.savedpc is stored before anything that may raise an error, call or read the pc, with the
//   value the interpreter would have stored, so error positions, tracebacks and the debug
//   library see the same thing.
// - The instruction budget is charged the same amounts at the same points: a jump back charges
//   its length (JMP, FORLOOP, TFORLOOP and the jump after a test), and onBudget runs with
//   ci.savedpc at the jump's target.
// - Plain-table fast paths are taken only when `t.metatable === undefined` (ROM tables carry a
//   sentinel metatable and go to tm.ts).
// - Line and count hooks are the interpreter's business: the dispatch loop does not enter
//   compiled code while they are set, and compiled code returns JIT_INTERPRET when a call it made
//   turned them on.

import {
  CALL_COST,
  call,
  closeUpvals,
  enterLua,
  findUpval,
  NATIVE_CALL_COST,
  PCRC,
  PCRYIELD,
  poscall,
  precall,
} from "./calls.js";
import { runError, typeError } from "./debug-info.js";
import { LuaClosure, LuaNative } from "./func.js";
import { chargeClosure, chargeTable, checkGC } from "./gc.js";
import { MASK_CALL, MASK_COUNT, MASK_LINE, MASK_RET } from "./lib/debug.js";
import { BITRK, LFIELDS_PER_FLUSH, MAXARG_sBx, Op } from "./opcodes.js";
import { numPow } from "./pow.js";
import type { Proto } from "./proto.js";
import { ROM_METATABLE } from "./rom.js";
import { type CallInfo, LUA_MINSTACK, type LuaThread, MULTRET } from "./state.js";
import { fb2int, LuaTable, stringHash } from "./table.js";
import {
  arith,
  callTMres,
  concat,
  equalObj,
  getTM,
  index,
  lessEqual,
  lessThan,
  setIndex,
  TM,
  toNumber,
} from "./tm.js";
import type { LuaValue } from "./value.js";

/** A compiled prototype: runs the frame `ci` of closure `cl` from ci.savedpc. */
/**
 * A compiled prototype: runs the frame `ci` of closure `cl` from ci.savedpc. `depth` counts the
 * compiled callers that run it directly (0 when the dispatch loop does; see OP_CALL).
 */
export type JitFn = (L: LuaThread, ci: CallInfo, cl: LuaClosure, depth: number) => number;

/** What a compiled function returns: run the frame now on top of L.cis... */
export const JIT_NEXT = 0;
/** ...leave execute (the entry frame returned, or the thread yielded)... */
export const JIT_EXIT = 1;
/** ...or interpret this frame from ci.savedpc (hooks were turned on). */
export const JIT_INTERPRET = 2;

/** Registers that may be kept in JS locals (the rest are read from the stack every time). */
const MAX_CACHED = 48;

/** Generated code longer than this (in characters) is not compiled: V8 would not optimise it. */
const MAX_SOURCE = 256 * 1024;

/** Prototypes longer than this are left to the interpreter (V8 does not optimise huge functions). */
const MAX_CODE = 4000;

/** objlen (lvm.c OP_LEN): strings and tables have a length; userdata may have __len. */
export function objLen(L: LuaThread, rb: LuaValue, bpos: number): LuaValue {
  if (typeof rb === "string") return rb.length;
  if (rb instanceof LuaTable) return rb.length();
  const tm = getTM(L, rb, TM.LEN);
  if (tm === undefined) typeError(L, rb, bpos, "get length of");
  return callTMres(L, tm, rb, undefined);
}

/** OP_FORPREP's checks and set-up (lvm.c): the control values as numbers, index less one step. */
export function forPrep(L: LuaThread, s: LuaValue[], ra: number): void {
  const init = toNumber(s[ra]);
  if (init === undefined) runError(L, "'for' initial value must be a number");
  const limit = toNumber(s[ra + 1]);
  if (limit === undefined) runError(L, "'for' limit must be a number");
  const step = toNumber(s[ra + 2]);
  if (step === undefined) runError(L, "'for' step must be a number");
  s[ra + 1] = limit;
  s[ra + 2] = step;
  s[ra] = init - step;
}

/**
 * OP_CALL of a Lua function with fixed parameters: luaD_precall without its checks, then the
 * frame (calls.ts enterLua, whose order of budget charge, depth check and hook it keeps).
 */
function callLua(L: LuaThread, f: LuaClosure, func: number, nresults: number): void {
  const p = f.p;
  const base = func + 1;
  const s = L.stack;
  const top = base + p.maxStackSize;
  if (top + 5 > s.length) L.ensure(top + 5);
  let from = L.top;
  if (from > base + p.numParams) from = L.top = base + p.numParams; // extra arguments
  const n = L.ciIndex + 1;
  if (n >= L.ciSize || n >= L.cis.length || L.G.budget < CALL_COST || L.hookMask & MASK_CALL) {
    enterLua(L, f, func, base, nresults); // growth, stack overflow, onBudget, hooks
    return;
  }
  L.G.budget -= CALL_COST;
  const ci = L.cis[n]!;
  L.ciIndex = n;
  ci.entry = false;
  ci.tailcalls = 0;
  ci.func = func;
  ci.base = base;
  ci.top = top;
  ci.savedpc = 0;
  ci.nresults = nresults;
  ci.fn = f;
  for (; from < top; from++) s[from] = undefined;
  L.top = top;
}

/**
 * Compiled frames run their compiled callees themselves, up to this many JS levels; deeper calls,
 * and callees that call on, go back to the dispatch loop (vm.ts execute). The JS stack so grows by
 * a bounded amount per native-to-Lua call, whatever the depth of Lua calls.
 */
const MAX_DEPTH = 4;

/**
 * Runs the frame above frame `me` (OP_CALL, after the callee tail-called a function in its
 * place), and the functions that one tail-calls. JIT_NEXT with L.ciIndex back at `me` when it
 * returned; otherwise the dispatch loop takes over (the function is cold, called a Lua
 * function, yielded, or hooks were set).
 */
function runCallee(L: LuaThread, me: number, depth: number): number {
  for (;;) {
    const ci = L.cis[me + 1]!;
    const cl = ci.fn as LuaClosure;
    const g = cl.jit ?? cl.p.jit;
    if (!g) return JIT_NEXT;
    const r = g(L, ci, cl, depth);
    if (r !== JIT_NEXT || L.ciIndex !== me + 1 || L.hookMask & MASK_TRACE) return r;
  }
}

/**
 * OP_CALL of a native function: luaD_precall's C half (calls.ts precall) without its dispatch on
 * the callee, and luaD_poscall inline when no hook runs. PCRC, or PCRYIELD when it yielded.
 */
function callNative(L: LuaThread, f: LuaNative, func: number, nresults: number): number {
  const top = L.top;
  if (top + LUA_MINSTACK > L.stack.length) L.ensure(top + LUA_MINSTACK);
  const n = L.ciIndex + 1;
  if (n >= L.ciSize || n >= L.cis.length || L.hookMask & (MASK_CALL | MASK_RET))
    return precall(L, func, nresults);
  const ci = L.cis[n]!;
  L.ciIndex = n;
  ci.entry = false;
  ci.tailcalls = 0;
  ci.func = func;
  ci.base = func + 1;
  ci.top = top + LUA_MINSTACK;
  ci.nresults = nresults;
  ci.fn = f;
  L.G.budget -= NATIVE_CALL_COST;
  const nr = f.fn(L);
  if (nr < 0) return PCRYIELD;
  checkGC(L);
  if (L.hookMask & MASK_RET) {
    poscall(L, L.top - nr); // the function set a return hook
    return PCRC;
  }
  const s = L.stack;
  let first = L.top - nr;
  let res = func;
  let i = nresults;
  for (; i !== 0 && first < L.top; i--) s[res++] = s[first++];
  while (i-- > 0) s[res++] = undefined;
  L.ciIndex--;
  L.top = res;
  return PCRC;
}

/** OP_RETURN's luaD_poscall when no hook and no JS caller waits: results to the function's slot. */
export function returnFrom(L: LuaThread, ci: CallInfo, first: number): void {
  const s = L.stack;
  let res = ci.func;
  const wanted = ci.nresults;
  const top = L.top;
  let n = wanted;
  for (; n !== 0 && first < top; n--) s[res++] = s[first++];
  while (n-- > 0) s[res++] = undefined;
  L.ciIndex--;
  L.top = wanted !== MULTRET ? L.cis[L.ciIndex]!.top : res;
}

/** OP_RETURN with a return hook or back to JS: the full poscall; JIT_EXIT when JS called. */
function returnHooked(L: LuaThread, ci: CallInfo, first: number): number {
  const fixed = poscall(L, first);
  if (ci.entry) return JIT_EXIT;
  if (fixed) L.top = L.ci.top;
  return JIT_NEXT;
}

/** OP_TAILCALL after precall entered a Lua function: its frame moves down over the caller's. */
export function tailMove(L: LuaThread, ci: CallInfo): void {
  const s = L.stack;
  const nci = L.ci;
  const func = ci.func;
  const pfunc = nci.func;
  if (L.openUpvals.length > 0) closeUpvals(L, ci.base);
  ci.base = func + (nci.base - pfunc);
  let aux = 0;
  for (; pfunc + aux < L.top; aux++) s[func + aux] = s[pfunc + aux];
  ci.top = L.top = func + aux;
  ci.savedpc = 0;
  ci.fn = nci.fn;
  ci.tailcalls++;
  L.ciIndex--;
}

/** OP_SETLIST (lvm.c): n values above ra (0: up to L.top) into block c of the table at ra. */
export function setList(L: LuaThread, ci: CallInfo, ra: number, n: number, c: number): void {
  const s = L.stack;
  if (n === 0) {
    n = L.top - ra - 1;
    L.top = ci.top;
  }
  const h = s[ra] as LuaTable;
  let last = (c - 1) * LFIELDS_PER_FLUSH + n;
  if (last > h.sizeArray) h.resizeArray(last);
  for (; n > 0; n--) h.setInt(last--, s[ra + n]);
}

/** OP_VARARG (lvm.c): b - 1 of the frame's extra arguments to ra (b = 0: all, setting L.top). */
export function varargs(L: LuaThread, ci: CallInfo, ra: number, b: number, numParams: number): void {
  const base = ci.base;
  const n = base - ci.func - numParams - 1;
  let want = b - 1;
  if (want === MULTRET) {
    L.ensure(ra + n + 5);
    want = n;
    L.top = ra + n;
  }
  const s = L.stack;
  for (let j = 0; j < want; j++) s[ra + j] = j < n ? s[base - n + j] : undefined;
}

/** OP_CONCAT (lvm.c): registers b..c of the frame into ra. */
function concatOp(L: LuaThread, ci: CallInfo, a: number, b: number, c: number): void {
  const base = ci.base;
  L.top = base + c + 1; // metamethods may use the stack above the operands
  concat(L, base, c - b + 1, c);
  L.stack[base + a] = L.stack[base + b];
  L.top = ci.top;
  checkGC(L);
}

/** What compiled code reaches by name (the parameters of the factory made by new Function). */
const HELPERS = {
  ROM_METATABLE,
  LuaNative,
  callNative,
  runCallee,
  callLua,
  LuaTable,
  LuaClosure,
  index,
  setIndex,
  arith,
  numPow,
  equalObj,
  lessThan,
  lessEqual,
  objLen,
  concatOp,
  precall,
  enterLua,
  returnFrom,
  returnHooked,
  tailMove,
  call,
  closeUpvals,
  findUpval,
  chargeTable,
  chargeClosure,
  checkGC,
  forPrep,
  setList,
  varargs,
};
const HELPER_NAMES = Object.keys(HELPERS);
const HELPER_VALUES = Object.values(HELPERS);

/** Lua hash of "__newindex", for the raw-store test of SETTABLE. */
const NEWINDEX_HASH = stringHash("__newindex") >>> 0;

/** Hook bits that send a frame to the interpreter. */
const MASK_TRACE = MASK_LINE | MASK_COUNT;

type Factory = (k: readonly LuaValue[], ...helpers: unknown[]) => JitFn;

/** Compiles p, or returns null when it is left to the interpreter (too long, or bad bytecode). */
export function compileProto(p: Proto): JitFn | null {
  const src = jitSource(p);
  if (src === null || src.length > MAX_SOURCE) return null;
  const factory = new Function("k", ...HELPER_NAMES, src) as Factory;
  return factory(p.k, ...HELPER_VALUES);
}

/** The instructions after which a frame may be resumed or jumped to: the cases of the switch. */
function findLabels(p: Proto): Uint8Array | null {
  const code = p.code;
  const n = code.length;
  const label = new Uint8Array(n + 2);
  label[0] = 1;
  const target = (t: number): boolean => {
    if (t < 0 || t >= n) return false;
    label[t] = 1;
    return true;
  };
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const op = i & 0x3f;
    const sbx = (i >>> 14) - MAXARG_sBx;
    switch (op) {
      case Op.LOADBOOL:
        if ((i >>> 14) & 0x1ff && !target(pc + 2)) return null;
        break;
      case Op.JMP:
      case Op.FORLOOP:
      case Op.FORPREP:
        if (!target(pc + 1 + sbx)) return null;
        break;
      case Op.EQ:
      case Op.LT:
      case Op.LE:
      case Op.TEST:
      case Op.TESTSET:
      case Op.TFORLOOP: {
        const j = code[pc + 1];
        if (j === undefined || (j & 0x3f) !== Op.JMP) return null;
        if (!target(pc + 2 + ((j >>> 14) - MAXARG_sBx))) return null;
        break;
      }
      case Op.CALL:
      case Op.TAILCALL:
        if (pc + 1 < n) label[pc + 1] = 1;
        break;
      case Op.SETLIST:
        if (((i >>> 14) & 0x1ff) === 0) pc++; // the next word is C, not an instruction
        break;
      case Op.CLOSURE: {
        const np = p.p[i >>> 14];
        if (np === undefined) return null;
        pc += np.nups; // pseudo-instructions naming the upvalues (checked by the emitter)
        break;
      }
      default:
        if (op > Op.VARARG) return null;
    }
  }
  // a test whose jump is itself a label cannot fall through past it: it jumps to pc + 2
  for (let pc = 0; pc + 1 < n; pc++) {
    const op = code[pc]! & 0x3f;
    if ((op >= Op.EQ && op <= Op.TESTSET) || op === Op.TFORLOOP) {
      if (label[pc + 1] && !target(pc + 2)) return null;
    }
  }
  return label;
}

/** A number as a JS literal, when it has an exact one. */
function numLiteral(n: number): string | undefined {
  if (!Number.isFinite(n) || Object.is(n, -0)) return undefined;
  const s = String(n);
  return n < 0 ? `(${s})` : s;
}

/** The body of the factory for p (JS source), or null when p is not compiled. */
export function jitSource(p: Proto): string | null {
  const code = p.code;
  const n = code.length;
  if (n === 0 || n > MAX_CODE) return null;
  const label = findLabels(p);
  if (label === null) return null;
  const kdecl: string[] = [];
  const kref = new Map<number, string>();

  /** Constant j as an expression. */
  const K = (j: number): string => {
    const c = p.k[j];
    switch (typeof c) {
      case "undefined":
        return "undefined";
      case "boolean":
        return String(c);
      case "number": {
        const lit = numLiteral(c);
        if (lit !== undefined) return lit;
        break;
      }
      case "string":
        if (c.length <= 40) return JSON.stringify(c);
        break;
    }
    let name = kref.get(j);
    if (name === undefined) {
      name = `K${j}`;
      kref.set(j, name);
      kdecl.push(`const ${name} = k[${j}];`);
    }
    return name;
  };
  // Registers live in the thread's stack, always (every write goes there too). Within a run of
  // code that no jump lands in, a register written or read once is also kept in a JS local
  // (r0, r1...) and read from there; `known` holds those registers. Anything that may run Lua
  // code (a metamethod, a call, a finalizer) may change the stack behind the locals: a slow path
  // reloads the locals after it, a call forgets them.
  const known = new Set<number>();
  const cached = Math.min(p.maxStackSize, MAX_CACHED);
  const S = (r: number): string => (r === 0 ? "s[base]" : `s[base + ${r}]`);
  /** Register r, read anywhere. */
  const R = (r: number): string => (known.has(r) ? `r${r}` : S(r));
  /** Register r, read where the code always runs (it is kept in its local from there on). */
  const L1 = (r: number): string => {
    if (known.has(r)) return `r${r}`;
    if (r >= cached) return S(r);
    known.add(r);
    return `(r${r} = ${S(r)})`;
  };
  /** Register r = expr, where the code always runs. */
  const W = (r: number, expr: string): string => {
    if (r >= cached) {
      known.delete(r);
      return `${S(r)} = ${expr};`;
    }
    known.add(r);
    return `${S(r)} = r${r} = ${expr};`;
  };
  /** After something that may have run Lua code: the locals read the stack again. */
  const reload = (): string => [...known].map((r) => `r${r} = ${S(r)};`).join(" ");
  const LK = (x: number): string => (x & BITRK ? K(x & 0xff) : L1(x));
  /** The Lua hash of a string constant, for getStr/setStr. */
  const H = (j: number): string => String(stringHash(p.k[j] as string) >>> 0);
  const isStrK = (x: number): boolean => (x & BITRK) !== 0 && typeof p.k[x & 0xff] === "string";
  const isNumK = (x: number): boolean => (x & BITRK) !== 0 && typeof p.k[x & 0xff] === "number";
  const save = (pc: number): string => `ci.savedpc = ${pc};`;
  /**
   * v = t[key] for a string constant, raw: LuaTable.getStr written out (V8 stops inlining calls
   * in a long function), walking the collision chain of the key's main position.
   */
  const getStr = (t: string, key: string, h: string): string =>
    `nd = ${t}.node; i = (${h} & ${t}.mask) << 2; ` +
    `while (nd[i] !== ${key}) if ((i = nd[i + 2]) < 0) break; v = i < 0 ? undefined : nd[i + 1];`;
  /**
   * v = t[key] for a string constant, with the first step of an __index table (the method of a
   * class): the full luaV_gettable (tm.ts index) runs for anything else.
   */
  const getField = (t: string, key: string, h: string, slow: string): string =>
    `${getStr(t, key, h)} if (v === undefined && (mt = ${t}.metatable) !== undefined) { ` +
    `${getStr("mt", '"__index"', String(stringHash("__index") >>> 0))} ` +
    `if (v instanceof LuaTable) { mt = v; ${getStr("mt", key, h)} } else v = undefined; ` +
    `if (v === undefined) ${slow} }`;
  /** t[key] = v for a string constant on a table without metatable: LuaTable.setStr written out. */
  const setStr = (key: string, h: string): string =>
    `nd = t.node; i = (${h} & t.mask) << 2; ` +
    `while (nd[i] !== ${key}) if ((i = nd[i + 2]) < 0) break; ` +
    `if (i < 0) t.setStr(${key}, v, ${h}); else { nd[i + 1] = v; t.flags = 0; }`;
  /** A jump to `t` from the instruction that ends at `from` (its pc + 1), charged when it goes back. */
  const jump = (from: number, t: number): string => {
    const sbx = t - from;
    const charge = sbx < 0 ? `if ((G.budget += ${sbx}) < 0) { ci.savedpc = ${t}; G.onBudget(L); } ` : "";
    return `${charge}pc = ${t}; continue;`;
  };

  const out: string[] = [];
  for (let pc = 0; pc < n; pc++) {
    if (label[pc]) {
      out.push(`case ${pc}:`);
      known.clear();
    }
    const i = code[pc]!;
    const op = i & 0x3f;
    const a = (i >>> 6) & 0xff;
    const b = i >>> 23;
    const c = (i >>> 14) & 0x1ff;
    const bx = i >>> 14;
    const sbx = bx - MAXARG_sBx;
    const next = pc + 1; // the interpreter's pc while it runs this instruction
    const ra = a === 0 ? "base" : `base + ${a}`;
    let js: string;
    switch (op) {
      case Op.MOVE:
        js = W(a, L1(b));
        break;
      case Op.LOADK:
        js = W(a, K(bx));
        break;
      case Op.LOADBOOL:
        js = W(a, String(b !== 0));
        if (c) js += ` pc = ${pc + 2}; continue;`;
        break;
      case Op.LOADNIL: {
        const parts: string[] = [];
        for (let r = a; r <= b; r++) parts.push(W(r, "undefined"));
        js = parts.join(" ");
        break;
      }
      case Op.GETUPVAL:
        js = W(a, `upvals[${b}].get()`);
        break;
      case Op.GETGLOBAL: {
        const key = K(bx);
        js =
          `t = cl.env; ${getStr("t", key, H(bx))} ` +
          `if (v === undefined && t.metatable !== undefined) { ${save(next)} v = index(L, t, ${key}, -1); ${reload()} } `;
        js += W(a, "v");
        break;
      }
      case Op.GETTABLE: {
        const tb = L1(b);
        const key = c & BITRK ? K(c & 0xff) : L1(c);
        const slow = `{ ${save(next)} v = index(L, t, ${c & BITRK ? key : "key"}, ${b}); ${reload()} }`;
        if (isStrK(c)) {
          js =
            `t = ${tb}; if (t instanceof LuaTable) { ${getStr("t", key, H(c & 0xff))} ` +
            `if (v === undefined && t.metatable !== undefined) ${slow} } else ${slow} `;
        } else {
          let get: string;
          if (isNumK(c) && Number.isInteger(p.k[c & 0xff])) get = `v = t.getInt(${key});`;
          else if (c & BITRK) get = `v = t.get(${key});`;
          else
            get =
              'if (typeof key === "number" && (key | 0) === key && (key - 1) >>> 0 < t.sizeArray) ' +
              "v = t.array[key - 1]; else v = t.get(key);";
          js =
            `t = ${tb}; ${c & BITRK ? "" : `key = ${key}; `}` +
            `if (t instanceof LuaTable) { ${get} if (v === undefined && t.metatable !== undefined) ${slow} } else ${slow} `;
        }
        js += W(a, "v");
        break;
      }
      case Op.SETGLOBAL: {
        const key = K(bx);
        js =
          `t = cl.env; v = ${L1(a)}; if (t.metatable === undefined) { ${setStr(key, H(bx))} } ` +
          `else { ${save(next)} setIndex(L, t, ${key}, v, -1); ${reload()} }`;
        break;
      }
      case Op.SETUPVAL:
        js = `upvals[${b}].set(${L1(a)});`;
        break;
      case Op.SETTABLE: {
        const loads = `t = ${L1(a)}; ${isStrK(b) ? "" : `key = ${LK(b)}; `}v = ${LK(c)}; `;
        const slow = `{ ${save(next)} setIndex(L, t, key, v, ${a}); ${reload()} }`;
        if (isStrK(b)) {
          const key = K(b & 0xff);
          js =
            loads +
            // lvm.c luaV_settable: a raw store when the key is present or there is no __newindex
            // (never into a ROM table: setIndex refuses that with the position)
            "if (t instanceof LuaTable && ((mt = t.metatable) === undefined || (mt !== ROM_METATABLE && " +
            `(t.getStr(${key}, ${H(b & 0xff)}) !== undefined || mt.getStr("__newindex", ${NEWINDEX_HASH}) === undefined)))) ` +
            `{ ${setStr(key, H(b & 0xff))} } else { key = ${key}; ${slow.slice(2)}`;
        } else {
          js =
            loads +
            "if (t instanceof LuaTable && t.metatable === undefined) { " +
            "if (typeof key === 'number' && (key | 0) === key && (key - 1) >>> 0 < t.sizeArray) t.array[key - 1] = v; " +
            `else if (typeof key === 'string') t.setStr(key, v); else ${slow} } else ${slow}`;
        }
        break;
      }
      case Op.NEWTABLE:
        // chargeTable may collect, and run finalizers
        js =
          `t = new LuaTable(${fb2int(b)}, ${fb2int(c)}); ${save(next)} chargeTable(L, t); ` +
          `${S(a)} = t; checkGC(L);`;
        known.clear();
        break;
      case Op.SELF: {
        const tb = L1(b);
        const key = c & BITRK ? K(c & 0xff) : "key";
        let pre = `t = ${tb}; ${W(a + 1, "t")} `;
        if (!(c & BITRK)) pre += `key = ${L1(c)}; `;
        const slow = `{ ${save(next)} v = index(L, t, ${key}, ${b}); ${reload()} }`;
        if (isStrK(c)) {
          js = `${pre}if (t instanceof LuaTable) { ${getField("t", key, H(c & 0xff), slow)} } else ${slow} `;
        } else {
          js =
            pre +
            (c & BITRK
              ? ""
              : "if (t instanceof LuaTable && typeof key === 'string' && ((v = t.getStr(key)) !== undefined || t.metatable === undefined)) ; else ") +
            `${slow} `;
        }
        js += W(a, "v");
        break;
      }
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
      case Op.POW: {
        // two constants are read from k at run time: V8 would fold `0 / 0` to a NaN of another
        // sign than the hardware's, which tostring shows (-nan)
        const both = (b & c & BITRK) !== 0;
        const x = b & BITRK ? (both ? `k[${b & 0xff}]` : K(b & 0xff)) : "rb";
        const y = c & BITRK ? (both ? `k[${c & 0xff}]` : K(c & 0xff)) : "rc";
        const checks: string[] = [];
        if (!isNumK(b)) checks.push(`typeof ${x} === "number"`);
        if (!isNumK(c)) checks.push(`typeof ${y} === "number"`);
        let res: string;
        switch (op) {
          case Op.ADD:
            res = `${x} + ${y}`;
            break;
          case Op.SUB:
            res = `${x} - ${y}`;
            break;
          case Op.MUL:
            res = `${x} * ${y}`;
            break;
          case Op.DIV:
            res = `${x} / ${y}`;
            break;
          case Op.MOD: // luai_nummod
            res = `${x} - Math.floor(${x} / ${y}) * ${y}`;
            break;
          default:
            res = `numPow(${x}, ${y})`;
        }
        const loads = (b & BITRK ? "" : `rb = ${L1(b)}; `) + (c & BITRK ? "" : `rc = ${L1(c)}; `);
        const tm = op - Op.ADD + TM.ADD;
        const slow = `{ ${save(next)} v = arith(L, ${tm}, ${x}, ${y}, ${b & BITRK ? -1 : b}, ${c & BITRK ? -1 : c}); ${reload()} `;
        const fast = W(a, res);
        js =
          checks.length === 0
            ? `${loads}${fast}`
            : `${loads}if (${checks.join(" && ")}) { ${fast} } else ${slow}${W(a, "v")} }`;
        break;
      }
      case Op.UNM: {
        const pre = `rb = ${L1(b)}; `;
        const slow = `{ ${save(next)} v = arith(L, ${TM.UNM}, rb, rb, ${b}, ${b}); ${reload()} `;
        js = `${pre}if (typeof rb === "number") { ${W(a, "-rb")} } else ${slow}${W(a, "v")} }`;
        break;
      }
      case Op.NOT: {
        const pre = `rb = ${L1(b)}; `;
        js = pre + W(a, "rb === undefined || rb === false");
        break;
      }
      case Op.LEN: {
        const pre = `rb = ${L1(b)}; `;
        const slow = `{ ${save(next)} v = objLen(L, rb, ${b}); ${reload()} `;
        js = `${pre}if (rb instanceof LuaTable) { ${W(a, "rb.length()")} } else ${slow}${W(a, "v")} }`;
        break;
      }
      case Op.CONCAT:
        js = `${save(next)} concatOp(L, ci, ${a}, ${b}, ${c});`;
        known.clear();
        break;
      case Op.JMP:
        js = jump(next, next + sbx);
        break;
      case Op.EQ:
      case Op.LT:
      case Op.LE:
      case Op.TEST:
      case Op.TESTSET:
      case Op.TFORLOOP: {
        const j = code[next]!;
        const t = next + 1 + ((j >>> 14) - MAXARG_sBx);
        const taken = jump(next + 1, t);
        let test: string;
        let pre = "";
        switch (op) {
          case Op.EQ: {
            const want = a !== 0;
            if (b & BITRK || c & BITRK) {
              // a constant is never a table or userdata: raw equality decides
              test = `(${LK(b)} ${want ? "===" : "!=="} ${LK(c)})`;
            } else {
              pre = `rb = ${L1(b)}; rc = ${L1(c)}; `;
              pre +=
                'if (rb === rc) r = true; else if (typeof rb === "object" && typeof rc === "object") ' +
                `{ ${save(next)} r = equalObj(L, rb, rc); ${reload()} } else r = false; `;
              test = want ? "r" : "!r";
            }
            break;
          }
          case Op.LT:
          case Op.LE: {
            const x = b & BITRK ? K(b & 0xff) : "rb";
            const y = c & BITRK ? K(c & 0xff) : "rc";
            const cmp = op === Op.LT ? "<" : "<=";
            const fn = op === Op.LT ? "lessThan" : "lessEqual";
            const checks: string[] = [];
            if (!isNumK(b)) checks.push(`typeof ${x} === "number"`);
            if (!isNumK(c)) checks.push(`typeof ${y} === "number"`);
            pre = (b & BITRK ? "" : `rb = ${L1(b)}; `) + (c & BITRK ? "" : `rc = ${L1(c)}; `);
            pre +=
              checks.length === 0
                ? `r = ${x} ${cmp} ${y}; `
                : `if (${checks.join(" && ")}) r = ${x} ${cmp} ${y}; else { ${save(next)} r = ${fn}(L, ${x}, ${y}); ${reload()} } `;
            test = a !== 0 ? "r" : "!r";
            break;
          }
          case Op.TEST:
            pre = `v = ${L1(a)}; `;
            test = c !== 0 ? "(v !== undefined && v !== false)" : "(v === undefined || v === false)";
            break;
          case Op.TESTSET:
            pre = `v = ${L1(b)}; `;
            test = c !== 0 ? "(v !== undefined && v !== false)" : "(v === undefined || v === false)";
            break;
          default: {
            // TFORLOOP: call the generator with the state and control variable
            const cb = a + 3;
            pre =
              `${S(cb + 2)} = ${R(a + 2)}; ${S(cb + 1)} = ${R(a + 1)}; ${S(cb)} = ${R(a)}; ` +
              `L.top = base + ${cb + 3}; ${save(next)} call(L, base + ${cb}, ${c}); L.top = ci.top; ` +
              `v = ${S(cb)}; `;
            known.clear();
            test = "v !== undefined";
            break;
          }
        }
        // (a jump lands on a case, where the locals are forgotten: these stores need not set them)
        const set = op === Op.TESTSET ? `${S(a)} = v; ` : op === Op.TFORLOOP ? `${S(a + 2)} = v; ` : "";
        js = `${pre}if (${test}) { ${set}${taken} }`;
        if (label[next]) {
          // the jump is also reached on its own: do not fall into it
          js += ` pc = ${pc + 2}; continue;`;
        } else {
          pc++; // the jump is part of this instruction
        }
        break;
      }
      case Op.CALL: {
        const nres = c - 1;
        js =
          (b !== 0 ? `L.top = base + ${a + b}; ` : "") +
          `${save(next)} f = ${R(a)}; ` +
          "if (f instanceof LuaClosure && f.p.isVararg === 0) { " +
          // callLua written out (V8 does not inline it into long functions): the usual case
          `np = f.p; u = ${ra} + 1 + np.maxStackSize; ` +
          `if (u + 5 > s.length || L.ciIndex + 1 >= L.ciSize || L.ciIndex + 1 >= L.cis.length || G.budget < ${CALL_COST} || L.hookMask & ${MASK_CALL}) callLua(L, f, ${ra}, ${nres}); ` +
          `else { G.budget -= ${CALL_COST}; t = L.top; if (t > ${ra} + 1 + np.numParams) t = ${ra} + 1 + np.numParams; ` +
          "r = L.cis[++L.ciIndex]; r.entry = false; r.tailcalls = 0; " +
          `r.func = ${ra}; r.base = ${ra} + 1; r.top = u; r.savedpc = 0; r.nresults = ${nres}; r.fn = f; ` +
          "for (; t < u; t++) s[t] = undefined; L.top = u; } " +
          // the callee is called here rather than from the shared loop so that V8 may inline it
          `if (depth >= ${MAX_DEPTH} || ((g = f.jit) == null && (g = f.p.jit) == null) || L.hookMask & ${MASK_TRACE}) return ${JIT_NEXT}; ` +
          `r = g(L, L.cis[me + 1], f, depth + 1); if (r !== ${JIT_NEXT} || L.ciIndex !== me) { ` +
          `if (r === ${JIT_NEXT} && L.ciIndex === me + 1 && !(L.hookMask & ${MASK_TRACE})) r = runCallee(L, me, depth + 1); ` +
          `if (r !== ${JIT_NEXT} || L.ciIndex !== me) return r === ${JIT_EXIT} ? ${JIT_EXIT} : ${JIT_NEXT}; } ` +
          `} else { r = f instanceof LuaNative ? callNative(L, f, ${ra}, ${nres}) : precall(L, ${ra}, ${nres}); ` +
          `if (r !== 1) return r === 0 ? ${JIT_NEXT} : ${JIT_EXIT}; ` +
          (nres >= 0 ? "L.top = ci.top; " : "") +
          `} if (L.hookMask & ${MASK_TRACE}) return ${JIT_INTERPRET};`;
        known.clear();
        break;
      }
      case Op.TAILCALL:
        js =
          (b !== 0 ? `L.top = base + ${a + b}; ` : "") +
          `${save(next)} f = ${R(a)}; ` +
          `if (f instanceof LuaClosure && f.p.isVararg === 0) { callLua(L, f, ${ra}, ${MULTRET}); r = 0; } ` +
          `else r = f instanceof LuaNative ? callNative(L, f, ${ra}, ${MULTRET}) : precall(L, ${ra}, ${MULTRET}); ` +
          `if (r === 0) { tailMove(L, ci); return ${JIT_NEXT}; } if (r === 2) return ${JIT_EXIT}; ` +
          `if (L.hookMask & ${MASK_TRACE}) return ${JIT_INTERPRET};`;
        known.clear();
        break;
      case Op.RETURN:
        js =
          (b !== 0 ? `L.top = base + ${a + b - 1}; ` : "") +
          "if (L.openUpvals.length > 0) closeUpvals(L, base); " +
          `if (ci.entry || L.hookMask & ${MASK_RET}) { ${save(next)} return returnHooked(L, ci, ${ra}); } ` +
          // results for a call statement, and one result for a one-value call, without the copy loop
          `if (ci.nresults === 0) { L.top = L.cis[--L.ciIndex].top; return ${JIT_NEXT}; } ` +
          (b === 2
            ? `if (ci.nresults === 1) { s[ci.func] = ${R(a)}; L.top = L.cis[--L.ciIndex].top; return ${JIT_NEXT}; } `
            : "") +
          `returnFrom(L, ci, ${ra}); return ${JIT_NEXT};`;
        break;
      case Op.FORLOOP: {
        const t = next + sbx;
        js =
          `step = ${L1(a + 2)}; idx = ${L1(a)} + step; limit = ${L1(a + 1)}; ` +
          `if (0 < step ? idx <= limit : limit <= idx) { ${S(a)} = idx; ${S(a + 3)} = idx; ${jump(next, t)} }`;
        break;
      }
      case Op.FORPREP:
        js = `${save(next)} forPrep(L, s, ${ra}); pc = ${next + sbx}; continue;`;
        known.clear();
        break;
      case Op.SETLIST: {
        let cc = c;
        if (cc === 0) {
          if (next >= n) return null;
          cc = code[next]!;
          pc++;
        }
        if (b === 0) js = `setList(L, ci, ${ra}, 0, ${cc});`;
        else {
          // a constructor's fixed items: straight into the array part when it was sized for them
          const last = (cc - 1) * LFIELDS_PER_FLUSH + b;
          const stores: string[] = [];
          for (let j = 1; j <= b; j++) stores.push(`t.array[${last - b + j - 1}] = ${R(a + j)};`);
          js = `t = ${R(a)}; if (${last} <= t.sizeArray) { ${stores.join(" ")} } else setList(L, ci, ${ra}, ${b}, ${cc});`;
        }
        break;
      }
      case Op.CLOSE:
        js = `closeUpvals(L, ${ra});`;
        break;
      case Op.CLOSURE: {
        const np = p.p[bx];
        if (np === undefined || next + np.nups > n) return null;
        const parts = [`t = new LuaClosure(cl.p.p[${bx}], cl.env); u = L.openUpvals.length;`];
        for (let j = 0; j < np.nups; j++) {
          const u = code[next + j]!;
          const uop = u & 0x3f;
          if (uop === Op.GETUPVAL) parts.push(`t.upvals[${j}] = upvals[${u >>> 23}];`);
          else if (uop === Op.MOVE) parts.push(`t.upvals[${j}] = findUpval(L, base + ${u >>> 23});`);
          else return null;
        }
        parts.push(
          `${save(next + np.nups)} chargeClosure(L, t, L.openUpvals.length - u); ${S(a)} = t; checkGC(L);`,
        );
        known.clear(); // chargeClosure may collect, and run finalizers
        js = parts.join(" ");
        pc += np.nups;
        break;
      }
      case Op.VARARG:
        js = `varargs(L, ci, ${ra}, ${b}, ${p.numParams});`;
        known.clear();
        break;
      default:
        return null;
    }
    out.push(`  ${js}`);
  }
  let locals = "";
  for (let r = 0; r < cached; r++) locals += `, r${r}`;
  // running off the end cannot happen in verified code (the last instruction is a RETURN)
  return (
    `"use strict";\n${kdecl.join("\n")}\n` +
    `return function lua_${p.lineDefined}(L, ci, cl, depth) {\n` +
    "const s = L.stack, base = ci.base, upvals = cl.upvals, G = L.G, me = L.ciIndex;\n" +
    `let pc = ci.savedpc, t, v, key, rb, rc, r, f, g, np, u, step, idx, limit, nd, i, mt${locals};\n` +
    "for (;;) switch (pc) {\n" +
    `default: return ${JIT_INTERPRET};\n` +
    `${out.join("\n")}\n` +
    `  return ${JIT_INTERPRET};\n` +
    "}\n};"
  );
}
