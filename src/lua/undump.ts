// Reads a Lua 5.1 precompiled chunk into a Proto: the standard layout of PUC-Rio 5.1.5's
// lundump.c, or the NodeMCU layout of the firmware's app/lua/lundump.c (see chunk-format.ts).
//
// Which layout: the header states the sizes but not the flavour, and a NodeMCU header is the
// header of a 32-bit standard chunk. So:
// - `flavour: "nodemcu"` reads only the NodeMCU layout (what the firmware's loader does; headers
//   with an 8-byte size_t are refused), `flavour: "standard"` only the standard one.
// - `flavour: "auto"` (the default): a header with an 8-byte size_t can only be standard. With a
//   4-byte size_t both layouts are tried, NodeMCU first; a layout that loads and uses every byte
//   wins, else one that loads (trailing bytes are ignored, as lundump.c reads only what it
//   needs). The two layouts differ in padding and line info, so a real chunk loads in only one
//   of them, except stripped chunks whose padding happens to be empty: those are the same bytes
//   in both layouts and give the same Proto (reported as NodeMCU).
//   When both fail, the error is that of the attempt that got further, where running out of
//   bytes counts as getting furthest (NodeMCU's on a tie): a truncated chunk is then always an
//   "unexpected end", but a corrupt one may be reported as the other layout running out of
//   bytes. A loader that knows the layout (the emulated device: "nodemcu") should say so.
//
// Unlike lundump.c, which accepts only its host's own header, any header of chunk-format.ts is
// read (byte order swapped as needed); an integral 4-byte number is converted to a double as
// the firmware's LoadNumber does (S->toflt).
//
// Errors are LuaUndumpError with lundump.c's message `<name>: <why> in precompiled chunk`.
// Beyond lundump.c: counts are checked against the bytes left before anything is allocated
// (reported as "unexpected end", which is what a short read gives in lundump.c); every function
// must pass verify.ts checkFunction ("bad code", as luaG_checkcode); a missing (size 0) string
// where a string constant is needed is "bad constant", and a missing local or upvalue name or
// malformed packed line info is "bad code" (5.1 would crash on them later).

import {
  type ChunkFlavour,
  type ChunkFormat,
  type ChunkHeader,
  formatProblem,
  headerProblem,
  LUA_SIGNATURE,
  LUAC_HEADERSIZE,
  parseHeader,
} from "./chunk-format.js";
import { decodePackedLineInfo, rememberPackedLineInfo } from "./packed-lineinfo.js";
import type { Constant, LocVar, Proto } from "./proto.js";
import { checkFunction } from "./verify.js";

/** The `why` of lundump.c's error messages. */
export type UndumpReason =
  | "unexpected end"
  | "bad header"
  | "bad integer"
  | "bad constant"
  | "bad code"
  | "code too deep";

/** A malformed or unsupported chunk: `message` is exactly what lundump.c reports. */
export class LuaUndumpError extends Error {
  override name = "LuaUndumpError";

  constructor(
    /** The chunk name as lundump.c shows it (see undumpChunkId). */
    readonly chunkId: string,
    readonly reason: UndumpReason,
    /** Byte offset in the chunk where the problem was found. */
    readonly offset: number,
    /** What exactly is wrong, for diagnostics (not part of the message). */
    readonly detail?: string,
  ) {
    super(`${chunkId}: ${reason} in precompiled chunk`);
  }
}

export type UndumpFlavour = "auto" | ChunkFlavour;

export interface UndumpOptions {
  /** Which layout to read; "auto" by default (see the top of undump.ts). */
  flavour?: UndumpFlavour;
}

export interface UndumpResult {
  proto: Proto;
  /** The format the chunk was read as. */
  format: ChunkFormat;
  /** Bytes used; anything after them was ignored. */
  size: number;
}

/** lundump.c luaU_undump: `@x` and `=x` give `x`, a name starting with ESC gives `binary string`. */
export function undumpChunkId(chunkName: string): string {
  const c = chunkName.charAt(0);
  if (c === "@" || c === "=") return chunkName.slice(1);
  if (c === LUA_SIGNATURE[0]) return "binary string";
  return chunkName;
}

/** Reads a chunk; throws LuaUndumpError. */
export function undump(bytes: Uint8Array, chunkName: string, options?: UndumpOptions): Proto {
  return undumpChunk(bytes, chunkName, options).proto;
}

/** As undump(), also telling the format detected and the bytes used. */
export function undumpChunk(bytes: Uint8Array, chunkName: string, options?: UndumpOptions): UndumpResult {
  const id = undumpChunkId(chunkName);
  const wanted = options?.flavour ?? "auto";
  // lundump.c LoadHeader: LoadBlock of the 12 bytes first (a short read is "unexpected end"),
  // then the comparison ("bad header").
  if (bytes.length < LUAC_HEADERSIZE)
    throw new LuaUndumpError(id, "unexpected end", bytes.length, "shorter than a header");
  const problem = headerProblem(bytes);
  if (problem !== undefined) throw new LuaUndumpError(id, "bad header", 0, problem);
  const header = parseHeader(bytes)!;
  const flavours: ChunkFlavour[] =
    wanted === "auto" ? (header.sizeofSizeT === 4 ? ["nodemcu", "standard"] : ["standard"]) : [wanted];
  let loaded: UndumpResult | undefined;
  let failure: Fail | undefined;
  for (const flavour of flavours) {
    const format: ChunkFormat = { flavour, ...header };
    if (formatProblem(format) !== undefined) {
      if (failure === undefined) failure = new Fail("bad header", 0, formatProblem(format));
      continue;
    }
    try {
      const result = load(bytes, format);
      if (result.size === bytes.length) return result;
      loaded ??= result;
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      // Keep the error of the attempt that got further; one that ran out of bytes found nothing
      // wrong up to the end, so it counts as reaching the end, and wins a tie.
      if (failure === undefined || progress(e, bytes.length) > progress(failure, bytes.length)) failure = e;
    }
  }
  if (loaded !== undefined) return loaded;
  const f = failure!;
  throw new LuaUndumpError(id, f.reason, f.offset, f.detail);
}

/** lundump.c/luaconf.h LUAI_MAXCCALLS: LoadFunction fails with "code too deep" beyond this nesting. */
const LUAI_MAXCCALLS = 200;

// lua.h type tags (the same in the firmware, app/lua/lua.h).
const LUA_TNIL = 0;
const LUA_TBOOLEAN = 1;
const LUA_TNUMBER = 3;
const LUA_TSTRING = 4;

/** How far an attempt got before failing: the whole input if it just ran out of bytes. */
const progress = (f: Fail, length: number): number => (f.reason === "unexpected end" ? length + 1 : f.offset);

class Fail extends Error {
  constructor(
    readonly reason: UndumpReason,
    readonly offset: number,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

function load(bytes: Uint8Array, format: ChunkFormat): UndumpResult {
  const r = new Reader(bytes, format);
  // lundump.c luaU_undump: the main function's source defaults to "=?".
  const proto = loadFunction(r, "=?", 1);
  return { proto, format, size: r.pos };
}

function loadFunction(r: Reader, parentSource: string, depth: number): Proto {
  // lundump.c LoadFunction: ++nCcalls > LUAI_MAXCCALLS.
  if (depth > LUAI_MAXCCALLS) r.fail("code too deep");
  // LoadString; a missing source is the parent's (for the main function, "=?").
  const source = r.string() ?? parentSource;
  const lineDefined = r.int();
  const lastLineDefined = r.int();
  const nups = r.byte();
  const numParams = r.byte();
  const isVararg = r.byte();
  const maxStackSize = r.byte();

  // LoadCode (NodeMCU: Align4 between the count and the instructions).
  const sizecode = r.int();
  r.align4();
  r.need(sizecode * 4, "code");
  const code = new Uint32Array(sizecode);
  for (let i = 0; i < sizecode; i++) code[i] = r.instruction();

  // LoadConstants: each constant takes at least its type byte.
  const sizek = r.int();
  r.need(sizek, "constants");
  const k: Constant[] = [];
  for (let i = 0; i < sizek; i++) {
    const t = r.byte();
    switch (t) {
      case LUA_TNIL:
        k.push(undefined);
        break;
      case LUA_TBOOLEAN:
        k.push(r.byte() !== 0); // lundump.c: LoadChar(S)!=0
        break;
      case LUA_TNUMBER:
        k.push(r.number());
        break;
      case LUA_TSTRING: {
        const s = r.string();
        if (s === undefined) r.fail("bad constant", `string constant ${i} is missing`);
        k.push(s);
        break;
      }
      default:
        r.fail("bad constant", `constant ${i} has type ${t}`);
    }
  }
  const sizep = r.int();
  r.need(sizep, "functions");
  const p: Proto[] = [];
  for (let i = 0; i < sizep; i++) p.push(loadFunction(r, source, depth + 1));

  // LoadDebug.
  let lineInfo: Int32Array;
  let packed: Uint8Array | undefined;
  if (r.nodemcu) {
    // NodeMCU: size of the packed line info (NUL included, 0 for none), Align4, the bytes.
    const n = r.int();
    r.align4();
    r.need(n, "line info");
    packed = n > 0 ? r.block(n) : undefined;
    lineInfo = new Int32Array(0);
  } else {
    const n = r.int();
    r.need(n * 4, "line info");
    lineInfo = new Int32Array(n);
    for (let i = 0; i < n; i++) lineInfo[i] = r.rawInt();
  }
  const sizelocvars = r.int();
  r.need(sizelocvars * (r.sizeofSizeT + 8), "locals");
  const locVars: LocVar[] = [];
  let missingName: string | undefined;
  for (let i = 0; i < sizelocvars; i++) {
    const name = r.string();
    const startPc = r.int();
    const endPc = r.int();
    if (name === undefined) missingName ??= `local ${i} has no name`;
    locVars.push({ name: name ?? "", startPc, endPc });
  }
  const sizeupvalues = r.int();
  r.need(sizeupvalues * r.sizeofSizeT, "upvalue names");
  const upvalues: string[] = [];
  for (let i = 0; i < sizeupvalues; i++) {
    const name = r.string();
    if (name === undefined) missingName ??= `upvalue ${i} has no name`;
    upvalues.push(name ?? "");
  }

  // lundump.c: IF (!luaG_checkcode(f), "bad code") once the whole function is read.
  if (missingName !== undefined) r.fail("bad code", missingName);
  if (packed !== undefined) {
    const lines = decodePackedLineInfo(packed, sizecode);
    if (typeof lines === "string") r.fail("bad code", lines);
    lineInfo = lines;
  }
  const proto: Proto = {
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
  const why = checkFunction(proto);
  if (why !== undefined) r.fail("bad code", why);
  if (packed !== undefined) rememberPackedLineInfo(proto, packed);
  return proto;
}

class Reader {
  pos = LUAC_HEADERSIZE;
  readonly nodemcu: boolean;
  readonly sizeofSizeT: number;
  private readonly view: DataView;
  private readonly little: boolean;
  private readonly integral: boolean;

  constructor(
    private readonly bytes: Uint8Array,
    format: ChunkHeader & { flavour: ChunkFlavour },
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = format.littleEndian;
    this.nodemcu = format.flavour === "nodemcu";
    this.sizeofSizeT = format.sizeofSizeT;
    this.integral = format.numberIntegral;
  }

  fail(reason: UndumpReason, detail?: string): never {
    throw new Fail(reason, this.pos, detail);
  }

  /** Fails with "unexpected end" unless `n` more bytes are there (checked before allocating). */
  need(n: number, what?: string): void {
    if (n > this.bytes.length - this.pos) this.fail("unexpected end", what && `${what}: ${n} bytes wanted`);
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  /** An int as stored (a standard line number). */
  rawInt(): number {
    this.need(4);
    const x = this.view.getInt32(this.pos, this.little);
    this.pos += 4;
    return x;
  }

  /** lundump.c LoadInt: negative is "bad integer". */
  int(): number {
    const at = this.pos;
    const x = this.rawInt();
    if (x < 0) throw new Fail("bad integer", at, `${x}`);
    return x;
  }

  instruction(): number {
    const x = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return x;
  }

  /** lundump.c LoadNumber: a double, or (NodeMCU toflt) an int32 converted to a double. */
  number(): number {
    if (this.integral) {
      this.need(4);
      const x = this.view.getInt32(this.pos, this.little);
      this.pos += 4;
      return x;
    }
    this.need(8);
    const x = this.view.getFloat64(this.pos, this.little);
    this.pos += 8;
    return x;
  }

  /**
   * lundump.c LoadString: a size (size_t; NodeMCU: 32 bits), 0 for none, else size bytes of
   * which the last (the NUL) is dropped.
   */
  string(): string | undefined {
    let size: number;
    if (this.sizeofSizeT === 4) {
      this.need(4);
      size = this.view.getUint32(this.pos, this.little);
      this.pos += 4;
    } else {
      this.need(8);
      const a = this.view.getUint32(this.pos, this.little);
      const b = this.view.getUint32(this.pos + 4, this.little);
      this.pos += 8;
      size = (this.little ? b : a) * 0x100000000 + (this.little ? a : b);
    }
    if (size === 0) return undefined;
    this.need(size, "string");
    const s = bytesToString(this.bytes, this.pos, this.pos + size - 1);
    this.pos += size;
    return s;
  }

  /** A copy of the next `n` bytes (a copy even when the input is a Node Buffer, whose slice() is a view). */
  block(n: number): Uint8Array {
    const b = new Uint8Array(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }

  /** NodeMCU lundump.c Align4: skip to a multiple of 4 bytes (the padding's value is ignored). */
  align4(): void {
    if (!this.nodemcu) return;
    while (this.pos & 3) {
      this.need(1);
      this.pos++;
    }
  }
}

/** Bytes [from, to) as a byte string. */
function bytesToString(bytes: Uint8Array, from: number, to: number): string {
  const CHUNK = 8192;
  if (to - from <= CHUNK)
    return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  const parts: string[] = [];
  for (let i = from; i < to; i += CHUNK)
    parts.push(
      String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + CHUNK)) as unknown as number[]),
    );
  return parts.join("");
}
