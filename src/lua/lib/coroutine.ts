// The coroutine library (lbaselib.c, and lua_resume/lua_yield of ldo.c). A coroutine is a
// LuaThread with its own stack; resume runs it in a nested interpreter loop, and yield unwinds
// that loop back to resume, which 5.1 allows only when no native call lies between them.

import { PCRLUA, poscall, precall, YIELD } from "../calls.js";
import { runError, throwError } from "../debug-info.js";
import { LuaClosure, LuaNative } from "../func.js";
import { chargeNative, chargeThread, checkGC } from "../gc.js";
import { LUAI_MAXCCALLS, LuaError, LuaThread, MULTRET, ThreadStatus } from "../state.js";
import { LuaTable } from "../table.js";
import type { LuaValue } from "../value.js";
import { execute } from "../vm.js";
import { argError, error, register, toStr } from "./aux.js";
import { inheritHooks } from "./debug.js";

/** Thread status after an error: dead, with the error value left on its stack. */
const DEAD = ThreadStatus.DEAD;

/** lua_resume: runs co with its top nargs values as arguments; returns the error, if any. */
function resume(co: LuaThread, nargs: number): string | LuaError | undefined {
  if (co.status !== ThreadStatus.YIELD && (co.status !== ThreadStatus.OK || co.ciIndex !== 0)) {
    return "cannot resume non-suspended coroutine";
  }
  if (co.nCcalls >= LUAI_MAXCCALLS) return "C stack overflow";
  co.baseCcalls = ++co.nCcalls;
  const firstArg = co.top - nargs;
  try {
    if (co.status === ThreadStatus.OK) {
      if (precall(co, firstArg - 1, MULTRET) === PCRLUA) {
        co.ci.entry = true;
        execute(co);
      }
    } else {
      co.status = ThreadStatus.OK;
      // finish the interrupted call of yield: the resume arguments are its results
      if (poscall(co, firstArg)) co.top = co.ci.top;
      if (co.ciIndex > 0) execute(co);
    }
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    co.status = DEAD;
    co.ensure(co.top + 1);
    co.stack[co.top++] = e.status === "err" ? "error in error handling" : e.value;
    co.ci.top = co.top;
    return e;
  } finally {
    co.nCcalls--;
  }
  return undefined;
}

/** auxresume: moves arguments and results between the threads; a negative count on error. */
function auxResume(L: LuaThread, co: LuaThread, narg: number): number {
  const status = costatus(L, co);
  if (status !== "suspended") {
    L.push(`cannot resume ${status} coroutine`);
    return -1;
  }
  co.ensure(co.top + narg + 1);
  for (let i = 0; i < narg; i++) co.stack[co.top++] = L.stack[L.top - narg + i];
  L.top -= narg;
  co.nCcalls = L.nCcalls;
  const err = resume(co, narg);
  if (typeof err === "string") {
    L.push(err);
    return -1;
  }
  if (err === undefined) {
    const nres = co.top - co.base;
    L.ensure(L.top + nres + 1);
    for (let i = 0; i < nres; i++) L.stack[L.top++] = co.stack[co.top - nres + i];
    co.top -= nres;
    return nres;
  }
  L.push(co.stack[--co.top]);
  return -1;
}

function checkCo(L: LuaThread): LuaThread {
  const co = L.arg(1);
  if (!(co instanceof LuaThread)) argError(L, 1, "coroutine expected");
  return co;
}

function costatus(L: LuaThread, co: LuaThread): string {
  if (L === co) return "running";
  switch (co.status) {
    case ThreadStatus.YIELD:
      return "suspended";
    case ThreadStatus.OK:
      if (co.ciIndex > 0) return "normal";
      return co.top === co.cis[0]!.base ? "dead" : "suspended";
    default:
      return "dead";
  }
}

/** lua_newthread + xmove of the function: a suspended coroutine that will run f. */
export function newCoroutine(L: LuaThread, f: LuaValue): LuaThread {
  checkGC(L);
  const co = new LuaThread(L.G, L.env);
  inheritHooks(L, co);
  chargeThread(L, co);
  co.stack[co.top++] = f;
  return co;
}

/** luaopen_base's coroutine table. */
export function coroutineLib(): LuaTable {
  const t = new LuaTable();
  register(t, {
    create(L) {
      const f = L.arg(1);
      if (!(f instanceof LuaClosure)) argError(L, 1, "Lua function expected");
      L.push(newCoroutine(L, f));
      return 1;
    },
    resume(L) {
      const co = checkCo(L);
      const r = auxResume(L, co, L.nargs - 1);
      if (r < 0) {
        L.stack[L.top] = L.stack[L.top - 1];
        L.stack[L.top - 1] = false;
        L.top++;
        return 2;
      }
      // insert true before the results
      L.ensure(L.top + 1);
      for (let i = L.top; i > L.top - r; i--) L.stack[i] = L.stack[i - 1];
      L.stack[L.top - r] = true;
      L.top++;
      return r + 1;
    },
    yield(L) {
      if (L.nCcalls > L.baseCcalls) runError(L, "attempt to yield across metamethod/C-call boundary");
      L.ci.base = L.top - L.nargs;
      L.status = ThreadStatus.YIELD;
      return YIELD;
    },
    status(L) {
      L.push(costatus(L, checkCo(L)));
      return 1;
    },
    running(L) {
      L.push(L === L.G.mainThread ? undefined : L);
      return 1;
    },
    wrap(L) {
      const f = L.arg(1);
      if (!(f instanceof LuaClosure)) argError(L, 1, "Lua function expected");
      const co = newCoroutine(L, f);
      // the coroutine is also kept as an upvalue, where the collector can see it
      const wrapped = new LuaNative(
        "wrap",
        (L) => {
          const r = auxResume(L, co, L.nargs);
          if (r < 0) {
            const e = L.stack[L.top - 1];
            // luaB_auxwrap: string (and number) errors get the caller's position in front
            const msg = toStr(e);
            if (msg !== undefined) error(L, msg);
            throwError(L, e);
          }
          return r;
        },
        undefined,
        [co],
      );
      chargeNative(L, wrapped);
      L.push(wrapped);
      return 1;
    },
  });
  return t;
}
