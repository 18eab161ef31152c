// Debug information at run time (ldebug.c): current lines, the names of variables and functions
// found by symbolic execution of the bytecode, and the run-time error messages built on them
// (`attempt to index global 'x' (a nil value)`), with luaG_runerror's `chunk:line:` prefix.

import { call } from "./calls.js";
import { chunkId } from "./chunkid.js";
import { LuaClosure } from "./func.js";
import {
  getA,
  getB,
  getBx,
  getC,
  getOp,
  getSBx,
  indexK,
  isK,
  MAXARG_A,
  Op,
  OpMode,
  opMode,
  setsA,
} from "./opcodes.js";
import type { Proto } from "./proto.js";
import { type CallInfo, LuaError, type LuaThread } from "./state.js";
import { cString, type LuaValue, Tag, tagOf, typeName } from "./value.js";

/** luaconf.h LUA_IDSIZE: chunk names in messages are cut to this many bytes. */
export const LUA_IDSIZE = 60;
const NO_REG = MAXARG_A;

export function isLuaFrame(ci: CallInfo): ci is CallInfo & { fn: LuaClosure } {
  return ci.fn instanceof LuaClosure;
}

/** The pc of the instruction a Lua frame is executing. */
export function currentPc(ci: CallInfo): number {
  return ci.savedpc - 1;
}

/** The current line of a frame, or -1 (natives, stripped code). */
export function currentLine(ci: CallInfo): number {
  if (!isLuaFrame(ci)) return -1;
  const li = ci.fn.p.lineInfo;
  const pc = currentPc(ci);
  return pc >= 0 && pc < li.length ? li[pc]! : -1;
}

/** luaF_getlocalname: the name of the n-th active local (1-based) at pc. */
export function localName(p: Proto, n: number, pc: number): string | undefined {
  const vars = p.locVars;
  for (let i = 0; i < vars.length && vars[i]!.startPc <= pc; i++) {
    if (pc < vars[i]!.endPc) {
      n--;
      if (n === 0) return vars[i]!.name;
    }
  }
  return undefined;
}

/** ldebug.c symbexec, tracing only: the last instruction before lastpc that set `reg`. */
function symbexec(p: Proto, lastpc: number, reg: number): number {
  const code = p.code;
  let last = code.length - 1; // the final return, a neutral instruction
  for (let pc = 0; pc < lastpc; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    let b = 0;
    let c = 0;
    switch (opMode(op)) {
      case OpMode.iABC:
        b = getB(i);
        c = getC(i);
        break;
      case OpMode.iABx:
        b = getBx(i);
        break;
      case OpMode.iAsBx:
        b = getSBx(i);
        break;
    }
    if (setsA(op) && a === reg) last = pc;
    switch (op) {
      case Op.LOADNIL:
        if (a <= reg && reg <= b) last = pc;
        break;
      case Op.SELF:
        if (reg === a + 1) last = pc;
        break;
      case Op.TFORLOOP:
        if (reg >= a + 2) last = pc;
        break;
      case Op.FORLOOP:
      case Op.FORPREP:
      case Op.JMP: {
        const dest = pc + 1 + b;
        if (reg !== NO_REG && pc < dest && dest <= lastpc) pc += b; // follow forward jumps
        break;
      }
      case Op.CALL:
      case Op.TAILCALL:
        if (reg >= a) last = pc; // calls change all registers above their base
        break;
      case Op.SETLIST:
        if (c === 0) pc++;
        break;
      case Op.CLOSURE:
        pc += p.p[b]!.nups; // skip the pseudo-instructions
        break;
      default:
        break;
    }
  }
  return code[last]!;
}

// Names found in constants are used as C strings (`%s` of luaO_pushfstring, lua_pushstring of
// ar.name): they end at a NUL byte.
const kname = (p: Proto, c: number): string => {
  if (isK(c)) {
    const k = p.k[indexK(c)];
    if (typeof k === "string") return cString(k);
  }
  return "?";
};

/** ldebug.c getobjname: kind ("local", "global", "field", "upvalue", "method") and name. */
export function getObjName(ci: CallInfo, stackpos: number): [string, string] | undefined {
  if (!isLuaFrame(ci)) return undefined;
  const p = ci.fn.p;
  const pc = currentPc(ci);
  const local = localName(p, stackpos + 1, pc);
  if (local !== undefined) return ["local", local];
  const i = symbexec(p, pc, stackpos);
  switch (getOp(i)) {
    case Op.GETGLOBAL:
      return ["global", cString(p.k[getBx(i)] as string)];
    case Op.MOVE: {
      const a = getA(i);
      const b = getB(i);
      if (b < a) return getObjName(ci, b);
      break;
    }
    case Op.GETTABLE:
      return ["field", kname(p, getC(i))];
    case Op.GETUPVAL:
      return ["upvalue", p.upvalues.length > 0 ? p.upvalues[getB(i)]! : "?"];
    case Op.SELF:
      return ["method", kname(p, getC(i))];
    default:
      break;
  }
  return undefined;
}

/** ldebug.c getfuncname: how the function running in frame `index` was called. */
export function getFuncName(L: LuaThread, index: number): [string, string] | undefined {
  const ci = L.cis[index]!;
  if (index === 0) return undefined;
  const caller = L.cis[index - 1]!;
  if ((isLuaFrame(ci) && ci.tailcalls > 0) || !isLuaFrame(caller)) return undefined;
  const i = caller.fn.p.code[currentPc(caller)]!;
  const op = getOp(i);
  if (op === Op.CALL || op === Op.TAILCALL || op === Op.TFORLOOP) return getObjName(caller, getA(i));
  return undefined;
}

/** luaG_errormsg: calls the error handler, if any, then throws the error value. */
export function throwError(L: LuaThread, value: LuaValue): never {
  if (L.errfunc !== 0) {
    const handler = L.stack[L.errfunc];
    if (tagOf(handler) !== Tag.FUNCTION) throw new LuaError("error in error handling", "err");
    L.ensure(L.top + 2);
    L.stack[L.top] = handler;
    L.stack[L.top + 1] = value;
    L.top += 2;
    call(L, L.top - 2, 1);
    value = L.stack[--L.top];
  }
  throw new LuaError(value);
}

/** ar.short_src of a Lua function: its chunk name as messages print it. */
export function shortSource(p: Proto): string {
  return chunkId(p.source ?? "=?", LUA_IDSIZE);
}

/** luaG_runerror: the message with the current Lua position in front, as an error. */
export function runError(L: LuaThread, msg: string): never {
  const ci = L.ci;
  if (isLuaFrame(ci)) {
    const line = currentLine(ci);
    msg = `${shortSource(ci.fn.p)}:${line}: ${msg}`;
  }
  return throwError(L, msg);
}

/** luaG_typeerror: `attempt to <op> <kind> '<name>' (a <type> value)`; stackpos -1 when not a register. */
export function typeError(L: LuaThread, v: LuaValue, stackpos: number, op: string): never {
  const t = typeName(v);
  const ci = L.ci;
  const named = stackpos >= 0 && stackpos < ci.top - ci.base ? getObjName(ci, stackpos) : undefined;
  if (named) return runError(L, `attempt to ${op} ${named[0]} '${named[1]}' (a ${t} value)`);
  return runError(L, `attempt to ${op} a ${t} value`);
}

/** luaG_ordererror. */
export function orderError(L: LuaThread, a: LuaValue, b: LuaValue): never {
  const t1 = typeName(a);
  const t2 = typeName(b);
  if (t1 === t2) return runError(L, `attempt to compare two ${t1} values`);
  return runError(L, `attempt to compare ${t1} with ${t2}`);
}
