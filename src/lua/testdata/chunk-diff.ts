// Explains how two binary chunks differ: the first differing byte, and the first differing field
// of the first differing function, with instruction listings in the style of `luac -l`.
// It decodes chunks on its own, so it also works on output that a loader would reject.

import { hexBytes } from "../../test-support/text.js";
import {
  bMode,
  cMode,
  getA,
  getB,
  getBx,
  getC,
  getOp,
  getSBx,
  isK,
  OP_NAMES,
  Op,
  OpArg,
  OpMode,
  opMode,
} from "../opcodes.js";

type K = undefined | boolean | number | string;

interface Fn {
  source: string | undefined;
  lineDefined: number;
  lastLineDefined: number;
  nups: number;
  numParams: number;
  isVararg: number;
  maxStackSize: number;
  code: number[];
  k: K[];
  p: Fn[];
  lineInfo: number[];
  locVars: { name: string | undefined; startPc: number; endPc: number }[];
  upvalues: (string | undefined)[];
}

interface Header {
  little: boolean;
  intSize: number;
  sizeTSize: number;
  insnSize: number;
  numSize: number;
  integral: boolean;
}

class Reader {
  pos = 0;
  header: Header = { little: true, intSize: 4, sizeTSize: 8, insnSize: 4, numSize: 8, integral: false };
  private readonly view: DataView;
  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.b.length) throw new Error(`truncated at byte ${this.pos} (wanted ${n} more)`);
  }
  byte(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  uint(size: number): number {
    this.need(size);
    let v = 0;
    for (let i = 0; i < size; i++) {
      const byte = this.b[this.pos + (this.header.little ? i : size - 1 - i)]!;
      v += byte * 2 ** (8 * i);
    }
    this.pos += size;
    return v;
  }
  int(): number {
    const size = this.header.intSize;
    const u = this.uint(size);
    return u >= 2 ** (8 * size - 1) ? u - 2 ** (8 * size) : u;
  }
  count(what: string): number {
    const n = this.int();
    if (n < 0 || n > this.b.length) throw new Error(`bad ${what} count ${n} at byte ${this.pos}`);
    return n;
  }
  number(): number {
    const { numSize, integral, little } = this.header;
    this.need(numSize);
    if (integral) {
      const u = this.uint(numSize);
      return u >= 2 ** (8 * numSize - 1) ? u - 2 ** (8 * numSize) : u;
    }
    const v = numSize === 4 ? this.view.getFloat32(this.pos, little) : this.view.getFloat64(this.pos, little);
    this.pos += numSize;
    return v;
  }
  string(): string | undefined {
    const n = this.uint(this.header.sizeTSize);
    if (n === 0) return undefined;
    this.need(n);
    let s = "";
    for (let i = 0; i < n - 1; i++) s += String.fromCharCode(this.b[this.pos + i]!);
    this.pos += n;
    return s;
  }
}

function readFunction(r: Reader): Fn {
  const source = r.string();
  const lineDefined = r.int();
  const lastLineDefined = r.int();
  const nups = r.byte();
  const numParams = r.byte();
  const isVararg = r.byte();
  const maxStackSize = r.byte();
  const code: number[] = [];
  for (let i = r.count("code"); i > 0; i--) code.push(r.uint(r.header.insnSize));
  const k: K[] = [];
  for (let i = r.count("constant"); i > 0; i--) {
    const t = r.byte();
    if (t === 0) k.push(undefined);
    else if (t === 1) k.push(r.byte() !== 0);
    else if (t === 3) k.push(r.number());
    else if (t === 4) k.push(r.string() ?? "");
    else throw new Error(`bad constant type ${t} at byte ${r.pos - 1}`);
  }
  const p: Fn[] = [];
  for (let i = r.count("function"); i > 0; i--) p.push(readFunction(r));
  const lineInfo: number[] = [];
  for (let i = r.count("line info"); i > 0; i--) lineInfo.push(r.int());
  const locVars: Fn["locVars"] = [];
  for (let i = r.count("local"); i > 0; i--) {
    const name = r.string();
    locVars.push({ name, startPc: r.int(), endPc: r.int() });
  }
  const upvalues: (string | undefined)[] = [];
  for (let i = r.count("upvalue"); i > 0; i--) upvalues.push(r.string());
  return {
    source,
    lineDefined,
    lastLineDefined,
    nups,
    numParams,
    isVararg,
    maxStackSize,
    code,
    k,
    p,
    lineInfo,
    locVars,
    upvalues,
  };
}

/** Decodes a binary chunk in any of the 5.1 formats (sizes and byte order from its header). */
export function decodeChunk(bytes: Uint8Array): Fn {
  const r = new Reader(bytes);
  const sig = [r.byte(), r.byte(), r.byte(), r.byte()];
  if (String.fromCharCode(...sig) !== "\x1bLua") throw new Error("not a binary chunk");
  const version = r.byte();
  const format = r.byte();
  if (version !== 0x51 || format !== 0) throw new Error(`version ${version.toString(16)} format ${format}`);
  const little = r.byte() === 1;
  r.header = {
    little,
    intSize: r.byte(),
    sizeTSize: r.byte(),
    insnSize: r.byte(),
    numSize: r.byte(),
    integral: r.byte() !== 0,
  };
  const f = readFunction(r);
  if (r.pos !== bytes.length) throw new Error(`${bytes.length - r.pos} bytes after the main function`);
  return f;
}

/** A Lua-style rendering of a constant. */
export function showConstant(k: K): string {
  if (typeof k === "string") {
    let s = '"';
    for (const ch of k) {
      const c = ch.charCodeAt(0);
      if (ch === '"' || ch === "\\") s += `\\${ch}`;
      else if (ch === "\n") s += "\\n";
      else if (c < 32 || c >= 127) s += `\\${c}`;
      else s += ch;
    }
    return s.length > 60 ? `${s.slice(0, 57)}..."` : `${s}"`;
  }
  if (typeof k === "number") return Object.is(k, -0) ? "-0" : String(k);
  return String(k);
}

/** As showConstant, with the bits of a number (to see one-ulp differences). */
function showConstantExact(k: K): string {
  if (typeof k !== "number") return showConstant(k);
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, k);
  const bits = b.getBigUint64(0).toString(16).padStart(16, "0");
  return `${showConstant(k)} (0x${bits})`;
}

function rk(f: Fn, x: number): string {
  return isK(x) ? showConstant(f.k[x & 0xff]) : "-";
}

/** One instruction as `luac -l` prints it: pc, line, opcode, operands and a comment. */
export function formatInstruction(f: Fn, pc: number): string {
  const i = f.code[pc]!;
  const op = getOp(i) as Op;
  const name = OP_NAMES[op] ?? `OP${op}`;
  const a = getA(i);
  const b = getB(i);
  const c = getC(i);
  let args: string;
  let comment = "";
  const reg = (x: number, mode: OpArg): string =>
    mode === OpArg.K && isK(x) ? String(-1 - (x & 0xff)) : String(x);
  if (op >= OP_NAMES.length) {
    args = `0x${i.toString(16).padStart(8, "0")}`;
  } else if (opMode(op) === OpMode.iABC) {
    args = String(a);
    if (bMode(op) !== OpArg.N) args += ` ${reg(b, bMode(op))}`;
    if (cMode(op) !== OpArg.N) args += ` ${reg(c, cMode(op))}`;
  } else if (opMode(op) === OpMode.iABx) {
    args = bMode(op) === OpArg.K ? `${a} ${-1 - getBx(i)}` : `${a} ${getBx(i)}`;
  } else {
    args = op === Op.JMP ? String(getSBx(i)) : `${a} ${getSBx(i)}`;
  }
  switch (op) {
    case Op.LOADK:
      comment = showConstant(f.k[getBx(i)]);
      break;
    case Op.GETGLOBAL:
    case Op.SETGLOBAL:
      comment = String(f.k[getBx(i)]);
      break;
    case Op.GETUPVAL:
    case Op.SETUPVAL:
      comment = f.upvalues[b] ?? "";
      break;
    case Op.GETTABLE:
    case Op.SELF:
      if (isK(c)) comment = rk(f, c);
      break;
    case Op.SETTABLE:
    case Op.ADD:
    case Op.SUB:
    case Op.MUL:
    case Op.DIV:
    case Op.MOD:
    case Op.POW:
    case Op.EQ:
    case Op.LT:
    case Op.LE:
      if (isK(b) || isK(c)) comment = `${rk(f, b)} ${rk(f, c)}`;
      break;
    case Op.JMP:
    case Op.FORLOOP:
    case Op.FORPREP:
      comment = `to ${pc + 2 + getSBx(i)}`;
      break;
    case Op.CLOSURE:
      comment = `function #${getBx(i)}`;
      break;
    case Op.SETLIST:
      if (c === 0 && pc + 1 < f.code.length) comment = `block ${f.code[pc + 1]}`;
      break;
    default:
  }
  const line = f.lineInfo.length > pc ? `[${f.lineInfo[pc]}]` : "[-]";
  const text = `${pc + 1}\t${line}\t${name.padEnd(9)}\t${args}`;
  return comment ? `${text}\t; ${comment}` : text;
}

/** The whole listing of one function (without nested functions). */
export function listFunction(f: Fn): string[] {
  return f.code.map((_, pc) => formatInstruction(f, pc));
}

function sideBySide(e: Fn, a: Fn, pc: number, before = 5, after = 5): string {
  const from = Math.max(0, pc - before);
  const to = Math.max(Math.min(e.code.length, pc + after + 1), Math.min(a.code.length, pc + after + 1));
  const width = 52;
  const lines = [`    ${"expected (luac5.1)".padEnd(width)} | actual`];
  for (let i = from; i < to; i++) {
    const left = i < e.code.length ? formatInstruction(e, i).replace(/\t/g, " ") : "";
    const right = i < a.code.length ? formatInstruction(a, i).replace(/\t/g, " ") : "";
    const mark = i === pc ? ">>" : left === right ? "  " : "!=";
    lines.push(`${mark}  ${left.padEnd(width)} | ${right}`);
  }
  return lines.join("\n");
}

function describeFn(f: Fn, path: string): string {
  return `${path} (lines ${f.lineDefined}-${f.lastLineDefined}, ${f.numParams} params, vararg ${f.isVararg}, ${f.code.length} instructions)`;
}

const same = (x: K, y: K): boolean => Object.is(x, y);

/** Compares in dump order; returns a description of the first difference, if any. */
function diffFn(e: Fn, a: Fn, path: string): string | undefined {
  const where = describeFn(e, path);
  const field = (name: string, x: unknown, y: unknown): string | undefined =>
    x === y ? undefined : `${where}: ${name} differs: expected ${String(x)}, got ${String(y)}`;
  const header =
    field(
      "source",
      e.source === undefined ? "(none)" : showConstant(e.source),
      a.source === undefined ? "(none)" : showConstant(a.source),
    ) ??
    field("linedefined", e.lineDefined, a.lineDefined) ??
    field("lastlinedefined", e.lastLineDefined, a.lastLineDefined) ??
    field("nups", e.nups, a.nups) ??
    field("numparams", e.numParams, a.numParams) ??
    field("is_vararg", e.isVararg, a.isVararg) ??
    field("maxstacksize", e.maxStackSize, a.maxStackSize);
  if (header) return header;
  const n = Math.min(e.code.length, a.code.length);
  for (let pc = 0; pc <= n; pc++) {
    if (pc === n && e.code.length === a.code.length) break;
    if (pc < n && e.code[pc] === a.code[pc]) continue;
    const what =
      pc === n
        ? `code has ${a.code.length} instructions, expected ${e.code.length}`
        : `instruction ${pc + 1} differs`;
    return `${where}: ${what}\n${sideBySide(e, a, pc)}`;
  }
  const differing: number[] = [];
  for (let i = 0; i < Math.max(e.k.length, a.k.length); i++) {
    if (i >= e.k.length || i >= a.k.length || !same(e.k[i], a.k[i])) differing.push(i);
  }
  if (differing.length) {
    const i = differing[0]!;
    const show = (f: Fn, j: number): string => (j < f.k.length ? showConstantExact(f.k[j]) : "(none)");
    const list = (f: Fn): string =>
      f.k
        .slice(Math.max(0, i - 3), i + 4)
        .map((k, j) => `${Math.max(0, i - 3) + j}:${showConstant(k)}`)
        .join(" ");
    const all = differing
      .slice(0, 12)
      .map((j) => `\n  constant ${j}: expected ${show(e, j)}, got ${show(a, j)}`)
      .join("");
    const more = differing.length > 12 ? `\n  ... ${differing.length - 12} more` : "";
    return (
      `${where}: ${differing.length} constant(s) differ, first ${i} (counts ${e.k.length} / ${a.k.length})` +
      `${all}${more}\n  expected around ${i}: ${list(e)}\n  actual around ${i}:   ${list(a)}`
    );
  }
  for (let i = 0; i < Math.max(e.p.length, a.p.length); i++) {
    if (i >= e.p.length || i >= a.p.length) {
      return `${where}: has ${a.p.length} nested functions, expected ${e.p.length}`;
    }
    const d = diffFn(e.p[i]!, a.p[i]!, `${path} > function #${i}`);
    if (d) return d;
  }
  for (let pc = 0; pc < Math.max(e.lineInfo.length, a.lineInfo.length); pc++) {
    if (e.lineInfo[pc] === a.lineInfo[pc]) continue;
    const what =
      e.lineInfo.length !== a.lineInfo.length && (pc >= e.lineInfo.length || pc >= a.lineInfo.length)
        ? `line info has ${a.lineInfo.length} entries, expected ${e.lineInfo.length}`
        : `line of instruction ${pc + 1} differs: expected ${e.lineInfo[pc]}, got ${a.lineInfo[pc]}`;
    return `${where}: ${what}\n${sideBySide(e, a, pc)}`;
  }
  for (let i = 0; i < Math.max(e.locVars.length, a.locVars.length); i++) {
    const x = e.locVars[i];
    const y = a.locVars[i];
    if (x && y && x.name === y.name && x.startPc === y.startPc && x.endPc === y.endPc) continue;
    const show = (v: Fn["locVars"][number] | undefined): string =>
      v ? `${v.name} ${v.startPc + 1}-${v.endPc + 1}` : "(none)";
    const all = (f: Fn): string => f.locVars.map(show).join(", ");
    return `${where}: local ${i} differs: expected ${show(x)}, got ${show(y)}\n  expected: ${all(e)}\n  actual:   ${all(a)}`;
  }
  for (let i = 0; i < Math.max(e.upvalues.length, a.upvalues.length); i++) {
    if (e.upvalues[i] === a.upvalues[i]) continue;
    return `${where}: upvalue names differ: expected ${e.upvalues.join(", ")}; got ${a.upvalues.join(", ")}`;
  }
  return undefined;
}

/** Index of the first differing byte, or -1 when the arrays are equal. */
export function firstDifference(e: Uint8Array, a: Uint8Array): number {
  const n = Math.min(e.length, a.length);
  for (let i = 0; i < n; i++) if (e[i] !== a[i]) return i;
  return e.length === a.length ? -1 : n;
}

/** A readable account of how `actual` differs from `expected`; undefined when they are equal. */
export function describeChunkDiff(expected: Uint8Array, actual: Uint8Array): string | undefined {
  const at = firstDifference(expected, actual);
  if (at < 0) return undefined;
  const hex = (b: Uint8Array): string => hexBytes(b.subarray(Math.max(0, at - 8), at + 8));
  const lines = [
    `first difference at byte ${at} (0x${at.toString(16)}); sizes: expected ${expected.length}, got ${actual.length}`,
    `  expected bytes from ${Math.max(0, at - 8)}: ${hex(expected)}`,
    `  actual bytes from ${Math.max(0, at - 8)}:   ${hex(actual)}`,
  ];
  let e: Fn;
  let a: Fn;
  try {
    e = decodeChunk(expected);
  } catch (err) {
    lines.push(`expected chunk cannot be decoded: ${(err as Error).message}`);
    return lines.join("\n");
  }
  try {
    a = decodeChunk(actual);
  } catch (err) {
    lines.push(`actual chunk cannot be decoded: ${(err as Error).message}`);
    return lines.join("\n");
  }
  if (at < 12) lines.push("the headers differ");
  lines.push(diffFn(e, a, "main") ?? "no field differs after decoding (check the header)");
  return lines.join("\n");
}
