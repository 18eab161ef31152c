// Parser for Lua 5.1 (lparser.c): a recursive-descent parser that drives the code generator
// in one pass, with lparser.c's scoping, register allocation, limits and error messages.

import { BinOpr, type BlockCnt, ExpDesc, FuncState, int2fb, K, MULTRET, UnOpr } from "./code.js";
import { LuaSyntaxError } from "./errors.js";
import { Lexer, T, tokenToString } from "./lex.js";
import { FirmwareLineRuns } from "./line-runs.js";
import { NO_JUMP, Op, setOp } from "./opcodes.js";
import { encodeLineRuns, rememberPackedLineInfo } from "./packed-lineinfo.js";
import { type Proto, VARARG_HASARG, VARARG_ISVARARG, VARARG_NEEDSARG } from "./proto.js";

/** luaconf.h limits. */
const LUAI_MAXCCALLS = 200;
/** luaconf.h LUAI_MAXVARS of PUC-Rio Lua 5.1; NodeMCU's firmware sets 50. */
export const LUAI_MAXVARS = 200;
const LUAI_MAXUPVALUES = 60;
/** lmem.c luaM_growvector limits for locvars (SHRT_MAX) and nested protos (MAXARG_Bx). */
const SHRT_MAX = 32767;
const MAXARG_Bx = (1 << 18) - 1;

// Binary operator priorities (left, right), ORDER OPR; concat and power are right associative.
// biome-ignore format: a table
const LEFT_PRIORITY = [6, 6, 7, 7, 7, 10, 5, 3, 3, 3, 3, 3, 3, 2, 1];
// biome-ignore format: a table
const RIGHT_PRIORITY = [6, 6, 7, 7, 7, 9, 4, 3, 3, 3, 3, 3, 3, 2, 1];
const UNARY_PRIORITY = 8;

function getUnOpr(t: number): UnOpr {
  switch (t) {
    case T.NOT:
      return UnOpr.NOT;
    case 45:
      return UnOpr.MINUS;
    case 35:
      return UnOpr.LEN;
    default:
      return UnOpr.NOUNOPR;
  }
}

function getBinOpr(t: number): BinOpr {
  switch (t) {
    case 43:
      return BinOpr.ADD;
    case 45:
      return BinOpr.SUB;
    case 42:
      return BinOpr.MUL;
    case 47:
      return BinOpr.DIV;
    case 37:
      return BinOpr.MOD;
    case 94:
      return BinOpr.POW;
    case T.CONCAT:
      return BinOpr.CONCAT;
    case T.NE:
      return BinOpr.NE;
    case T.EQ:
      return BinOpr.EQ;
    case 60:
      return BinOpr.LT;
    case T.LE:
      return BinOpr.LE;
    case 62:
      return BinOpr.GT;
    case T.GE:
      return BinOpr.GE;
    case T.AND:
      return BinOpr.AND;
    case T.OR:
      return BinOpr.OR;
    default:
      return BinOpr.NOBINOPR;
  }
}

const blockFollow = (t: number) =>
  t === T.ELSE || t === T.ELSEIF || t === T.END || t === T.UNTIL || t === T.EOS;
const hasMultRet = (k: K) => k === K.CALL || k === K.VARARG;

/** An entry of the chain of assignment targets (lparser.c `LHS_assign`). */
interface LHSAssign {
  prev: LHSAssign | undefined;
  v: ExpDesc;
}

/** State of a table constructor (lparser.c `ConsControl`). */
interface ConsControl {
  v: ExpDesc; // last list item read
  t: ExpDesc; // table descriptor
  nh: number; // record elements
  na: number; // array elements
  tostore: number; // array elements pending
}

export interface ParseOptions {
  /**
   * C-call depth at which parsing starts (L->nCcalls): 1 under luac, 2 for a chunk loaded from
   * a running script. It moves the `chunk has too many syntax levels` limit.
   */
  cCallDepth?: number;
  /** Active local variables allowed per function (LUAI_MAXVARS). */
  maxVars?: number;
  /**
   * Build NodeMCU's packed line info as its compiler does (see line-runs.ts) and remember it
   * on each prototype for the NodeMCU .lc dump.
   */
  firmwareLineInfo?: boolean;
}

/** How NodeMCU's firmware and its luac.cross compile (app/lua/luaconf.h, app/lua/lcode.c). */
export const NODEMCU_PARSE_OPTIONS: ParseOptions = { maxVars: 50, firmwareLineInfo: true };

export class Parser {
  private readonly ls: Lexer;
  private fs!: FuncState;
  private nCcalls: number;
  private readonly maxVars: number;
  private readonly firmwareLineInfo: boolean;

  constructor(src: string, chunkName: string, options: ParseOptions = {}) {
    this.ls = new Lexer(src, chunkName);
    this.nCcalls = options.cCallDepth ?? 1;
    this.maxVars = options.maxVars ?? LUAI_MAXVARS;
    this.firmwareLineInfo = options.firmwareLineInfo ?? false;
  }

  /** luaY_parser: the main function of the chunk. */
  parse(): Proto {
    const ls = this.ls;
    const fs = this.openFunc();
    fs.isVararg = VARARG_ISVARARG; // the main function is always vararg
    ls.advance();
    this.chunk();
    this.check(T.EOS);
    return this.closeFunc();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private errorExpected(token: number): never {
    return this.ls.syntaxError(`'${tokenToString(token)}' expected`);
  }

  private errorLimit(fs: FuncState, limit: number, what: string): never {
    const msg =
      fs.linedefined === 0
        ? `main function has more than ${limit} ${what}`
        : `function at line ${fs.linedefined} has more than ${limit} ${what}`;
    return this.ls.error(msg, 0);
  }

  private checkLimit(fs: FuncState, v: number, l: number, what: string): void {
    if (v > l) this.errorLimit(fs, l, what);
  }

  private testNext(c: number): boolean {
    if (this.ls.token === c) {
      this.ls.advance();
      return true;
    }
    return false;
  }

  private check(c: number): void {
    if (this.ls.token !== c) this.errorExpected(c);
  }

  private checkNext(c: number): void {
    this.check(c);
    this.ls.advance();
  }

  private checkCondition(c: boolean, msg: string): void {
    if (!c) this.ls.syntaxError(msg);
  }

  private checkMatch(what: number, who: number, where: number): void {
    if (!this.testNext(what)) {
      if (where === this.ls.linenumber) this.errorExpected(what);
      this.ls.syntaxError(
        `'${tokenToString(what)}' expected (to close '${tokenToString(who)}' at line ${where})`,
      );
    }
  }

  private strCheckName(): string {
    this.check(T.NAME);
    const s = this.ls.sval;
    this.ls.advance();
    return s;
  }

  private codeString(e: ExpDesc, s: string): void {
    e.init(K.K, this.fs.stringK(s));
  }

  private checkName(e: ExpDesc): void {
    this.codeString(e, this.strCheckName());
  }

  private registerLocalVar(name: string): number {
    const fs = this.fs;
    if (fs.locvars.length >= SHRT_MAX) throw new LuaSyntaxError("too many local variables");
    fs.locvars.push({ name, startPc: 0, endPc: 0 });
    return fs.locvars.length - 1;
  }

  private newLocalVar(name: string, n: number): void {
    const fs = this.fs;
    this.checkLimit(fs, fs.nactvar + n + 1, this.maxVars, "local variables");
    fs.actvar[fs.nactvar + n] = this.registerLocalVar(name);
  }

  private getLocVar(fs: FuncState, i: number) {
    return fs.locvars[fs.actvar[i]!]!;
  }

  private adjustLocalVars(nvars: number): void {
    const fs = this.fs;
    fs.nactvar += nvars;
    for (; nvars; nvars--) this.getLocVar(fs, fs.nactvar - nvars).startPc = fs.pc;
  }

  private removeVars(tolevel: number): void {
    const fs = this.fs;
    while (fs.nactvar > tolevel) this.getLocVar(fs, --fs.nactvar).endPc = fs.pc;
  }

  private indexUpvalue(fs: FuncState, name: string, v: ExpDesc): number {
    const local = v.k === K.LOCAL;
    for (let i = 0; i < fs.nups; i++) {
      const u = fs.upvalues[i]!;
      if (u.local === local && u.info === v.info) return i;
    }
    this.checkLimit(fs, fs.nups + 1, LUAI_MAXUPVALUES, "upvalues");
    fs.upvalueNames.push(name);
    fs.upvalues.push({ local, info: v.info });
    return fs.nups - 1;
  }

  private searchVar(fs: FuncState, n: string): number {
    for (let i = fs.nactvar - 1; i >= 0; i--) {
      if (this.getLocVar(fs, i).name === n) return i;
    }
    return -1;
  }

  private markUpval(fs: FuncState, level: number): void {
    let bl = fs.bl;
    while (bl && bl.nactvar > level) bl = bl.previous;
    if (bl) bl.upval = true;
  }

  private singleVarAux(fs: FuncState | undefined, n: string, v: ExpDesc, base: boolean): K {
    if (fs === undefined) {
      v.init(K.GLOBAL, 0xff); // default is a global variable
      return K.GLOBAL;
    }
    const idx = this.searchVar(fs, n);
    if (idx >= 0) {
      v.init(K.LOCAL, idx);
      if (!base) this.markUpval(fs, idx); // the local will be used as an upvalue
      return K.LOCAL;
    }
    if (this.singleVarAux(fs.prev, n, v, false) === K.GLOBAL) return K.GLOBAL;
    v.info = this.indexUpvalue(fs, n, v);
    v.k = K.UPVAL;
    return K.UPVAL;
  }

  private singleVar(v: ExpDesc): void {
    const name = this.strCheckName();
    const fs = this.fs;
    if (this.singleVarAux(fs, name, v, true) === K.GLOBAL) v.info = fs.stringK(name);
  }

  private adjustAssign(nvars: number, nexps: number, e: ExpDesc): void {
    const fs = this.fs;
    let extra = nvars - nexps;
    if (hasMultRet(e.k)) {
      extra++; // includes the call itself
      if (extra < 0) extra = 0;
      fs.setReturns(e, extra); // the last expression provides the difference
      if (extra > 1) fs.reserveRegs(extra - 1);
    } else {
      if (e.k !== K.VOID) fs.exp2NextReg(e);
      if (extra > 0) {
        const reg = fs.freereg;
        fs.reserveRegs(extra);
        fs.nil(reg, extra);
      }
    }
  }

  private enterLevel(): void {
    if (++this.nCcalls > LUAI_MAXCCALLS) this.ls.error("chunk has too many syntax levels", 0);
  }

  private leaveLevel(): void {
    this.nCcalls--;
  }

  private enterBlock(fs: FuncState, bl: BlockCnt, isbreakable: boolean): void {
    bl.breaklist = NO_JUMP;
    bl.isbreakable = isbreakable;
    bl.nactvar = fs.nactvar;
    bl.upval = false;
    bl.previous = fs.bl;
    fs.bl = bl;
  }

  private leaveBlock(fs: FuncState): void {
    const bl = fs.bl!;
    fs.bl = bl.previous;
    this.removeVars(bl.nactvar);
    if (bl.upval) fs.codeABC(Op.CLOSE, bl.nactvar, 0, 0);
    fs.freereg = fs.nactvar; // free registers
    fs.patchToHere(bl.breaklist);
  }

  private newBlock(): BlockCnt {
    return { previous: undefined, breaklist: NO_JUMP, nactvar: 0, upval: false, isbreakable: false };
  }

  private pushClosure(func: FuncState, p: Proto, v: ExpDesc): void {
    const fs = this.fs;
    if (fs.p.length >= MAXARG_Bx) throw new LuaSyntaxError("constant table overflow");
    fs.p.push(p);
    v.init(K.RELOCABLE, fs.codeABx(Op.CLOSURE, 0, fs.p.length - 1));
    for (const u of func.upvalues) fs.codeABC(u.local ? Op.MOVE : Op.GETUPVAL, 0, u.info, 0);
  }

  private openFunc(): FuncState {
    const fs = new FuncState(this.ls, this.fs, this.firmwareLineInfo ? new FirmwareLineRuns() : undefined);
    this.fs = fs;
    return fs;
  }

  private closeFunc(): Proto {
    const fs = this.fs;
    this.removeVars(0);
    fs.ret(0, 0); // final return
    const p: Proto = {
      source: this.ls.source,
      lineDefined: fs.linedefined,
      lastLineDefined: fs.lastlinedefined,
      nups: fs.nups,
      numParams: fs.numparams,
      isVararg: fs.isVararg,
      maxStackSize: fs.maxstacksize,
      code: new Uint32Array(fs.code),
      k: fs.k,
      p: fs.p,
      lineInfo: new Int32Array(fs.lineinfo),
      locVars: fs.locvars,
      upvalues: fs.upvalueNames,
    };
    if (fs.lineRuns) rememberPackedLineInfo(p, encodeLineRuns(fs.lineRuns.runs));
    if (fs.prev) this.fs = fs.prev;
    return p;
  }

  // ---- grammar: expressions -------------------------------------------------------------------

  private field(v: ExpDesc): void {
    // field -> ['.' | ':'] NAME
    const fs = this.fs;
    const key = new ExpDesc();
    fs.exp2AnyReg(v);
    this.ls.advance(); // skip the dot or colon
    this.checkName(key);
    fs.indexed(v, key);
  }

  private yindex(v: ExpDesc): void {
    // index -> '[' expr ']'
    this.ls.advance();
    this.expr(v);
    this.fs.exp2Val(v);
    this.checkNext(93);
  }

  private recField(cc: ConsControl): void {
    // recfield -> (NAME | '['exp1']') = exp1
    const fs = this.fs;
    const reg = fs.freereg;
    const key = new ExpDesc();
    const val = new ExpDesc();
    if (this.ls.token === T.NAME) this.checkName(key);
    else this.yindex(key);
    cc.nh++;
    this.checkNext(61);
    const rkkey = fs.exp2RK(key);
    this.expr(val);
    fs.codeABC(Op.SETTABLE, cc.t.info, rkkey, fs.exp2RK(val));
    fs.freereg = reg; // free registers
  }

  private closeListField(cc: ConsControl): void {
    const fs = this.fs;
    if (cc.v.k === K.VOID) return; // there is no list item
    fs.exp2NextReg(cc.v);
    cc.v.k = K.VOID;
    if (cc.tostore === 50) {
      fs.setList(cc.t.info, cc.na, cc.tostore); // flush
      cc.tostore = 0;
    }
  }

  private lastListField(cc: ConsControl): void {
    const fs = this.fs;
    if (cc.tostore === 0) return;
    if (hasMultRet(cc.v.k)) {
      fs.setMultRet(cc.v);
      fs.setList(cc.t.info, cc.na, MULTRET);
      cc.na--; // do not count the last expression (unknown number of elements)
    } else {
      if (cc.v.k !== K.VOID) fs.exp2NextReg(cc.v);
      fs.setList(cc.t.info, cc.na, cc.tostore);
    }
  }

  private listField(cc: ConsControl): void {
    this.expr(cc.v);
    cc.na++;
    cc.tostore++;
  }

  private constructor_(t: ExpDesc): void {
    const fs = this.fs;
    const ls = this.ls;
    const line = ls.linenumber;
    const pc = fs.codeABC(Op.NEWTABLE, 0, 0, 0);
    const cc: ConsControl = { v: new ExpDesc(), t, nh: 0, na: 0, tostore: 0 };
    t.init(K.RELOCABLE, pc);
    fs.exp2NextReg(t); // fix it at stack top
    this.checkNext(123);
    do {
      if (ls.token === 125) break;
      this.closeListField(cc);
      switch (ls.token) {
        case T.NAME:
          // may be a list item or a record field
          ls.lookahead();
          if (ls.lookaheadToken !== 61) this.listField(cc);
          else this.recField(cc);
          break;
        case 91:
          this.recField(cc);
          break;
        default:
          this.listField(cc);
          break;
      }
    } while (this.testNext(44) || this.testNext(59));
    this.checkMatch(125, 123, line);
    this.lastListField(cc);
    fs.setArgB(pc, int2fb(cc.na)); // initial array size
    fs.setArgC(pc, int2fb(cc.nh)); // initial hash size
  }

  private parList(): void {
    // parlist -> [ param { ',' param } ]
    const fs = this.fs;
    const ls = this.ls;
    let nparams = 0;
    fs.isVararg = 0;
    if (ls.token !== 41) {
      do {
        switch (ls.token) {
          case T.NAME:
            this.newLocalVar(this.strCheckName(), nparams++);
            break;
          case T.DOTS:
            ls.advance();
            // LUA_COMPAT_VARARG: a vararg function gets a local `arg`
            this.newLocalVar("arg", nparams++);
            fs.isVararg = VARARG_HASARG | VARARG_NEEDSARG | VARARG_ISVARARG;
            break;
          default:
            ls.syntaxError("<name> or '...' expected");
        }
      } while (!fs.isVararg && this.testNext(44));
    }
    this.adjustLocalVars(nparams);
    fs.numparams = fs.nactvar - (fs.isVararg & VARARG_HASARG);
    fs.reserveRegs(fs.nactvar); // registers for the parameters
  }

  private body(e: ExpDesc, needself: boolean, line: number): void {
    // body -> '(' parlist ')' chunk END
    const newFs = this.openFunc();
    newFs.linedefined = line;
    this.checkNext(40);
    if (needself) {
      this.newLocalVar("self", 0);
      this.adjustLocalVars(1);
    }
    this.parList();
    this.checkNext(41);
    this.chunk();
    newFs.lastlinedefined = this.ls.linenumber;
    this.checkMatch(T.END, T.FUNCTION, line);
    const p = this.closeFunc();
    this.pushClosure(newFs, p, e);
  }

  private expList1(v: ExpDesc): number {
    // explist1 -> expr { ',' expr }
    let n = 1;
    this.expr(v);
    while (this.testNext(44)) {
      this.fs.exp2NextReg(v);
      this.expr(v);
      n++;
    }
    return n;
  }

  private funcArgs(f: ExpDesc): void {
    const fs = this.fs;
    const ls = this.ls;
    const args = new ExpDesc();
    const line = ls.linenumber;
    switch (ls.token) {
      case 40: // '(' [ explist1 ] ')'
        if (line !== ls.lastline) ls.syntaxError("ambiguous syntax (function call x new statement)");
        ls.advance();
        if ((ls.token as number) === 41) args.k = K.VOID;
        else {
          this.expList1(args);
          fs.setMultRet(args);
        }
        this.checkMatch(41, 40, line);
        break;
      case 123:
        this.constructor_(args);
        break;
      case T.STRING:
        this.codeString(args, ls.sval);
        ls.advance();
        break;
      default:
        ls.syntaxError("function arguments expected");
    }
    const base = f.info; // base register for the call
    let nparams: number;
    if (hasMultRet(args.k)) nparams = MULTRET;
    else {
      if (args.k !== K.VOID) fs.exp2NextReg(args); // close the last argument
      nparams = fs.freereg - (base + 1);
    }
    f.init(K.CALL, fs.codeABC(Op.CALL, base, nparams + 1, 2));
    fs.fixLine(line);
    fs.freereg = base + 1; // the call leaves one result (unless changed)
  }

  private prefixExp(v: ExpDesc): void {
    // prefixexp -> NAME | '(' expr ')'
    const ls = this.ls;
    switch (ls.token) {
      case 40: {
        const line = ls.linenumber;
        ls.advance();
        this.expr(v);
        this.checkMatch(41, 40, line);
        this.fs.dischargeVars(v);
        return;
      }
      case T.NAME:
        this.singleVar(v);
        return;
      default:
        ls.syntaxError("unexpected symbol");
    }
  }

  private primaryExp(v: ExpDesc): void {
    // primaryexp -> prefixexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }
    const fs = this.fs;
    const ls = this.ls;
    this.prefixExp(v);
    for (;;) {
      switch (ls.token) {
        case 46:
          this.field(v);
          break;
        case 91: {
          const key = new ExpDesc();
          fs.exp2AnyReg(v);
          this.yindex(key);
          fs.indexed(v, key);
          break;
        }
        case 58: {
          const key = new ExpDesc();
          ls.advance();
          this.checkName(key);
          fs.self(v, key);
          this.funcArgs(v);
          break;
        }
        case 40:
        case T.STRING:
        case 123:
          fs.exp2NextReg(v);
          this.funcArgs(v);
          break;
        default:
          return;
      }
    }
  }

  private simpleExp(v: ExpDesc): void {
    // simpleexp -> NUMBER | STRING | NIL | true | false | ... | constructor | FUNCTION body | primaryexp
    const ls = this.ls;
    switch (ls.token) {
      case T.NUMBER:
        v.init(K.KNUM, 0);
        v.nval = ls.nval;
        break;
      case T.STRING:
        this.codeString(v, ls.sval);
        break;
      case T.NIL:
        v.init(K.NIL, 0);
        break;
      case T.TRUE:
        v.init(K.TRUE, 0);
        break;
      case T.FALSE:
        v.init(K.FALSE, 0);
        break;
      case T.DOTS: {
        const fs = this.fs;
        this.checkCondition(fs.isVararg !== 0, "cannot use '...' outside a vararg function");
        fs.isVararg &= ~VARARG_NEEDSARG; // `arg` is not needed
        v.init(K.VARARG, fs.codeABC(Op.VARARG, 0, 1, 0));
        break;
      }
      case 123:
        this.constructor_(v);
        return;
      case T.FUNCTION:
        ls.advance();
        this.body(v, false, ls.linenumber);
        return;
      default:
        this.primaryExp(v);
        return;
    }
    ls.advance();
  }

  /** subexpr -> (simpleexp | unop subexpr) { binop subexpr }, for binops above `limit`. */
  private subExpr(v: ExpDesc, limit: number): BinOpr {
    const ls = this.ls;
    this.enterLevel();
    const uop = getUnOpr(ls.token);
    if (uop !== UnOpr.NOUNOPR) {
      ls.advance();
      this.subExpr(v, UNARY_PRIORITY);
      this.fs.prefix(uop, v);
    } else this.simpleExp(v);
    let op = getBinOpr(ls.token);
    while (op !== BinOpr.NOBINOPR && LEFT_PRIORITY[op]! > limit) {
      const v2 = new ExpDesc();
      ls.advance();
      this.fs.infix(op, v);
      const nextop = this.subExpr(v2, RIGHT_PRIORITY[op]!);
      this.fs.posfix(op, v, v2);
      op = nextop;
    }
    this.leaveLevel();
    return op;
  }

  private expr(v: ExpDesc): void {
    this.subExpr(v, 0);
  }

  // ---- grammar: statements --------------------------------------------------------------------

  private block(): void {
    const fs = this.fs;
    const bl = this.newBlock();
    this.enterBlock(fs, bl, false);
    this.chunk();
    this.leaveBlock(fs);
  }

  /**
   * In `a, t[a] = ...` style assignments to a local used as a table or key earlier in the list,
   * copy the local first and let the earlier targets use the copy.
   */
  private checkConflict(lh: LHSAssign | undefined, v: ExpDesc): void {
    const fs = this.fs;
    const extra = fs.freereg;
    let conflict = false;
    for (; lh; lh = lh.prev) {
      if (lh.v.k === K.INDEXED) {
        if (lh.v.info === v.info) {
          conflict = true;
          lh.v.info = extra;
        }
        if (lh.v.aux === v.info) {
          conflict = true;
          lh.v.aux = extra;
        }
      }
    }
    if (conflict) {
      fs.codeABC(Op.MOVE, fs.freereg, v.info, 0);
      fs.reserveRegs(1);
    }
  }

  private assignment(lh: LHSAssign, nvars: number): void {
    const e = new ExpDesc();
    this.checkCondition(K.LOCAL <= lh.v.k && lh.v.k <= K.INDEXED, "syntax error");
    if (this.testNext(44)) {
      // assignment -> ',' primaryexp assignment
      const nv: LHSAssign = { prev: lh, v: new ExpDesc() };
      this.primaryExp(nv.v);
      if (nv.v.k === K.LOCAL) this.checkConflict(lh, nv.v);
      this.checkLimit(this.fs, nvars, LUAI_MAXCCALLS - this.nCcalls, "variables in assignment");
      this.assignment(nv, nvars + 1);
    } else {
      // assignment -> '=' explist1
      this.checkNext(61);
      const nexps = this.expList1(e);
      if (nexps !== nvars) {
        this.adjustAssign(nvars, nexps, e);
        if (nexps > nvars) this.fs.freereg -= nexps - nvars; // remove extra values
      } else {
        this.fs.setOneRet(e); // close the last expression
        this.fs.storeVar(lh.v, e);
        return;
      }
    }
    e.init(K.NONRELOC, this.fs.freereg - 1); // default assignment
    this.fs.storeVar(lh.v, e);
  }

  private cond(): number {
    const v = new ExpDesc();
    this.expr(v);
    if (v.k === K.NIL) v.k = K.FALSE; // all falses are equal here
    this.fs.goIfTrue(v);
    return v.f;
  }

  private breakStat(): void {
    const fs = this.fs;
    let bl = fs.bl;
    let upval = false;
    while (bl && !bl.isbreakable) {
      upval ||= bl.upval;
      bl = bl.previous;
    }
    if (!bl) this.ls.syntaxError("no loop to break");
    if (upval) fs.codeABC(Op.CLOSE, bl.nactvar, 0, 0);
    bl.breaklist = fs.concat(bl.breaklist, fs.jump());
  }

  private whileStat(line: number): void {
    // whilestat -> WHILE cond DO block END
    const fs = this.fs;
    const bl = this.newBlock();
    this.ls.advance();
    const whileinit = fs.getLabel();
    const condexit = this.cond();
    this.enterBlock(fs, bl, true);
    this.checkNext(T.DO);
    this.block();
    fs.patchList(fs.jump(), whileinit);
    this.checkMatch(T.END, T.WHILE, line);
    this.leaveBlock(fs);
    fs.patchToHere(condexit); // false conditions finish the loop
  }

  private repeatStat(line: number): void {
    // repeatstat -> REPEAT block UNTIL cond
    const fs = this.fs;
    const repeatInit = fs.getLabel();
    const bl1 = this.newBlock();
    const bl2 = this.newBlock();
    this.enterBlock(fs, bl1, true); // loop block
    this.enterBlock(fs, bl2, false); // scope block
    this.ls.advance();
    this.chunk();
    this.checkMatch(T.UNTIL, T.REPEAT, line);
    const condexit = this.cond(); // read the condition inside the scope block
    if (!bl2.upval) {
      this.leaveBlock(fs);
      fs.patchList(condexit, repeatInit);
    } else {
      // with upvalues, the loop must close them on every path
      this.breakStat();
      fs.patchToHere(condexit);
      this.leaveBlock(fs);
      fs.patchList(fs.jump(), repeatInit);
    }
    this.leaveBlock(fs); // finish the loop
  }

  private exp1(): void {
    const e = new ExpDesc();
    this.expr(e);
    this.fs.exp2NextReg(e);
  }

  private forBody(base: number, line: number, nvars: number, isnum: boolean): void {
    // forbody -> DO block
    const fs = this.fs;
    const bl = this.newBlock();
    this.adjustLocalVars(3); // control variables
    this.checkNext(T.DO);
    const prep = isnum ? fs.codeAsBx(Op.FORPREP, base, NO_JUMP) : fs.jump();
    this.enterBlock(fs, bl, false); // scope for declared variables
    this.adjustLocalVars(nvars);
    fs.reserveRegs(nvars);
    this.block();
    this.leaveBlock(fs);
    fs.patchToHere(prep);
    const endfor = isnum ? fs.codeAsBx(Op.FORLOOP, base, NO_JUMP) : fs.codeABC(Op.TFORLOOP, base, 0, nvars);
    fs.fixLine(line); // pretend that the loop instruction starts the loop
    fs.patchList(isnum ? endfor : fs.jump(), prep + 1);
  }

  private forNum(varname: string, line: number): void {
    // fornum -> NAME = exp1, exp1 [, exp1] forbody
    const fs = this.fs;
    const base = fs.freereg;
    this.newLocalVar("(for index)", 0);
    this.newLocalVar("(for limit)", 1);
    this.newLocalVar("(for step)", 2);
    this.newLocalVar(varname, 3);
    this.checkNext(61);
    this.exp1(); // initial value
    this.checkNext(44);
    this.exp1(); // limit
    if (this.testNext(44))
      this.exp1(); // optional step
    else {
      fs.codeABx(Op.LOADK, fs.freereg, fs.numberK(1)); // default step 1
      fs.reserveRegs(1);
    }
    this.forBody(base, line, 1, true);
  }

  private forList(indexname: string): void {
    // forlist -> NAME {, NAME} IN explist1 forbody
    const fs = this.fs;
    const e = new ExpDesc();
    let nvars = 0;
    const base = fs.freereg;
    this.newLocalVar("(for generator)", nvars++);
    this.newLocalVar("(for state)", nvars++);
    this.newLocalVar("(for control)", nvars++);
    this.newLocalVar(indexname, nvars++);
    while (this.testNext(44)) this.newLocalVar(this.strCheckName(), nvars++);
    this.checkNext(T.IN);
    const line = this.ls.linenumber;
    this.adjustAssign(3, this.expList1(e), e);
    fs.checkStack(3); // extra space to call the generator
    this.forBody(base, line, nvars - 3, false);
  }

  private forStat(line: number): void {
    // forstat -> FOR (fornum | forlist) END
    const fs = this.fs;
    const bl = this.newBlock();
    this.enterBlock(fs, bl, true); // scope for the loop and control variables
    this.ls.advance();
    const varname = this.strCheckName();
    switch (this.ls.token) {
      case 61:
        this.forNum(varname, line);
        break;
      case 44:
      case T.IN:
        this.forList(varname);
        break;
      default:
        this.ls.syntaxError("'=' or 'in' expected");
    }
    this.checkMatch(T.END, T.FOR, line);
    this.leaveBlock(fs); // `break` jumps here
  }

  private testThenBlock(): number {
    // [IF | ELSEIF] cond THEN block
    this.ls.advance();
    const condexit = this.cond();
    this.checkNext(T.THEN);
    this.block();
    return condexit;
  }

  private ifStat(line: number): void {
    // ifstat -> IF cond THEN block {ELSEIF cond THEN block} [ELSE block] END
    const fs = this.fs;
    const ls = this.ls;
    let escapelist = NO_JUMP;
    let flist = this.testThenBlock();
    while (ls.token === T.ELSEIF) {
      escapelist = fs.concat(escapelist, fs.jump());
      fs.patchToHere(flist);
      flist = this.testThenBlock();
    }
    if (ls.token === T.ELSE) {
      escapelist = fs.concat(escapelist, fs.jump());
      fs.patchToHere(flist);
      ls.advance(); // skip ELSE after the patch, for correct line info
      this.block();
    } else escapelist = fs.concat(escapelist, flist);
    fs.patchToHere(escapelist);
    this.checkMatch(T.END, T.IF, line);
  }

  private localFunc(): void {
    const fs = this.fs;
    const v = new ExpDesc();
    const b = new ExpDesc();
    this.newLocalVar(this.strCheckName(), 0);
    v.init(K.LOCAL, fs.freereg);
    fs.reserveRegs(1);
    this.adjustLocalVars(1);
    this.body(b, false, this.ls.linenumber);
    fs.storeVar(v, b);
    // debug information sees the variable only after this point
    this.getLocVar(fs, fs.nactvar - 1).startPc = fs.pc;
  }

  private localStat(): void {
    // stat -> LOCAL NAME {',' NAME} ['=' explist1]
    let nvars = 0;
    let nexps: number;
    const e = new ExpDesc();
    do this.newLocalVar(this.strCheckName(), nvars++);
    while (this.testNext(44));
    if (this.testNext(61)) nexps = this.expList1(e);
    else {
      e.k = K.VOID;
      nexps = 0;
    }
    this.adjustAssign(nvars, nexps, e);
    this.adjustLocalVars(nvars);
  }

  private funcName(v: ExpDesc): boolean {
    // funcname -> NAME {field} [':' NAME]
    this.singleVar(v);
    while (this.ls.token === 46) this.field(v);
    if (this.ls.token === 58) {
      this.field(v);
      return true;
    }
    return false;
  }

  private funcStat(line: number): void {
    // funcstat -> FUNCTION funcname body
    const v = new ExpDesc();
    const b = new ExpDesc();
    this.ls.advance();
    const needself = this.funcName(v);
    this.body(b, needself, line);
    this.fs.storeVar(v, b);
    this.fs.fixLine(line); // the definition happens on the first line
  }

  private exprStat(): void {
    // stat -> func | assignment
    const fs = this.fs;
    const v: LHSAssign = { prev: undefined, v: new ExpDesc() };
    this.primaryExp(v.v);
    if (v.v.k === K.CALL)
      fs.setArgC(v.v.info, 1); // a call statement uses no results
    else this.assignment(v, 1);
  }

  private retStat(): void {
    // stat -> RETURN explist
    const fs = this.fs;
    const ls = this.ls;
    const e = new ExpDesc();
    let first: number;
    let nret: number;
    ls.advance();
    if (blockFollow(ls.token) || ls.token === 59) first = nret = 0;
    else {
      nret = this.expList1(e);
      if (hasMultRet(e.k)) {
        fs.setMultRet(e);
        if (e.k === K.CALL && nret === 1) fs.code[e.info] = setOp(fs.code[e.info]!, Op.TAILCALL);
        first = fs.nactvar;
        nret = MULTRET;
      } else if (nret === 1) first = fs.exp2AnyReg(e);
      else {
        fs.exp2NextReg(e); // values must go to the stack
        first = fs.nactvar;
      }
    }
    fs.ret(first, nret);
  }

  /** One statement; true when it must be the last of its block (return, break). */
  private statement(): boolean {
    const ls = this.ls;
    const line = ls.linenumber;
    switch (ls.token) {
      case T.IF:
        this.ifStat(line);
        return false;
      case T.WHILE:
        this.whileStat(line);
        return false;
      case T.DO:
        ls.advance();
        this.block();
        this.checkMatch(T.END, T.DO, line);
        return false;
      case T.FOR:
        this.forStat(line);
        return false;
      case T.REPEAT:
        this.repeatStat(line);
        return false;
      case T.FUNCTION:
        this.funcStat(line);
        return false;
      case T.LOCAL:
        ls.advance();
        if (this.testNext(T.FUNCTION)) this.localFunc();
        else this.localStat();
        return false;
      case T.RETURN:
        this.retStat();
        return true;
      case T.BREAK:
        ls.advance();
        this.breakStat();
        return true;
      default:
        this.exprStat();
        return false;
    }
  }

  private chunk(): void {
    // chunk -> { stat [';'] }
    let islast = false;
    this.enterLevel();
    while (!islast && !blockFollow(this.ls.token)) {
      islast = this.statement();
      this.testNext(59);
      this.fs.freereg = this.fs.nactvar; // free registers
    }
    this.leaveLevel();
  }
}
