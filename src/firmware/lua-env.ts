// The Lua environment of the board (app/lua/linit.c, lbaselib.c:475-673, lstrlib.c:833-877,
// lmathlib.c:300-355, ldblib.c:398-418, loadlib.c:463-510, luaconf.h): the base functions and
// libraries live in the ROM table, `_G` is a RAM table that is its own metatable with
// `__index` = ROM, the math library is the reduced float build's, debug has only getregistry,
// getstrings and traceback, strings have the `%` operator, there is no io or os, require looks
// for `?.lc;?.lua` and returns global tables, and every compile keeps line numbers but drops
// local and upvalue names (LUAI_OPTIMIZE_DEBUG 1).

import { call } from "../lua/calls.js";
import { NODEMCU_PARSE_OPTIONS } from "../lua/compile.js";
import type { LuaNative, NativeFn } from "../lua/func.js";
import { checkString } from "../lua/lib/aux.js";
import type { Proto } from "../lua/proto.js";
import { light, ROM_SELF, type RomEntry, RomTable } from "../lua/rom.js";
import { newState } from "../lua/runtime.js";
import { type LuaThread, MULTRET } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";

/** The flash as Lua's loaders see it. */
export interface LuaFiles {
  /** A file's bytes, or undefined when it does not exist. */
  read(name: string): string | undefined;
  /** Whether the file exists (require's search asks before it reads). */
  exists(name: string): boolean;
}

/** lbaselib.c base_func, in declaration order. */
const BASE_FUNCS = [
  "assert", "collectgarbage", "dofile", "error", "gcinfo", "getfenv", "getmetatable", "loadfile",
  "load", "loadstring", "next", "pcall", "print", "rawequal", "rawget", "rawset", "select",
  "setfenv", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
] as const; // biome-ignore format: a declaration list

/** lmathlib.c's float build: the functions left in, in declaration order. */
const MATH_FUNCS = ["abs", "ceil", "floor", "max", "min", "pow", "random", "randomseed", "sqrt"];

/** lstrlib.c strlib, after __index and __mod. */
const STRING_FUNCS = [
  "byte", "char", "dump", "find", "format", "gfind", "gmatch", "gsub", "len", "lower", "match",
  "rep", "reverse", "sub", "upper",
]; // biome-ignore format: a declaration list

/** The libraries' own table entries, taken from the standard tables in the given order. */
function pick(t: LuaTable, names: readonly string[]): RomEntry[] {
  return names.map((n) => [n, t.get(n)] as const);
}

/** All entries of a standard library table, in its next() order. */
function all(t: LuaTable): RomEntry[] {
  const out: RomEntry[] = [];
  for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) out.push([e[0] as string, e[1]]);
  return out;
}

/** LUAI_OPTIMIZE_DEBUG levels (node.stripdebug): 1 keeps everything, 2 drops local and upvalue names, 3 also line info. */
export function stripProto(p: Proto, level: number): void {
  if (level >= 2) {
    p.locVars.length = 0;
    p.upvalues.length = 0;
  }
  if (level >= 3) p.lineInfo = new Int32Array(0);
  for (const q of p.p) stripProto(q, level);
}

export interface DeviceLua {
  L: LuaThread;
  /** The ROM table: libraries, modules and base functions. */
  rom: RomTable;
  /** node.stripdebug's level, 1..3 (2 by default: LUAI_OPTIMIZE_DEBUG 1 on the 1..3 scale). */
  stripLevel: number;
}

/**
 * A new Lua state for the board. `print` writes through output_redirect; `modules` are the
 * build's module tables in the order they enter ROM.
 */
export function newDeviceLua(
  print: (s: string) => void,
  files: LuaFiles,
  modules: readonly (readonly [string, RomTable])[],
): DeviceLua {
  const readFile = (name: string) => files.read(name) ?? { error: "" }; // strerror is "" on the ESP
  const L = newState({
    write: print,
    readFile,
    package: { readable: (name) => files.exists(name), readFile, env: () => undefined },
  });
  const dev: DeviceLua = { L, rom: undefined as unknown as RomTable, stripLevel: 2 };
  L.G.parseOptions = NODEMCU_PARSE_OPTIONS;
  L.G.integerBits = 32;
  L.G.afterCompile = (p) => stripProto(p, dev.stripLevel);
  const std = L.env;
  const lib = (name: string) => std.get(name) as LuaTable;

  // the string ROTable is the string library, its own __index and the strings' metatable
  const stringRom = new RomTable([
    ["__index", ROM_SELF],
    ["__mod", light("format", strFormat2(lib("string").get("format")))],
    ...pick(lib("string"), STRING_FUNCS),
  ]);
  L.G.typeMetatables[Tag.STRING] = stringRom;
  const debugLib = lib("debug");
  const debug = new RomTable([
    ["getregistry", debugLib.get("getregistry")],
    ["getstrings", light("getstrings", getStrings)],
    ["traceback", debugLib.get("traceback")],
  ]);
  const math = new RomTable([
    ...pick(lib("math"), MATH_FUNCS),
    ["pi", Math.PI],
    ["huge", Number.POSITIVE_INFINITY],
  ]);
  const romEntries: RomEntry[] = [
    ["string", stringRom],
    ["table", new RomTable(all(lib("table")))],
    ["debug", debug],
    ["coroutine", new RomTable(all(lib("coroutine")))],
    ["math", math],
    ["ROM", ROM_SELF],
    ...modules,
    ...pick(std, BASE_FUNCS).map(([k, v]) =>
      k === "type" ? ([k, light("type", deviceType(v as LuaNative))] as const) : ([k, v] as const),
    ),
  ];
  const rom = new RomTable(romEntries);
  dev.rom = rom;

  // _G: a RAM table that is its own metatable, __index = ROM (lbaselib.c:653-673)
  const G = std;
  const keep = new Set(["_G", "_VERSION", "ipairs", "pairs", "newproxy", "package", "require", "module"]);
  for (let e = G.next(undefined); e !== undefined; e = G.next(e[0])) {
    if (!keep.has(e[0] as string)) G.set(e[0], undefined);
  }
  G.set("__index", rom);
  G.metatable = G;
  const pkg = G.get("package") as LuaTable;
  pkg.set("path", "?.lc;?.lua");
  pkg.set("cpath", "");
  // package.loaded holds the ROM libraries; io and os do not exist on the board
  const loaded = pkg.get("loaded") as LuaTable;
  loaded.set("io", undefined);
  loaded.set("os", undefined);
  loaded.set("_G", G);
  for (const name of ["string", "table", "debug", "coroutine", "math"]) loaded.set(name, rom.get(name));
  G.set("require", light("require", requireGlobal(G.get("require") as LuaNative, G)));
  return dev;
}

/** luaB_type with app/lua/ltm.c's type names, where light userdata is "lightfunction". */
function deviceType(type: LuaNative): NativeFn {
  return (L) => {
    if (tagOf(L.arg(1)) !== Tag.LIGHTUSERDATA) return type.fn(L);
    L.push("lightfunction");
    return 1;
  };
}

/** lstrlib.c str_format2: `fmt % v` and `fmt % {v1, v2}` as string.format. */
function strFormat2(format: LuaValue): NativeFn {
  return (L) => {
    const base = L.base;
    const fmt = L.arg(1);
    const arg = L.arg(2);
    const func = L.top;
    L.push(format);
    L.push(fmt);
    if (arg instanceof LuaTable) {
      const n = arg.length();
      for (let i = 1; i <= n; i++) L.push(arg.getInt(i));
    } else L.push(arg);
    call(L, func, MULTRET);
    const n = L.top - func;
    for (let i = 0; i < n; i++) L.stack[base + i] = L.stack[func + i];
    L.top = base + n;
    return n;
  };
}

/** ldblib.c db_getstrings: the interned strings of RAM, sorted ("ROM": none without LFS). */
const getStrings: NativeFn = (L) => {
  const opt = L.arg(1) === undefined ? "RAM" : checkString(L, 1);
  const t = new LuaTable();
  if (opt === "RAM") {
    const strings = [...L.G.heap.strings].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < strings.length; i++) t.set(i + 1, strings[i]);
  }
  L.push(t);
  return 1;
};

/** loadlib.c ll_require with NodeMCU's shortcut: a global table of that name is the module. */
function requireGlobal(require: LuaNative, G: LuaTable): NativeFn {
  return (L) => {
    const name = checkString(L, 1);
    const loaded = ((G.get("package") as LuaTable).get("loaded") as LuaTable).get(name);
    if (loaded === undefined) {
      const g = G.get(name) ?? (G.get("__index") as LuaTable).get(name);
      if (g instanceof LuaTable) {
        L.push(g);
        return 1;
      }
    }
    return require.fn(L); // the same C function, in the same frame
  };
}
