// Code generator for Lua 5.1 (lcode.c): the per-function state, expression descriptors and
// every emission, patching and folding rule of PUC-Rio's luaK_* functions, so that the
// instructions, constant order and register use are exactly luac 5.1's.

import { LuaSyntaxError } from "./errors.js";
import type { Lexer } from "./lex.js";
import type { FirmwareLineRuns } from "./line-runs.js";
import {
  BITRK,
  createABC,
  createABx,
  getA,
  getB,
  getC,
  getOp,
  getSBx,
  LFIELDS_PER_FLUSH,
  MAXARG_Bx,
  MAXARG_C,
  MAXARG_sBx,
  MAXINDEXRK,
  NO_JUMP,
  NO_REG,
  Op,
  rkAsK,
  setA,
  setB,
  setC,
  setSBx,
  testTMode,
} from "./opcodes.js";
import { numPow } from "./pow.js";
import type { Constant, LocVar, Proto } from "./proto.js";

/** Expression kinds (lparser.h `expkind`); the order matters to range checks. */
export enum K {
  VOID,
  NIL,
  TRUE,
  FALSE,
  K,
  KNUM,
  LOCAL,
  UPVAL,
  GLOBAL,
  INDEXED,
  JMP,
  RELOCABLE,
  NONRELOC,
  CALL,
  VARARG,
}

/** An expression being compiled (lparser.h `expdesc`). */
export class ExpDesc {
  k: K = K.VOID;
  /** Register, constant index or instruction pc, depending on k. */
  info = 0;
  /** Key register or constant of an indexed expression. */
  aux = 0;
  /** Value of a numeric constant (KNUM). */
  nval = 0;
  /** Patch list of jumps taken when the expression is true. */
  t = NO_JUMP;
  /** Patch list of jumps taken when the expression is false. */
  f = NO_JUMP;

  init(k: K, info: number): this {
    this.k = k;
    this.info = info;
    this.t = this.f = NO_JUMP;
    return this;
  }

  copyFrom(e: ExpDesc): void {
    this.k = e.k;
    this.info = e.info;
    this.aux = e.aux;
    this.nval = e.nval;
    this.t = e.t;
    this.f = e.f;
  }
}

export enum BinOpr {
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  CONCAT,
  NE,
  EQ,
  LT,
  LE,
  GT,
  GE,
  AND,
  OR,
  NOBINOPR,
}
export enum UnOpr {
  MINUS,
  NOT,
  LEN,
  NOUNOPR,
}

/** A block being compiled (lparser.c `BlockCnt`). */
export interface BlockCnt {
  previous: BlockCnt | undefined;
  /** Jumps out of this loop. */
  breaklist: number;
  /** Active locals outside the block. */
  nactvar: number;
  /** Some variable of the block is captured as an upvalue. */
  upval: boolean;
  isbreakable: boolean;
}

/** MULTRET (lua.h LUA_MULTRET). */
export const MULTRET = -1;
/** llimits.h MAXSTACK: registers per function. */
const MAXSTACK = 250;

const hasJumps = (e: ExpDesc) => e.t !== e.f;
const isNumeral = (e: ExpDesc) => e.k === K.KNUM && e.t === NO_JUMP && e.f === NO_JUMP;

/** luaO_int2fb: an int as a "floating point byte" (eeeeexxx), rounding up. */
export function int2fb(x: number): number {
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >>> 1;
    e++;
  }
  return x < 8 ? x : ((e + 1) << 3) | (x - 8);
}

/** The state of one function being compiled (lparser.h `FuncState`), with lcode.c's emitters. */
export class FuncState {
  readonly code: number[] = [];
  readonly lineinfo: number[] = [];
  readonly k: Constant[] = [];
  readonly p: Proto[] = [];
  readonly locvars: LocVar[] = [];
  readonly upvalueNames: string[] = [];
  /** How each upvalue is reached from the enclosing function: local register or upvalue. */
  readonly upvalues: { local: boolean; info: number }[] = [];
  /** Indices into locvars of the active local variables. */
  readonly actvar: number[] = [];
  // The constant table's index (lcode.c fs->h), split by key type to keep lookups monomorphic.
  private readonly kStrings = new Map<string, number>();
  private readonly kNumbers = new Map<number, number>();
  private readonly kOthers = new Map<boolean | undefined, number>();
  numparams = 0;
  isVararg = 0;
  maxstacksize = 2; // registers 0/1 are always valid
  linedefined = 0;
  lastlinedefined = 0;
  bl: BlockCnt | undefined = undefined;
  /** Target of the last jump, to keep optimisations within basic blocks. */
  lasttarget = -1;
  /** Jumps pending to the current pc. */
  jpc = NO_JUMP;
  freereg = 0;
  nactvar = 0;

  constructor(
    readonly ls: Lexer,
    readonly prev: FuncState | undefined,
    /** The firmware compiler's packed line items, when compiling as NodeMCU's compiler does. */
    readonly lineRuns: FirmwareLineRuns | undefined,
  ) {}

  get pc(): number {
    return this.code.length;
  }

  get nups(): number {
    return this.upvalueNames.length;
  }

  // ---- emission -------------------------------------------------------------------------------

  private emit(i: number, line: number): number {
    this.dischargeJpc(); // `pc` will change
    this.code.push(i);
    this.lineinfo.push(line);
    this.lineRuns?.code(this.code.length - 1, line);
    return this.code.length - 1;
  }

  codeABC(o: Op, a: number, b: number, c: number): number {
    return this.emit(createABC(o, a, b, c), this.ls.lastline);
  }

  codeABx(o: Op, a: number, bx: number): number {
    return this.emit(createABx(o, a, bx), this.ls.lastline);
  }

  codeAsBx(o: Op, a: number, sbx: number): number {
    return this.codeABx(o, a, sbx + MAXARG_sBx);
  }

  fixLine(line: number): void {
    this.lineinfo[this.pc - 1] = line;
    this.lineRuns?.fix(line);
  }

  setList(base: number, nelems: number, tostore: number): void {
    const c = Math.trunc((nelems - 1) / LFIELDS_PER_FLUSH) + 1;
    const b = tostore === MULTRET ? 0 : tostore;
    if (c <= MAXARG_C) this.codeABC(Op.SETLIST, base, b, c);
    else {
      // the block number does not fit in C: it follows as a raw word
      this.codeABC(Op.SETLIST, base, b, 0);
      this.emit(c >>> 0, this.ls.lastline);
    }
    this.freereg = base + 1;
  }

  nil(from: number, n: number): void {
    if (this.pc > this.lasttarget) {
      // no jumps to the current position
      if (this.pc === 0) {
        if (from >= this.nactvar) return; // positions are already clean at function start
      } else {
        const prev = this.code[this.pc - 1]!;
        if (getOp(prev) === Op.LOADNIL) {
          const pfrom = getA(prev);
          const pto = getB(prev);
          if (pfrom <= from && from <= pto + 1) {
            if (from + n - 1 > pto) this.code[this.pc - 1] = setB(prev, from + n - 1);
            return;
          }
        }
      }
    }
    this.codeABC(Op.LOADNIL, from, from + n - 1, 0);
  }

  ret(first: number, nret: number): void {
    this.codeABC(Op.RETURN, first, nret + 1, 0);
  }

  // ---- jumps ----------------------------------------------------------------------------------

  jump(): number {
    const jpc = this.jpc; // jumps to here are kept on hold
    this.jpc = NO_JUMP;
    return this.concat(this.codeAsBx(Op.JMP, 0, NO_JUMP), jpc);
  }

  private condJump(op: Op, a: number, b: number, c: number): number {
    this.codeABC(op, a, b, c);
    return this.jump();
  }

  private fixJump(pc: number, dest: number): void {
    const offset = dest - (pc + 1);
    if (Math.abs(offset) > MAXARG_sBx) this.ls.syntaxError("control structure too long");
    this.code[pc] = setSBx(this.code[pc]!, offset);
  }

  /** Marks the current pc as a jump target and returns it. */
  getLabel(): number {
    this.lasttarget = this.pc;
    return this.pc;
  }

  private getJump(pc: number): number {
    const offset = getSBx(this.code[pc]!);
    return offset === NO_JUMP ? NO_JUMP : pc + 1 + offset;
  }

  /** The pc of the instruction controlling a jump: the test before it, if any. */
  private jumpControl(pc: number): number {
    return pc >= 1 && testTMode(getOp(this.code[pc - 1]!)) ? pc - 1 : pc;
  }

  /** Whether a list has a jump that does not produce a value (or produces an inverted one). */
  private needValue(list: number): boolean {
    for (; list !== NO_JUMP; list = this.getJump(list)) {
      if (getOp(this.code[this.jumpControl(list)]!) !== Op.TESTSET) return true;
    }
    return false;
  }

  private patchTestReg(node: number, reg: number): boolean {
    const at = this.jumpControl(node);
    const i = this.code[at]!;
    if (getOp(i) !== Op.TESTSET) return false;
    if (reg !== NO_REG && reg !== getB(i)) this.code[at] = setA(i, reg);
    else this.code[at] = createABC(Op.TEST, getB(i), 0, getC(i)); // no register to put value
    return true;
  }

  private removeValues(list: number): void {
    for (; list !== NO_JUMP; list = this.getJump(list)) this.patchTestReg(list, NO_REG);
  }

  private patchListAux(list: number, vtarget: number, reg: number, dtarget: number): void {
    while (list !== NO_JUMP) {
      const next = this.getJump(list);
      if (this.patchTestReg(list, reg)) this.fixJump(list, vtarget);
      else this.fixJump(list, dtarget);
      list = next;
    }
  }

  private dischargeJpc(): void {
    this.patchListAux(this.jpc, this.pc, NO_REG, this.pc);
    this.jpc = NO_JUMP;
  }

  patchList(list: number, target: number): void {
    if (target === this.pc) this.patchToHere(list);
    else this.patchListAux(list, target, NO_REG, target);
  }

  patchToHere(list: number): void {
    this.getLabel();
    this.jpc = this.concat(this.jpc, list);
  }

  /** luaK_concat: appends list l2 to list l1 and returns the joined list. */
  concat(l1: number, l2: number): number {
    if (l2 === NO_JUMP) return l1;
    if (l1 === NO_JUMP) return l2;
    let list = l1;
    let next: number;
    while ((next = this.getJump(list)) !== NO_JUMP) list = next;
    this.fixJump(list, l2);
    return l1;
  }

  // ---- registers and constants ----------------------------------------------------------------

  checkStack(n: number): void {
    const newstack = this.freereg + n;
    if (newstack > this.maxstacksize) {
      if (newstack >= MAXSTACK) this.ls.syntaxError("function or expression too complex");
      this.maxstacksize = newstack;
    }
  }

  reserveRegs(n: number): void {
    this.checkStack(n);
    this.freereg += n;
  }

  private freeReg(reg: number): void {
    if ((reg & BITRK) === 0 && reg >= this.nactvar) this.freereg--;
  }

  private freeExp(e: ExpDesc): void {
    if (e.k === K.NONRELOC) this.freeReg(e.info);
  }

  /** lcode.c addk: the index of a constant, added when new; `map` is the lookup for its type. */
  private addK<T>(map: Map<T, number>, key: T, v: Constant): number {
    const idx = map.get(key);
    if (idx !== undefined) return idx;
    // lcode.c addk grows f->k with luaM_growvector, limited to MAXARG_Bx entries
    if (this.k.length >= MAXARG_Bx) throw new LuaSyntaxError("constant table overflow");
    map.set(key, this.k.length);
    this.k.push(v);
    return this.k.length - 1;
  }

  stringK(s: string): number {
    return this.addK(this.kStrings, s, s);
  }

  /** Number constants; 0 and -0 share one entry, as in a Lua table (ltable.c hashnum). */
  numberK(r: number): number {
    return this.addK(this.kNumbers, r, r);
  }

  private boolK(b: boolean): number {
    return this.addK(this.kOthers, b, b);
  }

  private nilK(): number {
    return this.addK(this.kOthers, undefined, undefined);
  }

  // ---- expressions ----------------------------------------------------------------------------

  setReturns(e: ExpDesc, nresults: number): void {
    if (e.k === K.CALL) {
      this.code[e.info] = setC(this.code[e.info]!, nresults + 1);
    } else if (e.k === K.VARARG) {
      let i = setB(this.code[e.info]!, nresults + 1);
      i = setA(i, this.freereg);
      this.code[e.info] = i;
      this.reserveRegs(1);
    }
  }

  setMultRet(e: ExpDesc): void {
    this.setReturns(e, MULTRET);
  }

  setOneRet(e: ExpDesc): void {
    if (e.k === K.CALL) {
      e.k = K.NONRELOC;
      e.info = getA(this.code[e.info]!);
    } else if (e.k === K.VARARG) {
      this.code[e.info] = setB(this.code[e.info]!, 2);
      e.k = K.RELOCABLE; // can relocate its simple result
    }
  }

  dischargeVars(e: ExpDesc): void {
    switch (e.k) {
      case K.LOCAL:
        e.k = K.NONRELOC;
        break;
      case K.UPVAL:
        e.info = this.codeABC(Op.GETUPVAL, 0, e.info, 0);
        e.k = K.RELOCABLE;
        break;
      case K.GLOBAL:
        e.info = this.codeABx(Op.GETGLOBAL, 0, e.info);
        e.k = K.RELOCABLE;
        break;
      case K.INDEXED:
        this.freeReg(e.aux);
        this.freeReg(e.info);
        e.info = this.codeABC(Op.GETTABLE, 0, e.info, e.aux);
        e.k = K.RELOCABLE;
        break;
      case K.VARARG:
      case K.CALL:
        this.setOneRet(e);
        break;
      default:
        break; // there is one value available (somewhere)
    }
  }

  private codeLabel(a: number, b: number, jump: number): number {
    this.getLabel(); // those instructions may be jump targets
    return this.codeABC(Op.LOADBOOL, a, b, jump);
  }

  private discharge2Reg(e: ExpDesc, reg: number): void {
    this.dischargeVars(e);
    switch (e.k) {
      case K.NIL:
        this.nil(reg, 1);
        break;
      case K.FALSE:
      case K.TRUE:
        this.codeABC(Op.LOADBOOL, reg, e.k === K.TRUE ? 1 : 0, 0);
        break;
      case K.K:
        this.codeABx(Op.LOADK, reg, e.info);
        break;
      case K.KNUM:
        this.codeABx(Op.LOADK, reg, this.numberK(e.nval));
        break;
      case K.RELOCABLE:
        this.code[e.info] = setA(this.code[e.info]!, reg);
        break;
      case K.NONRELOC:
        if (reg !== e.info) this.codeABC(Op.MOVE, reg, e.info, 0);
        break;
      default:
        return; // VOID or JMP: nothing to do
    }
    e.info = reg;
    e.k = K.NONRELOC;
  }

  private discharge2AnyReg(e: ExpDesc): void {
    if (e.k !== K.NONRELOC) {
      this.reserveRegs(1);
      this.discharge2Reg(e, this.freereg - 1);
    }
  }

  private exp2Reg(e: ExpDesc, reg: number): void {
    this.discharge2Reg(e, reg);
    if (e.k === K.JMP) e.t = this.concat(e.t, e.info); // this jump goes in the true list
    if (hasJumps(e)) {
      let pf = NO_JUMP; // position of an eventual LOADBOOL false
      let pt = NO_JUMP; // position of an eventual LOADBOOL true
      if (this.needValue(e.t) || this.needValue(e.f)) {
        const fj = e.k === K.JMP ? NO_JUMP : this.jump();
        pf = this.codeLabel(reg, 0, 1);
        pt = this.codeLabel(reg, 1, 0);
        this.patchToHere(fj);
      }
      const final = this.getLabel(); // position after the whole expression
      this.patchListAux(e.f, final, reg, pf);
      this.patchListAux(e.t, final, reg, pt);
    }
    e.f = e.t = NO_JUMP;
    e.info = reg;
    e.k = K.NONRELOC;
  }

  exp2NextReg(e: ExpDesc): void {
    this.dischargeVars(e);
    this.freeExp(e);
    this.reserveRegs(1);
    this.exp2Reg(e, this.freereg - 1);
  }

  exp2AnyReg(e: ExpDesc): number {
    this.dischargeVars(e);
    if (e.k === K.NONRELOC) {
      if (!hasJumps(e)) return e.info; // already in a register
      if (e.info >= this.nactvar) {
        // the register is not a local: put the value on it
        this.exp2Reg(e, e.info);
        return e.info;
      }
    }
    this.exp2NextReg(e);
    return e.info;
  }

  exp2Val(e: ExpDesc): void {
    if (hasJumps(e)) this.exp2AnyReg(e);
    else this.dischargeVars(e);
  }

  exp2RK(e: ExpDesc): number {
    this.exp2Val(e);
    switch (e.k) {
      case K.KNUM:
      case K.TRUE:
      case K.FALSE:
      case K.NIL:
        // lcode.c checks the constant count before the constant is looked up or added
        if (this.k.length <= MAXINDEXRK) {
          e.info =
            e.k === K.NIL ? this.nilK() : e.k === K.KNUM ? this.numberK(e.nval) : this.boolK(e.k === K.TRUE);
          e.k = K.K;
          return rkAsK(e.info);
        }
        break;
      case K.K:
        if (e.info <= MAXINDEXRK) return rkAsK(e.info);
        break;
      default:
        break;
    }
    return this.exp2AnyReg(e); // not a constant in range: it goes in a register
  }

  storeVar(v: ExpDesc, ex: ExpDesc): void {
    switch (v.k) {
      case K.LOCAL:
        this.freeExp(ex);
        this.exp2Reg(ex, v.info);
        return;
      case K.UPVAL: {
        const e = this.exp2AnyReg(ex);
        this.codeABC(Op.SETUPVAL, e, v.info, 0);
        break;
      }
      case K.GLOBAL: {
        const e = this.exp2AnyReg(ex);
        this.codeABx(Op.SETGLOBAL, e, v.info);
        break;
      }
      case K.INDEXED: {
        const e = this.exp2RK(ex);
        this.codeABC(Op.SETTABLE, v.info, v.aux, e);
        break;
      }
      default:
        break;
    }
    this.freeExp(ex);
  }

  self(e: ExpDesc, key: ExpDesc): void {
    this.exp2AnyReg(e);
    this.freeExp(e);
    const func = this.freereg;
    this.reserveRegs(2);
    this.codeABC(Op.SELF, func, e.info, this.exp2RK(key));
    this.freeExp(key);
    e.info = func;
    e.k = K.NONRELOC;
  }

  private invertJump(e: ExpDesc): void {
    const at = this.jumpControl(e.info);
    const i = this.code[at]!;
    this.code[at] = setA(i, getA(i) === 0 ? 1 : 0);
  }

  private jumpOnCond(e: ExpDesc, cond: number): number {
    if (e.k === K.RELOCABLE) {
      const ie = this.code[e.info]!;
      if (getOp(ie) === Op.NOT) {
        this.code.pop(); // remove the previous NOT
        this.lineinfo.pop();
        return this.condJump(Op.TEST, getB(ie), 0, cond ? 0 : 1);
      }
    }
    this.discharge2AnyReg(e);
    this.freeExp(e);
    return this.condJump(Op.TESTSET, NO_REG, e.info, cond);
  }

  goIfTrue(e: ExpDesc): void {
    let pc: number;
    this.dischargeVars(e);
    switch (e.k) {
      case K.K:
      case K.KNUM:
      case K.TRUE:
        pc = NO_JUMP; // always true: do nothing
        break;
      case K.JMP:
        this.invertJump(e);
        pc = e.info;
        break;
      default:
        pc = this.jumpOnCond(e, 0);
        break;
    }
    e.f = this.concat(e.f, pc);
    this.patchToHere(e.t);
    e.t = NO_JUMP;
  }

  private goIfFalse(e: ExpDesc): void {
    let pc: number;
    this.dischargeVars(e);
    switch (e.k) {
      case K.NIL:
      case K.FALSE:
        pc = NO_JUMP; // always false: do nothing
        break;
      case K.JMP:
        pc = e.info;
        break;
      default:
        pc = this.jumpOnCond(e, 1);
        break;
    }
    e.t = this.concat(e.t, pc);
    this.patchToHere(e.f);
    e.f = NO_JUMP;
  }

  private codeNot(e: ExpDesc): void {
    this.dischargeVars(e);
    switch (e.k) {
      case K.NIL:
      case K.FALSE:
        e.k = K.TRUE;
        break;
      case K.K:
      case K.KNUM:
      case K.TRUE:
        e.k = K.FALSE;
        break;
      case K.JMP:
        this.invertJump(e);
        break;
      case K.RELOCABLE:
      case K.NONRELOC:
        this.discharge2AnyReg(e);
        this.freeExp(e);
        e.info = this.codeABC(Op.NOT, 0, e.info, 0);
        e.k = K.RELOCABLE;
        break;
      default:
        break;
    }
    const temp = e.f; // interchange true and false lists
    e.f = e.t;
    e.t = temp;
    this.removeValues(e.f);
    this.removeValues(e.t);
  }

  indexed(t: ExpDesc, k: ExpDesc): void {
    t.aux = this.exp2RK(k);
    t.k = K.INDEXED;
  }

  private constFolding(op: Op, e1: ExpDesc, e2: ExpDesc): boolean {
    if (!isNumeral(e1) || !isNumeral(e2)) return false;
    const v1 = e1.nval;
    const v2 = e2.nval;
    let r: number;
    switch (op) {
      case Op.ADD:
        r = v1 + v2;
        break;
      case Op.SUB:
        r = v1 - v2;
        break;
      case Op.MUL:
        r = v1 * v2;
        break;
      case Op.DIV:
        if (v2 === 0) return false; // do not attempt to divide by 0
        r = v1 / v2;
        break;
      case Op.MOD:
        if (v2 === 0) return false;
        r = v1 - Math.floor(v1 / v2) * v2; // luai_nummod
        break;
      case Op.POW:
        r = numPow(v1, v2);
        break;
      case Op.UNM:
        r = -v1;
        break;
      default:
        return false; // no folding for LEN
    }
    if (Number.isNaN(r)) return false; // do not attempt to produce NaN
    e1.nval = r;
    return true;
  }

  private codeArith(op: Op, e1: ExpDesc, e2: ExpDesc): void {
    if (this.constFolding(op, e1, e2)) return;
    const o2 = op !== Op.UNM && op !== Op.LEN ? this.exp2RK(e2) : 0;
    const o1 = this.exp2RK(e1);
    if (o1 > o2) {
      this.freeExp(e1);
      this.freeExp(e2);
    } else {
      this.freeExp(e2);
      this.freeExp(e1);
    }
    e1.info = this.codeABC(op, 0, o1, o2);
    e1.k = K.RELOCABLE;
  }

  private codeComp(op: Op, cond: number, e1: ExpDesc, e2: ExpDesc): void {
    let o1 = this.exp2RK(e1);
    let o2 = this.exp2RK(e2);
    this.freeExp(e2);
    this.freeExp(e1);
    if (cond === 0 && op !== Op.EQ) {
      // exchange the operands to turn > and >= into < and <=
      const temp = o1;
      o1 = o2;
      o2 = temp;
      cond = 1;
    }
    e1.info = this.condJump(op, cond, o1, o2);
    e1.k = K.JMP;
  }

  prefix(op: UnOpr, e: ExpDesc): void {
    const e2 = new ExpDesc().init(K.KNUM, 0);
    e2.nval = 0;
    switch (op) {
      case UnOpr.MINUS:
        if (!isNumeral(e)) this.exp2AnyReg(e); // cannot operate on non-numeric constants
        this.codeArith(Op.UNM, e, e2);
        break;
      case UnOpr.NOT:
        this.codeNot(e);
        break;
      case UnOpr.LEN:
        this.exp2AnyReg(e); // cannot operate on constants
        this.codeArith(Op.LEN, e, e2);
        break;
      default:
        break;
    }
  }

  infix(op: BinOpr, v: ExpDesc): void {
    switch (op) {
      case BinOpr.AND:
        this.goIfTrue(v);
        break;
      case BinOpr.OR:
        this.goIfFalse(v);
        break;
      case BinOpr.CONCAT:
        this.exp2NextReg(v); // operand must be on the stack
        break;
      case BinOpr.ADD:
      case BinOpr.SUB:
      case BinOpr.MUL:
      case BinOpr.DIV:
      case BinOpr.MOD:
      case BinOpr.POW:
        if (!isNumeral(v)) this.exp2RK(v);
        break;
      default:
        this.exp2RK(v);
        break;
    }
  }

  posfix(op: BinOpr, e1: ExpDesc, e2: ExpDesc): void {
    switch (op) {
      case BinOpr.AND:
        this.dischargeVars(e2);
        e2.f = this.concat(e2.f, e1.f);
        e1.copyFrom(e2);
        break;
      case BinOpr.OR:
        this.dischargeVars(e2);
        e2.t = this.concat(e2.t, e1.t);
        e1.copyFrom(e2);
        break;
      case BinOpr.CONCAT:
        this.exp2Val(e2);
        if (e2.k === K.RELOCABLE && getOp(this.code[e2.info]!) === Op.CONCAT) {
          // a .. b .. c becomes one CONCAT over consecutive registers
          this.freeExp(e1);
          this.code[e2.info] = setB(this.code[e2.info]!, e1.info);
          e1.k = K.RELOCABLE;
          e1.info = e2.info;
        } else {
          this.exp2NextReg(e2);
          this.codeArith(Op.CONCAT, e1, e2);
        }
        break;
      case BinOpr.ADD:
        this.codeArith(Op.ADD, e1, e2);
        break;
      case BinOpr.SUB:
        this.codeArith(Op.SUB, e1, e2);
        break;
      case BinOpr.MUL:
        this.codeArith(Op.MUL, e1, e2);
        break;
      case BinOpr.DIV:
        this.codeArith(Op.DIV, e1, e2);
        break;
      case BinOpr.MOD:
        this.codeArith(Op.MOD, e1, e2);
        break;
      case BinOpr.POW:
        this.codeArith(Op.POW, e1, e2);
        break;
      case BinOpr.EQ:
        this.codeComp(Op.EQ, 1, e1, e2);
        break;
      case BinOpr.NE:
        this.codeComp(Op.EQ, 0, e1, e2);
        break;
      case BinOpr.LT:
        this.codeComp(Op.LT, 1, e1, e2);
        break;
      case BinOpr.LE:
        this.codeComp(Op.LE, 1, e1, e2);
        break;
      case BinOpr.GT:
        this.codeComp(Op.LT, 0, e1, e2);
        break;
      case BinOpr.GE:
        this.codeComp(Op.LE, 0, e1, e2);
        break;
      default:
        break;
    }
  }

  /** Sets an instruction's B or C (used by the parser on NEWTABLE and CALL). */
  setArgB(pc: number, b: number): void {
    this.code[pc] = setB(this.code[pc]!, b);
  }

  setArgC(pc: number, c: number): void {
    this.code[pc] = setC(this.code[pc]!, c);
  }
}
