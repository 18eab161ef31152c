// Metamethods and the operations that may call them (ltm.c, lvm.c): indexing with __index and
// __newindex chains, arithmetic with string coercion and __add..__unm, comparison with __eq,
// __lt and __le, concatenation with __concat, and the number/string coercions of lvm.c.

import { call } from "./calls.js";
import { orderError, runError, typeError } from "./debug-info.js";
import { chargeConcat, chargeString } from "./gc.js";
import { formatNumber } from "./numfmt.js";
import { numPow } from "./pow.js";
import { ROM_METATABLE, RomTable } from "./rom.js";
import type { LuaThread } from "./state.js";
import { str2number } from "./str2number.js";
import { LuaTable, LuaTableError, stringHash } from "./table.js";
import { isFalse, type LuaValue, Tag, tagOf } from "./value.js";

/** Metamethod events (ltm.h TMS order; the names are luaT_eventname). */
export const enum TM {
  INDEX,
  NEWINDEX,
  GC,
  MODE,
  EQ,
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  UNM,
  LEN,
  LT,
  LE,
  CONCAT,
  CALL,
}
// biome-ignore format: a table
export const TM_NAMES = [
  "__index", "__newindex", "__gc", "__mode", "__eq", "__add", "__sub", "__mul", "__div", "__mod",
  "__pow", "__unm", "__len", "__lt", "__le", "__concat", "__call",
];

/** Lua hashes of the event names, computed once (lookups of them are frequent). */
const TM_HASHES = TM_NAMES.map((name) => stringHash(name));

/** lvm.c MAXTAGLOOP: the longest __index/__newindex chain followed. */
const MAXTAGLOOP = 100;

export function metatableOf(L: LuaThread, v: LuaValue): LuaTable | undefined {
  if (v instanceof LuaTable) return v.metatable === ROM_METATABLE ? undefined : v.metatable;
  const tag = tagOf(v);
  if (tag === Tag.USERDATA) return (v as { metatable: LuaTable | undefined }).metatable;
  return L.G.typeMetatables[tag];
}

/** luaT_gettmbyobj. */
export function getTM(L: LuaThread, v: LuaValue, event: TM): LuaValue {
  const mt = metatableOf(L, v);
  return mt === undefined ? undefined : mt.getStr(TM_NAMES[event]!, TM_HASHES[event]);
}

/** fasttm: a metamethod from a metatable (undefined when there is none). */
export function fastTM(mt: LuaTable | undefined, event: TM): LuaValue {
  return mt === undefined ? undefined : mt.getStr(TM_NAMES[event]!, TM_HASHES[event]);
}

/** callTMres: f(p1, p2), one result. */
export function callTMres(L: LuaThread, f: LuaValue, p1: LuaValue, p2: LuaValue): LuaValue {
  const top = L.top;
  L.ensure(top + 3);
  L.stack[top] = f;
  L.stack[top + 1] = p1;
  L.stack[top + 2] = p2;
  L.top = top + 3;
  call(L, top, 1);
  L.top--;
  return L.stack[L.top];
}

/** callTM: f(p1, p2, p3), no results. */
function callTM(L: LuaThread, f: LuaValue, p1: LuaValue, p2: LuaValue, p3: LuaValue): void {
  const top = L.top;
  L.ensure(top + 4);
  L.stack[top] = f;
  L.stack[top + 1] = p1;
  L.stack[top + 2] = p2;
  L.stack[top + 3] = p3;
  L.top = top + 4;
  call(L, top, 0);
}

const isFunction = (v: LuaValue) => tagOf(v) === Tag.FUNCTION;

/** luaV_gettable: t[key] with __index; tpos is t's register (relative to base) or -1. */
export function index(L: LuaThread, t: LuaValue, key: LuaValue, tpos: number): LuaValue {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const res = t.get(key);
      if (res !== undefined) return res;
      tm = fastTM(t.metatable, TM.INDEX);
      if (tm === undefined) return undefined;
    } else {
      tm = getTM(L, t, TM.INDEX);
      if (tm === undefined) typeError(L, t, tpos, "index");
    }
    if (isFunction(tm)) return callTMres(L, tm, t, key);
    t = tm;
    tpos = -1;
  }
  return runError(L, "loop in gettable");
}

/** luaV_settable: t[key] = v with __newindex. */
export function setIndex(L: LuaThread, t: LuaValue, key: LuaValue, v: LuaValue, tpos: number): void {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const mt = t.metatable;
      if (mt === undefined || t.get(key) !== undefined || (tm = fastTM(mt, TM.NEWINDEX)) === undefined) {
        rawSet(L, t, key, v);
        return;
      }
    } else {
      tm = getTM(L, t, TM.NEWINDEX);
      if (tm === undefined) typeError(L, t, tpos, "index");
    }
    if (isFunction(tm)) {
      callTM(L, tm, t, key, v);
      return;
    }
    t = tm;
    tpos = -1;
  }
  runError(L, "loop in settable");
}

/** A raw table store; nil and NaN keys are run-time errors (ltable.c luaH_set). */
export function rawSet(L: LuaThread, t: LuaTable, key: LuaValue, v: LuaValue): void {
  if (typeof key === "number") {
    if (Number.isNaN(key)) runError(L, "table index is NaN");
  } else if (key === undefined) runError(L, "table index is nil");
  if (t instanceof RomTable) runError(L, "table is readonly");
  t.set(key, v);
}

/** lua_next: the entry after `key`, with luaH_next's error for a key not in the table. */
export function rawNext(L: LuaThread, t: LuaTable, key: LuaValue): [LuaValue, LuaValue] | undefined {
  try {
    return t.next(key);
  } catch (e) {
    if (e instanceof LuaTableError) return runError(L, e.message);
    throw e;
  }
}

/** luaV_tonumber: numbers, and strings that convert (luaO_str2d). */
export function toNumber(v: LuaValue): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") return str2number(v);
  return undefined;
}

/** luaV_tostring for concatenation: strings, and numbers as `%.14g`. */
export function toStringCoerce(v: LuaValue): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  return undefined;
}

/** luai_nummod. */
export const numMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

/** Arith (lvm.c): op is one of TM.ADD..TM.UNM; bpos/cpos are registers or -1. */
export function arith(L: LuaThread, op: TM, b: LuaValue, c: LuaValue, bpos: number, cpos: number): LuaValue {
  const nb = toNumber(b);
  const nc = nb === undefined ? undefined : toNumber(c);
  if (nb !== undefined && nc !== undefined) {
    switch (op) {
      case TM.ADD:
        return nb + nc;
      case TM.SUB:
        return nb - nc;
      case TM.MUL:
        return nb * nc;
      case TM.DIV:
        return nb / nc;
      case TM.MOD:
        return numMod(nb, nc);
      case TM.POW:
        return numPow(nb, nc);
      default:
        return -nb; // UNM
    }
  }
  let tm = getTM(L, b, op);
  if (tm === undefined) tm = getTM(L, c, op);
  if (tm !== undefined) return callTMres(L, tm, b, c);
  // luaG_aritherror: report the first operand that is not a number
  if (toNumber(b) === undefined) return typeError(L, b, bpos, "perform arithmetic on");
  return typeError(L, c, cpos, "perform arithmetic on");
}

/** get_compTM: the metamethod shared by two metatables, for __eq. */
function compTM(mt1: LuaTable | undefined, mt2: LuaTable | undefined, event: TM): LuaValue {
  const tm1 = fastTM(mt1, event);
  if (tm1 === undefined) return undefined;
  if (mt1 === mt2) return tm1;
  const tm2 = fastTM(mt2, event);
  if (tm2 === undefined) return undefined;
  return tm1 === tm2 ? tm1 : undefined;
}

/** luaV_equalval for two values of the same type. */
export function equalObj(L: LuaThread, a: LuaValue, b: LuaValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object") return false; // numbers: NaN ~= NaN
  const ta = tagOf(a);
  if (ta !== tagOf(b) || (ta !== Tag.TABLE && ta !== Tag.USERDATA)) return false;
  const tm = compTM(metatableOf(L, a), metatableOf(L, b), TM.EQ);
  if (tm === undefined) return false;
  return !isFalse(callTMres(L, tm, a, b));
}

/** call_orderTM: -1 when the two values have no common metamethod. */
function orderTM(L: LuaThread, a: LuaValue, b: LuaValue, event: TM): number {
  const tm1 = getTM(L, a, event);
  if (tm1 === undefined) return -1;
  const tm2 = getTM(L, b, event);
  if (tm1 !== tm2) return -1;
  return isFalse(callTMres(L, tm1, a, b)) ? 0 : 1;
}

// Strings compare with JS's < and <=: on byte strings that is l_strcmp's strcoll in the C locale,
// NUL bytes included.

/** luaV_lessthan. */
export function lessThan(L: LuaThread, a: LuaValue, b: LuaValue): boolean {
  const t = typeof a;
  if (t !== typeof b || tagOf(a) !== tagOf(b)) return orderError(L, a, b);
  if (t === "number") return (a as number) < (b as number);
  if (t === "string") return (a as string) < (b as string);
  const res = orderTM(L, a, b, TM.LT);
  if (res !== -1) return res === 1;
  return orderError(L, a, b);
}

/** lessequal (lvm.c): __le, else not __lt(b, a). */
export function lessEqual(L: LuaThread, a: LuaValue, b: LuaValue): boolean {
  const t = typeof a;
  if (t !== typeof b || tagOf(a) !== tagOf(b)) return orderError(L, a, b);
  if (t === "number") return (a as number) <= (b as number);
  if (t === "string") return (a as string) <= (b as string);
  let res = orderTM(L, a, b, TM.LE);
  if (res !== -1) return res === 1;
  res = orderTM(L, b, a, TM.LT);
  if (res !== -1) return res === 0;
  return orderError(L, a, b);
}

/**
 * luaV_concat: concatenates the `total` values ending at register `last` (relative to
 * `base`), right to left, leaving the result in register last - total + 1.
 */
export function concat(L: LuaThread, base: number, total: number, last: number): void {
  const s = L.stack;
  do {
    const top = base + last + 1;
    let n = 2;
    const a = s[top - 2];
    const b = s[top - 1];
    const bs = toStringCoerce(b);
    if ((typeof a !== "string" && typeof a !== "number") || bs === undefined) {
      let tm = getTM(L, a, TM.CONCAT);
      if (tm === undefined) tm = getTM(L, b, TM.CONCAT);
      if (tm === undefined) {
        // luaG_concaterror: blame the first operand that is not a string or number
        if (typeof a === "string" || typeof a === "number") typeError(L, b, top - 1 - base, "concatenate");
        typeError(L, a, top - 2 - base, "concatenate");
      }
      s[top - 2] = callTMres(L, tm, a, b);
    } else if (bs.length === 0) {
      const as = toStringCoerce(a) as string;
      if (typeof a === "number") chargeString(L, as);
      s[top - 2] = as;
    } else {
      // gather as many string-convertible operands as possible
      let str = bs;
      for (n = 1; n < total; n++) {
        const piece = toStringCoerce(s[top - n - 1]);
        if (piece === undefined) break;
        str = piece + str;
      }
      chargeConcat(L, str);
      s[top - n] = str;
    }
    total -= n - 1;
    last -= n - 1;
  } while (total > 1);
}
