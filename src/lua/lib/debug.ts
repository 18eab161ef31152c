// The debug library (ldblib.c of Lua 5.1.5) and the hook dispatch of ldo.c / lvm.c
// (luaD_callhook, the call and return hooks of luaD_precall / luaD_poscall, traceexec's line and
// count hooks), which the interpreter calls when a thread's hook mask asks for it.

import { call, pcall } from "../calls.js";
import { currentLine, currentPc, getFuncName, localName, runError } from "../debug-info.js";
import { LuaClosure, LuaNative } from "../func.js";
import { chargeTable } from "../gc.js";
import { functionInfo, getStack, type StackLevel, traceback } from "../stack-info.js";
import { LUA_MINSTACK, LuaThread } from "../state.js";
import { str2number } from "../str2number.js";
import { LuaTable } from "../table.js";
import { metatableOf } from "../tm.js";
import { type LuaFunction, LuaUserdata, type LuaValue, Tag, tagOf, typeName } from "../value.js";
import {
  argError,
  checkAny,
  checkInteger,
  checkString,
  error,
  optInteger,
  optString,
  register,
  toInteger,
  toStr,
  typeError,
} from "./aux.js";
import { loadChunk } from "./base.js";

// ---- hooks ------------------------------------------------------------------------------

/** Hook events (lua.h LUA_HOOKCALL...). */
export const HOOK_CALL = 0;
export const HOOK_RET = 1;
export const HOOK_LINE = 2;
export const HOOK_COUNT = 3;
export const HOOK_TAILRET = 4;
/** Hook masks (lua.h LUA_MASKCALL...): the bits of LuaThread.hookMask. */
export const MASK_CALL = 1 << HOOK_CALL;
export const MASK_RET = 1 << HOOK_RET;
export const MASK_LINE = 1 << HOOK_LINE;
export const MASK_COUNT = 1 << HOOK_COUNT;

const HOOK_NAMES = ["call", "return", "line", "count", "tail return"];

/**
 * luaD_callhook with ldblib's hookf: calls the thread's hook function with the event name and
 * the line (nil for other events), hooks disabled meanwhile, the stack top kept.
 */
function callHook(L: LuaThread, event: number, line: number): void {
  if (!L.allowHook) return;
  const ci = L.ci;
  const top = L.top;
  const ciTop = ci.top;
  L.ensure(top + LUA_MINSTACK);
  ci.top = top + LUA_MINSTACK;
  L.allowHook = false;
  // hookf: the hook table, then the thread's hook function from it, called with the event
  const s = L.stack;
  s[top] = hookTable(L);
  const hook = L.hook;
  if (hook !== undefined) {
    s[top + 1] = hook;
    s[top + 2] = HOOK_NAMES[event];
    s[top + 3] = line >= 0 ? line : undefined;
    L.top = top + 4;
    call(L, top + 1, 0);
  }
  L.allowHook = true;
  ci.top = ciTop;
  L.top = top;
}

/** ldblib's table of hook functions by thread, which hookf leaves on the stack below the call. */
const hookTables = new WeakMap<object, LuaTable>();
function hookTable(L: LuaThread): LuaTable {
  let t = hookTables.get(L.G);
  if (t === undefined) {
    t = new LuaTable(0, 1);
    hookTables.set(L.G, t);
  }
  return t;
}

/**
 * The call hook: luaD_precall calls this when `L.hookMask & MASK_CALL`, after the new frame is
 * L.ci (Lua functions: with savedpc 0 and L.top = ci.top; natives: before running them).
 */
export function hookCall(L: LuaThread): void {
  const ci = L.ci;
  if (ci.fn instanceof LuaClosure) {
    ci.savedpc++; // hooks see the first instruction as current
    try {
      callHook(L, HOOK_CALL, -1);
    } finally {
      ci.savedpc--;
    }
  } else callHook(L, HOOK_CALL, -1);
}

/**
 * The return hooks: luaD_poscall calls this when `L.hookMask & MASK_RET`, before it pops the
 * returning frame (still L.ci; its results lie below L.top). One "return", then one "tail
 * return" for each tail call the frame absorbed.
 */
export function hookReturn(L: LuaThread): void {
  callHook(L, HOOK_RET, -1);
  const ci = L.ci;
  if (ci.fn instanceof LuaClosure) {
    while (L.hookMask & MASK_RET && ci.tailcalls-- > 0) callHook(L, HOOK_TAILRET, -1);
  }
}

/**
 * lvm.c traceexec: the interpreter calls this before executing an instruction when
 * `(L.hookMask & (MASK_LINE | MASK_COUNT)) && (--L.hookCount === 0 || L.hookMask & MASK_LINE)`.
 * `pc` is the index of the instruction after the one about to run (the loop's pc after its
 * fetch); L.ci.savedpc still holds the previous one. Sets L.ci.savedpc = pc.
 */
export function hookExec(L: LuaThread, pc: number): void {
  const mask = L.hookMask;
  const ci = L.ci;
  const oldpc = ci.savedpc;
  ci.savedpc = pc;
  if (mask & MASK_COUNT && L.hookCount === 0) {
    L.hookCount = L.baseHookCount;
    callHook(L, HOOK_COUNT, -1);
  }
  if (mask & MASK_LINE) {
    const p = (ci.fn as LuaClosure).p;
    const li = p.lineInfo;
    const npc = pc - 1;
    const newline = li.length > 0 ? li[npc]! : 0;
    // a new function, a jump back (loop), or a new line
    if (npc === 0 || pc <= oldpc || newline !== (li.length > 0 ? li[oldpc - 1]! : 0)) {
      callHook(L, HOOK_LINE, newline);
    }
  }
}

/** lstate.c luaE_newthread: a new coroutine inherits its creator's hook mask and count. */
export function inheritHooks(from: LuaThread, to: LuaThread): void {
  to.hookMask = from.hookMask;
  to.baseHookCount = from.baseHookCount;
  to.hookCount = from.baseHookCount;
  // ldblib keeps hook functions per thread: the new thread has none until sethook gives it one
  to.hook = undefined;
}

// ---- the library ------------------------------------------------------------------------

/** Where debug.debug reads commands and writes its prompt and errors. */
export interface DebugHost {
  /** fgets(buffer, 250, stdin): up to 249 bytes through a newline; undefined at the end. */
  readLine(L: LuaThread): string | undefined;
  /** fputs(s, stderr). */
  writeError(s: string): void;
}

/** getthread: an optional thread as the first argument. */
function getThread(L: LuaThread): [LuaThread, number] {
  const a = L.arg(1);
  return a instanceof LuaThread ? [a, 1] : [L, 0];
}

/** lua_isnumber's conversion: numbers and numeric strings. */
function toNumber(v: LuaValue): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") return str2number(v);
  return undefined;
}

/** luaL_checkint. */
const checkInt = (L: LuaThread, narg: number): number => checkInteger(L, narg) | 0;

/** ldebug.c findlocal: the name of local n of the frame at CallInfo index `ci`. */
function findLocal(L1: LuaThread, ci: number, n: number): string | undefined {
  const c = L1.cis[ci]!;
  if (c.fn instanceof LuaClosure) {
    const name = localName(c.fn.p, n, currentPc(c));
    if (name !== undefined) return name;
  }
  const limit = ci === L1.ciIndex ? L1.top : L1.cis[ci + 1]!.func;
  return limit - c.base >= n && n > 0 ? "(*temporary)" : undefined;
}

/** The frame of a stack level: lost tail calls (ar.i_ci == 0) stand on the base frame. */
const levelCi = (lv: StackLevel): number => (lv.tail ? 0 : lv.ci);

const VALID_OPTIONS = "SlunLf";

/** The environment a native or userdata without one of its own reports (the globals). */
const defaultEnv = (L: LuaThread): LuaTable => L.G.mainThread.env;

export function debugLib(host?: DebugHost): LuaTable {
  const t = new LuaTable();
  register(t, {
    debug(L) {
      if (host === undefined) return 0;
      for (;;) {
        host.writeError("lua_debug> ");
        const line = host.readLine(L);
        if (line === undefined || line === "cont\n") return 0;
        const f = loadChunk(L, line, "=(debug command)", L.env);
        let msg: LuaValue;
        let failed = false;
        if (typeof f === "string") {
          msg = f;
          failed = true;
        } else {
          const func = L.top;
          L.push(f);
          const err = pcall(L, func, 0, 0);
          if (err !== undefined) {
            failed = true;
            msg = L.stack[func];
          }
          L.top = func;
        }
        if (failed) {
          host.writeError(`${toStr(msg) ?? `(error object is a ${typeName(msg)} value)`}\n`);
        }
        L.top = L.base;
      }
    },

    getfenv(L) {
      checkAny(L, 1);
      const o = L.arg(1);
      if (o instanceof LuaClosure) L.push(o.env);
      else if (o instanceof LuaNative || o instanceof LuaUserdata) L.push(o.env ?? defaultEnv(L));
      else if (o instanceof LuaThread) L.push(o.env);
      else L.push(undefined);
      return 1;
    },

    gethook(L) {
      const [L1] = getThread(L);
      const mask = L1.hookMask;
      L.push(L1.hook);
      L.push((mask & MASK_CALL ? "c" : "") + (mask & MASK_RET ? "r" : "") + (mask & MASK_LINE ? "l" : ""));
      L.push(L1.baseHookCount);
      return 3;
    },

    getinfo(L) {
      const [L1, arg] = getThread(L);
      const options = optString(L, arg + 2, "flnSu");
      const target = L.arg(arg + 1);
      const level = toNumber(target);
      let fn: LuaFunction | undefined;
      let ci: number | undefined;
      let tail = false;
      if (level !== undefined) {
        const lv = getStack(L1, toInteger(level));
        if (lv === undefined) {
          L.push(undefined);
          return 1;
        }
        if (lv.tail) tail = true;
        else {
          ci = lv.ci;
          fn = L1.cis[ci]!.fn;
        }
      } else if (tagOf(target) === Tag.FUNCTION) {
        fn = target as LuaFunction; // lua_getinfo(">" .. options)
      } else return argError(L, arg + 1, "function or level expected");
      if (!tail) {
        for (const c of options)
          if (!VALID_OPTIONS.includes(c)) return argError(L, arg + 2, "invalid option");
      }
      const r = new LuaTable(0, 2);
      chargeTable(L, r);
      const has = (c: string) => options.includes(c);
      if (tail) {
        if (has("S")) {
          r.set("source", "=(tail call)");
          r.set("short_src", "(tail call)");
          r.set("linedefined", -1);
          r.set("lastlinedefined", -1);
          r.set("what", "tail");
        }
        if (has("l")) r.set("currentline", -1);
        if (has("u")) r.set("nups", 0);
        if (has("n")) {
          r.set("name", "");
          r.set("namewhat", "");
        }
        L.push(r);
        return 1;
      }
      const f = fn!;
      if (has("S")) {
        const info = functionInfo(f);
        r.set("source", info.source);
        r.set("short_src", info.shortSrc);
        r.set("linedefined", info.lineDefined);
        r.set("lastlinedefined", info.lastLineDefined);
        r.set("what", info.what);
      }
      if (has("l")) r.set("currentline", ci !== undefined ? currentLine(L1.cis[ci]!) : -1);
      if (has("u")) r.set("nups", f instanceof LuaClosure ? f.p.nups : f.upvalues.length);
      if (has("n")) {
        const named = ci !== undefined ? getFuncName(L1, ci) : undefined;
        if (named !== undefined) r.set("name", named[1]);
        r.set("namewhat", named?.[0] ?? "");
      }
      if (has("L") && f instanceof LuaClosure) {
        const lines = new LuaTable();
        chargeTable(L, lines);
        for (const line of f.p.lineInfo) lines.set(line, true);
        r.set("activelines", lines);
      }
      if (has("f")) r.set("func", f);
      L.push(r);
      return 1;
    },

    getlocal(L) {
      const [L1, arg] = getThread(L);
      const lv = getStack(L1, checkInt(L, arg + 1));
      if (lv === undefined) return argError(L, arg + 1, "level out of range");
      const n = checkInt(L, arg + 2);
      const ci = levelCi(lv);
      const name = findLocal(L1, ci, n);
      if (name === undefined) {
        L.push(undefined);
        return 1;
      }
      const v = L1.stack[L1.cis[ci]!.base + n - 1];
      L.push(name);
      L.push(v);
      return 2;
    },

    getmetatable(L) {
      checkAny(L, 1);
      L.push(metatableOf(L, L.arg(1)));
      return 1;
    },

    getregistry(L) {
      L.push(L.G.registry);
      return 1;
    },

    getupvalue(L) {
      return auxUpvalue(L, true);
    },

    setfenv(L) {
      const env = L.arg(2);
      if (!(env instanceof LuaTable)) return typeError(L, 2, "table");
      L.top = L.base + 2;
      const o = L.arg(1);
      if (
        o instanceof LuaClosure ||
        o instanceof LuaNative ||
        o instanceof LuaUserdata ||
        o instanceof LuaThread
      ) {
        o.env = env;
      } else error(L, "'setfenv' cannot change environment of given object");
      L.top = L.base + 1;
      return 1;
    },

    sethook(L) {
      const [L1, arg] = getThread(L);
      let fn: LuaFunction | undefined;
      let mask = 0;
      let count = 0;
      if (L.arg(arg + 1) !== undefined) {
        const smask = checkString(L, arg + 2);
        if (tagOf(L.arg(arg + 1)) !== Tag.FUNCTION) typeError(L, arg + 1, "function");
        count = optInteger(L, arg + 3, 0) | 0;
        fn = L.arg(arg + 1) as LuaFunction;
        if (smask.includes("c")) mask |= MASK_CALL;
        if (smask.includes("r")) mask |= MASK_RET;
        if (smask.includes("l")) mask |= MASK_LINE;
        if (count > 0) mask |= MASK_COUNT;
      }
      L1.hook = fn; // the hook table's entry for L1 (kept on the thread)
      // lua_sethook
      if (fn === undefined || mask === 0) mask = 0;
      L1.baseHookCount = count;
      L1.hookCount = count;
      L1.hookMask = mask;
      return 0;
    },

    setlocal(L) {
      const [L1, arg] = getThread(L);
      const lv = getStack(L1, checkInt(L, arg + 1));
      if (lv === undefined) return argError(L, arg + 1, "level out of range");
      checkAny(L, arg + 3);
      L.top = L.base + arg + 3;
      const v = L.arg(arg + 3);
      const n = checkInt(L, arg + 2);
      // lua_xmove puts the value on top of L1 (where it already is when L1 is L) ...
      if (L1 !== L) {
        L1.ensure(L1.top + 1);
        L1.stack[L1.top++] = v;
      }
      const ci = levelCi(lv);
      const name = findLocal(L1, ci, n);
      if (name !== undefined) L1.stack[L1.cis[ci]!.base + n - 1] = v;
      // ... and lua_setlocal pops it
      if (L1 !== L) L1.top--;
      else L.top--;
      L.push(name);
      return 1;
    },

    setmetatable(L) {
      const mt = L.arg(2);
      if (!(L.nargs >= 2 && (mt === undefined || mt instanceof LuaTable))) {
        return argError(L, 2, "nil or table expected");
      }
      const o = L.arg(1);
      if (o instanceof LuaTable || o instanceof LuaUserdata) o.metatable = mt;
      else L.G.typeMetatables[tagOf(o)] = mt;
      L.push(true);
      return 1;
    },

    setupvalue(L) {
      checkAny(L, 3);
      return auxUpvalue(L, false);
    },

    /**
     * db_errorfb: traceback([thread,] [message [, level]]). As in C, a numeric level is taken
     * from its place but the value on top is dropped; the rest are concatenated in front.
     */
    traceback(L) {
      const [L1, arg] = getThread(L);
      const vals: LuaValue[] = [];
      for (let i = arg + 1; i <= L.nargs; i++) vals.push(L.arg(i));
      let level = L1 === L ? 1 : 0;
      const lv = toNumber(L.arg(arg + 2));
      if (lv !== undefined) {
        level = toInteger(lv) | 0;
        vals.pop();
      }
      if (vals.length === 0) vals.push("");
      else if (toStr(vals[0]) === undefined) {
        L.push(vals[vals.length - 1]); // the message is not a string: the top is returned
        return 1;
      } else vals.push("\n");
      let out = "";
      for (const v of vals) {
        const s = toStr(v);
        if (s === undefined) concatError(L, v);
        out += s;
      }
      L.push(out + traceback(L1, level));
      return 1;
    },
  });
  return t;
}

/** lua_concat's error for a value that is neither a string nor a number. */
function concatError(L: LuaThread, v: LuaValue): never {
  return runError(L, `attempt to concatenate a ${typeName(v)} value`);
}

/** auxupvalue of getupvalue / setupvalue. */
function auxUpvalue(L: LuaThread, get: boolean): number {
  const n = checkInt(L, 2);
  const f = L.arg(1);
  if (tagOf(f) !== Tag.FUNCTION) return typeError(L, 1, "function");
  if (!(f instanceof LuaClosure)) return 0; // cannot touch C upvalues from Lua
  const names = f.p.upvalues;
  if (!(n >= 1 && n <= names.length)) return 0;
  const uv = f.upvals[n - 1]!;
  L.push(names[n - 1]);
  if (get) {
    L.push(uv.get());
    return 2;
  }
  uv.set(L.arg(3));
  return 1;
}
