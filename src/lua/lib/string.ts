// The string library (lstrlib.c of Lua 5.1.5) over byte strings; patterns are in pattern.ts
// and string.format in format.ts. Strings get a metatable whose __index is this table, so
// that ("x"):rep(3) works.

import { call1 } from "../calls.js";
import { STANDARD_64 } from "../chunk-format.js";
import { dump } from "../dump.js";
import { LuaClosure, LuaNative } from "../func.js";
import { chargeNative, chargeString } from "../gc.js";
import type { LuaThread } from "../state.js";
import { LuaTable } from "../table.js";
import { index } from "../tm.js";
import { type LuaValue, Tag, tagOf, typeName } from "../value.js";
import {
  argError,
  checkInt,
  checkInteger,
  checkNumber,
  checkString,
  error,
  optInteger,
  register,
  toStr,
  typeError,
} from "./aux.js";
import { LuaLibError } from "./errors.js";
import { stringFormat } from "./format.js";
import { type Capture, gmatch, gsub, lowerBytes, strFind, upperBytes } from "./pattern.js";

/** posrelat: a negative position counts from the end; the result is at least 0. */
const posrelat = (pos: number, len: number): number => {
  if (pos < 0) pos += len + 1;
  return Math.max(pos, 0);
};

/** Pushes a string result, charging it to the heap when it is a new string. */
function pushString(L: LuaThread, s: string): void {
  chargeString(L, s);
  L.push(s);
}

/** Pattern errors are luaL_error's: they get the caller's position. */
function patterns<T>(L: LuaThread, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof LuaLibError) error(L, e.message);
    throw e;
  }
}

function pushCaptures(L: LuaThread, caps: Capture[]): number {
  L.ensure(L.top + caps.length);
  for (const c of caps) {
    if (typeof c === "string") chargeString(L, c);
    L.push(c);
  }
  return caps.length;
}

function findAux(L: LuaThread, find: boolean): number {
  const s = checkString(L, 1);
  const p = checkString(L, 2);
  const init = optInteger(L, 3, 1);
  const plain = L.arg(4) !== undefined && L.arg(4) !== false;
  const r = patterns(L, () => strFind(s, p, init, plain, find));
  if (r === undefined) {
    L.push(undefined);
    return 1;
  }
  return pushCaptures(L, r);
}

export function stringLib(L: LuaThread): LuaTable {
  const t = new LuaTable();
  register(t, {
    len(L) {
      L.push(checkString(L, 1).length);
      return 1;
    },
    sub(L) {
      const s = checkString(L, 1);
      const l = s.length;
      let start = posrelat(checkInteger(L, 2), l);
      let end = posrelat(optInteger(L, 3, -1), l);
      if (start < 1) start = 1;
      if (end > l) end = l;
      pushString(L, start <= end ? s.slice(start - 1, end) : "");
      return 1;
    },
    reverse(L) {
      const s = checkString(L, 1);
      let r = "";
      for (let i = s.length - 1; i >= 0; i--) r += s[i];
      pushString(L, r);
      return 1;
    },
    lower(L) {
      pushString(L, lowerBytes(checkString(L, 1)));
      return 1;
    },
    upper(L) {
      pushString(L, upperBytes(checkString(L, 1)));
      return 1;
    },
    rep(L) {
      const s = checkString(L, 1);
      const n = checkInt(L, 2);
      pushString(L, n > 0 ? s.repeat(n) : "");
      return 1;
    },
    byte(L) {
      const s = checkString(L, 1);
      const l = s.length;
      let posi = posrelat(optInteger(L, 2, 1), l);
      let pose = posrelat(optInteger(L, 3, posi), l);
      if (posi <= 0) posi = 1;
      if (pose > l) pose = l;
      if (posi > pose) return 0;
      const n = pose - posi + 1;
      if (n >= 8000) error(L, "string slice too long");
      L.ensure(L.top + n);
      for (let i = 0; i < n; i++) L.push(s.charCodeAt(posi + i - 1));
      return n;
    },
    char(L) {
      const n = L.nargs;
      let r = "";
      for (let i = 1; i <= n; i++) {
        const c = checkInt(L, i);
        if ((c & 0xff) !== c) argError(L, i, "invalid value");
        r += String.fromCharCode(c);
      }
      pushString(L, r);
      return 1;
    },
    dump(L) {
      const f = L.arg(1);
      if (tagOf(f) !== Tag.FUNCTION) typeError(L, 1, "function");
      if (!(f instanceof LuaClosure)) error(L, "unable to dump given function");
      const bytes = dump(f.p, STANDARD_64, false);
      let s = "";
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
      pushString(L, s);
      return 1;
    },
    format(L) {
      const fmt = checkString(L, 1);
      const s = patterns(L, () =>
        stringFormat(fmt, {
          count: L.nargs,
          number: (i) => checkNumber(L, i),
          string: (i) => checkString(L, i),
          argError: (i, msg) => argError(L, i, msg),
        }),
      );
      pushString(L, s);
      return 1;
    },
    find(L) {
      return findAux(L, true);
    },
    match(L) {
      return findAux(L, false);
    },
    gmatch(L) {
      const src = checkString(L, 1);
      const pat = checkString(L, 2);
      const it = gmatch(src, pat);
      // 5.1's gmatch_aux keeps the subject, the pattern and the position as its 3 upvalues
      const aux = new LuaNative(
        "gmatch_aux",
        (L) => {
          const caps = patterns(L, () => it.next());
          return caps === undefined ? 0 : pushCaptures(L, caps);
        },
        undefined,
        [src, pat, 0],
      );
      chargeNative(L, aux);
      L.push(aux);
      return 1;
    },
    gsub(L) {
      const src = checkString(L, 1);
      const p = checkString(L, 2);
      const repl = L.arg(3);
      const tr = tagOf(repl);
      const maxN = L.arg(4) === undefined ? undefined : checkInt(L, 4);
      if (!(tr === Tag.NUMBER || tr === Tag.STRING || tr === Tag.FUNCTION || tr === Tag.TABLE)) {
        argError(L, 3, "string/function/table expected");
      }
      const r = patterns(L, () =>
        gsub<LuaValue>(
          src,
          p,
          tr === Tag.TABLE
            ? { kind: "table", get: (key) => index(L, repl, key, -1) }
            : tr === Tag.FUNCTION
              ? { kind: "function", call: (caps) => call1(L, repl, ...caps) }
              : (toStr(repl) as string),
          maxN,
          typeName,
        ),
      );
      pushString(L, r.s);
      L.push(r.n);
      return 2;
    },
  });
  t.set("gfind", t.get("gmatch")); // LUA_COMPAT_GFIND
  const meta = new LuaTable();
  meta.set("__index", t);
  L.G.typeMetatables[Tag.STRING] = meta;
  return t;
}
