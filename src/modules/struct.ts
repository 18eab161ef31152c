// The struct module (app/modules/struct.c): Roberto Ierusalimschy's struct library as NodeMCU
// builds it for the ESP8266's 5.1 float build. The device's C types set the sizes: char 1,
// short 2, long/size_t/int 4 (so l L T i I are 4 bytes), float 4, double 8; the CPU is little
// endian; `!` alone aligns to 8, the alignment of a double in the Xtensa ABI (struct.c's
// MAXALIGN); i/I may be 1..32 bytes (MAXINTSIZE of a float build).
//
// NodeMCU's changes to the library matter at the edges, and are kept:
// - pack reads integers with luaL_checkinteger into an int32_t and shifts the bytes out of a
//   32-bit unsigned long, so every byte past the fourth is 0, even for negative numbers.
// - unpack assembles integers in 64 bits (only the last 8 bytes read survive), sign-extends with
//   a 64-bit mask shifted by size*8-1, and pushes values outside int32 as doubles.
// - Positions are size_t (32 bits) and wrap; an offset of 0 reads the bytes just before the
//   string's data, which are the end of its TString header (its length, see byteAt).

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { throwError } from "../lua/debug-info.js";
import { chargeString } from "../lua/gc.js";
import { argError, checkNumber, checkString, error } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import { LUAI_MAXCSTACK, type LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { checkInt32, optInt32, toInt32 } from "./int32.js";

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const INT_MAX = 0x7fffffff;
const BIG = 0;
const LITTLE = 1;
const NATIVE = LITTLE;
const M64 = (1n << 64n) - 1n;
const M32 = 0xffffffffn;

interface Header {
  endian: number;
  align: number;
}

/** A C format string being read: luaL_checkstring's bytes up to the first NUL. */
class Fmt {
  i = 0;
  readonly s: string;
  constructor(s: string) {
    const nul = s.indexOf("\0");
    this.s = nul < 0 ? s : s.slice(0, nul);
  }
  get done(): boolean {
    return this.i >= this.s.length;
  }
  next(): string {
    return this.s[this.i++]!;
  }
  get digit(): boolean {
    const c = this.s.charCodeAt(this.i);
    return c >= 0x30 && c <= 0x39;
  }
}

const isLower = (opt: string): boolean => opt >= "a" && opt <= "z";
const isAlnum = (opt: string): boolean =>
  (opt >= "a" && opt <= "z") || (opt >= "A" && opt <= "Z") || (opt >= "0" && opt <= "9");

function getnum(L: LuaThread, fmt: Fmt, df: number): number {
  if (!fmt.digit) return df;
  let a = 0;
  do {
    const d = fmt.s.charCodeAt(fmt.i) - 0x30;
    if (a > Math.trunc(INT_MAX / 10) || a * 10 > INT_MAX - d) error(L, "integral size overflow");
    a = a * 10 + d;
    fmt.i++;
  } while (fmt.digit);
  return a;
}

function optsize(L: LuaThread, opt: string, fmt: Fmt): number {
  switch (opt) {
    case "B":
    case "b":
      return 1;
    case "H":
    case "h":
      return 2;
    case "L":
    case "l":
    case "T":
      return 4;
    case "f":
      return 4;
    case "d":
      return 8;
    case "x":
      return 1;
    case "c":
      return getnum(L, fmt, 1);
    case "i":
    case "I": {
      const sz = getnum(L, fmt, 4);
      if (sz > MAXINTSIZE) error(L, `integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default:
      return 0;
  }
}

/** Padding before an item of `size` at `len` (size_t arithmetic, sizes need not be powers of 2). */
function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === "c") return 0;
  if (size > h.align) size = h.align;
  return (size - (len & (size - 1))) & (size - 1);
}

function controloptions(L: LuaThread, opt: string, fmt: Fmt, h: Header): void {
  switch (opt) {
    case " ":
      return;
    case ">":
      h.endian = BIG;
      return;
    case "<":
      h.endian = LITTLE;
      return;
    case "!": {
      const a = getnum(L, fmt, MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) error(L, `alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      argError(L, 1, `invalid format option '${opt}'`);
  }
}

/** The bytes of a float or double in the order the header asks (correctbytes). */
function floatBytes(v: number, size: number, endian: number): string {
  const dv = new DataView(new ArrayBuffer(size));
  if (size === 4) dv.setFloat32(0, v, endian === LITTLE);
  else dv.setFloat64(0, v, endian === LITTLE);
  return Buffer.from(dv.buffer).toString("latin1");
}

function pack(L: LuaThread): number {
  const fmt = new Fmt(checkString(L, 1));
  const h: Header = { endian: NATIVE, align: 1 };
  let arg = 2;
  let totalsize = 0;
  const b: string[] = [];
  while (!fmt.done) {
    const opt = fmt.next();
    let size = optsize(L, opt, fmt);
    const toalign = gettoalign(totalsize, h, opt, size);
    totalsize = (totalsize + toalign) >>> 0;
    if (toalign > 0) b.push("\0".repeat(toalign));
    switch (opt) {
      case "b":
      case "B":
      case "h":
      case "H":
      case "l":
      case "L":
      case "T":
      case "i":
      case "I": {
        // putinteger: an int32_t, shifted out of a 32-bit unsigned long
        let value = checkInt32(L, arg++) >>> 0;
        const bytes = new Array<string>(size);
        for (let i = 0; i < size; i++) {
          bytes[h.endian === LITTLE ? i : size - 1 - i] = String.fromCharCode(value & 0xff);
          value >>>= 8;
        }
        b.push(bytes.join(""));
        break;
      }
      case "x":
        b.push("\0");
        break;
      case "f":
      case "d":
        b.push(floatBytes(checkNumber(L, arg++), size, h.endian));
        break;
      case "c":
      case "s": {
        const s = checkString(L, arg++);
        if (size === 0) size = s.length;
        // luaL_argcheck names `arg` after its increment: the argument after the string
        if (s.length < size) argError(L, arg, "string too short");
        b.push(s.slice(0, size));
        if (opt === "s") {
          b.push("\0");
          size++;
        }
        break;
      }
      default:
        controloptions(L, opt, fmt, h);
    }
    totalsize = (totalsize + size) >>> 0;
  }
  const out = b.join("");
  chargeString(L, out);
  L.push(out);
  return 1;
}

/** x << b on a uint64 as the lx106's __ashldi3 does it: 32-bit halves, counts taken mod 32. */
function ashldi3(x: bigint, b: number): bigint {
  const hi = Number((x >> 32n) & M32);
  const lo = Number(x & M32);
  let rhi: number;
  let rlo: number;
  if (b >= 32) {
    rhi = (lo << (b & 31)) >>> 0;
    rlo = 0;
  } else {
    const n = b & 31;
    rhi = n === 0 ? hi : ((hi << n) | (lo >>> (32 - n))) >>> 0;
    rlo = (lo << n) >>> 0;
  }
  return (BigInt(rhi) << 32n) | BigInt(rlo);
}

/** unpack: the string data with what lies before it, as offsets that wrap below 0 reach it. */
class Data {
  constructor(readonly s: string) {}
  /**
   * Byte `i` from the string's start; i < 0 is the TString header (app/lua/lobject.h:241-248):
   * the four bytes before the data are its size_t length, little endian. What lies further back
   * (hash, GC header, other objects) is not modelled and reads as 0.
   */
  byteAt(i: number): number {
    if (i >= 0) return this.s.charCodeAt(i);
    if (i >= -4) return (this.s.length >>> (8 * (4 + i))) & 0xff;
    return 0;
  }
  slice(pos: number, size: number): string {
    if (pos >= 0 && pos + size <= this.s.length) return this.s.slice(pos, pos + size);
    const out = new Array<string>(size);
    for (let i = 0; i < size; i++) out[i] = String.fromCharCode(this.byteAt(pos + i));
    return out.join("");
  }
}

/** A size_t position as a signed offset from the data, so that a wrapped one reads the header. */
const signedPos = (pos: number): number => pos | 0;

function getinteger(d: Data, pos: number, endian: number, issigned: boolean, size: number): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const i = endian === BIG ? k : size - 1 - k;
    l = ((l << 8n) | BigInt(d.byteAt(pos + i))) & M64;
  }
  if (issigned) {
    const mask = ashldi3(M64, size * 8 - 1);
    if (l & mask) l |= mask;
  }
  return Number(BigInt.asIntN(64, l));
}

function unpack(L: LuaThread, fw: Firmware): number {
  const fmt = new Fmt(checkString(L, 1));
  const data = new Data(checkString(L, 2));
  const ld = data.s.length;
  let pos = (optInt32(L, 3, 1) - 1) >>> 0;
  const h: Header = { endian: NATIVE, align: 1 };
  // lua_settop(L, 2): results go on the stack after the format and the data
  const base = L.base;
  L.top = base + 2;
  const tooShort = (size: number): void => {
    if ((pos + size) >>> 0 > ld) argError(L, 2, "data string too short");
  };
  while (!fmt.done) {
    const opt = fmt.next();
    let size = optsize(L, opt, fmt);
    pos = (pos + gettoalign(pos, h, opt, size)) >>> 0;
    tooShort(size);
    // luaL_checkstack(L, 2, ...): lua_checkstack refuses more than LUAI_MAXCSTACK slots in a frame
    if (L.top - base + 2 > LUAI_MAXCSTACK) error(L, "stack overflow (too many results)");
    const at = signedPos(pos);
    switch (opt) {
      case "b":
      case "B":
      case "h":
      case "H":
      case "l":
      case "L":
      case "T":
      case "i":
      case "I":
        L.push(getinteger(data, at, h.endian, isLower(opt), size));
        break;
      case "x":
        break;
      case "f":
      case "d": {
        const bytes = Buffer.from(data.slice(at, size), "latin1");
        const dv = new DataView(bytes.buffer, bytes.byteOffset, size);
        L.push(size === 4 ? dv.getFloat32(0, h.endian === LITTLE) : dv.getFloat64(0, h.endian === LITTLE));
        break;
      }
      case "c": {
        if (size === 0) {
          // the size is the value on top of the stack: the last result, or the data string itself
          const top = L.top > base ? L.stack[L.top - 1] : undefined;
          const n = typeof top === "number" ? top : typeof top === "string" ? str2number(top) : undefined;
          if (n === undefined) error(L, "format `c0' needs a previous size");
          size = toInt32(n) >>> 0;
          L.top--;
          tooShort(size);
        }
        pushBytes(L, fw, data, at, size);
        break;
      }
      case "s": {
        const e = data.s.indexOf("\0", at);
        if (e < 0) error(L, "unfinished string in data");
        size = e - at + 1;
        pushBytes(L, fw, data, at, size - 1);
        break;
      }
      default:
        controloptions(L, opt, fmt, h);
    }
    pos = (pos + size) >>> 0;
  }
  L.push((pos + 1) | 0);
  return Math.max(0, L.top - base - 2);
}

/** lua_pushlstring: a length only a wrapped position lets through cannot be allocated. */
function pushBytes(L: LuaThread, fw: Firmware, data: Data, at: number, size: number): void {
  if (size > 0xffffffff - 17) throwError(L, "memory allocation error: block too big");
  if (size > data.s.length) {
    fw.malloc(L, size);
    fw.free(size);
  }
  const s = data.slice(at, size);
  chargeString(L, s);
  L.push(s);
}

function size(L: LuaThread): number {
  const fmt = new Fmt(checkString(L, 1));
  const h: Header = { endian: NATIVE, align: 1 };
  let pos = 0;
  while (!fmt.done) {
    const opt = fmt.next();
    const size = optsize(L, opt, fmt);
    pos = (pos + gettoalign(pos, h, opt, size)) >>> 0;
    if (opt === "s") argError(L, 1, "option 's' has no fixed size");
    else if (opt === "c" && size === 0) argError(L, 1, "option 'c0' has no fixed size");
    // letters and digits that are no option count 0 bytes here, unlike in pack and unpack
    if (!isAlnum(opt)) controloptions(L, opt, fmt, h);
    pos = (pos + size) >>> 0;
  }
  L.push(pos | 0);
  return 1;
}

export const structModule: ModuleDef = {
  name: "struct",
  entries: (fw) => [
    ["pack", light("pack", pack)],
    ["unpack", light("unpack", (L) => unpack(L, fw))],
    ["size", light("size", size)],
  ],
};
