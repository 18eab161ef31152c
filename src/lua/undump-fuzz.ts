// A fuzz driver for undump: random mutations of valid chunks in every supported format. Each
// mutated chunk must either load, and then pass verifyProto, dump again in its own format and in
// both double formats, and load back to an equal Proto, or be refused with LuaUndumpError.
// Anything else (another exception, a Proto that fails verification) throws an Error naming the
// case, so a caller can reproduce it from (seed, case number).

import { prng } from "../test-support/prng.js";
import { errorText, hexBytes } from "../test-support/text.js";
import { type ChunkFormat, NODEMCU_FLOAT, NODEMCU_INT, STANDARD_32, STANDARD_64 } from "./chunk-format.js";
import { type DumpField, dump, dumpWithLayout } from "./dump.js";
import type { Proto } from "./proto.js";
import { LuaUndumpError, type UndumpFlavour, undump, undumpChunk } from "./undump.js";
import { verifyProto } from "./verify.js";

/**
 * The seed program, compiled by luac5.1 (x86_64) into SAMPLE_CHUNK:
 *
 * ```lua
 * local t = {1, 2.5, "x", [true] = false}
 * local up = 0
 * local function add(a, b) return a + b end
 * function g(...)
 *   up = up + 1
 *   local n = select("#", ...)
 *   if n == nil or up == true then return end
 *   return add(...)
 * end
 * for i = 1, 3 do t[i] = -i end
 * for k, v in pairs(t) do print(k, v) end
 * local s = "a" .. up .. "b"
 * return #t, not s, g(1, 2)
 * ```
 *
 * It has constants of every type, nested functions with upvalues, numeric and generic for
 * loops, conditional jumps, open calls (VARARG, TAILCALL, CALL with multiple results) and full
 * debug information.
 */
const SAMPLE_CHUNK_BASE64 =
  "G0x1YVEAAQQIBAgADAAAAAAAAABAc2FtcGxlLmx1YQAAAAAAAAAAAAAAAgspAAAACkCAAUEAAACBQAAAwYAAAAkAwYEiQIABQUAB" +
  "AKQAAADkQAAAAACAAAAAAAHHgAEAwQAAAAHBAQBBAQAA4EAAgNIBAAMJwAED3wD/f8UAAgAAAQAA3AABARbAAIAFQgIAQAIAA4AC" +
  "gAMcQoAB4YAAABZA/n/BgAIAAAGAAEHBAgDVQIEBFAEAAFMBgAGFgQEAwQEAAAECAwCcAYABHgEAAB4AgAANAAAAAwAAAAAAAPA/" +
  "AwAAAAAAAARABAIAAAAAAAAAeAABAQEAAwAAAAAAAAAABAIAAAAAAAAAZwADAAAAAAAACEAEBgAAAAAAAABwYWlycwAEBgAAAAAA" +
  "AABwcmludAAEAgAAAAAAAABhAAQCAAAAAAAAAGIAAwAAAAAAAABAAgAAAAAAAAAAAAAAAwAAAAMAAAAAAgADAwAAAIxAAACeAAAB" +
  "HgCAAAAAAAAAAAAAAwAAAAMAAAADAAAAAwAAAAIAAAACAAAAAAAAAGEAAAAAAAIAAAACAAAAAAAAAGIAAAAAAAIAAAAAAAAAAAAA" +
  "AAAAAAAEAAAACQAAAAIAAwQSAAAARAAAAEwAwABIAAAARUAAAIGAAADlAAAAXIAAAFfAwAAWgACAhAAAABcAQQEWAACAHgCAAIQA" +
  "gADlAAAAnQAAAJ4AAAAeAIAABQAAAAMAAAAAAADwPwQHAAAAAAAAAHNlbGVjdAAEAgAAAAAAAAAjAAABAQAAAAASAAAABQAAAAUA" +
  "AAAFAAAABgAAAAYAAAAGAAAABgAAAAcAAAAHAAAABwAAAAcAAAAHAAAABwAAAAgAAAAIAAAACAAAAAgAAAAJAAAAAgAAAAQAAAAA" +
  "AAAAYXJnAAAAAAARAAAAAgAAAAAAAABuAAcAAAARAAAAAgAAAAMAAAAAAAAAdXAABAAAAAAAAABhZGQAKQAAAAEAAAABAAAAAQAA" +
  "AAEAAAABAAAAAQAAAAIAAAADAAAACQAAAAkAAAAJAAAABAAAAAoAAAAKAAAACgAAAAoAAAAKAAAACgAAAAoAAAALAAAACwAAAAsA" +
  "AAALAAAACwAAAAsAAAALAAAACwAAAAsAAAALAAAADAAAAAwAAAAMAAAADAAAAA0AAAANAAAADQAAAA0AAAANAAAADQAAAA0AAAAN" +
  "AAAADQAAAAIAAAAAAAAAdAAGAAAAKAAAAAMAAAAAAAAAdXAABwAAACgAAAAEAAAAAAAAAGFkZAAIAAAAKAAAAAwAAAAAAAAAKGZv" +
  "ciBpbmRleCkADwAAABMAAAAMAAAAAAAAAChmb3IgbGltaXQpAA8AAAATAAAACwAAAAAAAAAoZm9yIHN0ZXApAA8AAAATAAAAAgAA" +
  "AAAAAABpABAAAAASAAAAEAAAAAAAAAAoZm9yIGdlbmVyYXRvcikAFgAAAB0AAAAMAAAAAAAAAChmb3Igc3RhdGUpABYAAAAdAAAA" +
  "DgAAAAAAAAAoZm9yIGNvbnRyb2wpABYAAAAdAAAAAgAAAAAAAABrABcAAAAbAAAAAgAAAAAAAAB2ABcAAAAbAAAAAgAAAAAAAABz" +
  "ACEAAAAoAAAAAAAAAA==";

/** luac5.1 output (STANDARD_64, not stripped) for the seed program above. */
export function sampleChunk(): Uint8Array {
  const s = atob(SAMPLE_CHUNK_BASE64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** The seed program's prototype (a fresh copy on each call). */
export function sampleProto(): Proto {
  return undump(sampleChunk(), "@sample.lua", { flavour: "standard" });
}

/** A copy of `p` with every number constant truncated to an integer (for integral formats). */
export function integralCopy(p: Proto): Proto {
  return {
    ...p,
    k: p.k.map((k) => (typeof k === "number" ? Math.trunc(k) : k)),
    p: p.p.map(integralCopy),
  };
}

export interface SeedChunk {
  readonly name: string;
  readonly format: ChunkFormat;
  readonly strip: boolean;
  readonly bytes: Uint8Array;
  readonly fields: readonly DumpField[];
}

/** The sample program dumped in each supported format, with and without debug information. */
export function seedChunks(): SeedChunk[] {
  const p = sampleProto();
  const ip = integralCopy(p);
  const big = (f: ChunkFormat): ChunkFormat => ({ ...f, littleEndian: false });
  const formats: [string, ChunkFormat, Proto][] = [
    ["standard-64", STANDARD_64, p],
    ["standard-32", STANDARD_32, p],
    ["standard-32-be", big(STANDARD_32), p],
    ["standard-64-int", { ...STANDARD_64, sizeofNumber: 4, numberIntegral: true }, ip],
    ["nodemcu-float", NODEMCU_FLOAT, p],
    ["nodemcu-float-be", big(NODEMCU_FLOAT), p],
    ["nodemcu-int", NODEMCU_INT, ip],
  ];
  const seeds: SeedChunk[] = [];
  for (const [name, format, proto] of formats) {
    for (const strip of [false, true]) {
      const { bytes, fields } = dumpWithLayout(proto, format, strip);
      seeds.push({ name: `${name}${strip ? "-stripped" : ""}`, format, strip, bytes, fields });
    }
  }
  return seeds;
}

/** The first difference between two prototypes (path and values), or undefined if equal. */
export function protoDifference(a: Proto, b: Proto, path = "main"): string | undefined {
  const scalars = [
    "source",
    "lineDefined",
    "lastLineDefined",
    "nups",
    "numParams",
    "isVararg",
    "maxStackSize",
  ] as const;
  for (const key of scalars) if (!Object.is(a[key], b[key])) return `${path}.${key}: ${a[key]} vs ${b[key]}`;
  const arrays = [
    ["code", a.code, b.code],
    ["lineInfo", a.lineInfo, b.lineInfo],
    ["k", a.k, b.k],
    ["upvalues", a.upvalues, b.upvalues],
  ] as const;
  for (const [key, x, y] of arrays) {
    if (x.length !== y.length) return `${path}.${key}.length: ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++)
      if (!Object.is(x[i], y[i])) return `${path}.${key}[${i}]: ${String(x[i])} vs ${String(y[i])}`;
  }
  if (a.locVars.length !== b.locVars.length) return `${path}.locVars.length`;
  for (let i = 0; i < a.locVars.length; i++) {
    const x = a.locVars[i]!;
    const y = b.locVars[i]!;
    if (x.name !== y.name || x.startPc !== y.startPc || x.endPc !== y.endPc) return `${path}.locVars[${i}]`;
  }
  if (a.p.length !== b.p.length) return `${path}.p.length: ${a.p.length} vs ${b.p.length}`;
  for (let i = 0; i < a.p.length; i++) {
    const d = protoDifference(a.p[i]!, b.p[i]!, `${path}.p[${i}]`);
    if (d !== undefined) return d;
  }
  return undefined;
}

export interface FuzzResult {
  tried: number;
  loaded: number;
  rejected: number;
}

/**
 * Runs `count` random mutations of the seed chunks, deterministically from `seed`. Throws an
 * Error describing the first case that breaks the rules above.
 */
export function fuzzUndump(seed: number, count: number): FuzzResult {
  const rand = prng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const seeds = seedChunks();
  const result: FuzzResult = { tried: 0, loaded: 0, rejected: 0 };
  for (let n = 0; n < count; n++) {
    const s = pick(seeds);
    const bytes = mutate(s, rand);
    const flavour = pick<UndumpFlavour>(["auto", "auto", "standard", "nodemcu"]);
    result.tried++;
    let loaded: ReturnType<typeof undumpChunk>;
    try {
      loaded = undumpChunk(bytes, "=fuzz", { flavour });
    } catch (e) {
      if (e instanceof LuaUndumpError) {
        result.rejected++;
        continue;
      }
      throw caseError(seed, n, s, bytes, `undump threw ${errorText(e)}`);
    }
    result.loaded++;
    const problem = checkLoaded(loaded.proto, loaded.format);
    if (problem !== undefined) throw caseError(seed, n, s, bytes, problem);
  }
  return result;
}

function checkLoaded(p: Proto, format: ChunkFormat): string | undefined {
  const why = verifyProto(p);
  if (why !== undefined) return `loaded a prototype that fails verification: ${why}`;
  for (const f of [format, STANDARD_64, NODEMCU_FLOAT]) {
    try {
      dump(p, f, true);
      const again = dump(p, f, false);
      const back = undump(again, "=redump", { flavour: f.flavour });
      const diff = protoDifference(p, back);
      if (diff !== undefined) return `re-dump as ${f.flavour} does not load back equal: ${diff}`;
    } catch (e) {
      return `re-dump as ${f.flavour} failed: ${errorText(e)}`;
    }
  }
  return undefined;
}

function mutate(s: SeedChunk, rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  let bytes = s.bytes.slice();
  const view = () => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = s.format.littleEndian;
  const rounds = rand() < 0.6 ? 1 : 2 + int(2);
  for (let r = 0; r < rounds; r++) {
    const kind = int(10);
    if (bytes.length === 0) break;
    switch (kind) {
      case 0: // flip one bit
        bytes[int(bytes.length)]! ^= 1 << int(8);
        break;
      case 1: // set one byte
        bytes[int(bytes.length)] = int(256);
        break;
      case 2: {
        // insert 1..8 random bytes
        const at = int(bytes.length + 1);
        const ins = Uint8Array.from({ length: 1 + int(8) }, () => int(256));
        const out = new Uint8Array(bytes.length + ins.length);
        out.set(bytes.subarray(0, at));
        out.set(ins, at);
        out.set(bytes.subarray(at), at + ins.length);
        bytes = out;
        break;
      }
      case 3: {
        // delete 1..8 bytes
        const at = int(bytes.length);
        const n = Math.min(1 + int(8), bytes.length - at);
        const out = new Uint8Array(bytes.length - n);
        out.set(bytes.subarray(0, at));
        out.set(bytes.subarray(at + n), at);
        bytes = out;
        break;
      }
      case 4: // truncate
        bytes = bytes.slice(0, int(bytes.length));
        break;
      case 5:
      case 6: {
        // set a count or string size (at its place in the unmutated layout) to a large value
        const fields = s.fields.filter((f) => f.kind === "count" || f.kind === "strsize");
        const f = fields[int(fields.length)]!;
        if (f.offset + f.size > bytes.length) break;
        const value = [0x7fffffff, 0xffffffff, 0x80000000, 0x40000000, 0x10000000, bytes.length, int(300)][
          int(7)
        ]!;
        if (f.size === 4) view().setUint32(f.offset, value, little);
        else {
          view().setUint32(f.offset + (little ? 0 : 4), value, little);
          view().setUint32(f.offset + (little ? 4 : 0), rand() < 0.5 ? 0 : int(0x100000000), little);
        }
        break;
      }
      case 7:
      case 8: {
        // change a byte inside a field that is mostly free data: string contents, numbers, line
        // numbers, pcs, header bytes of a function
        const fields = s.fields.filter((f) => f.kind === "bytes" || f.kind === "number" || f.kind === "int");
        const f = fields[int(fields.length)]!;
        const at = f.offset + int(f.size);
        if (at < bytes.length) bytes[at] = int(256);
        break;
      }
      default: {
        // change an instruction: a random word, or one operand field
        const fields = s.fields.filter((f) => f.kind === "instruction");
        const f = fields[int(fields.length)]!;
        if (f.offset + 4 > bytes.length) break;
        const old = view().getUint32(f.offset, little);
        const masks = [0x3f, 0xff << 6, 0x1ff << 14, 0x1ff << 23, 0x3ffff << 14];
        const mask = masks[int(masks.length)]!;
        const word = rand() < 0.3 ? int(0x100000000) : ((old & ~mask) | (int(0x100000000) & mask)) >>> 0;
        view().setUint32(f.offset, word >>> 0, little);
        break;
      }
    }
  }
  return bytes;
}

function caseError(seed: number, n: number, s: SeedChunk, bytes: Uint8Array, why: string): Error {
  return new Error(
    `fuzzUndump(seed ${seed}) case ${n} from ${s.name}: ${why}\ninput: ${hexBytes(bytes, "")}`,
  );
}
