// The parameters of a Lua 5.1 precompiled chunk, as its 12-byte header states them
// (lundump.c luaU_header, ldump.c DumpHeader), plus the flavour of the body that follows.
//
// Two body layouts share these headers:
// - "standard": PUC-Rio Lua 5.1 (ldump.c / lundump.c of 5.1.5): line info is an int array.
// - "nodemcu": the NodeMCU firmware's app/lua/ldump.c / lundump.c: string sizes are always 4
//   bytes (strsize_t = uint32_t), zero padding to a 4-byte boundary (Align4) precedes the code
//   vector and the line info, and line info is the "packed" byte string of ldebug.c.
//
// A NodeMCU float-firmware header (size_t 4) is byte for byte the header of a 32-bit standard
// chunk, so the header alone cannot tell the two apart; see undump.ts for how that is resolved.

/** The signature at the start of every chunk (lua.h LUA_SIGNATURE, "\033Lua"). */
export const LUA_SIGNATURE = "\x1bLua";
/** lundump.h: 0x51 for Lua 5.1. */
export const LUAC_VERSION = 0x51;
/** lundump.h: 0 is the official format. */
export const LUAC_FORMAT = 0;
/** lundump.h LUAC_HEADERSIZE. */
export const LUAC_HEADERSIZE = 12;

export type ChunkFlavour = "standard" | "nodemcu";

export interface ChunkFormat {
  readonly flavour: ChunkFlavour;
  /** Byte 6 of the header: 1 = little-endian. */
  readonly littleEndian: boolean;
  /** Byte 7: sizeof(int), the size of counts, line numbers and pcs. Only 4 is supported. */
  readonly sizeofInt: 4;
  /** Byte 8: sizeof(size_t), the size of string lengths (always 4 in the NodeMCU flavour). */
  readonly sizeofSizeT: 4 | 8;
  /** Byte 9: sizeof(Instruction). */
  readonly sizeofInstruction: 4;
  /** Byte 10: sizeof(lua_Number): 8 with a double, 4 with an integral (int32) number. */
  readonly sizeofNumber: 4 | 8;
  /** Byte 11: lua_Number is integral (integer builds). Supported: 8/double and 4/int32. */
  readonly numberIntegral: boolean;
}

/** What this machine's luac5.1 writes (x86_64 Debian: little-endian, size_t 8, double). */
export const STANDARD_64: ChunkFormat = Object.freeze({
  flavour: "standard",
  littleEndian: true,
  sizeofInt: 4,
  sizeofSizeT: 8,
  sizeofInstruction: 4,
  sizeofNumber: 8,
  numberIntegral: false,
});

/** A 32-bit standard luac5.1 (i386, ARM): size_t 4. */
export const STANDARD_32: ChunkFormat = Object.freeze({ ...STANDARD_64, sizeofSizeT: 4 });

/** A `.lc` of the default (float) NodeMCU firmware: `1B 4C 75 61 51 00 01 04 04 04 08 00`. */
export const NODEMCU_FLOAT: ChunkFormat = Object.freeze({
  flavour: "nodemcu",
  littleEndian: true,
  sizeofInt: 4,
  sizeofSizeT: 4,
  sizeofInstruction: 4,
  sizeofNumber: 8,
  numberIntegral: false,
});

/** A `.lc` of an integer NodeMCU firmware (luac.cross.int): numbers are int32, header ends `04 01`. */
export const NODEMCU_INT: ChunkFormat = Object.freeze({
  ...NODEMCU_FLOAT,
  sizeofNumber: 4,
  numberIntegral: true,
});

/** The header fields, without the flavour (which the header does not state). */
export type ChunkHeader = Omit<ChunkFormat, "flavour">;

/** Why this library cannot read or write chunks of format `f`, or undefined if it can. */
export function formatProblem(f: ChunkHeader & { flavour?: ChunkFlavour }): string | undefined {
  if (f.sizeofInt !== 4) return `sizeof(int) ${f.sizeofInt} is not supported`;
  if (f.sizeofInstruction !== 4) return `sizeof(Instruction) ${f.sizeofInstruction} is not supported`;
  if (f.sizeofSizeT !== 4 && f.sizeofSizeT !== 8) return `sizeof(size_t) ${f.sizeofSizeT} is not supported`;
  // lundump.h (NodeMCU): strsize_t is uint32_t, so string sizes are always 4 bytes there.
  if (f.flavour === "nodemcu" && f.sizeofSizeT !== 4) return "the NodeMCU format has 4-byte string sizes";
  const number = `${f.sizeofNumber}/${f.numberIntegral ? 1 : 0}`;
  if (number !== "8/0" && number !== "4/1")
    return `lua_Number of ${f.sizeofNumber} bytes, integral ${f.numberIntegral}`;
  return undefined;
}

/** The 12 header bytes for `f` (ldump.c DumpHeader). */
export function encodeHeader(f: ChunkHeader): Uint8Array {
  const h = new Uint8Array(LUAC_HEADERSIZE);
  for (let i = 0; i < 4; i++) h[i] = LUA_SIGNATURE.charCodeAt(i);
  h[4] = LUAC_VERSION;
  h[5] = LUAC_FORMAT;
  h[6] = f.littleEndian ? 1 : 0;
  h[7] = f.sizeofInt;
  h[8] = f.sizeofSizeT;
  h[9] = f.sizeofInstruction;
  h[10] = f.sizeofNumber;
  h[11] = f.numberIntegral ? 1 : 0;
  return h;
}

/**
 * Reads the first 12 bytes of `bytes` as a header. Returns undefined when they are not a header
 * this library supports (see headerProblem).
 */
export function parseHeader(bytes: Uint8Array): ChunkHeader | undefined {
  return headerProblem(bytes) === undefined ? headerOf(bytes) : undefined;
}

/**
 * Why the first 12 bytes of `bytes` are not a supported header (fewer than 12 bytes, wrong
 * signature, version or format byte, unsupported sizes), or undefined if they are one.
 */
export function headerProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < LUAC_HEADERSIZE) return "shorter than a header";
  for (let i = 0; i < 4; i++) if (bytes[i] !== LUA_SIGNATURE.charCodeAt(i)) return "no Lua signature";
  if (bytes[4] !== LUAC_VERSION) return `version 0x${bytes[4]!.toString(16)}, not 0x51`;
  if (bytes[5] !== LUAC_FORMAT) return `format ${bytes[5]}, not 0`;
  if (bytes[6]! > 1) return `endianness byte ${bytes[6]}`;
  if (bytes[11]! > 1) return `integral-number byte ${bytes[11]}`;
  return formatProblem(headerOf(bytes));
}

function headerOf(bytes: Uint8Array): ChunkHeader {
  return {
    littleEndian: bytes[6] === 1,
    sizeofInt: bytes[7],
    sizeofSizeT: bytes[8],
    sizeofInstruction: bytes[9],
    sizeofNumber: bytes[10],
    numberIntegral: bytes[11] === 1,
  } as ChunkHeader;
}

/** Whether two formats describe the same bytes (flavour included). */
export function sameFormat(a: ChunkFormat, b: ChunkFormat): boolean {
  return (
    a.flavour === b.flavour &&
    a.littleEndian === b.littleEndian &&
    a.sizeofInt === b.sizeofInt &&
    a.sizeofSizeT === b.sizeofSizeT &&
    a.sizeofInstruction === b.sizeofInstruction &&
    a.sizeofNumber === b.sizeofNumber &&
    a.numberIntegral === b.numberIntegral
  );
}

/** A short human description, e.g. `nodemcu, little-endian, int 4, size_t 4, double`. */
export function describeFormat(f: ChunkFormat): string {
  const num = f.numberIntegral ? `int${f.sizeofNumber * 8}` : "double";
  const endian = f.littleEndian ? "little-endian" : "big-endian";
  return `${f.flavour}, ${endian}, int ${f.sizeofInt}, size_t ${f.sizeofSizeT}, ${num}`;
}
