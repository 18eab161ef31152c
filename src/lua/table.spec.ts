import { describe, expect, it } from "vitest";
import { LUA51, NO_LUA51, runLua51Script } from "../test-support/lua51.js";
import { prng } from "../test-support/prng.js";
import { int2fb } from "./code.js";
import {
  fb2int,
  LuaTable,
  LuaTableError,
  luaStringHash,
  numberHash,
  objectHash,
  setResizeHook,
  stringHash,
} from "./table.js";
import type { LuaValue } from "./value.js";

// ---------------------------------------------------------------------------------------------
// The reference interpreter

const withLua51 = (name: string): string => (LUA51 ? name : `${name} [skipped: ${NO_LUA51}]`);

// ---------------------------------------------------------------------------------------------
// Helpers

/** The entries of t in traversal order, through next(). */
function entries(t: LuaTable): [LuaValue, LuaValue][] {
  const out: [LuaValue, LuaValue][] = [];
  let k: LuaValue;
  for (;;) {
    const e = t.next(k);
    if (e === undefined) return out;
    out.push(e);
    k = e[0];
  }
}

const keysOf = (t: LuaTable): LuaValue[] => entries(t).map((e) => e[0]);

function errorOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LuaTableError);
    return (e as Error).message;
  }
  return "no error";
}

// ---------------------------------------------------------------------------------------------
// Unit tests

describe("hashes", () => {
  it("luaS_hash of byte strings (values from the C formula)", () => {
    expect(luaStringHash("")).toBe(0);
    expect(luaStringHash("a")).toBe(128);
    expect(luaStringHash("hello")).toBe(287972584);
    expect(luaStringHash("__index")).toBe(1981674606);
    expect(luaStringHash("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ")).toBe(1426608231);
    expect(luaStringHash("\xff\x80\x01z")).toBe(8752985);
    let big = "";
    for (let i = 0; i < 100; i++) big += String.fromCharCode((i * 7 + 3) & 0xff);
    expect(luaStringHash(big)).toBe(2453719399);
    expect(stringHash(big)).toBe(2453719399);
    expect(stringHash(big)).toBe(2453719399);
  });

  it("hashnum's word sum of doubles", () => {
    expect(numberHash(1)).toBe(1072693248);
    expect(numberHash(-1)).toBe(3220176896);
    expect(numberHash(0.5)).toBe(1071644672);
    expect(numberHash(1e100)).toBe(2051476778);
    expect(numberHash(3e9)).toBe(31873547);
    expect(numberHash(-2147483648)).toBe(3252682752);
    expect(numberHash(1 / 3)).toBe(2502601386);
  });

  it("objects hash by id", () => {
    const t = new LuaTable();
    expect(objectHash(t)).toBe(t.id);
    expect(new LuaTable().id).toBeGreaterThan(t.id);
  });

  it("fb2int inverts int2fb (rounding up)", () => {
    const bad: number[] = [];
    for (let n = 0; n < 5000; n++) {
      const r = fb2int(int2fb(n));
      if (r < n || int2fb(r) !== int2fb(n)) bad.push(n);
    }
    expect(bad).toEqual([]);
    expect(fb2int(int2fb(3))).toBe(3);
    expect(fb2int(int2fb(17))).toBe(18);
  });
});

describe("LuaTable", () => {
  it("empty tables use the dummy node and cost only the header", () => {
    const t = new LuaTable();
    expect([t.sizeArray, t.sizeNode, t.lsizenode]).toEqual([0, 0, 0]);
    expect(t.memoryBytes32()).toBe(32);
    expect(t.memoryBytes64()).toBe(64);
    expect(t.get("x")).toBeUndefined();
    expect(t.get(1)).toBeUndefined();
    expect(t.length()).toBe(0);
    expect(t.next(undefined)).toBeUndefined();
  });

  it("presizes as luaH_new, matching the reference figures", () => {
    expect(new LuaTable(1, 0).memoryBytes32()).toBe(44);
    expect(new LuaTable(4, 0).memoryBytes32()).toBe(80);
    expect(new LuaTable(0, 1).memoryBytes32()).toBe(60);
    expect(new LuaTable(0, 4).memoryBytes32()).toBe(144);
    const t = new LuaTable(3, 3);
    expect([t.sizeArray, t.sizeNode]).toEqual([3, 4]);
    expect(LuaTable.initialBytes32(3, 3)).toBe(t.memoryBytes32());
    expect(LuaTable.initialBytes32(0, 0)).toBe(32);
  });

  it("integer-valued floats and -0 are the same keys as integers and 0", () => {
    const t = new LuaTable();
    t.set(1, "one");
    expect(t.get(1.0)).toBe("one");
    t.set(0, "zero");
    expect(t.get(-0)).toBe("zero");
    t.set(-0, "z2");
    expect(t.get(0)).toBe("z2");
    expect(keysOf(t)).toEqual([1, 0]);
    // a key first inserted as -0 stays -0, as in 5.1
    const u = new LuaTable();
    u.set(-0, true);
    expect(Object.is(keysOf(u)[0], -0)).toBe(true);
    expect(u.get(0)).toBe(true);
  });

  it("keys of every type", () => {
    const t = new LuaTable();
    const o = new LuaTable();
    const keys: LuaValue[] = ["s", "", 1, 2.5, -7, 1e300, true, false, o, 2 ** 40];
    keys.forEach((k, i) => {
      t.set(k, i);
    });
    keys.forEach((k, i) => {
      expect(t.get(k)).toBe(i);
    });
    expect(t.get("1")).toBeUndefined();
    expect(t.get(Number.NaN)).toBeUndefined();
    expect(t.get(undefined)).toBeUndefined();
    expect(t.get(new LuaTable())).toBeUndefined();
    expect(new Set(keysOf(t))).toEqual(new Set(keys));
    expect(t.getStr("s")).toBe(0);
    expect(t.getStr("s", stringHash("s"))).toBe(0);
    t.setStr("s", "S", stringHash("s"));
    expect(t.get("s")).toBe("S");
    expect(t.getInt(1)).toBe(2);
  });

  it("object keys (hashed by id) through growth and deletion", () => {
    const t = new LuaTable();
    const objs: LuaTable[] = [];
    for (let i = 0; i < 1000; i++) {
      const o = new LuaTable();
      objs.push(o);
      t.set(o, i);
    }
    for (let i = 0; i < 1000; i += 2) t.set(objs[i], undefined);
    for (let i = 0; i < 1000; i += 4) t.set(objs[i], -i);
    const wrong = objs.filter((o, i) => t.get(o) !== (i % 4 === 0 ? -i : i % 2 ? i : undefined));
    expect(wrong).toEqual([]);
    expect(keysOf(t).length).toBe(750);
    expect(t.sizeNode).toBe(1024);
  });

  it("nil and NaN keys are errors; missing keys are invalid for next", () => {
    const t = new LuaTable();
    expect(errorOf(() => t.set(undefined, 1))).toBe("table index is nil");
    expect(errorOf(() => t.set(Number.NaN, 1))).toBe("table index is NaN");
    expect(errorOf(() => t.touch(undefined))).toBe("table index is nil");
    expect(errorOf(() => t.next("nope"))).toBe("invalid key to 'next'");
    t.set("a", 1);
    t.set(1, 1);
    expect(errorOf(() => t.next(2))).toBe("invalid key to 'next'");
    expect(errorOf(() => t.next(Number.NaN))).toBe("invalid key to 'next'");
    expect(t.next(1)?.[0]).toBe("a");
  });

  it("assigning nil to an absent key inserts it (and may grow the table)", () => {
    const t = new LuaTable();
    t.set("x", undefined);
    expect(t.sizeNode).toBe(1);
    expect(t.memoryBytes64()).toBe(104);
    expect(keysOf(t)).toEqual([]);
    t.set(-0, 1); // reuses the node of x, whose value is nil
    expect(t.sizeNode).toBe(1);
    const u = new LuaTable();
    u.touch("k");
    expect(u.sizeNode).toBe(1);
    u.touch("k");
    expect(u.sizeNode).toBe(1);
  });

  it("traversal survives assigning nil to visited keys", () => {
    const t = new LuaTable();
    for (let i = 1; i <= 20; i++) t.set(`k${i}`, i);
    for (let i = 1; i <= 10; i++) t.set(i, i);
    let k: LuaValue;
    let n = 0;
    for (;;) {
      const e = t.next(k);
      if (!e) break;
      n++;
      k = e[0];
      t.set(k, undefined);
    }
    expect(n).toBe(30);
    expect(keysOf(t)).toEqual([]);
    expect(t.length()).toBe(0);
  });

  it("dead keys: found by next, not by lookups", () => {
    const t = new LuaTable();
    t.set("a", 1);
    t.set("b", 2);
    t.set("c", 3);
    const [k0] = t.next(undefined)!;
    t.set(k0, undefined);
    t.markDeadKeys();
    expect(t.get(k0)).toBeUndefined();
    expect(t.next(k0)).toBeDefined(); // traversal continues from a dead key
    const size = t.sizeNode;
    t.set(k0, 9); // inserted anew: no free node is left, so the table is rehashed
    expect(t.get(k0)).toBe(9);
    expect(t.sizeNode).toBe(size);
    expect(keysOf(t).length).toBe(3);
  });

  it("the positional API walks entries without allocating entries", () => {
    const t = new LuaTable(2, 2);
    t.set(1, "a");
    t.set(2, "b");
    t.set("x", "c");
    const seen: LuaValue[] = [];
    for (let p = t.nextIndex(-1); p >= 0; p = t.nextIndex(p)) seen.push(t.keyAt(p), t.valueAt(p));
    expect(seen).toEqual([1, "a", 2, "b", "x", "c"]);
    const stack: LuaValue[] = [t, undefined, undefined];
    expect(t.nextInto(2, stack, 1)).toBe(true);
    expect(stack).toEqual([t, "x", "c"]);
    expect(t.nextInto("x", stack, 1)).toBe(false);
    expect(t.findIndex("x")).toBe(t.nextIndex(1));
    t.setValueAt(t.findIndex("x"), "C");
    expect(t.get("x")).toBe("C");
    t.removeAt(t.findIndex("x"));
    expect(t.get("x")).toBeUndefined();
    expect(t.positions).toBe(4);
  });

  it("length finds 5.1's borders", () => {
    const t = new LuaTable();
    for (let i = 1; i <= 10; i++) t.set(i, i);
    expect(t.length()).toBe(10);
    t.set(10, undefined);
    expect(t.length()).toBe(9);
    t.set(5, undefined);
    expect(t.length()).toBe(9); // binary search over the array part: 9 is a border
    const u = new LuaTable();
    u.set(2, 1); // goes to the hash part
    expect(u.sizeArray).toBe(0);
    expect(u.length()).toBe(0);
    u.set(1, 1);
    expect(u.length()).toBe(2);
    const big = new LuaTable();
    big.set(1, true);
    big.set(2 ** 31 - 1, true);
    expect(big.length()).toBe(1);
  });

  it("reports resizes to the hook, with their 32-bit cost", () => {
    const deltas: number[] = [];
    setResizeHook((_t, d) => deltas.push(d));
    try {
      const t = new LuaTable();
      let bytes = t.memoryBytes32();
      for (let i = 1; i <= 20; i++) {
        t.set(`k${i}`, i);
        t.set(i, i);
      }
      t.resizeArray(100);
      for (const d of deltas) bytes += d;
      expect(bytes).toBe(t.memoryBytes32());
      expect(deltas.length).toBeGreaterThan(5);
      setResizeHook(() => {
        throw new Error("not enough memory");
      });
      const before = [t.sizeArray, t.sizeNode];
      let added = 0;
      expect(() => {
        for (;;) t.set(`new${++added}`, 1); // until the table must grow
      }).toThrow("not enough memory");
      expect(added).toBe(before[1]! - 20 + 1);
      expect([t.sizeArray, t.sizeNode]).toEqual(before);
      expect(t.get("k7")).toBe(7);
    } finally {
      setResizeHook(undefined);
    }
  });

  it("refuses absurd sizes", () => {
    expect(errorOf(() => new LuaTable(0, 2 ** 27))).toBe("table overflow");
    expect(errorOf(() => new LuaTable(2 ** 27, 0))).toBe("not enough memory");
    expect(errorOf(() => new LuaTable().resizeArray(2 ** 27))).toBe("not enough memory");
  });

  it("resizeArray keeps the keys", () => {
    const t = new LuaTable();
    for (let i = 1; i <= 5; i++) t.set(i, i);
    t.set("a", 0);
    t.resizeArray(20);
    expect(t.sizeArray).toBe(20);
    for (let i = 1; i <= 5; i++) expect(t.get(i)).toBe(i);
    expect(t.get("a")).toBe(0);
  });

  it("the metamethod cache is cleared by assignments", () => {
    const mt = new LuaTable();
    expect(mt.flags).toBe(0xff);
    mt.flags = 0x7;
    mt.setStr("__index", mt);
    expect(mt.flags).toBe(0);
    mt.flags = 0x7;
    mt.set("__newindex", mt);
    expect(mt.flags).toBe(0);
  });

  it("grows like 5.1: t[#t+1] and string keys", () => {
    const t = new LuaTable();
    const sizes: [number, number][] = [];
    for (let i = 1; i <= 9; i++) {
      t.set(t.length() + 1, i);
      sizes.push([t.sizeArray, t.sizeNode]);
    }
    expect(sizes).toEqual([
      [1, 0],
      [2, 0],
      [4, 0],
      [4, 0],
      [8, 0],
      [8, 0],
      [8, 0],
      [8, 0],
      [16, 0],
    ]);
    const u = new LuaTable();
    const nodes: number[] = [];
    for (let i = 1; i <= 9; i++) {
      u.set(`k${i}`, i);
      nodes.push(u.sizeNode);
    }
    expect(nodes).toEqual([1, 2, 4, 4, 8, 8, 8, 8, 16]);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential tests against lua5.1: table-op scripts, rendered to Lua and replayed on LuaTable.
// After every operation both sides record the table's memory (64-bit lua5.1: collectgarbage
// deltas with the collector stopped, which gives the array and hash sizes), `#t`, and a checksum
// of the pairs() order; at the end the full traversal order.

type Key = string | number | boolean;
type Val = number | boolean | undefined;
type Item = { kind: "list"; val: Val } | { kind: "field"; key: Key; val: Val };
type Op =
  | { op: "set"; key: Key; val: Val }
  | { op: "append"; val: Val }
  | { op: "insert"; val: number }
  | { op: "remove" }
  | { op: "clear"; every: number; gc?: boolean }
  | { op: "bump" }
  | { op: "gc" };
interface Scenario {
  ctor: Item[];
  ops: Op[];
}

const STRINGS: string[] = [];
for (let c = 97; c <= 122; c++) STRINGS.push(String.fromCharCode(c));
for (let i = 1; i <= 300; i++) STRINGS.push(`k${i}`);
STRINGS.push("", "__index", "__newindex", "x y", "\xff\x80\x01z", "\0", "\0\0");
for (let n = 30; n <= 120; n += 15) {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode((i * 37 + n) & 0xff);
  STRINGS.push(s);
}
const INTS: number[] = [];
for (let i = -10; i <= 500; i++) INTS.push(i);
const ODD_NUMBERS = [
  -0,
  0.5,
  1.5,
  -2.25,
  1 / 3,
  Math.PI,
  1e100,
  1e-300,
  -1e300,
  512,
  1000,
  4096,
  65536,
  2 ** 20,
  2 ** 26,
  2 ** 26 + 1,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  2 ** 31 + 0.5,
];
const KEYS: Key[] = [...STRINGS, ...INTS, ...ODD_NUMBERS, true, false];

/** A key's checksum id: its last index in KEYS (0 and -0 being one key), as the Lua side's ids[k]. */
const keyIds = new Map<Key, number>();
KEYS.forEach((k, i) => {
  keyIds.set(typeof k === "number" && k === 0 ? 0 : k, i);
});
const idOf = (k: LuaValue): number => {
  const id = keyIds.get((typeof k === "number" && k === 0 ? 0 : k) as Key);
  if (id === undefined) throw new Error(`no id for key ${String(k)}`);
  return id;
};

function luaString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += /[A-Za-z0-9_ ]/.test(s[i]!) ? s[i] : `\\${String(c).padStart(3, "0")}`;
  }
  return `${out}"`;
}

function luaLiteral(v: Key | Val): string {
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return luaString(v);
  if (Object.is(v, -0)) return "NZ";
  return String(v);
}

const MAX_STEPS = 700;

function luaPreamble(): string {
  const lines = [
    'collectgarbage("stop")',
    "local cg, tinsert, tremove = collectgarbage, table.insert, table.remove",
    "local NZ = 0; NZ = -NZ",
    "local ids = {}",
  ];
  KEYS.forEach((k, i) => {
    lines.push(`ids[${luaLiteral(k)}] = ${i}`);
  });
  lines.push(
    `local M, L, S, C = {}, {}, {}, {}`,
    `for i = 1, ${MAX_STEPS} do M[i], L[i], S[i], C[i] = 0, 0, 0, 0 end`,
    "local base = 0",
    "local function record(t, n)",
    '  M[n] = (cg("count") - base) * 1024',
    "  local s, c = 0, 0",
    "  for k, v in pairs(t) do",
    "    local vid = (v == true and 1001) or (v == false and 1002) or v",
    "    s = (s * 31 + ids[k] * 1009 + vid) % 2147483629",
    "    c = c + 1",
    "  end",
    "  L[n], S[n], C[n] = #t, s, c",
    "end",
    "local function emit(t, n)",
    "  local parts = {}",
    '  for i = 1, n do parts[i] = M[i] .. ":" .. L[i] .. ":" .. S[i] .. ":" .. C[i] end',
    "  local keys = {}",
    "  for k in pairs(t) do",
    '    keys[#keys + 1] = ids[k] .. ((k == 0 and 1 / k < 0) and "-" or "")',
    "  end",
    '  io.write(table.concat(parts, " "), "|", table.concat(keys, " "), "\\n")',
    "end",
    // warm up: the stack and call records reach their working size before any measurement
    'do local w = {1, x = 1}; record(w, 1); tinsert(w, 1); tremove(w); base = cg("count") end',
  );
  return lines.join("\n");
}

/** A full collection, keeping the collector stopped and the memory baseline unchanged. */
const GC = 'do local pre = cg("count"); cg("collect"); cg("stop"); base = base + (cg("count") - pre) end';

function renderScenario(sc: Scenario): string {
  const out = ["do", '  base = cg("count")'];
  const items = sc.ctor.map((it) =>
    it.kind === "list" ? luaLiteral(it.val) : `[${luaLiteral(it.key)}] = ${luaLiteral(it.val)}`,
  );
  out.push(`  local t = {${items.join(", ")}}`, "  record(t, 1)");
  sc.ops.forEach((op, i) => {
    switch (op.op) {
      case "set":
        out.push(`  t[${luaLiteral(op.key)}] = ${luaLiteral(op.val)}`);
        break;
      case "append":
        out.push(`  t[#t + 1] = ${luaLiteral(op.val)}`);
        break;
      case "insert":
        out.push(`  tinsert(t, ${op.val})`);
        break;
      case "remove":
        out.push("  tremove(t)");
        break;
      case "clear":
        out.push(
          `  do local c = 0; for k in pairs(t) do c = c + 1; if c % ${op.every} == 0 then t[k] = nil${op.gc ? ` ${GC}` : ""} end end end`,
        );
        break;
      case "bump":
        out.push(
          "  for k, v in pairs(t) do if v == true then t[k] = false elseif v ~= false then t[k] = v + 1 end end",
        );
        break;
      case "gc":
        out.push(
          '  do local pre = cg("count"); cg("collect"); cg("stop"); base = base + (cg("count") - pre) end',
        );
        break;
    }
    out.push(`  record(t, ${i + 2})`);
  });
  out.push(`  emit(t, ${sc.ops.length + 1})`, "end");
  return out.join("\n");
}

const LFIELDS_PER_FLUSH = 50;

/** The table a constructor builds, as OP_NEWTABLE, SETTABLE and OP_SETLIST build it. */
function construct(items: Item[]): LuaTable {
  const na = items.filter((it) => it.kind === "list").length;
  const nh = items.length - na;
  const t = new LuaTable(fb2int(int2fb(na)), fb2int(int2fb(nh)));
  let pending: Val[] = [];
  let batch = 0;
  const flush = () => {
    if (pending.length === 0) return;
    batch++;
    let last = (batch - 1) * LFIELDS_PER_FLUSH + pending.length;
    if (last > t.sizeArray) t.resizeArray(last);
    for (let j = pending.length; j > 0; j--) t.setInt(last--, pending[j - 1]);
    pending = [];
  };
  for (const it of items) {
    if (pending.length === LFIELDS_PER_FLUSH) flush();
    if (it.kind === "list") pending.push(it.val);
    else t.set(it.key, it.val);
  }
  flush();
  return t;
}

/** Replays a scenario on LuaTable; returns the line the Lua side prints. */
function replay(sc: Scenario): string {
  const t = construct(sc.ctor);
  const steps: string[] = [];
  const record = () => {
    let s = 0;
    let c = 0;
    for (let p = t.nextIndex(-1); p >= 0; p = t.nextIndex(p)) {
      const v = t.valueAt(p);
      const vid = v === true ? 1001 : v === false ? 1002 : (v as number);
      s = (s * 31 + idOf(t.keyAt(p)) * 1009 + vid) % 2147483629;
      c++;
    }
    steps.push(`${t.memoryBytes64()}:${t.length()}:${s}:${c}`);
  };
  const traverse = (visit: (k: LuaValue, v: LuaValue) => void) => {
    let k: LuaValue;
    for (;;) {
      const e = t.next(k);
      if (e === undefined) return;
      k = e[0];
      visit(k, e[1]);
    }
  };
  record();
  for (const op of sc.ops) {
    switch (op.op) {
      case "set":
        t.set(op.key, op.val);
        break;
      case "append":
        t.set(t.length() + 1, op.val);
        break;
      case "insert":
        t.setInt(t.length() + 1, op.val);
        break;
      case "remove": {
        const e = t.length();
        if (e >= 1) t.setInt(e, undefined);
        break;
      }
      case "clear": {
        let c = 0;
        traverse((k) => {
          if (++c % op.every === 0) {
            t.set(k, undefined);
            if (op.gc) t.markDeadKeys();
          }
        });
        break;
      }
      case "bump":
        traverse((k, v) => t.set(k, v === true ? false : v === false ? v : (v as number) + 1));
        break;
      case "gc":
        t.markDeadKeys();
        break;
    }
    record();
  }
  const keys = keysOf(t).map((k) => `${idOf(k)}${Object.is(k, -0) ? "-" : ""}`);
  return `${steps.join(" ")}|${keys.join(" ")}`;
}

/** Random scenarios of several kinds (string-keyed, array-like, mixed, sparse, churn). */
function randomScenario(rnd: () => number, kind: number, minOps: number, maxOps: number): Scenario {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const val = (): Val => (rnd() < 0.08 ? rnd() < 0.5 : int(1, 999));
  const strPool = STRINGS.slice(0, int(3, STRINGS.length));
  const key = (): Key => {
    switch (kind) {
      case 0:
        return pick(strPool);
      case 1:
        return int(1, rnd() < 0.9 ? 40 : 300);
      case 2:
        return rnd() < 0.5 ? pick(strPool) : int(-10, 60);
      case 3:
        return rnd() < 0.7 ? pick(ODD_NUMBERS) : pick([...INTS, true, false]);
      default:
        return pick(KEYS);
    }
  };
  const ctor: Item[] = [];
  if (rnd() < 0.5) {
    const nlist = pick([0, 1, 3, 8, 20, 49, 50, 51, 60, 100, 130]);
    const nfield = pick([0, 0, 1, 2, 3, 5, 9, 17]);
    for (let i = 0; i < nlist; i++) ctor.push({ kind: "list", val: rnd() < 0.1 ? undefined : val() });
    for (let i = 0; i < nfield; i++) {
      ctor.splice(int(0, ctor.length), 0, {
        kind: "field",
        key: key(),
        val: rnd() < 0.1 ? undefined : val(),
      });
    }
  }
  const ops: Op[] = [];
  const nops = int(minOps, maxOps);
  for (let i = 0; i < nops; i++) {
    const r = rnd();
    if (r < 0.55) ops.push({ op: "set", key: key(), val: val() });
    else if (r < 0.75) ops.push({ op: "set", key: key(), val: undefined });
    else if (r < 0.83) ops.push({ op: "append", val: rnd() < 0.05 ? undefined : val() });
    else if (r < 0.87) ops.push({ op: "insert", val: int(1, 999) });
    else if (r < 0.91) ops.push({ op: "remove" });
    else if (r < 0.94) ops.push({ op: "clear", every: int(1, 4), gc: rnd() < 0.3 });
    else if (r < 0.96) ops.push({ op: "bump" });
    else ops.push({ op: "gc" });
  }
  return { ctor, ops };
}

/** Hand-written histories. */
function fixedScenarios(): Scenario[] {
  const set = (key: Key, val: Val = 1): Op => ({ op: "set", key, val });
  const list = (...vals: Val[]): Item[] => vals.map((val) => ({ kind: "list", val }));
  const range = (a: number, b: number, step = 1): number[] => {
    const r: number[] = [];
    for (let i = a; step > 0 ? i <= b : i >= b; i += step) r.push(i);
    return r;
  };
  const strs = (n: number) => STRINGS.slice(26, 26 + n);
  return [
    { ctor: [], ops: [] },
    { ctor: [...list(1, 2, 3), { kind: "field", key: "x", val: 1 }], ops: [set("y"), set(4), set(5)] },
    { ctor: [], ops: range(1, 200).map((v) => ({ op: "append", val: v })) },
    { ctor: [], ops: range(200, 1, -1).map((k) => set(k)) },
    { ctor: [], ops: range(0, 9).map((e) => set(2 ** e)) },
    { ctor: [], ops: strs(300).map((k) => set(k)) },
    {
      ctor: [],
      ops: [
        ...strs(100).map((k) => set(k)),
        ...strs(100).map((k, i) => set(k, i % 2 ? 1 : undefined)),
        { op: "gc" },
        ...strs(100).map((k) => set(k, 7)),
      ],
    },
    {
      ctor: [],
      ops: [...strs(40).map((k) => set(k)), { op: "clear", every: 1 }, ...strs(40).map((k) => set(k, 2))],
    },
    {
      ctor: [],
      ops: [
        ...strs(40).map((k) => set(k)),
        { op: "clear", every: 1 },
        { op: "gc" },
        ...strs(40).map((k) => set(k, 2)),
      ],
    },
    {
      ctor: [],
      ops: [set("x", undefined), set(-0), set("y", undefined), set(0, 5), set(1), set(2), set(-0, 3)],
    },
    {
      ctor: list(...range(1, 120)),
      ops: [set(60, undefined), set(120, undefined), set(1, undefined), set(200)],
    },
    {
      ctor: [],
      ops: [...range(1, 64).map((k) => set(k)), ...range(2, 64, 2).map((k) => set(k, undefined)), set("z")],
    },
    {
      ctor: [],
      ops: [...range(1, 32).map((k) => set(k)), ...range(1, 31).map((k) => set(k, undefined)), set("a")],
    },
    { ctor: [], ops: ODD_NUMBERS.map((k) => set(k)) },
    { ctor: [], ops: [set(true), set(false), set(1), set("a"), set(false, undefined), set(true, 2)] },
  ];
}

describe("differential against lua5.1", () => {
  it.skipIf(!LUA51)(withLua51("traversal order, #t and sizes after every operation"), () => {
    const scenarios = fixedScenarios();
    const rnd = prng(20240517);
    for (let i = 0; i < 300; i++) scenarios.push(randomScenario(rnd, i % 5, 5, 150));
    for (let i = 0; i < 30; i++) scenarios.push(randomScenario(rnd, i % 5, 300, 650));
    for (const sc of scenarios) expect(sc.ops.length + 1).toBeLessThanOrEqual(MAX_STEPS);
    const program = [luaPreamble(), ...scenarios.map(renderScenario)].join("\n");
    const lines = runLua51Script(program).split("\n");
    expect(lines.length).toBe(scenarios.length + 1);
    scenarios.forEach((sc, i) => {
      const want = lines[i]!;
      const got = replay(sc);
      if (got !== want) {
        const w = want.split("|")[0]!.split(" ");
        const g = got.split("|")[0]!.split(" ");
        const step = w.findIndex((s, j) => s !== g[j]);
        const where =
          step < 0
            ? "final order"
            : `step ${step} (${step === 0 ? "constructor" : JSON.stringify(sc.ops[step - 1])})`;
        expect.fail(
          `scenario ${i}: first difference at ${where}: lua5.1 ${w[step] ?? want.split("|")[1]}, LuaTable ${g[step] ?? got.split("|")[1]}\n${renderScenario(sc)}`,
        );
      }
    });
  });
});
