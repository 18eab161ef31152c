// Lua values (DESIGN.md "Values"): nil is undefined, booleans and numbers are JS booleans and
// numbers, strings are byte strings, and the collectable types are classes. The type tags and
// names are those of lua.h / ltm.c (luaT_typenames).

import type { LuaClosure, LuaNative } from "./func.js";
import type { LightUserdata } from "./light-userdata.js";
import type { LuaThread } from "./state.js";
import type { LuaTable } from "./table.js";

export type LuaFunction = LuaClosure | LuaNative;

/** Full userdata (newproxy, module objects): identity, a metatable and an environment. */
export class LuaUserdata {
  readonly tag = Tag.USERDATA;
  readonly id: number = nextObjectId();
  metatable: LuaTable | undefined = undefined;
  env: LuaTable | undefined = undefined;
  constructor(
    /** Payload size in bytes, charged to the heap as a 5.1 Udata of that size. */
    readonly size: number,
    public data: unknown = undefined,
  ) {}
}

export type LuaValue =
  | undefined
  | boolean
  | number
  | string
  | LuaTable
  | LuaFunction
  | LuaUserdata
  | LightUserdata
  | LuaThread;

/** lua.h type tags, in luaT_typenames order. */
export const enum Tag {
  NIL = 0,
  BOOLEAN = 1,
  LIGHTUSERDATA = 2,
  NUMBER = 3,
  STRING = 4,
  TABLE = 5,
  FUNCTION = 6,
  USERDATA = 7,
  THREAD = 8,
}

let objectIds = 0;
/** A stable identity for collectable objects: their "address" for hashing and printing. */
export function nextObjectId(): number {
  return ++objectIds;
}

/** Lua objects that carry a type tag of their own (tables, functions, userdata, threads). */
export interface Tagged {
  readonly tag: Tag;
}

export function tagOf(v: LuaValue): Tag {
  switch (typeof v) {
    case "undefined":
      return Tag.NIL;
    case "boolean":
      return Tag.BOOLEAN;
    case "number":
      return Tag.NUMBER;
    case "string":
      return Tag.STRING;
    default:
      return (v as Tagged).tag;
  }
}

const TYPE_NAMES = [
  "nil",
  "boolean",
  "userdata",
  "number",
  "string",
  "table",
  "function",
  "userdata",
  "thread",
];

/** luaT_typenames: the name `type()` returns and messages use. */
export function typeName(v: LuaValue): string {
  return TYPE_NAMES[tagOf(v)]!;
}

export function typeNameOfTag(t: Tag): string {
  return TYPE_NAMES[t]!;
}

/** l_isfalse: nil and false are false. */
export const isFalse = (v: LuaValue): boolean => v === undefined || v === false;

/** A byte string as C sees it through a `const char *`: up to its first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}
