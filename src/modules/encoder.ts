// The encoder module (app/modules/encoder.c): base64 and hex for byte strings. Each function
// takes one string (numbers are converted, as luaL_checklstring does) and converts it through a
// buffer that encoder.c takes with luaM_malloc, so that buffer is charged to the heap while the
// result string is made.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { chargeString } from "../lua/gc.js";
import { checkString, error } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = "=".charCodeAt(0);
const INVALID = 0xff;

/** encoder.c's unbytes64 before '=' is admitted: 0..63 for the alphabet, 0xff for the rest. */
const UNBYTES64 = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < B64.length; i++) UNBYTES64[B64.charCodeAt(i)] = i;

/** A conversion: the result bytes, and the size of the buffer encoder.c allocates for them. */
interface Converted {
  out: string;
  bufSize: number;
}

function toBase64(s: string): Converted {
  const n = s.length;
  const out: string[] = [];
  for (let i = 0; i < n; i += 3) {
    const a = s.charCodeAt(i);
    const b = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    const c = i + 2 < n ? s.charCodeAt(i + 2) : 0;
    out.push(B64[a >> 2]!, B64[((a & 3) << 4) | (b >> 4)]!);
    out.push(i + 1 < n ? B64[((b & 15) << 2) | (c >> 6)]! : "=");
    out.push(i + 2 < n ? B64[c & 63]! : "=");
  }
  return { out: out.join(""), bufSize: Math.trunc((n + 2) / 3) * 4 };
}

function fromBase64(L: LuaThread, s: string): Converted {
  const n = s.length;
  // a length that is not a multiple of 4 is refused before anything else (encoder.c:47-48)
  if (n & 3) error(L, "Invalid base64 string");
  let blocks = n >> 2;
  let pad = 0;
  if (s.charCodeAt(n - 1) === PAD) {
    pad = s.charCodeAt(n - 2) !== PAD ? 1 : 2;
    blocks--;
  }
  // every character before the padding must be in the alphabet; '=' is not, yet
  for (let i = 0; i < n - pad; i++)
    if (UNBYTES64[s.charCodeAt(i)] === INVALID) error(L, "Invalid base64 string");
  // from here '=' decodes as 0 (encoder.c:59)
  const un = (i: number): number => (s.charCodeAt(i) === PAD ? 0 : UNBYTES64[s.charCodeAt(i)]!);
  const out = new Uint8Array(3 * blocks + 2);
  let q = 0;
  let p = 0;
  for (let i = 0; i < blocks; i++, p += 4) {
    const a = un(p);
    const b = un(p + 1);
    const c = un(p + 2);
    const d = un(p + 3);
    out[q++] = (a << 2) | (b >> 4);
    out[q++] = (b << 4) | (c >> 2);
    out[q++] = (c << 6) | d;
  }
  if (pad) {
    const a = un(p);
    const b = un(p + 1);
    out[q++] = (a << 2) | (b >> 4);
    if (pad === 1) out[q++] = (b << 4) | (un(p + 2) >> 2);
  }
  return { out: latin1(out.subarray(0, q)), bufSize: 1 + Math.trunc((3 * n) / 4) };
}

const HEX = "0123456789abcdef";

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

function toHex(s: string): Converted {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i);
    out.push(HEX[b >> 4]!, HEX[b & 15]!);
  }
  return { out: out.join(""), bufSize: s.length * 2 };
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function fromHex(L: LuaThread, fw: Firmware, s: string): Converted {
  const n = s.length;
  if (n & 1) error(L, "Invalid hex string");
  // the output buffer is allocated before the digits are checked, and freed on a bad one
  const bufSize = n >> 1;
  fw.malloc(L, bufSize);
  const out = new Uint8Array(bufSize);
  for (let i = 0; i < n; i += 2) {
    const hi = hexNibble(s.charCodeAt(i));
    const lo = hi < 0 ? -1 : hexNibble(s.charCodeAt(i + 1));
    if (lo < 0) {
      fw.free(bufSize);
      error(L, "Invalid hex string");
    }
    out[i >> 1] = (hi << 4) | lo;
  }
  fw.free(bufSize);
  return { out: latin1(out), bufSize };
}

/**
 * do_func: the conversion's buffer is live while the result string is made, then freed. An
 * empty input gives "" with no buffer (luaM_malloc of 0 bytes is NULL).
 */
function pushConverted(L: LuaThread, fw: Firmware, c: Converted): number {
  if (c.bufSize > 0) fw.malloc(L, c.bufSize);
  chargeString(L, c.out);
  L.push(c.out);
  if (c.bufSize > 0) fw.free(c.bufSize);
  return 1;
}

export const encoderModule: ModuleDef = {
  name: "encoder",
  entries: (fw) => [
    ["fromBase64", light("fromBase64", (L) => pushConverted(L, fw, fromBase64(L, checkString(L, 1))))],
    ["toBase64", light("toBase64", (L) => pushConverted(L, fw, toBase64(checkString(L, 1))))],
    ["fromHex", light("fromHex", (L) => pushConverted(L, fw, fromHex(L, fw, checkString(L, 1))))],
    ["toHex", light("toHex", (L) => pushConverted(L, fw, toHex(checkString(L, 1))))],
  ],
};
