import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSource, haveLuac51, withLuac51 } from "../test-support/luac51.js";
import { makeProto } from "../test-support/protos.js";
import { createABC, createABx, MAXARG_sBx, Op, rkAsK } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { corpusCases } from "./testdata/cases.js";
import { undump } from "./undump.js";
import { sampleProto } from "./undump-fuzz.js";
import { checkFunction, MAXSTACK, verifyProto } from "./verify.js";

const abc = createABC;
const asbx = (op: Op, a: number, sbx: number): number => createABx(op, a, sbx + MAXARG_sBx);

// The sample's main function (41 instructions, 11 registers, 13 constants, 2 functions) and its
// second nested function g (18 instructions, 4 registers, 2 upvalues, vararg); see undump-fuzz.ts.
const sample = sampleProto();
const g = sample.p[1]!;

function withCode(p: Proto, changes: Record<number, number>): Proto {
  const code = p.code.slice();
  for (const [pc, i] of Object.entries(changes)) code[Number(pc)] = i;
  return { ...p, code };
}

/** A function made of `code` with 2 registers, constants [1, "x"], no debug info. */
const fn = (code: number[], extra: Partial<Proto> = {}): Proto =>
  makeProto({ code: Uint32Array.from(code), k: [1, "x"], ...extra });

const RET = abc(Op.RETURN, 0, 1, 0);

describe("verify accepts compiler output", () => {
  it("the sample", () => {
    expect(verifyProto(sample)).toBeUndefined();
    expect(checkFunction(g)).toBeUndefined();
  });

  const corpus = corpusCases(fileURLToPath(new URL("./testdata/", import.meta.url)));
  it.skipIf(!haveLuac51 || corpus.length === 0)(
    withLuac51("luac5.1 output for every testdata/corpus file"),
    () => {
      for (const { file, source } of corpus) {
        for (const strip of [false, true]) {
          const p = undump(compileSource(source, file, strip), `@${file}`);
          expect(verifyProto(p), file).toBeUndefined();
        }
      }
    },
  );
});

describe("verify rejects (ldebug.c luaG_checkcode)", () => {
  it.each<[string, Proto, string]>([
    [
      "empty code",
      { ...sample, code: new Uint32Array(0), lineInfo: new Int32Array(0), locVars: [] },
      "no code",
    ],
    [
      "last instruction not RETURN",
      withCode(sample, { 40: abc(Op.MOVE, 0, 0, 0) }),
      "last instruction is not RETURN",
    ],
    ["opcode 38", withCode(sample, { 1: 38 }), "pc 1: bad opcode 38"],
    ["opcode 63", withCode(sample, { 1: 63 | (1 << 6) }), "bad opcode 63"],
    [
      "A outside the registers",
      withCode(sample, { 1: createABx(Op.LOADK, 11, 0) }),
      "pc 1: register 11 outside maxstacksize 11",
    ],
    [
      "Bx constant out of range",
      withCode(sample, { 1: createABx(Op.LOADK, 1, 13) }),
      "pc 1: constant 13 out of range",
    ],
    [
      "RK constant out of range",
      withCode(sample, { 4: abc(Op.SETTABLE, 0, rkAsK(13), rkAsK(4)) }),
      "bad B operand",
    ],
    [
      "RK register out of range",
      withCode(sample, { 4: abc(Op.SETTABLE, 0, rkAsK(3), 11) }),
      "bad C operand 11",
    ],
    ["R operand out of range", withCode(sample, { 16: abc(Op.UNM, 7, 11, 0) }), "bad B operand 11"],
    ["unused operand not 0", withCode(sample, { 9: abc(Op.MOVE, 0, 1, 1) }), "bad C operand 1"],
    [
      "jump past the end",
      withCode(sample, { 22: asbx(Op.JMP, 0, 18) }),
      "pc 22: jump to 41 outside the code",
    ],
    ["jump before the start", withCode(sample, { 22: asbx(Op.JMP, 0, -24) }), "jump to -1 outside the code"],
    ["FORLOOP outside the code", withCode(sample, { 18: asbx(Op.FORLOOP, 3, -20) }), "outside the code"],
    ["test not followed by JMP", withCode(g, { 8: abc(Op.MOVE, 0, 0, 0) }), "pc 7: test not followed by JMP"],
    ["upvalue out of range", withCode(g, { 13: abc(Op.GETUPVAL, 2, 2, 0) }), "pc 13: upvalue 2 out of range"],
    ["SETUPVAL out of range", withCode(g, { 2: abc(Op.SETUPVAL, 1, 5, 0) }), "upvalue 5 out of range"],
    [
      "global name not a string",
      withCode(sample, { 19: createABx(Op.GETGLOBAL, 3, 0) }),
      "global name is not a string",
    ],
    ["SELF's second register", withCode(sample, { 24: abc(Op.SELF, 10, 0, 0) }), "register 11 outside"],
    ["CONCAT of one value", withCode(sample, { 32: abc(Op.CONCAT, 3, 5, 5) }), "CONCAT needs two operands"],
    [
      "TFORLOOP without results",
      withCode(sample, { 27: abc(Op.TFORLOOP, 3, 0, 0) }),
      "TFORLOOP without results",
    ],
    ["TFORLOOP results", withCode(sample, { 27: abc(Op.TFORLOOP, 3, 0, 6) }), "TFORLOOP registers outside"],
    ["FORPREP registers", withCode(sample, { 15: asbx(Op.FORPREP, 8, 2) }), "loop registers outside"],
    ["CALL arguments", withCode(sample, { 21: abc(Op.CALL, 3, 9, 4) }), "arguments outside maxstacksize"],
    ["CALL results", withCode(sample, { 21: abc(Op.CALL, 3, 2, 10) }), "results outside maxstacksize"],
    ["RETURN values", withCode(sample, { 40: abc(Op.RETURN, 4, 9, 0) }), "return values outside"],
    [
      "open results not consumed",
      withCode(g, { 6: abc(Op.CALL, 1, 2, 2) }),
      "pc 5: open results not followed",
    ],
    [
      "open CALL not consumed",
      withCode(sample, { 39: abc(Op.RETURN, 4, 2, 0) }),
      "pc 38: open results not followed",
    ],
    [
      "CLOSURE of a missing function",
      withCode(sample, { 7: createABx(Op.CLOSURE, 2, 2) }),
      "function 2 out of range",
    ],
    [
      "CLOSURE pseudo-instruction",
      withCode(sample, { 9: createABx(Op.LOADK, 0, 0) }),
      "CLOSURE upvalue 1 is not MOVE/GETUPVAL",
    ],
    ["VARARG in a fixed-arity function", { ...g, isVararg: 0 }, "VARARG in a non-vararg function"],
    ["VARARG with NEEDSARG", { ...g, isVararg: 7 }, "VARARG in a non-vararg function"],
    [
      "VARARG registers",
      withCode(g, { 5: abc(Op.VARARG, 3, 3, 0), 6: abc(Op.CALL, 1, 4, 2) }),
      "VARARG registers",
    ],
    ["maxstacksize above MAXSTACK", { ...sample, maxStackSize: MAXSTACK + 1 }, "maxstacksize 251"],
    [
      "parameters above maxstacksize",
      { ...g, numParams: 4, isVararg: 1 | 2 },
      "parameters exceed maxstacksize",
    ],
    ["NEEDSARG without HASARG", { ...g, isVararg: 4 | 2 }, "NEEDSARG without HASARG"],
    ["line info size", { ...sample, lineInfo: new Int32Array(40) }, "line info size differs"],
  ])("%s", (_, p, reason) => {
    const why = checkFunction(p);
    expect(why).toBeDefined();
    expect(why).toContain(reason);
  });
});

describe("verify rejects what a VM could not run without checks (beyond luaG_checkcode)", () => {
  it.each<[string, Proto, string]>([
    [
      "LOADBOOL with C = 2 skipping past the end",
      fn([abc(Op.LOADBOOL, 0, 1, 2), RET]),
      "LOADBOOL skips past the end",
    ],
    [
      "TFORLOOP's call slots a+3..a+5",
      withCode(sample, { 27: abc(Op.TFORLOOP, 6, 0, 1) }),
      "TFORLOOP registers outside",
    ],
    [
      "open consumer above the producer",
      withCode(g, { 14: abc(Op.VARARG, 2, 0, 0) }),
      "pc 14: open results below the consumer's base",
    ],
    ["partial upvalue names", { ...g, upvalues: ["up"] }, "upvalue names do not match nups"],
    [
      "local range past the code",
      { ...g, locVars: [{ name: "n", startPc: 0, endPc: 19 }] },
      "local 0 range 0..19",
    ],
    ["local range reversed", { ...g, locVars: [{ name: "n", startPc: 5, endPc: 4 }] }, "local 0 range 5..4"],
    ["constant of another type", { ...sample, k: [...sample.k, {} as unknown as string] }, "bad constant 13"],
    ["constant not a byte string", { ...sample, k: [...sample.k, "\u0100"] }, "bad constant 13"],
    [
      "local name not a byte string",
      { ...g, locVars: [{ name: "\u20ac", startPc: 0, endPc: 1 }] },
      "bad local name 0",
    ],
    ["upvalue name not a byte string", { ...g, upvalues: ["up", "\uffff"] }, "bad upvalue name 1"],
    ["source not a byte string", { ...sample, source: "@\u0394.lua" }, "source is not a byte string"],
    ["fractional linedefined", { ...sample, lineDefined: 0.5 }, "bad linedefined"],
    ["negative lastlinedefined", { ...sample, lastLineDefined: -1 }, "bad linedefined"],
    ["nups above 255", { ...g, nups: 256 }, "bad header byte"],
  ])("%s", (_, p, reason) => {
    expect(checkFunction(p)).toContain(reason);
  });

  it("checks a LOADBOOL skip for any non-zero C, as lvm.c does", () => {
    expect(checkFunction(fn([abc(Op.LOADBOOL, 0, 1, 1), RET, RET]))).toBeUndefined();
    expect(checkFunction(fn([abc(Op.LOADBOOL, 0, 1, 7), RET, RET]))).toBeUndefined();
    expect(checkFunction(fn([abc(Op.LOADBOOL, 0, 1, 7), RET]))).toContain("skips past the end");
  });
});

describe("SETLIST count words", () => {
  const setlist0 = abc(Op.SETLIST, 0, 1, 0);
  const newtable = abc(Op.NEWTABLE, 0, 0, 0);

  it("a SETLIST with C = 0 takes the next word as its count", () => {
    // The count word 0xFFFFFFFF is not an instruction and is not checked as one.
    expect(checkFunction(fn([newtable, setlist0, 0xffffffff, RET]))).toBeUndefined();
    expect(checkFunction(fn([newtable, setlist0, RET]))).toContain("SETLIST count word missing");
  });

  it("no jump may land on a count word", () => {
    // pc 3: JMP to pc 2, the count.
    expect(checkFunction(fn([newtable, setlist0, 7, asbx(Op.JMP, 0, -2), RET]))).toContain(
      "pc 3: jump into a SETLIST count",
    );
    // Jumping to the instruction after it is fine.
    expect(checkFunction(fn([newtable, setlist0, 7, asbx(Op.JMP, 0, -1), RET]))).toBeUndefined();
  });

  it("a count word that looks like SETLIST C = 0 is still data (symbexec's parity rule)", () => {
    // pc 1 SETLIST C=0, pc 2 its count (which happens to encode SETLIST C=0), pc 3 real code.
    const code = [newtable, setlist0, setlist0, asbx(Op.JMP, 0, -1), RET];
    expect(checkFunction(fn(code))).toBeUndefined();
    // ...and a jump to pc 2 is into a count.
    const bad = [newtable, setlist0, setlist0, asbx(Op.JMP, 0, -2), RET];
    expect(checkFunction(fn(bad))).toContain("jump into a SETLIST count");
  });

  it("LOADBOOL may not skip into a count word", () => {
    expect(checkFunction(fn([abc(Op.LOADBOOL, 0, 0, 1), setlist0, 1, RET]))).toContain(
      "LOADBOOL skips into a SETLIST count",
    );
  });

  it("stays linear on long runs of SETLIST C = 0 words", () => {
    // 200000 words (100000 SETLIST + count pairs), then 1000 jumps to just after them: the
    // walk back over the run must not be repeated per jump.
    const n = 200_000;
    const code = [newtable];
    for (let i = 0; i < n; i++) code.push(setlist0);
    for (let i = 0; i < 1000; i++) code.push(asbx(Op.JMP, 0, -(i + 1)));
    code.push(RET);
    const start = performance.now();
    expect(checkFunction(fn(code))).toBeUndefined();
    code[n + 1] = asbx(Op.JMP, 0, -2); // to the last count word
    expect(checkFunction(fn(code))).toContain(`pc ${n + 1}: jump into a SETLIST count`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("CLOSURE", () => {
  it("needs its upvalue pseudo-instructions inside the code", () => {
    const child = fn([RET], { nups: 2 });
    const p = fn([createABx(Op.CLOSURE, 0, 0), abc(Op.MOVE, 0, 0, 0), RET], { p: [child] });
    expect(checkFunction(p)).toContain("CLOSURE upvalue 2 is not MOVE/GETUPVAL");
    const q = fn([createABx(Op.CLOSURE, 0, 0), abc(Op.MOVE, 0, 0, 0), abc(Op.MOVE, 0, 1, 0), RET], {
      p: [child],
    });
    expect(checkFunction(q)).toBeUndefined();
    // A GETUPVAL pseudo-instruction names an upvalue of the enclosing function.
    const r = fn([createABx(Op.CLOSURE, 0, 0), abc(Op.MOVE, 0, 0, 0), abc(Op.GETUPVAL, 0, 0, 0), RET], {
      p: [child],
    });
    expect(checkFunction(r)).toContain("upvalue 0 out of range");
    // The child's nups must be a byte.
    expect(checkFunction(fn([RET], { p: [{ ...child, nups: -1 }] }))).toContain("bad nested function 0");
  });
});

describe("verifyProto", () => {
  it("names the nested function at fault", () => {
    const bad = { ...sample, p: [sample.p[0]!, { ...g, isVararg: 0 }] };
    expect(verifyProto(bad)).toBe("function 1: pc 5: VARARG in a non-vararg function");
    const deeper = { ...sample, p: [sample.p[0]!, { ...g, p: [{ ...g, isVararg: 0 }] }] };
    expect(verifyProto(deeper)).toMatch(/^function 1\.0: pc 5: /);
  });

  it("refuses nesting deeper than 200 functions", () => {
    let p = fn([RET]);
    for (let i = 0; i < 201; i++) p = fn([RET], { p: [p] });
    expect(verifyProto(p)).toContain("functions nested too deep");
  });
});
