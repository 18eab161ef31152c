// Static checks of a prototype: the equivalent of Lua 5.1's luaG_checkcode (ldebug.c precheck
// and symbexec with reg = NO_REG), plus checks of every count, size and index, so that a VM can
// run any accepted prototype without bounds checks of its own.
//
// The contract for such a VM: a frame has registers 0 .. maxStackSize-1; constants, nested
// prototypes, upvalues and jump targets used by the code exist; control never runs off the
// code; a SETLIST count word and a CLOSURE's upvalue pseudo-instructions are never executed as
// ordinary instructions except where they are themselves valid ones. What stays dynamic, as in
// 5.1: open results (CALL/VARARG with a multiple-result count) may need more stack than
// maxStackSize; a B=0 CALL/TAILCALL/RETURN/SETLIST uses the current top, which is the frame
// top (base + maxStackSize) unless the instruction just before was the open producer; NEWTABLE
// size operands are only hints (luaO_fb2int can give absurd sizes); the SETLIST count word
// (C=0) is any 32-bit value.
//
// Checks beyond luaG_checkcode (5.1 accepts these, but a VM would read out of bounds or a
// debug function would):
// - LOADBOOL with any non-zero C skips the next instruction (lvm.c tests C, not C == 1), so the
//   skip is checked for every non-zero C.
// - TFORLOOP copies the generator, state and control to a+3..a+5 before the call (lvm.c), so
//   a+5 must be a register too; lparser.c forlist reserves these (luaK_checkstack(fs, 3)).
// - An open producer followed by its consumer: the consumer's A must not be above the
//   producer's (CALL/TAILCALL/SETLIST: below; RETURN: at most equal), so the computed number of
//   values, top - A - 1 (or top - A for RETURN), is never negative.
// - The upvalue names are all or none (sizeupvalues is 0 or nups; 5.1 only checks <=, and
//   getobjname would then index past the names).
// - Local variable ranges lie within the code (0 <= startpc <= endpc <= sizecode).
// - Every field fits its dumped size, constants are nil/boolean/number/byte string, names are
//   byte strings.
// - The jump-into-SETLIST-count test of symbexec walks back over consecutive SETLIST C=0 words
//   for each jump; here the run lengths are computed once, so a crafted chunk cannot make the
//   check quadratic.

import {
  BITRK,
  bMode,
  cMode,
  getA,
  getB,
  getBx,
  getC,
  getOp,
  getSBx,
  NUM_OPCODES,
  Op,
  OpArg,
  OpMode,
  opMode,
  testTMode,
} from "./opcodes.js";
import { type Proto, VARARG_HASARG, VARARG_ISVARARG, VARARG_NEEDSARG } from "./proto.js";

/** llimits.h MAXSTACK: the most registers a function can have. */
export const MAXSTACK = 250;

const INT32_MAX = 0x7fffffff;
// Any code unit above 255 (a byte string has none).
const NON_BYTE = /[\u0100-\uffff]/;

const isByte = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 255;
const isCount = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= INT32_MAX;
const isByteString = (s: unknown): s is string => typeof s === "string" && !NON_BYTE.test(s);

/**
 * Checks one prototype, not its nested prototypes (except their `nups`, which CLOSURE uses).
 * Returns undefined when it is valid, else a short reason.
 */
export function checkFunction(p: Proto): string | undefined {
  return checkFields(p) ?? checkCode(p);
}

/** Checks a prototype and all prototypes nested in it; the reason names the path, e.g. `function 0.2: ...`. */
export function verifyProto(p: Proto): string | undefined {
  return verifyRec(p, "main", 0);
}

function verifyRec(p: Proto, path: string, depth: number): string | undefined {
  // lparser.c and lundump.c both stop at LUAI_MAXCCALLS (200) levels; deeper is never valid.
  if (depth > 200) return `${path}: functions nested too deep`;
  const why = checkFunction(p);
  if (why !== undefined) return `${path}: ${why}`;
  for (let i = 0; i < p.p.length; i++) {
    const sub = verifyRec(p.p[i]!, path === "main" ? `function ${i}` : `${path}.${i}`, depth + 1);
    if (sub !== undefined) return sub;
  }
  return undefined;
}

function checkFields(p: Proto): string | undefined {
  if (!(p.code instanceof Uint32Array)) return "code is not a Uint32Array";
  if (!(p.lineInfo instanceof Int32Array)) return "lineInfo is not an Int32Array";
  if (!Array.isArray(p.k) || !Array.isArray(p.p) || !Array.isArray(p.locVars) || !Array.isArray(p.upvalues))
    return "malformed prototype";
  if (p.source !== undefined && !isByteString(p.source)) return "source is not a byte string";
  if (!isCount(p.lineDefined) || !isCount(p.lastLineDefined)) return "bad linedefined";
  if (!isByte(p.nups) || !isByte(p.numParams) || !isByte(p.isVararg)) return "bad header byte";
  if (!isByte(p.maxStackSize) || p.maxStackSize > MAXSTACK) return `maxstacksize ${p.maxStackSize}`;
  // ldebug.c precheck: the parameters (and `arg`) fit the registers.
  if (p.numParams + (p.isVararg & VARARG_HASARG) > p.maxStackSize) return "parameters exceed maxstacksize";
  if (p.isVararg & VARARG_NEEDSARG && !(p.isVararg & VARARG_HASARG)) return "NEEDSARG without HASARG";
  if (p.upvalues.length !== 0 && p.upvalues.length !== p.nups) return "upvalue names do not match nups";
  // ldebug.c precheck: lines for every instruction or none.
  if (p.lineInfo.length !== 0 && p.lineInfo.length !== p.code.length)
    return "line info size differs from code size";
  for (let i = 0; i < p.k.length; i++) {
    const k = p.k[i];
    const t = typeof k;
    if (!(k === undefined || t === "boolean" || t === "number" || (t === "string" && isByteString(k))))
      return `bad constant ${i}`;
  }
  for (let i = 0; i < p.locVars.length; i++) {
    const v = p.locVars[i]!;
    if (!isByteString(v.name)) return `bad local name ${i}`;
    if (!isCount(v.startPc) || !isCount(v.endPc) || v.startPc > v.endPc || v.endPc > p.code.length)
      return `local ${i} range ${v.startPc}..${v.endPc} outside the code`;
  }
  for (let i = 0; i < p.upvalues.length; i++)
    if (!isByteString(p.upvalues[i])) return `bad upvalue name ${i}`;
  for (let i = 0; i < p.p.length; i++) {
    const sub = p.p[i];
    if (typeof sub !== "object" || sub === null || !isByte(sub.nups)) return `bad nested function ${i}`;
  }
  return undefined;
}

/** Whether instruction `i` is a SETLIST whose block number is in the next word. */
const isSetlistC0 = (i: number): boolean => getOp(i) === Op.SETLIST && getC(i) === 0;

/** Open-result consumers (ldebug.c luaG_checkopenop): CALL, TAILCALL, RETURN, SETLIST with B = 0. */
const isOpenConsumer = (i: number): boolean => {
  const op = getOp(i);
  return (op === Op.CALL || op === Op.TAILCALL || op === Op.RETURN || op === Op.SETLIST) && getB(i) === 0;
};

function checkCode(p: Proto): string | undefined {
  const code = p.code;
  const size = code.length;
  const maxStack = p.maxStackSize;
  const sizek = p.k.length;
  // precheck: a final RETURN, so control cannot run off the end.
  if (size === 0) return "no code";
  if (getOp(code[size - 1]!) !== Op.RETURN) return "last instruction is not RETURN";

  // setlistRun[j] = number of consecutive SETLIST C=0 words ending at j.
  const setlistRun = new Int32Array(size);
  for (let j = 0; j < size; j++)
    setlistRun[j] = isSetlistC0(code[j]!) ? (j > 0 ? setlistRun[j - 1]! : 0) + 1 : 0;

  const regOk = (r: number): boolean => r < maxStack;
  const argOk = (r: number, mode: OpArg): boolean => {
    switch (mode) {
      case OpArg.N:
        return r === 0;
      case OpArg.U:
        return true;
      case OpArg.R:
        return regOk(r);
      case OpArg.K:
        return r & BITRK ? (r & ~BITRK) < sizek : regOk(r);
    }
  };

  for (let pc = 0; pc < size; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    let b = 0;
    let c = 0;
    const at = `pc ${pc}`;
    if (op >= NUM_OPCODES) return `${at}: bad opcode ${op}`;
    if (!regOk(a)) return `${at}: register ${a} outside maxstacksize ${maxStack}`;
    switch (opMode(op)) {
      case OpMode.iABC:
        b = getB(i);
        c = getC(i);
        if (!argOk(b, bMode(op))) return `${at}: bad B operand ${b}`;
        if (!argOk(c, cMode(op))) return `${at}: bad C operand ${c}`;
        break;
      case OpMode.iABx:
        b = getBx(i);
        if (bMode(op) === OpArg.K && b >= sizek) return `${at}: constant ${b} out of range`;
        break;
      case OpMode.iAsBx: {
        b = getSBx(i);
        if (bMode(op) === OpArg.R) {
          const dest = pc + 1 + b;
          if (dest < 0 || dest >= size) return `${at}: jump to ${dest} outside the code`;
          // symbexec: the target must not be a SETLIST count word. Walking back over a run of
          // SETLIST C=0 words, an odd run length means the word before dest is a real SETLIST.
          if (dest > 0 && (Math.min(setlistRun[dest - 1]!, dest) & 1) !== 0)
            return `${at}: jump into a SETLIST count`;
        }
        break;
      }
    }
    if (testTMode(op)) {
      // The next instruction is the JMP taken or skipped.
      if (pc + 2 >= size) return `${at}: test without room for its jump`;
      if (getOp(code[pc + 1]!) !== Op.JMP) return `${at}: test not followed by JMP`;
    }
    switch (op) {
      case Op.LOADBOOL:
        if (c !== 0) {
          if (pc + 2 >= size) return `${at}: LOADBOOL skips past the end`;
          if (isSetlistC0(code[pc + 1]!)) return `${at}: LOADBOOL skips into a SETLIST count`;
        }
        break;
      case Op.GETUPVAL:
      case Op.SETUPVAL:
        if (b >= p.nups) return `${at}: upvalue ${b} out of range`;
        break;
      case Op.GETGLOBAL:
      case Op.SETGLOBAL:
        if (typeof p.k[b] !== "string") return `${at}: global name is not a string constant`;
        break;
      case Op.SELF:
        if (!regOk(a + 1)) return `${at}: register ${a + 1} outside maxstacksize`;
        break;
      case Op.CONCAT:
        if (b >= c) return `${at}: CONCAT needs two operands`;
        break;
      case Op.TFORLOOP:
        if (c < 1) return `${at}: TFORLOOP without results`;
        if (!regOk(a + 2 + Math.max(c, 3))) return `${at}: TFORLOOP registers outside maxstacksize`;
        break;
      case Op.FORLOOP:
      case Op.FORPREP:
        if (!regOk(a + 3)) return `${at}: loop registers outside maxstacksize`;
        break;
      case Op.CALL:
      case Op.TAILCALL: {
        if (b !== 0 && !regOk(a + b - 1)) return `${at}: arguments outside maxstacksize`;
        const nresults = c - 1;
        if (nresults === -1) {
          const why = checkOpenConsumer(code, pc, a);
          if (why !== undefined) return `${at}: ${why}`;
        } else if (nresults > 0 && !regOk(a + nresults - 1)) return `${at}: results outside maxstacksize`;
        break;
      }
      case Op.RETURN:
        if (b > 1 && !regOk(a + b - 2)) return `${at}: return values outside maxstacksize`;
        break;
      case Op.SETLIST:
        if (b > 0 && !regOk(a + b)) return `${at}: list items outside maxstacksize`;
        if (c === 0) {
          pc++; // the next word is the block number, not an instruction
          if (pc >= size - 1) return `${at}: SETLIST count word missing`;
        }
        break;
      case Op.CLOSURE: {
        if (b >= p.p.length) return `${at}: function ${b} out of range`;
        const nup = p.p[b]!.nups;
        if (pc + nup >= size) return `${at}: CLOSURE upvalue instructions missing`;
        for (let j = 1; j <= nup; j++) {
          const pseudo = getOp(code[pc + j]!);
          if (pseudo !== Op.GETUPVAL && pseudo !== Op.MOVE)
            return `${at}: CLOSURE upvalue ${j} is not MOVE/GETUPVAL`;
        }
        // As luaG_checkcode, the pseudo-instructions are then checked as ordinary ones: their
        // B is a register (MOVE) or an upvalue index (GETUPVAL) of this function.
        break;
      }
      case Op.VARARG: {
        if (!(p.isVararg & VARARG_ISVARARG) || p.isVararg & VARARG_NEEDSARG)
          return `${at}: VARARG in a non-vararg function`;
        const n = b - 1;
        if (n === -1) {
          const why = checkOpenConsumer(code, pc, a);
          if (why !== undefined) return `${at}: ${why}`;
        } else if (!regOk(a + n - 1)) return `${at}: VARARG registers outside maxstacksize`;
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** The instruction after an open producer at `pc` (results from register `a`) must consume them. */
function checkOpenConsumer(code: Uint32Array, pc: number, a: number): string | undefined {
  // The final instruction is RETURN, so a producer is never last and pc + 1 exists.
  const next = code[pc + 1]!;
  if (!isOpenConsumer(next)) return "open results not followed by CALL/TAILCALL/RETURN/SETLIST with B=0";
  const na = getA(next);
  if (getOp(next) === Op.RETURN ? na > a : na >= a) return "open results below the consumer's base";
  return undefined;
}
