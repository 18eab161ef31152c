// Lua 5.1 instruction set and encoding (lopcodes.h / lopcodes.c of PUC-Rio Lua 5.1.5).
// An instruction is an unsigned 32-bit word: OP in bits 0-5, A in 6-13, C in 14-22, B in 23-31;
// Bx (18 bits) overlays B and C, and sBx is Bx minus MAXARG_sBx.

// biome-ignore format: a table, one line per group as in lopcodes.h
export enum Op {
  MOVE, LOADK, LOADBOOL, LOADNIL, GETUPVAL, GETGLOBAL, GETTABLE, SETGLOBAL, SETUPVAL, SETTABLE,
  NEWTABLE, SELF, ADD, SUB, MUL, DIV, MOD, POW, UNM, NOT, LEN, CONCAT, JMP, EQ, LT, LE, TEST,
  TESTSET, CALL, TAILCALL, RETURN, FORLOOP, FORPREP, TFORLOOP, SETLIST, CLOSE, CLOSURE, VARARG,
}

export const NUM_OPCODES = 38;

// biome-ignore format: a table
export const OP_NAMES: readonly string[] = [
  "MOVE", "LOADK", "LOADBOOL", "LOADNIL", "GETUPVAL", "GETGLOBAL", "GETTABLE", "SETGLOBAL",
  "SETUPVAL", "SETTABLE", "NEWTABLE", "SELF", "ADD", "SUB", "MUL", "DIV", "MOD", "POW", "UNM",
  "NOT", "LEN", "CONCAT", "JMP", "EQ", "LT", "LE", "TEST", "TESTSET", "CALL", "TAILCALL",
  "RETURN", "FORLOOP", "FORPREP", "TFORLOOP", "SETLIST", "CLOSE", "CLOSURE", "VARARG",
];

export const MAXARG_A = 255;
export const MAXARG_B = 511;
export const MAXARG_C = 511;
export const MAXARG_Bx = (1 << 18) - 1;
export const MAXARG_sBx = MAXARG_Bx >> 1;
/** Marks a B/C operand as a constant index (ISK); 5.1's MAXINDEXRK is BITRK - 1. */
export const BITRK = 1 << 8;
export const MAXINDEXRK = BITRK - 1;
/** No register: the jump-list terminator and "no jump" value of lcode.c. */
export const NO_JUMP = -1;
/** No register (NO_REG = MAXARG_A). */
export const NO_REG = MAXARG_A;
/** Number of list items to accumulate before a SETLIST (LFIELDS_PER_FLUSH). */
export const LFIELDS_PER_FLUSH = 50;

export enum OpMode {
  iABC,
  iABx,
  iAsBx,
}
/** How an operand is used: not used, used as-is, register or jump offset, register or constant. */
export enum OpArg {
  N,
  U,
  R,
  K,
}

// [testT, setsA, B mode, C mode, instruction format] per opcode, from luaP_opmodes.
const N = OpArg.N,
  U = OpArg.U,
  R = OpArg.R,
  K = OpArg.K;
const ABC = OpMode.iABC,
  ABx = OpMode.iABx,
  AsBx = OpMode.iAsBx;
type ModeRow = readonly [0 | 1, 0 | 1, OpArg, OpArg, OpMode];
// biome-ignore format: a table
const MODES: readonly ModeRow[] = [
  [0, 1, R, N, ABC], [0, 1, K, N, ABx], [0, 1, U, U, ABC], [0, 1, R, N, ABC], [0, 1, U, N, ABC],
  [0, 1, K, N, ABx], [0, 1, R, K, ABC], [0, 0, K, N, ABx], [0, 0, U, N, ABC], [0, 0, K, K, ABC],
  [0, 1, U, U, ABC], [0, 1, R, K, ABC], [0, 1, K, K, ABC], [0, 1, K, K, ABC], [0, 1, K, K, ABC],
  [0, 1, K, K, ABC], [0, 1, K, K, ABC], [0, 1, K, K, ABC], [0, 1, R, N, ABC], [0, 1, R, N, ABC],
  [0, 1, R, N, ABC], [0, 1, R, R, ABC], [0, 0, R, N, AsBx], [1, 0, K, K, ABC], [1, 0, K, K, ABC],
  [1, 0, K, K, ABC], [1, 1, R, U, ABC], [1, 1, R, U, ABC], [0, 1, U, U, ABC], [0, 1, U, U, ABC],
  [0, 0, U, N, ABC], [0, 1, R, N, AsBx], [0, 1, R, N, AsBx], [1, 0, N, U, ABC], [0, 0, U, U, ABC],
  [0, 0, N, N, ABC], [0, 1, U, N, ABx], [0, 1, U, N, ABC],
];

export const opMode = (op: Op): OpMode => MODES[op]![4];
export const bMode = (op: Op): OpArg => MODES[op]![2];
export const cMode = (op: Op): OpArg => MODES[op]![3];
export const setsA = (op: Op): boolean => MODES[op]![1] === 1;
export const testTMode = (op: Op): boolean => MODES[op]![0] === 1;

// Field access. Results are unsigned; `>>> 0` keeps instructions in 0..2^32-1.
export const getOp = (i: number): Op => i & 0x3f;
export const getA = (i: number): number => (i >>> 6) & 0xff;
export const getB = (i: number): number => i >>> 23;
export const getC = (i: number): number => (i >>> 14) & 0x1ff;
export const getBx = (i: number): number => i >>> 14;
export const getSBx = (i: number): number => (i >>> 14) - MAXARG_sBx;

export const createABC = (op: Op, a: number, b: number, c: number): number =>
  (op | (a << 6) | (c << 14) | (b << 23)) >>> 0;
export const createABx = (op: Op, a: number, bx: number): number => (op | (a << 6) | (bx << 14)) >>> 0;

export const setOp = (i: number, op: Op): number => ((i & ~0x3f) | op) >>> 0;
export const setA = (i: number, a: number): number => ((i & ~(0xff << 6)) | (a << 6)) >>> 0;
export const setB = (i: number, b: number): number => ((i & 0x7fffff) | (b << 23)) >>> 0;
export const setC = (i: number, c: number): number => ((i & ~(0x1ff << 14)) | (c << 14)) >>> 0;
export const setBx = (i: number, bx: number): number => ((i & 0x3fff) | (bx << 14)) >>> 0;
export const setSBx = (i: number, sbx: number): number => setBx(i, sbx + MAXARG_sBx);

export const isK = (x: number): boolean => (x & BITRK) !== 0;
export const indexK = (x: number): number => x & ~BITRK;
export const rkAsK = (x: number): number => x | BITRK;
