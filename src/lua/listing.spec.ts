import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { haveLuac51, luac51, maskAddresses } from "../test-support/luac51.js";
import { makeProto } from "../test-support/protos.js";
import { compile } from "./compile.js";
import { listing } from "./listing.js";
import { createABC, createABx, Op, rkAsK } from "./opcodes.js";
import type { Proto } from "./proto.js";

const proto = (fields: Partial<Proto>): Proto => makeProto({ source: "@t.lua", ...fields });

const lines = (s: string) => maskAddresses(s).split("\n");

describe("listing of hand-made prototypes", () => {
  it("prints headers, [-] for missing line info and CLOSURE's child address", () => {
    const child = proto({ source: "@a.lua" });
    const main = proto({
      source: "=(luac)",
      isVararg: 0,
      maxStackSize: 1,
      code: new Uint32Array([
        createABx(Op.CLOSURE, 0, 0),
        createABC(Op.CALL, 0, 1, 1),
        createABC(Op.RETURN, 0, 1, 0),
      ]),
      p: [child],
    });
    const text = listing(main, false);
    expect(lines(text)).toEqual([
      "",
      "main <(luac):0,0> (3 instructions, 12 bytes at 0x?)",
      "0 params, 1 slot, 0 upvalues, 0 locals, 0 constants, 1 function",
      "\t1\t[-]\tCLOSURE  \t0 0\t; 0x?",
      "\t2\t[-]\tCALL     \t0 1 1",
      "\t3\t[-]\tRETURN   \t0 1",
      "",
      "main <a.lua:0,0> (1 instruction, 4 bytes at 0x?)",
      "0+ params, 2 slots, 0 upvalues, 0 locals, 0 constants, 0 functions",
      "\t1\t[-]\tRETURN   \t0 1",
      "",
    ]);
    // The comment on CLOSURE is the child's own address.
    const closureAt = /CLOSURE {2}\t0 0\t; (0x[0-9a-f]+)/.exec(text)![1];
    expect(text).toContain(`main <a.lua:0,0> (1 instruction, 4 bytes at ${closureAt})`);
    expect(listing(main, false)).toBe(text); // addresses are stable
  });

  it("reads SETLIST's batch from the next word when C is 0 and skips that word", () => {
    const p = proto({
      code: new Uint32Array([createABC(Op.SETLIST, 0, 50, 0), 0xfffffffe, createABC(Op.RETURN, 0, 1, 0)]),
      lineInfo: new Int32Array([7, 7, 8]),
    });
    expect(lines(listing(p, false)).slice(3, 6)).toEqual([
      "\t1\t[7]\tSETLIST  \t0 50 0\t; -2",
      "\t3\t[8]\tRETURN   \t0 1",
      "",
    ]);
  });

  it("comments constant operands as print.c does, and never OP_MOD's", () => {
    const p = proto({
      k: [2, "k", true, undefined],
      code: new Uint32Array([
        createABC(Op.ADD, 0, 1, rkAsK(0)),
        createABC(Op.MOD, 0, 1, rkAsK(0)),
        createABC(Op.SETTABLE, 0, rkAsK(1), rkAsK(2)),
        createABC(Op.EQ, 1, rkAsK(3), 0),
        createABC(Op.GETTABLE, 0, 0, 1),
        createABC(Op.SELF, 0, 0, rkAsK(1)),
        createABC(Op.GETUPVAL, 0, 0, 0),
        createABx(Op.GETGLOBAL, 1, 1),
        createABx(Op.LOADK, 0, 0),
        createABx(Op.JMP, 0, 0x1ffff - 2),
        createABx(Op.FORPREP, 3, 0x1ffff + 4),
      ]),
    });
    expect(lines(listing(p, false)).slice(3, 14)).toEqual([
      "\t1\t[-]\tADD      \t0 1 -1\t; - 2",
      "\t2\t[-]\tMOD      \t0 1 -1",
      '\t3\t[-]\tSETTABLE \t0 -2 -3\t; "k" true',
      "\t4\t[-]\tEQ       \t1 -4 0\t; nil -",
      "\t5\t[-]\tGETTABLE \t0 0 1",
      '\t6\t[-]\tSELF     \t0 0 -2\t; "k"',
      "\t7\t[-]\tGETUPVAL \t0 0\t; -",
      "\t8\t[-]\tGETGLOBAL\t1 -2\t; k",
      "\t9\t[-]\tLOADK    \t0 -1\t; 2",
      "\t10\t[-]\tJMP      \t-2\t; to 9",
      "\t11\t[-]\tFORPREP  \t3 4\t; to 16",
    ]);
  });

  it("quotes strings with C escapes and \\ddd, and prints numbers with %.14g", () => {
    const p = proto({
      k: ['a"b\\c\x07\b\f\n\r\t\v\0\x1f\x7f\x80\xff~ ', 1 / 3, 1e100, -0, Number.POSITIVE_INFINITY],
    });
    expect(lines(listing(p, true)).slice(4, 10)).toEqual([
      "constants (5) for 0x?:",
      '\t1\t"a\\"b\\\\c\\a\\b\\f\\n\\r\\t\\v\\000\\031\\127\\128\\255~ "',
      "\t2\t0.33333333333333",
      "\t3\t1e+100",
      "\t4\t-0",
      "\t5\tinf",
    ]);
  });

  it("lists locals and upvalues with -l -l; names stop at NUL as C strings do", () => {
    const p = proto({
      lineDefined: 3,
      lastLineDefined: 9,
      numParams: 1,
      isVararg: 0,
      nups: 1,
      locVars: [{ name: "x\0y", startPc: 0, endPc: 1 }],
      upvalues: ["up"],
      code: new Uint32Array([createABC(Op.GETUPVAL, 1, 0, 0), createABC(Op.RETURN, 0, 1, 0)]),
      lineInfo: new Int32Array([4, 9]),
    });
    expect(lines(listing(p, true))).toEqual([
      "",
      "function <t.lua:3,9> (2 instructions, 8 bytes at 0x?)",
      "1 param, 2 slots, 1 upvalue, 1 local, 0 constants, 0 functions",
      "\t1\t[4]\tGETUPVAL \t1 0\t; up",
      "\t2\t[9]\tRETURN   \t0 1",
      "constants (0) for 0x?:",
      "locals (1) for 0x?:",
      "\t0\tx\t1\t2",
      "upvalues (1) for 0x?:",
      "\t0\tup",
      "",
    ]);
  });

  it("names sources as PrintHeader does and lets children inherit a missing source", () => {
    const header = (p: Proto) => lines(listing(p, false))[1];
    expect(header(proto({ source: "return 1" }))).toMatch(/^main <\(string\):0,0>/);
    expect(header(proto({ source: "\x1bLua" }))).toMatch(/^main <\(bstring\):0,0>/);
    expect(header(proto({ source: "=stdin" }))).toMatch(/^main <stdin:0,0>/);
    expect(header(proto({ source: undefined }))).toMatch(/^main <\?:0,0>/);
    const child = proto({ source: undefined, lineDefined: 2, lastLineDefined: 3 });
    const text = listing(proto({ source: "@m.lua", p: [child] }), false);
    expect(text).toContain("function <m.lua:2,3>");
  });
});

// The same sources through our compiler and through luac5.1 must list identically.
const fixtures = fileURLToPath(new URL("testdata/listing", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "listing-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function compareWithLuac(dir: string, file: string): void {
  const source = readFileSync(join(dir, file)).toString("latin1");
  const ours = listing(compile(source, `@${file}`), true);
  const ref = luac51(["-l", "-l", "-p", file], { cwd: dir });
  expect(ref.stderr).toBe("");
  expect(maskAddresses(ours)).toBe(maskAddresses(ref.stdout));
}

describe.skipIf(!haveLuac51)("listing compared with luac5.1 -l -l", () => {
  it.each(readdirSync(fixtures).filter((f) => f.endsWith(".lua")))("%s", (file) => {
    compareWithLuac(fixtures, file);
  });

  it("a constructor long enough for SETLIST with C = 0", () => {
    // 512 batches of LFIELDS_PER_FLUSH (50) items overflow C (MAXARG_C = 511).
    const items = Array.from({ length: 25_700 }, (_, i) => (i % 7 === 0 ? `"s${i % 13}"` : `${i % 10}`));
    writeFileSync(join(scratch, "setlist.lua"), `local t = {${items.join(", ")}}\nreturn t\n`);
    compareWithLuac(scratch, "setlist.lua");
  });
});
