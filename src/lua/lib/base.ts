// The base library (lbaselib.c of Lua 5.1.5): print, type, tostring, tonumber, pairs, ipairs,
// next, select, the raw accessors, metatables, errors and protected calls, loading chunks,
// environments and unpack. Chunk loading and printing go through the state's host hooks.

import { call, call1, pcall, runProtected } from "../calls.js";
import { compile, LuaSyntaxError } from "../compile.js";
import { throwError } from "../debug-info.js";
import { LuaClosure, LuaNative, UpVal } from "../func.js";
import {
  chargeChunk,
  chargeConcat,
  chargeString,
  chargeTable,
  checkGC,
  fullGC,
  gcStep,
  heapOf,
  newUserdata,
} from "../gc.js";
import { LightUserdata } from "../light-userdata.js";
import { loadfileText } from "../loadfile.js";
import { formatNumber } from "../numfmt.js";
import { RomTable } from "../rom.js";
import { getStack } from "../stack-info.js";
import { type LuaThread, MULTRET } from "../state.js";
import { str2number, strtoul } from "../str2number.js";
import { LuaTable } from "../table.js";
import { index, metatableOf, rawNext, rawSet } from "../tm.js";
import { LuaUndumpError, undump } from "../undump.js";
import { cString, type LuaValue, Tag, tagOf, typeName } from "../value.js";
import {
  argError,
  checkAny,
  checkInt,
  checkString,
  checkTable,
  error,
  optInt,
  register,
  toStr,
  typeError,
  where,
} from "./aux.js";

/** `%p` of an object: an address-like hexadecimal identity. */
export function pointerString(v: LuaValue): string {
  // a light userdata is its pointer; glibc's (and the device's c99-snprintf's) %p of NULL is "(nil)"
  if (v instanceof LightUserdata) return v.address === 0 ? "(nil)" : `0x${v.address.toString(16)}`;
  const id = (v as { id: number }).id;
  return `0x${(0x8000000 + id * 0x20).toString(16).padStart(8, "0")}`;
}

/** luaL_tolstring as luaB_tostring does it: __tostring, then the plain conversions. */
export function tostring(L: LuaThread, v: LuaValue): LuaValue {
  const tm = getMetafield(L, v, "__tostring");
  if (tm !== undefined) return call1(L, tm, v);
  switch (typeof v) {
    case "number": {
      const s = formatNumber(v);
      chargeString(L, s);
      return s;
    }
    case "string":
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "nil";
    default: {
      const s = `${typeName(v)}: ${pointerString(v)}`;
      chargeConcat(L, s); // lua_pushfstring
      return s;
    }
  }
}

function getMetafield(L: LuaThread, v: LuaValue, name: string): LuaValue {
  const mt = metatableOf(L, v);
  return mt === undefined ? undefined : mt.get(name);
}

/** What a state needs from its host for the base library. */
export interface BaseHost {
  /** print's output (fputs to stdout). */
  write(s: string): void;
  /** loadfile/dofile: the bytes of a file as a byte string, or an error message. */
  readFile?(name: string): string | { error: string };
}

/** lua_load over text or a binary chunk: the function, or the error message. */
export function loadChunk(
  L: LuaThread,
  chunk: string,
  chunkName: string,
  env: LuaTable,
): LuaClosure | string {
  chunkName = cString(chunkName); // lua_load takes the name as a C string
  try {
    checkGC(L); // f_parser
    let cl: LuaClosure;
    if (chunk.charCodeAt(0) === 0x1b) {
      const bytes = Uint8Array.from(chunk, (c) => c.charCodeAt(0));
      const p = undump(bytes, chunkName);
      cl = new LuaClosure(p, env);
    } else {
      const p = compile(chunk, chunkName, { ...L.G.parseOptions, cCallDepth: L.nCcalls });
      L.G.afterCompile?.(p);
      cl = new LuaClosure(p, env);
    }
    // f_parser: the upvalues of a binary chunk's function start as fresh ones holding nil
    for (let i = 0; i < cl.upvals.length; i++) cl.upvals[i] = new UpVal(null, 0);
    chargeChunk(L, cl);
    return cl;
  } catch (e) {
    if (e instanceof LuaSyntaxError || e instanceof LuaUndumpError) return e.message;
    throw e;
  }
}

function pushLoadResult(L: LuaThread, r: LuaClosure | string): number {
  if (typeof r === "string") {
    L.push(undefined);
    L.push(r);
    return 2;
  }
  L.push(r);
  return 1;
}

/** tonumber(s, base): strtoul over the whole string (up to a NUL), trailing space allowed. */
function toNumberBase(s: string, base: number): number | undefined {
  const nul = s.indexOf("\0");
  if (nul >= 0) s = s.slice(0, nul); // C sees the string up to its first NUL
  const r = strtoul(s, base);
  if (r.end === 0) return undefined;
  let i = r.end;
  while (i < s.length && /[\t\n\v\f\r ]/.test(s[i]!)) i++;
  return i === s.length ? r.value : undefined;
}

/** getfunc of luaB_getfenv/setfenv: a function, or the function at a stack level. */
function getFunc(L: LuaThread, opt: boolean): LuaValue {
  const f = L.arg(1);
  if (tagOf(f) === Tag.FUNCTION) return f;
  const level = opt ? optInt(L, 1, 1) : checkInt(L, 1);
  if (level < 0) argError(L, 1, "level must be non-negative");
  const lv = getStack(L, level);
  if (lv === undefined) argError(L, 1, "invalid level");
  if (lv.tail) error(L, `no function environment for tail call at level ${level}`);
  return L.cis[lv.ci]!.fn;
}

export function baseLib(G: LuaTable, host: BaseHost): void {
  G.set("_G", G);
  G.set("_VERSION", "Lua 5.1");
  register(G, {
    print(L) {
      const n = L.nargs;
      const tostr = index(L, L.env, "tostring", -1); // lua_getglobal: through metamethods
      // luaB_print writes piece by piece with fputs: what came before an error is out, and
      // each piece ends at its first NUL byte
      for (let i = 1; i <= n; i++) {
        const s = toStr(call1(L, tostr, L.arg(i))); // lua_tostring: numbers convert
        if (typeof s !== "string") error(L, "'tostring' must return a string to 'print'");
        const nul = s.indexOf("\0");
        host.write(i > 1 ? `\t${nul < 0 ? s : s.slice(0, nul)}` : nul < 0 ? s : s.slice(0, nul));
      }
      host.write("\n");
      return 0;
    },
    type(L) {
      checkAny(L, 1);
      const name = typeName(L.arg(1));
      chargeString(L, name);
      L.push(name);
      return 1;
    },
    tostring(L) {
      checkAny(L, 1);
      L.push(tostring(L, L.arg(1)));
      return 1;
    },
    tonumber(L) {
      const base = optInt(L, 2, 10);
      if (base === 10) {
        checkAny(L, 1);
        const v = L.arg(1);
        const n = typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;
        L.push(n);
        return 1;
      }
      const s = checkString(L, 1);
      if (!(base >= 2 && base <= 36)) argError(L, 2, "base out of range");
      L.push(toNumberBase(s, base));
      return 1;
    },
    error(L) {
      const level = optInt(L, 2, 1);
      let v = L.arg(1);
      const s = toStr(v);
      if (s !== undefined && level > 0) {
        v = where(L, level) + s;
        chargeConcat(L, v); // lua_concat
      }
      return throwError(L, v);
    },
    getmetatable(L) {
      checkAny(L, 1);
      const mt = metatableOf(L, L.arg(1));
      if (mt === undefined) {
        L.push(undefined);
        return 1;
      }
      const protectedMt = mt.get("__metatable");
      L.push(protectedMt !== undefined ? protectedMt : mt);
      return 1;
    },
    setmetatable(L) {
      const t = L.arg(1);
      const mt = L.arg(2);
      if (!(t instanceof LuaTable)) typeError(L, 1, "table");
      if (L.nargs < 2 || !(mt === undefined || mt instanceof LuaTable))
        argError(L, 2, "nil or table expected");
      if (getMetafield(L, t, "__metatable") !== undefined) error(L, "cannot change a protected metatable");
      if (!(t instanceof RomTable)) t.metatable = mt; // 5.1 NodeMCU ignores it on ROM tables
      L.top = L.base + 1;
      return 1;
    },
    getfenv(L) {
      const f = getFunc(L, true);
      if (f instanceof LuaClosure) L.push(f.env);
      else L.push(L.env); // natives and level 0: the thread's environment
      return 1;
    },
    setfenv(L) {
      const env = checkTable(L, 2);
      const f = getFunc(L, false);
      const a1 = L.arg(1);
      if (typeof a1 === "number" && a1 === 0) {
        L.env = env;
        return 0;
      }
      if (!(f instanceof LuaClosure)) error(L, "'setfenv' cannot change environment of given object");
      f.env = env;
      L.push(f);
      return 1;
    },
    rawequal(L) {
      checkAny(L, 1);
      checkAny(L, 2);
      L.push(L.arg(1) === L.arg(2));
      return 1;
    },
    rawget(L) {
      const t = checkTable(L, 1);
      checkAny(L, 2);
      L.push(t.get(L.arg(2)));
      return 1;
    },
    rawset(L) {
      const t = checkTable(L, 1);
      checkAny(L, 2);
      checkAny(L, 3);
      rawSet(L, t, L.arg(2), L.arg(3));
      L.top = L.base + 1;
      return 1;
    },
    next(L) {
      const t = checkTable(L, 1);
      const r = rawNext(L, t, L.arg(2));
      if (r === undefined) {
        L.push(undefined);
        return 1;
      }
      L.push(r[0]);
      L.push(r[1]);
      return 2;
    },
    select(L) {
      const n = L.nargs;
      const a = L.arg(1);
      if (typeof a === "string" && a.charCodeAt(0) === 35 /* # */) {
        L.push(n - 1);
        return 1;
      }
      let i = checkInt(L, 1);
      if (i < 0) i = n + i;
      else if (i > n) i = n;
      if (i < 1) argError(L, 1, "index out of range");
      return n - i;
    },
    unpack(L) {
      const t = checkTable(L, 1);
      const i = optInt(L, 2, 1);
      const e = L.arg(3) === undefined ? t.length() : checkInt(L, 3);
      if (i > e) return 0;
      const n = e - i + 1;
      if (n <= 0 || n >= 8000 || !Number.isFinite(n)) error(L, "too many results to unpack");
      L.ensure(L.top + n);
      for (let k = i; k <= e; k++) L.push(t.getInt(k));
      return n;
    },
    assert(L) {
      checkAny(L, 1);
      const v = L.arg(1);
      if (v === undefined || v === false) {
        const msg = L.arg(2);
        error(L, msg === undefined ? "assertion failed!" : checkString(L, 2));
      }
      return L.nargs;
    },
    pcall(L) {
      checkAny(L, 1);
      const func = L.base;
      const err = pcall(L, func, MULTRET, 0);
      // put the status in front of the results (or of the error value)
      L.ensure(L.top + 1);
      for (let i = L.top; i > func; i--) L.stack[i] = L.stack[i - 1];
      L.stack[func] = err === undefined;
      L.top++;
      return L.top - func;
    },
    xpcall(L) {
      checkAny(L, 2);
      L.top = L.base + 2;
      // the handler goes below the function to call
      const f = L.stack[L.base];
      L.stack[L.base] = L.stack[L.base + 1];
      L.stack[L.base + 1] = f;
      const err = pcall(L, L.base + 1, MULTRET, L.base);
      L.stack[L.base] = err === undefined;
      return L.top - L.base;
    },
    loadstring(L) {
      const s = checkString(L, 1);
      const name = L.arg(2) === undefined ? s : checkString(L, 2);
      return pushLoadResult(L, loadChunk(L, s, name, L.env));
    },
    load(L) {
      const f = L.arg(1);
      if (tagOf(f) !== Tag.FUNCTION) typeError(L, 1, "function");
      const name = L.arg(2) === undefined ? "=(load)" : checkString(L, 2);
      let chunk = "";
      // lua_load runs the reader protected (keeping the current error handler): its errors
      // become load's error result
      const func = L.top;
      const err = runProtected(L, func, () => {
        for (;;) {
          const piece = call1(L, f);
          if (piece === undefined) break;
          const s = toStr(piece);
          if (s === undefined) error(L, "reader function must return a string");
          if (s === "") break;
          chunk += s;
        }
      });
      if (err !== undefined) {
        const msg = L.stack[func];
        L.top = func;
        L.push(undefined);
        L.push(msg);
        return 2;
      }
      return pushLoadResult(L, loadChunk(L, chunk, name, L.env));
    },
    loadfile(L) {
      const name = L.arg(1) === undefined ? undefined : checkString(L, 1);
      return pushLoadResult(L, loadFile(L, host, name));
    },
    dofile(L) {
      const name = L.arg(1) === undefined ? undefined : checkString(L, 1);
      const r = loadFile(L, host, name);
      if (typeof r === "string") throwError(L, r);
      const func = L.top;
      L.push(r);
      call(L, func, MULTRET);
      return L.top - func;
    },
    gcinfo(L) {
      L.push(Math.floor(heapOf(L).totalBytes / 1024));
      return 1;
    },
    collectgarbage(L) {
      const o = checkOption(L, 1, "collect", GC_OPTIONS);
      const data = optInt(L, 2, 0);
      const h = heapOf(L);
      switch (GC_OPTIONS[o]) {
        case "stop":
          h.stop();
          L.push(0);
          return 1;
        case "restart":
          h.restart();
          L.push(0);
          return 1;
        case "collect":
          fullGC(L);
          L.push(0);
          return 1;
        case "count":
          L.push(h.totalBytes / 1024);
          return 1;
        case "step":
          L.push(gcStep(L, data));
          return 1;
        case "setpause": {
          L.push(h.pause);
          h.pause = data;
          return 1;
        }
        default: {
          L.push(h.stepmul);
          h.stepmul = data;
          return 1;
        }
      }
    },
  });
  // `ipairs` and `pairs` hold their iterators as upvalues (a `next` of pairs' own, as 5.1's);
  // `newproxy` holds the weak table of the metatables it made (base_open)
  const upvalue1 = (L: LuaThread): LuaValue => (L.ci.fn as LuaNative).upvalues[0];
  const ipairsAux = new LuaNative("ipairs", (L) => {
    const t = checkTable(L, 1);
    const i = checkInt(L, 2) + 1;
    const v = t.getInt(i);
    if (v === undefined) return 0;
    L.push(i);
    L.push(v);
    return 2;
  });
  const nextAux = new LuaNative("next", (G.get("next") as LuaNative).fn);
  const ipairs = new LuaNative(
    "ipairs",
    (L) => {
      checkTable(L, 1);
      L.push(upvalue1(L));
      L.push(L.arg(1));
      L.push(0);
      return 3;
    },
    undefined,
    [ipairsAux],
  );
  const pairs = new LuaNative(
    "pairs",
    (L) => {
      checkTable(L, 1);
      L.push(upvalue1(L));
      L.push(L.arg(1));
      L.push(undefined);
      return 3;
    },
    undefined,
    [nextAux],
  );
  G.set("ipairs", ipairs);
  G.set("pairs", pairs);
  const weak = new LuaTable(0, 1);
  weak.metatable = weak;
  weak.set("__mode", "kv");
  G.set("newproxy", new LuaNative("newproxy", newproxy, undefined, [weak]));
}

/** luaB_newproxy: a zero-size userdata, with a new metatable (true) or that of another proxy. */
function newproxy(L: LuaThread): number {
  const arg = L.arg(1);
  L.ensure(L.base + 3);
  L.stack[L.base] = arg; // lua_settop(L, 1)
  L.top = L.base + 1;
  const weak = (L.ci.fn as LuaNative).upvalues[0] as LuaTable;
  checkGC(L);
  const u = newUserdata(L, 0);
  L.push(u);
  if (isFalseValue(arg)) return 1; // no metatable
  let mt: LuaTable | undefined;
  if (arg === true) {
    checkGC(L);
    mt = new LuaTable();
    chargeTable(L, mt);
    L.push(mt);
    weak.set(mt, true); // weaktable[m] = true: a metatable that newproxy made
    L.top--;
  } else {
    mt = metatableOf(L, arg);
    if (mt === undefined || isFalseValue(weak.get(mt))) argError(L, 1, "boolean or proxy expected");
  }
  u.metatable = mt;
  return 1;
}

const isFalseValue = (v: LuaValue): boolean => v === undefined || v === false;

const GC_OPTIONS = ["stop", "restart", "collect", "count", "step", "setpause", "setstepmul"] as const;

/** luaL_checkoption. */
function checkOption(L: LuaThread, narg: number, def: string, names: readonly string[]): number {
  const name = L.arg(narg) === undefined ? def : cString(checkString(L, narg)); // strcmp
  const i = names.indexOf(name);
  if (i < 0) argError(L, narg, `invalid option '${name}'`);
  return i;
}

/** luaL_loadfile: the `#` first line, binary chunks and the `@name` chunk name. */
function loadFile(L: LuaThread, host: BaseHost, name: string | undefined): LuaClosure | string {
  if (name === undefined || host.readFile === undefined) return "cannot read stdin";
  name = cString(name); // fopen's file name
  const r = host.readFile(name);
  if (typeof r !== "string") return `cannot open ${name}: ${r.error}`; // lauxlib.c errfile
  return loadChunk(L, loadfileText(r, true), `@${name}`, L.env);
}
