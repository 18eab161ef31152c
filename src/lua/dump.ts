// Writes a prototype as a Lua 5.1 precompiled chunk: the standard layout of PUC-Rio 5.1.5's
// ldump.c, or the NodeMCU layout of the firmware's app/lua/ldump.c (see chunk-format.ts).

import { type ChunkFormat, describeFormat, encodeHeader, formatProblem } from "./chunk-format.js";
import { copyRememberedPackedLineInfo, packedLineInfoOf } from "./packed-lineinfo.js";
import type { Constant, Proto } from "./proto.js";

/** A prototype that cannot be written in the requested format. */
export class LuaDumpError extends Error {
  override name = "LuaDumpError";
}

// lua.h type tags, as ldump.c DumpConstants writes them (the firmware uses the same values).
const LUA_TNIL = 0;
const LUA_TBOOLEAN = 1;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;

// luac.c (NodeMCU luac.cross) messages for ldump.c's LUA_ERR_CC_INTOVERFLOW / _NOTINTEGER.
const INT_OVERFLOW = "value too big or small for target integer type";
const NOT_INTEGER = "target lua_Number is integral but fractional value found";

/** What a field of the written chunk holds (for tools that annotate or mutate chunks). */
export type DumpFieldKind =
  | "header"
  | "count" // sizecode, sizek, sizep, size of line info, sizelocvars, sizeupvalues
  | "strsize" // a string's size (length + 1, 0 for none)
  | "int" // linedefined, lastlinedefined, startpc, endpc, a standard line number
  | "byte" // nups, numparams, is_vararg, maxstacksize, a constant's type or boolean
  | "number"
  | "instruction"
  | "bytes" // string contents, packed line info
  | "pad"; // NodeMCU Align4 padding

export interface DumpField {
  readonly offset: number;
  readonly size: number;
  readonly kind: DumpFieldKind;
}

/**
 * Writes `p` as a chunk of `format`. With `strip`, as ldump.c: no source names, line info,
 * local or upvalue names. A nested function's source is written as absent (size 0) when it
 * equals its parent's, as ldump.c DumpFunction does; undump gives it back the parent's.
 * Throws LuaDumpError when a value does not fit the format (a non-integral number for an
 * integral format, a field out of range, a string with code units above 255).
 */
export function dump(p: Proto, format: ChunkFormat, strip: boolean): Uint8Array {
  return dumpInto(p, format, strip, undefined);
}

/** As dump(), also listing where each field was written. */
export function dumpWithLayout(
  p: Proto,
  format: ChunkFormat,
  strip: boolean,
): { bytes: Uint8Array; fields: DumpField[] } {
  const fields: DumpField[] = [];
  const bytes = dumpInto(p, format, strip, fields);
  return { bytes, fields };
}

function dumpInto(
  p: Proto,
  format: ChunkFormat,
  strip: boolean,
  fields: DumpField[] | undefined,
): Uint8Array {
  const problem = formatProblem(format);
  if (problem !== undefined) throw new LuaDumpError(`cannot dump as ${describeFormat(format)}: ${problem}`);
  const w = new Writer(format, fields);
  w.raw(encodeHeader(format), "header");
  dumpFunction(w, p, undefined, strip, 0);
  return w.result();
}

function dumpFunction(
  w: Writer,
  f: Proto,
  parentSource: string | undefined,
  strip: boolean,
  depth: number,
): void {
  // Deeper nesting cannot be loaded back (lundump.c "code too deep" at LUAI_MAXCCALLS).
  if (depth >= 200) throw new LuaDumpError("functions nested too deep");
  // ldump.c DumpFunction: the source is omitted when it is the parent's (or stripping).
  w.string(f.source === parentSource || strip ? undefined : f.source);
  w.int(f.lineDefined, "int");
  w.int(f.lastLineDefined, "int");
  w.byte(f.nups);
  w.byte(f.numParams);
  w.byte(f.isVararg);
  w.byte(f.maxStackSize);
  // DumpCode; NodeMCU aligns the instructions to 4 bytes of the stream (ldump.c Align4).
  w.int(f.code.length, "count");
  w.align4();
  w.instructions(f.code);
  // DumpConstants, then the nested functions.
  w.int(f.k.length, "count");
  for (const k of f.k) dumpConstant(w, k);
  w.int(f.p.length, "count");
  for (const sub of f.p) dumpFunction(w, sub, f.source, strip, depth + 1);
  dumpDebug(w, f, strip);
}

function dumpConstant(w: Writer, k: Constant): void {
  switch (typeof k) {
    case "undefined":
      w.byte(LUA_TNIL);
      return;
    case "boolean":
      w.byte(LUA_TBOOLEAN);
      w.byte(k ? 1 : 0);
      return;
    case "number":
      w.byte(LUA_TNUMBER);
      w.number(k);
      return;
    case "string":
      w.byte(LUA_TSTRING);
      w.string(k);
      return;
    default:
      throw new LuaDumpError(`constant of type ${typeof k} cannot be dumped`);
  }
}

function dumpDebug(w: Writer, f: Proto, strip: boolean): void {
  if (w.f.flavour === "nodemcu") {
    // ldump.c DumpDebug: size of the packed line info with its NUL (0 for none), Align4, bytes.
    if (strip || f.lineInfo.length === 0) {
      w.int(0, "count");
      w.align4();
    } else {
      if (f.lineInfo.length !== f.code.length)
        throw new LuaDumpError(`line info for ${f.lineInfo.length} of ${f.code.length} instructions`);
      const packed = packedLineInfoOf(f);
      w.int(packed.length, "count");
      w.align4();
      w.raw(packed, "bytes");
    }
  } else {
    const n = strip ? 0 : f.lineInfo.length;
    w.int(n, "count");
    for (let i = 0; i < n; i++) w.int(f.lineInfo[i]!, "int");
  }
  const nloc = strip ? 0 : f.locVars.length;
  w.int(nloc, "count");
  for (let i = 0; i < nloc; i++) {
    const v = f.locVars[i]!;
    w.string(v.name);
    w.int(v.startPc, "int");
    w.int(v.endPc, "int");
  }
  const nup = strip ? 0 : f.upvalues.length;
  w.int(nup, "count");
  for (let i = 0; i < nup; i++) w.string(f.upvalues[i]!);
}

class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private readonly little: boolean;
  private readonly nodemcu: boolean;

  constructor(
    readonly f: ChunkFormat,
    private readonly fields: DumpField[] | undefined,
  ) {
    this.little = f.littleEndian;
    this.nodemcu = f.flavour === "nodemcu";
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** Makes room for `n` bytes and returns their offset; it may replace buf and view, so call it first. */
  private reserve(n: number, kind: DumpFieldKind): number {
    const at = this.len;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.buf.subarray(0, at));
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
    this.len = at + n;
    if (this.fields !== undefined && n > 0) this.fields.push({ offset: at, size: n, kind });
    return at;
  }

  raw(bytes: Uint8Array, kind: DumpFieldKind): void {
    const at = this.reserve(bytes.length, kind);
    this.buf.set(bytes, at);
  }

  byte(x: number): void {
    if (!Number.isInteger(x) || x < 0 || x > 255) throw new LuaDumpError(`byte field ${x} out of range`);
    const at = this.reserve(1, "byte");
    this.buf[at] = x;
  }

  /**
   * ldump.c DumpInt: an int32. (NodeMCU's DumpIntWithSize also refuses -2^31 and 2^31-1 "to
   * avoid messing 32-bit compilers up"; those load fine, so they are written here, to keep every
   * loaded chunk writable again.)
   */
  int(x: number, kind: DumpFieldKind): void {
    if (!Number.isInteger(x)) throw new LuaDumpError(`integer field ${x} is not an integer`);
    if (x < -0x80000000 || x > 0x7fffffff) throw new LuaDumpError(INT_OVERFLOW);
    const at = this.reserve(4, kind);
    this.view.setInt32(at, x, this.little);
  }

  /** A string size: size_t in 5.1, uint32 strsize_t in NodeMCU. */
  private size(x: number): void {
    const max = this.f.sizeofSizeT === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
    if (x > max) throw new LuaDumpError(INT_OVERFLOW);
    const at = this.reserve(this.f.sizeofSizeT, "strsize");
    if (this.f.sizeofSizeT === 4) this.view.setUint32(at, x, this.little);
    else {
      const high = Math.floor(x / 0x100000000);
      const low = x >>> 0;
      this.view.setUint32(at, this.little ? low : high, this.little);
      this.view.setUint32(at + 4, this.little ? high : low, this.little);
    }
  }

  /** ldump.c DumpString: size = length + 1 with the trailing NUL; size 0 for none. */
  string(s: string | undefined): void {
    if (s === undefined) {
      this.size(0);
      return;
    }
    this.size(s.length + 1);
    const at = this.reserve(s.length + 1, "bytes");
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch > 255) throw new LuaDumpError("string is not a byte string (code unit above 255)");
      this.buf[at + i] = ch;
    }
    this.buf[at + s.length] = 0;
  }

  number(x: number): void {
    if (!this.f.numberIntegral) {
      const at = this.reserve(8, "number");
      this.view.setFloat64(at, x, this.little);
      return;
    }
    // NodeMCU ldump.c DumpNumber for an integral target: an integer (its `(float)(int)x != x`
    // test), written as an int32. In luac.cross.int that test compares ints, so only the
    // range counts there too.
    if (!Number.isInteger(x)) throw new LuaDumpError(NOT_INTEGER);
    if (x < -0x80000000 || x > 0x7fffffff) throw new LuaDumpError(INT_OVERFLOW);
    const at = this.reserve(4, "number");
    this.view.setInt32(at, x, this.little);
  }

  instructions(code: Uint32Array): void {
    for (let i = 0; i < code.length; i++) {
      const at = this.reserve(4, "instruction");
      this.view.setUint32(at, code[i]!, this.little);
    }
  }

  /**
   * NodeMCU ldump.c Align4: zero bytes up to a multiple of 4 bytes written; nothing in 5.1.
   * The header is 12 bytes, so counting from the start of the stream (ldump.c) and from the end
   * of the header (lundump.c resets its count after LoadHeader) agree.
   */
  align4(): void {
    if (!this.nodemcu) return;
    const pad = (4 - (this.len & 3)) & 3;
    if (pad > 0) this.reserve(pad, "pad"); // the buffer is zero-filled
  }
}

/**
 * A copy of `p` (and its nested functions) without debug information, as the firmware's
 * luaG_stripdebug: level 1 drops local and upvalue names, level 2 also the line info.
 * Sources are kept (dump with strip drops those).
 */
export function stripDebug(p: Proto, level: 1 | 2): Proto {
  const copy: Proto = {
    ...p,
    k: p.k.slice(),
    p: p.p.map((sub) => stripDebug(sub, level)),
    lineInfo: level >= 2 ? new Int32Array(0) : p.lineInfo,
    locVars: [],
    upvalues: [],
  };
  if (level < 2) copyRememberedPackedLineInfo(p, copy);
  return copy;
}
