// The table library (ltablib.c of Lua 5.1.5): concat, insert, remove, maxn, sort, and the
// compatibility functions getn, setn, foreach and foreachi. Lengths are raw (luaL_getn is
// lua_objlen: no __len), reads and writes are raw (lua_rawgeti / lua_rawseti), and sort is 5.1's
// quicksort step for step: the same pivots, the same comparisons in the same order, the same
// reads and writes of the table between them, and `invalid order function for sorting` raised
// at the same point.

import { formatNumber } from "../numfmt.js";
import type { LuaThread } from "../state.js";
import { LuaTable } from "../table.js";
import { callTMres, lessThan, rawNext } from "../tm.js";
import { isFalse, type LuaValue, Tag, tagOf, typeName } from "../value.js";
import { checkInteger, checkTable, error, optInteger, optString, register, typeError } from "./aux.js";

/** luaL_checkint: luaL_checkinteger cast to a C int. */
const checkInt = (L: LuaThread, narg: number): number => checkInteger(L, narg) | 0;

/** luaL_optint. */
const optInt = (L: LuaThread, narg: number, def: number): number => optInteger(L, narg, def) | 0;

/** aux_getn: the table argument and its raw length (luaL_getn is lua_objlen in 5.1). */
function auxGetn(L: LuaThread, narg: number): [LuaTable, number] {
  const t = checkTable(L, narg);
  return [t, t.length() | 0];
}

/** luaL_checktype(L, narg, LUA_TFUNCTION). */
function checkFunction(L: LuaThread, narg: number): LuaValue {
  const f = L.arg(narg);
  if (tagOf(f) !== Tag.FUNCTION) typeError(L, narg, "function");
  return f;
}

/** A sort in progress: the table, the order function (undefined: `<`) and the thread. */
class Sorter {
  constructor(
    readonly L: LuaThread,
    readonly t: LuaTable,
    readonly comp: LuaValue,
  ) {}

  /** sort_comp: a < b, by the order function or by lua_lessthan (with __lt). */
  less(a: LuaValue, b: LuaValue): boolean {
    if (this.comp !== undefined) return !isFalse(callTMres(this.L, this.comp, a, b));
    return lessThan(this.L, a, b);
  }

  /** auxsort: sorts t[l..u]; each step reads and writes the table exactly as ltablib.c does. */
  sort(l: number, u: number): void {
    const t = this.t;
    while (l < u) {
      // sort elements a[l], a[(l+u)/2] and a[u]
      let a = t.getInt(l);
      let b = t.getInt(u);
      if (this.less(b, a)) {
        // a[u] < a[l]: swap
        t.setInt(l, b);
        t.setInt(u, a);
      }
      if (u - l === 1) break; // only 2 elements
      let i = Math.floor((l + u) / 2);
      a = t.getInt(i);
      b = t.getInt(l);
      if (this.less(a, b)) {
        // a[i] < a[l]
        t.setInt(i, b);
        t.setInt(l, a);
      } else {
        b = t.getInt(u);
        if (this.less(b, a)) {
          // a[u] < a[i]
          t.setInt(i, b);
          t.setInt(u, a);
        }
      }
      if (u - l === 2) break; // only 3 elements
      const P = t.getInt(i); // the pivot
      t.setInt(i, t.getInt(u - 1));
      t.setInt(u - 1, P);
      // a[l] <= P == a[u-1] <= a[u]: only l+1 .. u-2 remain
      i = l;
      let j = u - 1;
      for (;;) {
        // invariant: a[l..i] <= P <= a[j..u]
        let ai: LuaValue;
        let aj: LuaValue;
        // repeat ++i until a[i] >= P
        while (this.less((ai = t.getInt(++i)), P)) {
          if (i > u) error(this.L, "invalid order function for sorting");
        }
        // repeat --j until a[j] <= P
        while (this.less(P, (aj = t.getInt(--j)))) {
          if (j < l) error(this.L, "invalid order function for sorting");
        }
        if (j < i) break;
        t.setInt(i, aj);
        t.setInt(j, ai);
      }
      // swap the pivot (a[u-1]) with a[i]
      a = t.getInt(u - 1);
      b = t.getInt(i);
      t.setInt(u - 1, b);
      t.setInt(i, a);
      // a[l..i-1] <= a[i] == P <= a[i+1..u]; recurse into the smaller half, loop on the larger
      if (i - l < u - i) {
        j = l;
        i = i - 1;
        l = i + 2;
      } else {
        j = i + 1;
        i = u;
        u = j - 2;
      }
      this.sort(j, i);
    }
  }
}

/** The `table` library table. */
export function tableLib(): LuaTable {
  // luaL_register sizes the table for its functions and registers them in this order
  const T = new LuaTable(0, 9);
  register(T, {
    concat(L) {
      const sep = optString(L, 2, "");
      const t = checkTable(L, 1);
      let i = optInt(L, 3, 1);
      const last = L.arg(4) === undefined ? t.length() | 0 : checkInt(L, 4);
      const parts: string[] = [];
      const addField = (k: number): void => {
        const v = t.getInt(k);
        if (typeof v === "string") parts.push(v);
        else if (typeof v === "number") parts.push(formatNumber(v));
        else error(L, `invalid value (${typeName(v)}) at index ${k} in table for 'concat'`);
      };
      for (; i < last; i++) {
        addField(i);
        parts.push(sep);
      }
      if (i === last) addField(i); // the last value, if the interval was not empty
      L.push(parts.join(""));
      return 1;
    },
    foreach(L) {
      const t = checkTable(L, 1);
      const f = checkFunction(L, 2);
      let entry = rawNext(L, t, undefined);
      while (entry !== undefined) {
        const r = callTMres(L, f, entry[0], entry[1]);
        if (r !== undefined) {
          L.push(r);
          return 1;
        }
        entry = rawNext(L, t, entry[0]);
      }
      return 0;
    },
    foreachi(L) {
      const [t, n] = auxGetn(L, 1);
      const f = checkFunction(L, 2);
      for (let i = 1; i <= n; i++) {
        const r = callTMres(L, f, i, t.getInt(i));
        if (r !== undefined) {
          L.push(r);
          return 1;
        }
      }
      return 0;
    },
    getn(L) {
      L.push(auxGetn(L, 1)[1]);
      return 1;
    },
    maxn(L) {
      const t = checkTable(L, 1);
      let max = 0;
      for (let p = t.nextIndex(-1); p >= 0; p = t.nextIndex(p)) {
        const k = t.keyAt(p);
        if (typeof k === "number" && k > max) max = k;
      }
      L.push(max);
      return 1;
    },
    insert(L) {
      const [t, n] = auxGetn(L, 1);
      let e = (n + 1) | 0; // first empty element
      let pos: number; // where the new element goes
      switch (L.nargs) {
        case 2:
          pos = e; // at the end
          break;
        case 3: {
          pos = checkInt(L, 2);
          if (pos > e) e = pos; // `grow' the array if necessary
          for (let i = e; i > pos; i--) t.setInt(i, t.getInt(i - 1)); // move up elements
          break;
        }
        default:
          return error(L, "wrong number of arguments to 'insert'");
      }
      t.setInt(pos, L.arg(L.nargs));
      return 0;
    },
    remove(L) {
      const [t, e] = auxGetn(L, 1);
      let pos = optInt(L, 2, e);
      if (!(1 <= pos && pos <= e)) return 0; // nothing to remove
      const v = t.getInt(pos);
      for (; pos < e; pos++) t.setInt(pos, t.getInt(pos + 1));
      t.setInt(e, undefined);
      L.push(v);
      return 1;
    },
    setn(L) {
      checkTable(L, 1);
      return error(L, "'setn' is obsolete");
    },
    sort(L) {
      const [t, n] = auxGetn(L, 1);
      if (L.arg(2) !== undefined) checkFunction(L, 2);
      new Sorter(L, t, L.arg(2)).sort(1, n);
      return 0;
    },
  });
  return T;
}
