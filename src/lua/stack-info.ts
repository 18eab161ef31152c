// Stack levels and function information (ldebug.c lua_getstack / lua_getinfo) and the
// traceback of ldblib.c db_errorfb, in 5.1's format:
//   stack traceback:
//   	[C]: in function 'error'
//   	x.lua:1: in main chunk
//   	[C]: ?

import { currentLine, getFuncName, isLuaFrame, shortSource } from "./debug-info.js";
import { LuaClosure, type LuaNative } from "./func.js";
import type { LuaThread } from "./state.js";

/** A stack level: the CallInfo index, or 0 for a call lost to a tail call. */
export interface StackLevel {
  ci: number;
  tail: boolean;
}

/** lua_getstack: the frame `level` levels below the running one, counting lost tail calls. */
export function getStack(L: LuaThread, level: number): StackLevel | undefined {
  let ci = L.ciIndex;
  for (; level > 0 && ci > 0; ci--) {
    level--;
    const c = L.cis[ci]!;
    if (isLuaFrame(c)) level -= c.tailcalls;
  }
  if (level === 0 && ci > 0) return { ci, tail: false };
  if (level < 0) return { ci: 0, tail: true };
  return undefined;
}

/** lua_Debug fields of getinfo "Snl(f)". */
export interface FuncInfo {
  source: string;
  shortSrc: string;
  what: "Lua" | "C" | "main" | "tail";
  lineDefined: number;
  lastLineDefined: number;
  currentLine: number;
  name: string | undefined;
  nameWhat: string;
  func: LuaClosure | LuaNative | undefined;
}

/** Function information of a function value (what lua_getinfo(">S") gives). */
export function functionInfo(fn: LuaClosure | LuaNative): FuncInfo {
  if (fn instanceof LuaClosure) {
    const p = fn.p;
    const source = p.source ?? "=?";
    return {
      source,
      shortSrc: shortSource(p),
      what: p.lineDefined === 0 ? "main" : "Lua",
      lineDefined: p.lineDefined,
      lastLineDefined: p.lastLineDefined,
      currentLine: -1,
      name: undefined,
      nameWhat: "",
      func: fn,
    };
  }
  return {
    source: "=[C]",
    shortSrc: "[C]",
    what: "C",
    lineDefined: -1,
    lastLineDefined: -1,
    currentLine: -1,
    name: undefined,
    nameWhat: "",
    func: fn,
  };
}

/** lua_getinfo on a stack level. */
export function levelInfo(L: LuaThread, level: StackLevel): FuncInfo {
  if (level.tail) {
    return {
      source: "=(tail call)",
      shortSrc: "(tail call)",
      what: "tail",
      lineDefined: -1,
      lastLineDefined: -1,
      currentLine: -1,
      name: undefined,
      nameWhat: "",
      func: undefined,
    };
  }
  const ci = L.cis[level.ci]!;
  const info = functionInfo(ci.fn!);
  info.currentLine = currentLine(ci);
  const named = getFuncName(L, level.ci);
  if (named) {
    info.nameWhat = named[0];
    info.name = named[1];
  }
  return info;
}

const LEVELS1 = 12; // size of the first part of the stack
const LEVELS2 = 10; // size of the second part

/** db_errorfb's traceback text from `level` down (without a message in front). */
export function traceback(L: LuaThread, level: number): string {
  let out = "stack traceback:";
  let firstPart = true;
  let lv: StackLevel | undefined;
  while ((lv = getStack(L, level++)) !== undefined) {
    if (level > LEVELS1 && firstPart) {
      if (getStack(L, level + LEVELS2) === undefined) level--;
      else {
        out += "\n\t...";
        while (getStack(L, level + LEVELS2) !== undefined) level++;
      }
      firstPart = false;
      continue;
    }
    const ar = levelInfo(L, lv);
    out += `\n\t${ar.shortSrc}:`;
    if (ar.currentLine > 0) out += `${ar.currentLine}:`;
    if (ar.nameWhat !== "") out += ` in function '${ar.name}'`;
    else if (ar.what === "main") out += " in main chunk";
    else if (ar.what === "C" || ar.what === "tail") out += " ?";
    else out += ` in function <${ar.shortSrc}:${ar.lineDefined}>`;
  }
  return out;
}
