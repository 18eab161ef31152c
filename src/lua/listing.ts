// The bytecode listing of `luac -l` (and `luac -l -l`), line for line as print.c of Lua 5.1.5
// prints it. Returns a byte string (names and chunk names are printed raw, as print.c does).

import { formatNumber } from "./numfmt.js";
import {
  bMode,
  cMode,
  getA,
  getB,
  getBx,
  getC,
  getOp,
  getSBx,
  indexK,
  isK,
  OP_NAMES,
  Op,
  OpArg,
  OpMode,
  opMode,
} from "./opcodes.js";
import type { Constant, Proto } from "./proto.js";

// print.c prints each Proto's C address with %p. We have no addresses, so each Proto gets a
// stable, distinct, address-like number the first time it is listed.
const addresses = new WeakMap<Proto, string>();
let nextAddress = 0x5000_0000;

function address(p: Proto): string {
  let a = addresses.get(p);
  if (a === undefined) {
    a = `0x${nextAddress.toString(16)}`;
    nextAddress += 0x100;
    addresses.set(p, a);
  }
  return a;
}

/** print.c prints names with %s from a C string, so a name stops at its first NUL byte. */
function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/** A string constant as PrintString quotes it: C escapes, other non-printables as \ddd. */
function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x0b:
        out += "\\v";
        break;
      default:
        // isprint() in the C locale: 0x20..0x7e; everything else as exactly three digits.
        if (c >= 0x20 && c <= 0x7e) out += s[i];
        else out += `\\${c.toString().padStart(3, "0")}`;
    }
  }
  return `${out}"`;
}

/** PrintConstant: numbers with LUA_NUMBER_FMT ("%.14g"). */
function constant(k: Constant): string {
  switch (typeof k) {
    case "undefined":
      return "nil";
    case "boolean":
      return k ? "true" : "false";
    case "number":
      return formatNumber(k);
    default:
      return quoteString(k);
  }
}

/** `getline`: no line info (stripped) reads as line 0, which prints as [-]. */
function lineOf(p: Proto, pc: number): number {
  return pc < p.lineInfo.length ? p.lineInfo[pc]! : 0;
}

/** An RK operand: constants print as -1-index. print.c applies ISK to every B/C, whatever its mode. */
const rk = (x: number): number => (isK(x) ? -1 - indexK(x) : x);

function code(p: Proto, out: string[]): void {
  const code = p.code;
  const n = code.length;
  for (let pc = 0; pc < n; pc++) {
    const i = code[pc]!;
    const o = getOp(i);
    const a = getA(i);
    const b = getB(i);
    const c = getC(i);
    const bx = getBx(i);
    const sbx = getSBx(i);
    const line = lineOf(p, pc);
    // Opcodes past OP_VARARG only occur in corrupt chunks; print.c would index past its tables.
    const name = OP_NAMES[o] ?? `OP_${o}`;
    let s = `\t${pc + 1}\t${line > 0 ? `[${line}]` : "[-]"}\t${name.padEnd(9)}\t`;
    switch (opMode(o)) {
      case OpMode.iABC:
        s += a;
        if (bMode(o) !== OpArg.N) s += ` ${rk(b)}`;
        if (cMode(o) !== OpArg.N) s += ` ${rk(c)}`;
        break;
      case OpMode.iABx:
        s += bMode(o) === OpArg.K ? `${a} ${-1 - bx}` : `${a} ${bx}`;
        break;
      case OpMode.iAsBx:
        s += o === Op.JMP ? `${sbx}` : `${a} ${sbx}`;
        break;
    }
    switch (o) {
      case Op.LOADK:
        s += `\t; ${constant(p.k[bx])}`;
        break;
      case Op.GETUPVAL:
      case Op.SETUPVAL:
        s += `\t; ${p.upvalues.length > 0 ? cString(p.upvalues[b] ?? "") : "-"}`;
        break;
      case Op.GETGLOBAL:
      case Op.SETGLOBAL:
        s += `\t; ${cString(String(p.k[bx]))}`;
        break;
      case Op.GETTABLE:
      case Op.SELF:
        if (isK(c)) s += `\t; ${constant(p.k[indexK(c)])}`;
        break;
      // OP_MOD is missing from print.c's list, so `a % 2` gets no comment; reproduced.
      case Op.SETTABLE:
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.POW:
      case Op.EQ:
      case Op.LT:
      case Op.LE:
        if (isK(b) || isK(c)) {
          s += `\t; ${isK(b) ? constant(p.k[indexK(b)]) : "-"} ${isK(c) ? constant(p.k[indexK(c)]) : "-"}`;
        }
        break;
      case Op.JMP:
      case Op.FORLOOP:
      case Op.FORPREP:
        s += `\t; to ${sbx + pc + 2}`;
        break;
      case Op.CLOSURE:
        s += `\t; ${p.p[bx] ? address(p.p[bx]) : "(nil)"}`;
        break;
      case Op.SETLIST:
        // With C == 0 the batch number is the next code word; print.c prints it as a signed
        // int and skips it, so that word gets no line of its own.
        if (c === 0) {
          pc++;
          s += `\t; ${(code[pc] ?? 0) | 0}`;
        } else {
          s += `\t; ${c}`;
        }
        break;
      default:
        break;
    }
    out.push(s, "\n");
  }
}

const plural = (n: number): string => (n === 1 ? "" : "s");
const count = (n: number, what: string): string => `${n} ${what}${plural(n)}`;

function header(p: Proto, source: string, out: string[]): void {
  // PrintHeader: `@file` and `=name` drop their first character; a source that starts with
  // the bytecode signature's ESC is "(bstring)", any other source text "(string)".
  const s = cString(source);
  const shown = s[0] === "@" || s[0] === "=" ? s.slice(1) : s[0] === "\x1b" ? "(bstring)" : "(string)";
  const n = p.code.length;
  out.push(
    `\n${p.lineDefined === 0 ? "main" : "function"} <${shown}:${p.lineDefined},${p.lastLineDefined}> `,
    `(${count(n, "instruction")}, ${n * 4} bytes at ${address(p)})\n`,
    `${p.numParams}${p.isVararg ? "+" : ""} param${plural(p.numParams)}, ${count(p.maxStackSize, "slot")}, `,
    `${count(p.nups, "upvalue")}, ${count(p.locVars.length, "local")}, `,
    `${count(p.k.length, "constant")}, ${count(p.p.length, "function")}\n`,
  );
}

function details(p: Proto, out: string[]): void {
  const at = address(p);
  out.push(`constants (${p.k.length}) for ${at}:\n`);
  p.k.forEach((k, i) => {
    out.push(`\t${i + 1}\t${constant(k)}\n`);
  });
  out.push(`locals (${p.locVars.length}) for ${at}:\n`);
  p.locVars.forEach((v, i) => {
    out.push(`\t${i}\t${cString(v.name)}\t${v.startPc + 1}\t${v.endPc + 1}\n`);
  });
  out.push(`upvalues (${p.upvalues.length}) for ${at}:\n`);
  p.upvalues.forEach((name, i) => {
    out.push(`\t${i}\t${cString(name)}\n`);
  });
}

function listProto(p: Proto, full: boolean, inherited: string, out: string[]): void {
  // A loaded chunk's nested protos without a source of their own share their parent's
  // (lundump.c LoadFunction); a stripped main has "=?".
  const source = p.source ?? inherited;
  header(p, source, out);
  code(p, out);
  if (full) details(p, out);
  for (const child of p.p) listProto(child, full, source, out);
}

/**
 * What `luac -l` prints for `p` (`luac -l -l` when `full`: also constants, locals and upvalues).
 * Addresses are stable per Proto object but otherwise arbitrary.
 */
export function listing(p: Proto, full: boolean): string {
  const out: string[] = [];
  listProto(p, full, "=?", out);
  return out.join("");
}
