// A deterministic generator of large, valid Lua 5.1 sources that look like application code:
// modules of local helpers and methods with arithmetic, string building, tables, closures,
// loops and branches. Same seed, same text.

import { prng } from "../src/test-support/prng.js";

const WORDS = [
  "sensor",
  "value",
  "count",
  "buf",
  "pin",
  "level",
  "state",
  "timer",
  "conn",
  "payload",
  "topic",
  "retry",
  "index",
  "offset",
  "delta",
  "limit",
  "name",
  "data",
  "result",
  "item",
  "node",
  "key",
  "temp",
  "humid",
  "mode",
  "speed",
  "width",
  "height",
  "color",
  "line",
  "queue",
  "next",
];
const GLOBALS = [
  "print",
  "tostring",
  "tonumber",
  "type",
  "pairs",
  "ipairs",
  "select",
  "unpack",
  "string",
  "table",
  "math",
];
const METHODS = ["send", "on", "close", "write", "read", "upper", "sub", "find", "format", "rep"];
const SHORT_STRINGS = [
  "ok",
  "error: %s",
  "GET / HTTP/1.1\r\n",
  "Content-Type: text/html",
  "\t-- tab",
  'quote " inside',
  "back\\slash",
  "caf\xc3\xa9",
  "%d,%d,%d",
  "\0nul",
  "",
  "a",
  "node-mcu",
  "192.168.4.1",
  '{"k":1}',
];

class Gen {
  private readonly r: () => number;
  private out: string[] = [];
  private length = 0;
  private indent = "";
  /** Locals visible in the current function (innermost block last). */
  private scope: string[][] = [];
  private fresh = 0;

  constructor(seed: number) {
    this.r = prng(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  private chance(p: number): boolean {
    return this.r() < p;
  }
  private line(s: string): void {
    this.out.push(this.indent, s, "\n");
    this.length += this.indent.length + s.length + 1;
  }
  /** Lines under `head`, in a scope of their own. */
  private body(head: string, body: () => void): void {
    this.line(head);
    const saved = this.indent;
    this.indent += "  ";
    this.scope.push([]);
    body();
    this.scope.pop();
    this.indent = saved;
  }
  private block(head: string, body: () => void, tail = "end"): void {
    this.body(head, body);
    this.line(tail);
  }

  private visible(): string[] {
    return this.scope.flat();
  }
  private newLocal(): string {
    const name = `${this.pick(WORDS)}${this.fresh++ % 97}`;
    this.scope[this.scope.length - 1]!.push(name);
    return name;
  }
  private localCount(): number {
    return this.visible().length;
  }

  private number(): string {
    switch (this.int(6)) {
      case 0:
        return String(this.int(10));
      case 1:
        return String(this.int(100000));
      case 2:
        return (this.r() * 1000).toFixed(this.int(4) + 1);
      case 3:
        return `0x${this.int(65536).toString(16).toUpperCase()}`;
      case 4:
        return `${this.int(9) + 1}e${this.int(12) - 6}`;
      default:
        return String(this.int(3) + 1);
    }
  }

  private string(): string {
    if (this.chance(0.05)) return `[[long ${this.pick(WORDS)}\n  text ${this.int(1000)}]]`;
    const s = this.pick(SHORT_STRINGS);
    let q = "";
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      if (ch === '"' || ch === "\\") q += `\\${ch}`;
      else if (ch === "\n") q += "\\n";
      else if (ch === "\r") q += "\\r";
      else if (ch === "\t") q += "\\t";
      else if (c < 32 || c > 126) q += `\\${c}`;
      else q += ch;
    }
    return `"${q}"`;
  }

  private atom(): string {
    const names = this.visible();
    const k = this.int(10);
    if (k < 4 && names.length > 0) return this.pick(names);
    if (k < 6) return this.number();
    if (k < 7) return this.string();
    if (k < 8 && names.length > 0) return `${this.pick(names)}.${this.pick(WORDS)}`;
    if (k < 9 && names.length > 0)
      return `${this.pick(names)}[${this.chance(0.5) ? this.number() : this.pick(names)}]`;
    return this.pick(["nil", "true", "false", "self", "M.name"]);
  }

  expr(depth: number): string {
    if (depth <= 0 || this.chance(0.3)) return this.atom();
    switch (this.int(9)) {
      case 0:
      case 1:
      case 2:
        return `${this.expr(depth - 1)} ${this.pick(["+", "-", "*", "/", "%", "^"])} ${this.expr(depth - 1)}`;
      case 3:
        return `(${this.expr(depth - 1)} ${this.pick(["==", "~=", "<", "<=", ">", ">="])} ${this.expr(depth - 1)})`;
      case 4:
        return `${this.expr(depth - 1)} ${this.pick(["and", "or"])} ${this.expr(depth - 1)}`;
      case 5:
        return `${this.expr(depth - 1)} .. ${this.string()} .. ${this.expr(depth - 1)}`;
      case 6:
        return `${this.pick(["-", "not ", "#"])}(${this.expr(depth - 1)})`;
      case 7:
        return this.call(depth - 1);
      default:
        return this.table(depth - 1);
    }
  }

  private call(depth: number): string {
    const args = Array.from({ length: this.int(4) }, () => this.expr(depth)).join(", ");
    const names = this.visible();
    switch (this.int(4)) {
      case 0:
        return `${this.pick(GLOBALS)}(${args})`;
      case 1:
        return names.length > 0 ? `${this.pick(names)}:${this.pick(METHODS)}(${args})` : `print(${args})`;
      case 2:
        return `string.${this.pick(["format", "sub", "rep", "byte", "char"])}(${args})`;
      default:
        return `M.${this.pick(WORDS)}(${args})`;
    }
  }

  private table(depth: number): string {
    const items: string[] = [];
    const n = this.int(6);
    for (let i = 0; i < n; i++) {
      const k = this.int(3);
      if (k === 0) items.push(this.expr(depth));
      else if (k === 1) items.push(`${this.pick(WORDS)} = ${this.expr(depth)}`);
      else items.push(`[ ${this.string()} ] = ${this.expr(depth)}`);
    }
    return `{ ${items.join(", ")} }`;
  }

  private statement(depth: number): void {
    const names = this.visible();
    const k = this.int(14);
    if (k < 3 && this.localCount() < 150) {
      const rhs = this.expr(3);
      this.line(`local ${this.newLocal()} = ${rhs}`);
    } else if (k < 5 && names.length > 0) {
      this.line(`${this.pick(names)} = ${this.expr(3)}`);
    } else if (k < 6) {
      this.line(this.call(2));
    } else if (k < 7 && names.length > 0) {
      this.line(`${this.pick(names)}.${this.pick(WORDS)} = ${this.expr(2)}`);
    } else if (depth > 0 && k < 9) {
      this.body(`if ${this.expr(2)} then`, () => this.statements(depth - 1, 3));
      if (this.chance(0.3)) this.body(`elseif ${this.expr(2)} then`, () => this.statements(depth - 1, 2));
      if (this.chance(0.4)) this.body("else", () => this.statements(depth - 1, 2));
      this.line("end");
    } else if (depth > 0 && k < 10) {
      this.block(`for i = ${this.number()}, ${this.expr(1)}${this.chance(0.3) ? ", 2" : ""} do`, () => {
        this.scope[this.scope.length - 1]!.push("i");
        this.statements(depth - 1, 3);
      });
    } else if (depth > 0 && k < 11) {
      this.block(`for k, v in ${this.pick(["pairs", "ipairs"])}(${this.atom()}) do`, () => {
        this.scope[this.scope.length - 1]!.push("k", "v");
        this.statements(depth - 1, 3);
      });
    } else if (depth > 0 && k < 12) {
      if (this.chance(0.5)) this.block(`while ${this.expr(2)} do`, () => this.statements(depth - 1, 2));
      else this.block("repeat", () => this.statements(depth - 1, 2), `until ${this.expr(2)}`);
    } else if (depth > 0 && k < 13 && this.localCount() < 150) {
      const f = this.newLocal();
      this.function(`local function ${f}`, depth - 1);
    } else {
      this.line(`${this.pick(GLOBALS)}(${this.string()}, ${this.expr(2)})`);
    }
  }

  private statements(depth: number, n: number): void {
    const count = 1 + this.int(n);
    for (let i = 0; i < count; i++) this.statement(depth);
  }

  private function(head: string, depth: number): void {
    const params = Array.from({ length: this.int(4) }, () => `${this.pick(WORDS)}${this.fresh++ % 97}`);
    const vararg = this.chance(0.2);
    const list = [...params, ...(vararg ? ["..."] : [])].join(", ");
    this.block(`${head}(${list})`, () => {
      this.scope[this.scope.length - 1]!.push(...params);
      this.statements(depth, 6);
      if (vararg) this.line(`return select("#", ...), ...`);
      else if (this.chance(0.7)) this.line(`return ${this.expr(3)}`);
    });
  }

  module(i: number): void {
    this.line(`-- module ${i}: ${this.pick(WORDS)} ${this.pick(WORDS)} helpers`);
    this.block("do", () => {
      this.line(`local M = { name = "mod${i}", version = ${this.int(10)}, tags = ${this.table(1)} }`);
      this.scope[this.scope.length - 1]!.push("M");
      const functions = 3 + this.int(5);
      for (let f = 0; f < functions; f++) {
        const kind = this.int(3);
        if (kind === 0) this.function(`local function ${this.newLocal()}`, 3);
        else if (kind === 1) this.function(`function M.${this.pick(WORDS)}${f}`, 3);
        else this.function(`function M:${this.pick(WORDS)}${f}`, 3);
      }
      this.line(`modules[${JSON.stringify(`mod${i}`)}] = M`);
    });
  }

  text(): string {
    return this.out.join("");
  }
  size(): number {
    return this.length;
  }
}

/** At least `bytes` bytes of Lua 5.1 source (a byte string), the same for the same seed. */
export function generateLua(bytes: number, seed = 1): string {
  const g = new Gen(seed);
  for (let i = 0; g.size() < bytes; i++) g.module(i);
  return `modules = {}\n${g.text()}`;
}
