// Calls (ldo.c, lfunc.c): entering and leaving functions, varargs, the __call metamethod, call
// depth limits (`stack overflow` at 5.1's CallInfo limit, `C stack overflow` at 200 nested
// native-to-Lua calls), protected calls, and open upvalues.

import { runError, typeError } from "./debug-info.js";
import { LuaClosure, LuaNative, UpVal } from "./func.js";
import { chargeTable, checkGC } from "./gc.js";
import { hookCall, hookReturn, MASK_CALL, MASK_RET } from "./lib/debug.js";
import { VARARG_NEEDSARG } from "./proto.js";
import {
  CallInfo,
  LUA_MINSTACK,
  LUAI_MAXCALLS,
  LUAI_MAXCCALLS,
  LuaError,
  type LuaThread,
  MULTRET,
} from "./state.js";
import { LuaTable, LuaTableError } from "./table.js";
import { getTM, TM } from "./tm.js";
import type { LuaValue } from "./value.js";
import { execute } from "./vm.js";

/** luaD_precall outcomes. */
export const PCRLUA = 0;
export const PCRC = 1;
export const PCRYIELD = 2;
/** What a native function returns to yield (lua_yield's -1). */
export const YIELD = -1;

/** inc_ci: the next CallInfo, with growCI's overflow rules. */
function nextCi(L: LuaThread): CallInfo {
  const n = L.ciIndex + 1;
  if (n >= L.ciSize) {
    if (L.ciSize > LUAI_MAXCALLS) throw new LuaError("error in error handling", "err");
    L.ciSize *= 2;
    if (L.ciSize > LUAI_MAXCALLS) runError(L, "stack overflow"); // raised in the caller's frame
  }
  return pushCi(L, n);
}

function pushCi(L: LuaThread, n: number): CallInfo {
  if (n >= L.cis.length) L.cis.push(new CallInfo());
  L.ciIndex = n;
  const ci = L.cis[n]!;
  ci.entry = false;
  ci.tailcalls = 0;
  return ci;
}

/** After an error unwound the calls: shrink back as luaD_pcall's restore_stack_limit does. */
function restoreCiLimit(L: LuaThread): void {
  if (L.ciSize > LUAI_MAXCALLS && L.ciIndex + 1 < LUAI_MAXCALLS) L.ciSize = LUAI_MAXCALLS;
}

/** adjust_varargs: moves the fixed parameters above the extra arguments; builds `arg` if needed. */
function adjustVarargs(L: LuaThread, p: LuaClosure["p"], actual: number): number {
  const s = L.stack;
  const nfix = p.numParams;
  for (; actual < nfix; actual++) s[L.top++] = undefined;
  let htab: LuaTable | undefined;
  if (p.isVararg & VARARG_NEEDSARG) {
    const nvar = actual - nfix;
    checkGC(L);
    htab = new LuaTable(nvar, 1);
    chargeTable(L, htab);
    for (let i = 0; i < nvar; i++) htab.set(i + 1, s[L.top - nvar + i]);
    htab.set("n", nvar);
  }
  const fixed = L.top - actual;
  const base = L.top;
  for (let i = 0; i < nfix; i++) {
    s[L.top++] = s[fixed + i];
    s[fixed + i] = undefined;
  }
  if (htab) s[L.top++] = htab;
  return base;
}

/** tryfuncTM: a non-function called through __call gets shifted in as the first argument. */
function tryFuncTM(L: LuaThread, func: number): void {
  const f = L.stack[func];
  const tm = getTM(L, f, TM.CALL);
  if (!(tm instanceof LuaClosure || tm instanceof LuaNative)) typeError(L, f, func - L.base, "call");
  const s = L.stack;
  L.ensure(L.top + 1);
  for (let p = L.top; p > func; p--) s[p] = s[p - 1];
  L.top++;
  s[func] = tm;
}

/**
 * luaD_precall: enters the function at stack[func] with its arguments up to L.top. A Lua
 * function gets a new frame (PCRLUA) for the interpreter to run; a native one runs at once.
 */
export function precall(L: LuaThread, func: number, nresults: number): number {
  let f = L.stack[func];
  if (!(f instanceof LuaClosure || f instanceof LuaNative)) {
    tryFuncTM(L, func);
    f = L.stack[func] as LuaClosure | LuaNative;
  }
  if (f instanceof LuaClosure) {
    const p = f.p;
    L.ensure(L.top + p.maxStackSize + p.numParams + 5);
    let base: number;
    if (!p.isVararg) {
      base = func + 1;
      if (L.top > base + p.numParams) L.top = base + p.numParams;
    } else {
      base = adjustVarargs(L, p, L.top - func - 1);
    }
    enterLua(L, f, func, base, nresults);
    return PCRLUA;
  }
  L.ensure(L.top + LUA_MINSTACK);
  const ci = nextCi(L);
  ci.func = func;
  ci.base = func + 1;
  ci.top = L.top + LUA_MINSTACK;
  ci.nresults = nresults;
  ci.fn = f;
  if (L.hookMask & MASK_CALL) hookCall(L);
  L.G.budget -= NATIVE_CALL_COST;
  const n = f.fn(L);
  if (n < 0) return PCRYIELD;
  checkGC(L); // stands for the checks 5.1's library functions make as they allocate
  poscall(L, L.top - n);
  return PCRC;
}

/**
 * The frame of a Lua function whose arguments start at `base`, up to L.top (luaD_precall's
 * Lua half, after the arguments are in place): registers past them are nil.
 */
export function enterLua(L: LuaThread, f: LuaClosure, func: number, base: number, nresults: number): void {
  if ((L.G.budget -= CALL_COST) < 0) L.G.onBudget!(L);
  const ci = nextCi(L);
  ci.func = func;
  ci.base = base;
  ci.top = base + f.p.maxStackSize;
  ci.savedpc = 0;
  ci.nresults = nresults;
  ci.fn = f;
  const s = L.stack;
  for (let st = L.top; st < ci.top; st++) s[st] = undefined;
  L.top = ci.top;
  if (L.hookMask & MASK_CALL) hookCall(L);
}

/** What a Lua call is charged to the instruction budget: about a CALL and a RETURN's work. */
export const CALL_COST = 4;

/**
 * What a call of a native (C) function is charged: its frame, argument checks and a typical
 * library function's work, as the device time of a few VM instructions. The charge is taken at
 * the next look at the budget (a jump back or a Lua call).
 */
export const NATIVE_CALL_COST = 8;

/** luaD_poscall: moves the results to the function's slot; false when all were wanted. */
export function poscall(L: LuaThread, firstResult: number): boolean {
  if (L.hookMask & MASK_RET) hookReturn(L); // it keeps L.top and the results below it
  const ci = L.cis[L.ciIndex--]!;
  let res = ci.func;
  const wanted = ci.nresults;
  const s = L.stack;
  let i = wanted;
  for (; i !== 0 && firstResult < L.top; i--) s[res++] = s[firstResult++];
  while (i-- > 0) s[res++] = undefined;
  L.top = res;
  return wanted !== MULTRET;
}

/** luaD_call: calls stack[func] from native code (a "C call"), leaving nresults results at func. */
export function call(L: LuaThread, func: number, nresults: number): void {
  if (++L.nCcalls >= LUAI_MAXCCALLS) {
    if (L.nCcalls === LUAI_MAXCCALLS) runError(L, "C stack overflow");
    else if (L.nCcalls >= LUAI_MAXCCALLS + (LUAI_MAXCCALLS >> 3))
      throw new LuaError("error in error handling", "err");
  }
  if (precall(L, func, nresults) === PCRLUA) {
    L.ci.entry = true;
    execute(L);
  }
  L.nCcalls--;
  checkGC(L);
}

/** lua_call from native code: pushes f and its arguments, leaving nresults results at the old top. */
export function callWith(L: LuaThread, f: LuaValue, args: readonly LuaValue[], nresults: number): void {
  const func = L.top;
  L.ensure(func + args.length + 1);
  L.push(f);
  for (const a of args) L.push(a);
  call(L, func, nresults);
}

/** f(args...) called from native code: its first result. */
export function call1(L: LuaThread, f: LuaValue, ...args: LuaValue[]): LuaValue {
  callWith(L, f, args, 1);
  return L.stack[--L.top];
}

/**
 * luaD_pcall around luaD_call: runs stack[func] protected. On error, the stack is cut back to
 * func, the error value is put there and returned as the LuaError; undefined on success.
 */
export function pcall(L: LuaThread, func: number, nresults: number, errfunc: number): LuaError | undefined {
  const oldCi = L.ciIndex;
  const oldnCcalls = L.nCcalls;
  const oldErrfunc = L.errfunc;
  const oldAllowHook = L.allowHook;
  L.errfunc = errfunc;
  try {
    call(L, func, nresults);
    return undefined;
  } catch (e) {
    return recover(L, e, func, oldCi, oldnCcalls, oldAllowHook);
  } finally {
    L.errfunc = oldErrfunc;
  }
}

/**
 * luaD_pcall over a host function (as lua_load runs the parser and its reader): `body` runs in
 * the current frame; on error the stack is cut back to `level` and the error value put there.
 */
export function runProtected(L: LuaThread, level: number, body: () => void): LuaError | undefined {
  const oldCi = L.ciIndex;
  const oldnCcalls = L.nCcalls;
  const oldAllowHook = L.allowHook;
  try {
    body();
    return undefined;
  } catch (e) {
    return recover(L, e, level, oldCi, oldnCcalls, oldAllowHook);
  }
}

/** The error path of luaD_pcall: unwinds to the saved state and returns the error. */
function recover(
  L: LuaThread,
  e: unknown,
  func: number,
  oldCi: number,
  oldnCcalls: number,
  oldAllowHook: boolean,
): LuaError {
  let err: LuaError;
  if (e instanceof LuaError) err = e;
  else if (e instanceof LuaTableError)
    err = new LuaError(e.message); // a table that could not grow
  else if (e instanceof RangeError)
    err = new LuaError("stack overflow"); // the host's stack ran out first
  else throw e;
  closeUpvals(L, func);
  L.stack[func] = err.status === "err" ? "error in error handling" : err.value;
  L.top = func + 1;
  L.nCcalls = oldnCcalls;
  L.ciIndex = oldCi;
  L.allowHook = oldAllowHook;
  restoreCiLimit(L);
  return err;
}

/** luaF_findupval: the open upvalue for stack slot `index`, created if needed. */
export function findUpval(L: LuaThread, index: number): UpVal {
  const list = L.openUpvals;
  // sorted by index, lowest first: new upvalues mostly belong at the end (the newest frame)
  let i = list.length;
  while (i > 0 && list[i - 1]!.index > index) i--;
  if (i > 0 && list[i - 1]!.index === index) return list[i - 1]!;
  const uv = new UpVal(L.stack, index);
  if (i === list.length) list.push(uv);
  else list.splice(i, 0, uv);
  return uv;
}

/** luaF_close: closes the open upvalues at or above `level`. */
export function closeUpvals(L: LuaThread, level: number): void {
  const list = L.openUpvals;
  while (list.length > 0 && list[list.length - 1]!.index >= level) list.pop()!.close();
}
