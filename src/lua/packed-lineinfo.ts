// NodeMCU "packed line info" (Lua Compact Debug): the byte string that replaces 5.1's int array
// of per-instruction lines in the firmware (app/lua/lcode.c generateInfoDeltaLine, decoded by
// app/lua/ldebug.c luaG_getline).
//
// It is a sequence of items, each giving a line and a count of consecutive instructions on it,
// starting from line 0, and ends with a NUL byte:
// - a byte 0x01..0x7E alone: the next line (previous + 1), for that many instructions;
// - otherwise a delta: a first byte 1 s dddddd (s = 0x40 sign, 6 low bits of the magnitude),
//   then continuation bytes 1 ddddddd (next 7 bits each, little-endian), then the count byte.
//   The line becomes previous - magnitude when s is set, else previous + magnitude + 2
//   (a difference of +1 needs no delta). A repeat of the same line is "-0" (0xC0).
// - 0x7F (INFO_FILL_BYTE) at the start of an item ends the decoding, as NUL does.
//
// The compiler merges consecutive instructions of one line into an item until its count reaches
// 126 (INFO_MAX_LINECNT), then starts a new item with a "-0" delta. That is what encode() does,
// so encode(lines) is what the firmware emits for the same lines, except in one case: when
// luaK_fixline moves the only instruction of the last item back to the line of the item
// before it (e.g. a call `f(` ... `)` whose `)` is on a later line than the last instruction
// before the call and whose `(` is on that instruction's line), lcode.c emits a "-0" item
// instead of merging. The filler 0x7F bytes of lcode.c only pad the growing buffer and the
// bytes luaK_fixline erases; both are overwritten or cut off by close_func (lparser.c sets the
// NUL right after the last count), so compiled functions never contain them.
//
// To keep undump -> dump byte-identical for such chunks, undump remembers the exact bytes it
// read per prototype (rememberPackedLineInfo) and dump reuses them while the prototype's lines
// still decode from them (packedLineInfoOf).

import type { Proto } from "./proto.js";

/** ldebug.h INFO_FILL_BYTE. */
export const INFO_FILL_BYTE = 0x7f;
/** ldebug.h INFO_DELTA_MASK. */
export const INFO_DELTA_MASK = 0x80;
/** ldebug.h INFO_SIGN_MASK. */
export const INFO_SIGN_MASK = 0x40;
/** ldebug.h INFO_MAX_LINECNT: the largest count lcode.c puts in one item. */
export const INFO_MAX_LINECNT = 126;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
/** A delta magnitude for any two int32 lines fits in 6 + 4 * 7 bits. */
const MAX_CONTINUATION_BYTES = 4;

/** One item of packed line info: `count` consecutive instructions on `line`. */
export interface LineRun {
  line: number;
  count: number;
}

/** Encodes per-instruction lines as lcode.c does, NUL terminator included. */
export function encodePackedLineInfo(lines: ArrayLike<number>): Uint8Array {
  const runs: LineRun[] = [];
  let last: LineRun | undefined;
  for (let pc = 0; pc < lines.length; pc++) {
    const line = lines[pc]!;
    // lcode.c luaK_code: same line and room in the current count -> count it there.
    if (last !== undefined && line === last.line && last.count < INFO_MAX_LINECNT) last.count++;
    else runs.push((last = { line, count: 1 }));
  }
  return encodeLineRuns(runs);
}

/** Encodes items as lcode.c generateInfoDeltaLine writes them, NUL terminator included. */
export function encodeLineRuns(runs: readonly LineRun[]): Uint8Array {
  const out: number[] = [];
  let last = 0;
  for (const { line, count } of runs) {
    // delta = line - lastline - 1; 0 means "next line" and needs no delta bytes.
    let delta = line - last - 1;
    if (delta !== 0) {
      if (delta < 0) {
        delta = -delta - 1;
        out.push(INFO_DELTA_MASK | INFO_SIGN_MASK | (delta & 0x3f));
      } else {
        delta = delta - 1;
        out.push(INFO_DELTA_MASK | (delta & 0x3f));
      }
      // Division, not >>, since two int32 lines can differ by up to 2^32.
      delta = Math.floor(delta / 64);
      while (delta !== 0) {
        out.push(INFO_DELTA_MASK | (delta & 0x7f));
        delta = Math.floor(delta / 128);
      }
    }
    out.push(count);
    last = line;
  }
  out.push(0);
  return Uint8Array.from(out);
}

/**
 * Decodes packed line info (as read from a chunk: `bytes.length` is the stored size, NUL
 * included) into one line per instruction. Returns a reason string when the bytes are not a
 * well-formed encoding of exactly `sizecode` lines: the only NUL must be the last byte (so the
 * firmware's strlen()+1 gives back the stored size), every delta must end in a count byte, and
 * the lines must stay within int32. A 0x7F at the start of an item ends the data, as in
 * ldebug.c; anything after it up to the NUL is ignored.
 */
export function decodePackedLineInfo(bytes: Uint8Array, sizecode: number): Int32Array | string {
  const end = bytes.length - 1;
  if (end < 0 || bytes[end] !== 0) return "packed line info does not end with NUL";
  if (bytes.indexOf(0) !== end) return "NUL inside packed line info";
  const lines = new Int32Array(sizecode);
  let pc = 0;
  let line = 0;
  let i = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b === INFO_FILL_BYTE) break;
    let count: number;
    if (b & INFO_DELTA_MASK) {
      let magnitude = b & 0x3f;
      let scale = 64;
      let continuations = 0;
      i++;
      while (i < end && bytes[i]! & INFO_DELTA_MASK) {
        if (++continuations > MAX_CONTINUATION_BYTES) return "line delta too long";
        magnitude += (bytes[i]! & 0x7f) * scale;
        scale *= 128;
        i++;
      }
      line = b & INFO_SIGN_MASK ? line - magnitude : line + magnitude + 2;
      if (i >= end) return "line delta without a count";
      count = bytes[i]!; // 1..0x7F: ldebug.c reads any byte after a delta as the count
    } else {
      line++;
      count = b;
    }
    if (line < INT32_MIN || line > INT32_MAX) return "line number out of range";
    i++;
    if (count > sizecode - pc) return "packed line info covers more instructions than the code";
    lines.fill(line, pc, pc + count);
    pc += count;
  }
  if (pc !== sizecode) return `packed line info covers ${pc} of ${sizecode} instructions`;
  return lines;
}

interface Remembered {
  readonly packed: Uint8Array;
  readonly lines: Int32Array;
}

const remembered = new WeakMap<Proto, Remembered>();

/**
 * Records the exact packed bytes `packed` (NUL included) that encode `p.lineInfo`, so that a
 * NodeMCU dump of `p` writes them again instead of the canonical encoding. A compiler that
 * tracks luaK_fixline's effects can use this too.
 */
export function rememberPackedLineInfo(p: Proto, packed: Uint8Array): void {
  remembered.set(p, { packed: new Uint8Array(packed), lines: new Int32Array(p.lineInfo) });
}

/** The packed line info to dump for `p`: the remembered bytes if `p.lineInfo` is unchanged, else encode(). */
export function packedLineInfoOf(p: Proto): Uint8Array {
  const r = remembered.get(p);
  if (r !== undefined && sameLines(r.lines, p.lineInfo)) return r.packed;
  return encodePackedLineInfo(p.lineInfo);
}

/** Copies what is remembered for `from` to `to` (for copies of a prototype with the same lines). */
export function copyRememberedPackedLineInfo(from: Proto, to: Proto): void {
  const r = remembered.get(from);
  if (r !== undefined) remembered.set(to, r);
}

function sameLines(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
