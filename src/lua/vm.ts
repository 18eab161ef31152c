// The Lua 5.1 interpreter loop (lvm.c luaV_execute). Lua-to-Lua calls and returns switch
// frames inside the loop instead of recursing on the JS stack; a frame entered from JS (a
// native calling Lua) ends the loop when it returns.

import { call, closeUpvals, enterLua, findUpval, PCRLUA, PCRYIELD, poscall, precall } from "./calls.js";
import { runError } from "./debug-info.js";
import { LuaClosure } from "./func.js";
import { chargeClosure, chargeTable, checkGC } from "./gc.js";
import {
  compileProto,
  forPrep,
  JIT_EXIT,
  JIT_NEXT,
  type JitFn,
  objLen,
  returnFrom,
  setList,
  tailMove,
  varargs,
} from "./jit.js";
import { hookExec, MASK_COUNT, MASK_LINE, MASK_RET } from "./lib/debug.js";
import { BITRK, MAXARG_sBx, Op } from "./opcodes.js";
import { numPow } from "./pow.js";
import type { Proto } from "./proto.js";
import { type CallInfo, type LuaThread, MULTRET } from "./state.js";
import { fb2int, LuaTable, stringHash } from "./table.js";
import { arith, concat, equalObj, index, lessEqual, lessThan, numMod, setIndex, TM } from "./tm.js";
import { isFalse, type LuaValue } from "./value.js";

/** The budget ran out at a jump back: the frame's pc is saved for whatever onBudget does. */
function spent(L: LuaThread, ci: CallInfo, pc: number): void {
  ci.savedpc = pc;
  L.G.onBudget!(L);
}

/** The jump after a test (lvm.c dojump of the next JMP): a jump back is charged as a loop. */
function condJump(L: LuaThread, ci: CallInfo, sbx: number, pc: number): number {
  if (sbx < 0 && (L.G.budget += sbx) < 0) spent(L, ci, pc + sbx + 1);
  return sbx;
}

/** Lua hashes of a prototype's string constants (0 for others), computed once per prototype. */
function kHashes(p: Proto): Int32Array {
  const h = new Int32Array(p.k.length);
  for (let j = 0; j < p.k.length; j++) {
    const c = p.k[j];
    if (typeof c === "string") h[j] = stringHash(c);
  }
  p.kHash = h;
  return h;
}

/**
 * A prototype is compiled once it is this hot: a call adds JIT_CALL_HEAT, a jump back in the
 * interpreter 1. Code that runs once, such as most main chunks, stays interpreted.
 */
const JIT_HOT = 32;
const JIT_CALL_HEAT = 16;

let jitEnabled = true;

/** Turns compilation (jit.ts) on or off; off, every frame is interpreted. For tests. */
export function setJit(on: boolean): void {
  jitEnabled = on;
}

/** A call of a prototype that is not compiled: compiles it once it is hot. */
function warm(p: Proto): JitFn | null | undefined {
  const heat = (p.jitHeat ?? 0) + JIT_CALL_HEAT;
  p.jitHeat = heat;
  if (heat < JIT_HOT) return undefined;
  return (p.jit = compileProto(p));
}

/** A jump back in the interpreter: true when the frame moves to compiled code (see osr). */
function loopHeat(L: LuaThread, ci: CallInfo, p: Proto, pc: number): boolean {
  if (p.jit === undefined) {
    const heat = (p.jitHeat ?? 0) + 1;
    p.jitHeat = heat;
    if (heat < JIT_HOT) return false;
  }
  return osr(L, ci, p, pc);
}

/**
 * A frame looping in the interpreter moves to compiled code at the jump back's target (a case of
 * the compiled switch), unless hooks need the interpreter: true when it should.
 */
function osr(L: LuaThread, ci: CallInfo, p: Proto, pc: number): boolean {
  if (!jitEnabled || L.hookMask & (MASK_LINE | MASK_COUNT)) return false;
  if (p.jit === undefined) p.jit = compileProto(p);
  if (p.jit === null) return false;
  ci.savedpc = pc;
  return true;
}

/**
 * Runs the current Lua frame of L until its entry frame returns or the thread yields. Each
 * frame runs compiled (jit.ts) or, when it is cold or hooks watch lines or counts, interpreted;
 * both return here to run the next frame when a Lua function is called or returns.
 */
export function execute(L: LuaThread): void {
  for (;;) {
    const ci = L.ci;
    const cl = ci.fn as LuaClosure;
    if ((L.hookMask & (MASK_LINE | MASK_COUNT)) === 0 && jitEnabled) {
      let f = cl.jit;
      if (f === undefined) {
        const p = cl.p;
        // a frame resumed after a call is interpreted on until its prototype is compiled
        f = p.jit === undefined ? (ci.savedpc === 0 ? warm(p) : undefined) : p.jit;
        if (f !== undefined) cl.jit = f;
      }
      if (f) {
        const r = f(L, ci, cl, 0);
        if (r === JIT_NEXT) continue;
        if (r === JIT_EXIT) return;
      }
    }
    if (interpret(L, ci, cl)) return;
  }
}

/**
 * Interprets frame ci from ci.savedpc until it calls or returns from a Lua function (false) or
 * the entry frame returns or the thread yields (true). The pc is saved in the frame
 * (ci.savedpc) before anything that may raise an error, call a function or read the pc, so
 * that error positions and the return address are right.
 */
function interpret(L: LuaThread, ci: CallInfo, cl: LuaClosure): boolean {
  const s = L.stack;
  const p = cl.p;
  const code = p.code;
  const k = p.k;
  const kh = p.kHash ?? kHashes(p);
  const upvals = cl.upvals;
  let base = ci.base;
  let pc = ci.savedpc;
  for (;;) {
    const i = code[pc++]!;
    if (L.hookMask & (MASK_LINE | MASK_COUNT) && (--L.hookCount === 0 || L.hookMask & MASK_LINE)) {
      hookExec(L, pc); // lvm.c traceexec
      base = ci.base;
    }
    const a = base + ((i >>> 6) & 0xff);
    switch (i & 0x3f) {
      case Op.MOVE:
        s[a] = s[base + (i >>> 23)];
        continue;
      case Op.LOADK:
        s[a] = k[i >>> 14];
        continue;
      case Op.LOADBOOL:
        s[a] = i >>> 23 !== 0;
        if ((i >>> 14) & 0x1ff) pc++;
        continue;
      case Op.LOADNIL: {
        for (let r = base + (i >>> 23); r >= a; r--) s[r] = undefined;
        continue;
      }
      case Op.GETUPVAL:
        s[a] = upvals[i >>> 23]!.get();
        continue;
      case Op.GETGLOBAL: {
        const bx = i >>> 14;
        const key = k[bx] as string;
        const env = cl.env;
        const v = env.getStr(key, kh[bx]! >>> 0);
        if (v !== undefined || env.metatable === undefined) s[a] = v;
        else {
          ci.savedpc = pc;
          s[a] = index(L, env, key, -1);
        }
        continue;
      }
      case Op.GETTABLE: {
        const c = (i >>> 14) & 0x1ff;
        const t = s[base + (i >>> 23)];
        if (t instanceof LuaTable) {
          let key: LuaValue;
          let v: LuaValue;
          if (c & BITRK) {
            key = k[c & 0xff];
            v = typeof key === "string" ? t.getStr(key, kh[c & 0xff]! >>> 0) : t.get(key);
          } else v = t.get((key = s[base + c]));
          if (v !== undefined || t.metatable === undefined) {
            s[a] = v;
            continue;
          }
          ci.savedpc = pc;
          s[a] = index(L, t, key, i >>> 23);
        } else {
          ci.savedpc = pc;
          s[a] = index(L, t, c & BITRK ? k[c & 0xff] : s[base + c], i >>> 23);
        }
        continue;
      }
      case Op.SETGLOBAL: {
        const bx = i >>> 14;
        const env = cl.env;
        if (env.metatable === undefined) env.setStr(k[bx] as string, s[a], kh[bx]! >>> 0);
        else {
          ci.savedpc = pc;
          setIndex(L, env, k[bx], s[a], -1);
        }
        continue;
      }
      case Op.SETUPVAL:
        upvals[i >>> 23]!.set(s[a]);
        continue;
      case Op.SETTABLE: {
        const b = i >>> 23;
        const c = (i >>> 14) & 0x1ff;
        const key = b & BITRK ? k[b & 0xff] : s[base + b];
        const v = c & BITRK ? k[c & 0xff] : s[base + c];
        const t = s[a];
        if (t instanceof LuaTable && t.metatable === undefined && typeof key === "string") {
          if (b & BITRK) t.setStr(key, v, kh[b & 0xff]! >>> 0);
          else t.setStr(key, v);
          continue;
        }
        ci.savedpc = pc;
        setIndex(L, t, key, v, (i >>> 6) & 0xff);
        continue;
      }
      case Op.NEWTABLE: {
        const t = new LuaTable(fb2int(i >>> 23), fb2int((i >>> 14) & 0x1ff));
        ci.savedpc = pc;
        chargeTable(L, t);
        s[a] = t;
        checkGC(L);
        continue;
      }
      case Op.SELF: {
        const c = (i >>> 14) & 0x1ff;
        const rb = s[base + (i >>> 23)];
        s[a + 1] = rb;
        const key = c & BITRK ? k[c & 0xff] : s[base + c];
        if (rb instanceof LuaTable && typeof key === "string") {
          const v = c & BITRK ? rb.getStr(key, kh[c & 0xff]! >>> 0) : rb.getStr(key);
          if (v !== undefined || rb.metatable === undefined) {
            s[a] = v;
            continue;
          }
        }
        ci.savedpc = pc;
        s[a] = index(L, rb, key, i >>> 23);
        continue;
      }
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
      case Op.POW: {
        const b = i >>> 23;
        const c = (i >>> 14) & 0x1ff;
        const rb = b & BITRK ? k[b & 0xff] : s[base + b];
        const rc = c & BITRK ? k[c & 0xff] : s[base + c];
        if (typeof rb === "number" && typeof rc === "number") {
          switch (i & 0x3f) {
            case Op.ADD:
              s[a] = rb + rc;
              break;
            case Op.SUB:
              s[a] = rb - rc;
              break;
            case Op.MUL:
              s[a] = rb * rc;
              break;
            case Op.DIV:
              s[a] = rb / rc;
              break;
            case Op.MOD:
              s[a] = numMod(rb, rc);
              break;
            default:
              s[a] = numPow(rb, rc);
              break;
          }
        } else {
          ci.savedpc = pc;
          const op = (i & 0x3f) - Op.ADD + TM.ADD;
          s[a] = arith(L, op, rb, rc, b & BITRK ? -1 : b, c & BITRK ? -1 : c);
        }
        continue;
      }
      case Op.UNM: {
        const rb = s[base + (i >>> 23)];
        if (typeof rb === "number") s[a] = -rb;
        else {
          ci.savedpc = pc;
          s[a] = arith(L, TM.UNM, rb, rb, i >>> 23, i >>> 23);
        }
        continue;
      }
      case Op.NOT:
        s[a] = isFalse(s[base + (i >>> 23)]);
        continue;
      case Op.LEN: {
        const rb = s[base + (i >>> 23)];
        if (rb instanceof LuaTable) s[a] = rb.length();
        else {
          ci.savedpc = pc;
          s[a] = objLen(L, rb, i >>> 23);
        }
        continue;
      }
      case Op.CONCAT: {
        const b = i >>> 23;
        const c = (i >>> 14) & 0x1ff;
        ci.savedpc = pc;
        L.top = base + c + 1; // metamethods may use the stack above the operands
        concat(L, base, c - b + 1, c);
        s[a] = s[base + b];
        L.top = ci.top;
        checkGC(L);
        continue;
      }
      case Op.JMP: {
        const sbx = (i >>> 14) - MAXARG_sBx;
        pc += sbx;
        if (sbx < 0) {
          if ((L.G.budget += sbx) < 0) spent(L, ci, pc);
          if (loopHeat(L, ci, p, pc)) return false;
        }
        continue;
      }
      case Op.EQ: {
        const b = i >>> 23;
        const c = (i >>> 14) & 0x1ff;
        const rb = b & BITRK ? k[b & 0xff] : s[base + b];
        const rc = c & BITRK ? k[c & 0xff] : s[base + c];
        let eq = rb === rc;
        if (!eq && typeof rb === "object" && typeof rc === "object") {
          ci.savedpc = pc;
          eq = equalObj(L, rb, rc);
        }
        if (eq === (((i >>> 6) & 0xff) !== 0)) {
          const sbx = condJump(L, ci, (code[pc]! >>> 14) - MAXARG_sBx, pc);
          pc += sbx + 1;
          if (sbx < 0 && loopHeat(L, ci, p, pc)) return false;
        } else pc++;
        continue;
      }
      case Op.LT:
      case Op.LE: {
        const b = i >>> 23;
        const c = (i >>> 14) & 0x1ff;
        const rb = b & BITRK ? k[b & 0xff] : s[base + b];
        const rc = c & BITRK ? k[c & 0xff] : s[base + c];
        let res: boolean;
        if (typeof rb === "number" && typeof rc === "number") res = (i & 0x3f) === Op.LT ? rb < rc : rb <= rc;
        else {
          ci.savedpc = pc;
          res = (i & 0x3f) === Op.LT ? lessThan(L, rb, rc) : lessEqual(L, rb, rc);
        }
        if (res === (((i >>> 6) & 0xff) !== 0)) {
          const sbx = condJump(L, ci, (code[pc]! >>> 14) - MAXARG_sBx, pc);
          pc += sbx + 1;
          if (sbx < 0 && loopHeat(L, ci, p, pc)) return false;
        } else pc++;
        continue;
      }
      case Op.TEST:
        if (isFalse(s[a]) !== (((i >>> 14) & 0x1ff) !== 0)) {
          const sbx = condJump(L, ci, (code[pc]! >>> 14) - MAXARG_sBx, pc);
          pc += sbx + 1;
          if (sbx < 0 && loopHeat(L, ci, p, pc)) return false;
        } else pc++;
        continue;
      case Op.TESTSET: {
        const rb = s[base + (i >>> 23)];
        if (isFalse(rb) !== (((i >>> 14) & 0x1ff) !== 0)) {
          s[a] = rb;
          const sbx = condJump(L, ci, (code[pc]! >>> 14) - MAXARG_sBx, pc);
          pc += sbx + 1;
          if (sbx < 0 && loopHeat(L, ci, p, pc)) return false;
        } else pc++;
        continue;
      }
      case Op.CALL: {
        const b = i >>> 23;
        const nresults = ((i >>> 14) & 0x1ff) - 1;
        if (b !== 0) L.top = a + b; // else the previous instruction set top
        ci.savedpc = pc;
        const f = s[a];
        if (f instanceof LuaClosure && f.p.isVararg === 0) {
          // luaD_precall for a fixed-parameter Lua function, without its checks
          const np = f.p;
          if (a + np.maxStackSize + 6 > s.length) L.ensure(a + np.maxStackSize + 6);
          if (L.top > a + 1 + np.numParams) L.top = a + 1 + np.numParams; // extra arguments
          enterLua(L, f, a, a + 1, nresults);
          return false;
        }
        const r = precall(L, a, nresults);
        if (r === PCRLUA) return false;
        if (r === PCRYIELD) return true;
        if (nresults >= 0) L.top = ci.top;
        base = ci.base;
        continue;
      }
      case Op.TAILCALL: {
        const b = i >>> 23;
        if (b !== 0) L.top = a + b;
        ci.savedpc = pc;
        const r = precall(L, a, MULTRET);
        if (r === PCRLUA) {
          tailMove(L, ci); // a proper tail call: the new frame moves down over the caller's
          return false;
        }
        if (r === PCRYIELD) return true;
        base = ci.base;
        continue;
      }
      case Op.RETURN: {
        const b = i >>> 23;
        if (b !== 0) L.top = a + b - 1;
        if (L.openUpvals.length > 0) closeUpvals(L, base);
        if (ci.entry || L.hookMask & MASK_RET) {
          ci.savedpc = pc; // return hooks see this line
          const fixed = poscall(L, a);
          if (ci.entry) return true;
          if (fixed) L.top = L.ci.top;
          return false;
        }
        returnFrom(L, ci, a); // luaD_poscall without its hook
        return false;
      }
      case Op.FORLOOP: {
        const step = s[a + 2] as number;
        const idx = (s[a] as number) + step;
        const limit = s[a + 1] as number;
        if (0 < step ? idx <= limit : limit <= idx) {
          const sbx = (i >>> 14) - MAXARG_sBx;
          pc += sbx;
          s[a] = idx;
          s[a + 3] = idx;
          if ((L.G.budget += sbx) < 0) spent(L, ci, pc);
          if (loopHeat(L, ci, p, pc)) return false;
        }
        continue;
      }
      case Op.FORPREP: {
        ci.savedpc = pc;
        forPrep(L, s, a);
        pc += (i >>> 14) - MAXARG_sBx;
        continue;
      }
      case Op.TFORLOOP: {
        const cb = a + 3;
        s[cb + 2] = s[a + 2];
        s[cb + 1] = s[a + 1];
        s[cb] = s[a];
        L.top = cb + 3;
        ci.savedpc = pc;
        call(L, cb, (i >>> 14) & 0x1ff);
        L.top = ci.top;
        if (s[cb] !== undefined) {
          s[cb - 1] = s[cb];
          pc += condJump(L, ci, (code[pc]! >>> 14) - MAXARG_sBx, pc) + 1;
          if (loopHeat(L, ci, p, pc)) return false; // the generator loop jumps back
        } else pc++;
        continue;
      }
      case Op.SETLIST: {
        let c = (i >>> 14) & 0x1ff;
        if (c === 0) c = code[pc++]!;
        setList(L, ci, a, i >>> 23, c);
        continue;
      }
      case Op.CLOSE:
        closeUpvals(L, a);
        continue;
      case Op.CLOSURE: {
        const np = p.p[i >>> 14]!;
        const ncl = new LuaClosure(np, cl.env);
        const nopen = L.openUpvals.length;
        for (let j = 0; j < np.nups; j++) {
          const u = code[pc++]!;
          ncl.upvals[j] = (u & 0x3f) === Op.GETUPVAL ? upvals[u >>> 23]! : findUpval(L, base + (u >>> 23));
        }
        ci.savedpc = pc;
        chargeClosure(L, ncl, L.openUpvals.length - nopen);
        s[a] = ncl;
        checkGC(L);
        continue;
      }
      case Op.VARARG:
        varargs(L, ci, a, i >>> 23, p.numParams);
        continue;
      default:
        ci.savedpc = pc;
        runError(L, `bad opcode ${i & 0x3f}`);
    }
  }
}
