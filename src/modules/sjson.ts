// The sjson module (app/modules/sjson.c; docs/modules/sjson.md): encode/encoder and
// decode/decoder, with the objects' ROM metatables registered as "sjson.encoder" and
// "sjson.decoder" (luaopen_sjson's luaL_rometatable) and found again by luaL_checkudata.
// There is no sjson.NULL entry (the docs mention one; the LROT list has only these four), so a
// decoded JSON null is a light userdata NULL: standard 5.1 calls it "userdata", the device's
// luaT_typenames (app/lua/ltm.c) calls type 2 "lightfunction", so on the board
// type(sjson.decode("[null]")[1]) is "lightfunction".

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { newUserdata } from "../lua/gc.js";
import { checkString, checkTable, error, typeError } from "../lua/lib/aux.js";
import { light, ROM_SELF, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { index } from "../lua/tm.js";
import { LuaUserdata } from "../lua/value.js";
import { toInt32 } from "./int32.js";
import { DECODER_UDATA_BYTES, SjsonDecoder } from "./sjson-decoder.js";
import { ENCODER_UDATA_BYTES, SjsonEncoder } from "./sjson-encoder.js";

export const ENCODER_TYPE = "sjson.encoder";
export const DECODER_TYPE = "sjson.decoder";

/** luaL_checkudata(L, narg, tname): the object's C struct. */
function checkUdata<T>(L: LuaThread, narg: number, tname: string): T {
  const v = L.arg(narg);
  if (v instanceof LuaUserdata && v.metatable !== undefined && v.metatable === L.G.registry.get(tname)) {
    return v.data as T;
  }
  return typeError(L, narg, tname);
}

const checkEncoder = (L: LuaThread) => checkUdata<SjsonEncoder>(L, 1, ENCODER_TYPE);
const checkDecoder = (L: LuaThread) => checkUdata<SjsonDecoder>(L, 1, DECODER_TYPE);

/** Pushes a string result, or nothing (a C function returning 0). */
function pushResult(L: LuaThread, s: string | undefined): number {
  if (s === undefined) return 0;
  L.push(s);
  return 1;
}

/** sjson_encoder_read: read([n]); only a number argument counts, at least 1, default 1024. */
function encoderRead(L: LuaThread): number {
  const enc = checkEncoder(L);
  const n = L.arg(2);
  let readsize = 1024;
  if (typeof n === "number") readsize = Math.max(toInt32(n), 1);
  return pushResult(L, enc.read(L, readsize));
}

/** sjson_decoder_write: the decoded value once the top-level container has closed, else nothing. */
function decoderWrite(L: LuaThread): number {
  const dec = checkDecoder(L);
  const r = dec.write(L, checkString(L, 2));
  if (!r.done) return 0;
  L.push(r.value);
  return 1;
}

/** sjson_encoder_map: __gc, __index (itself), read. */
export const ENCODER_METATABLE = new RomTable([
  [
    "__gc",
    light("__gc", (L) => {
      checkEncoder(L).destroy();
      return 0;
    }),
  ],
  ["__index", ROM_SELF],
  ["read", light("read", encoderRead)],
]);

/** sjson_decoder_map: __gc, __index (itself), write, result. */
export const DECODER_METATABLE = new RomTable([
  [
    "__gc",
    light("__gc", (L) => {
      checkDecoder(L).destroy();
      return 0;
    }),
  ],
  ["__index", ROM_SELF],
  ["write", light("write", decoderWrite)],
  [
    "result",
    light("result", (L) => {
      L.push(checkDecoder(L).result(L));
      return 1;
    }),
  ],
]);

/**
 * The `depth` option as sjson.c reads it: lua_getfield(opts, "depth") (so an __index runs), then
 * lua_tointeger of the opts table instead of the field - always 0, which means the default.
 */
function readDepth(L: LuaThread, opts: LuaTable): void {
  index(L, opts, "depth", -1);
}

/** sjson_encoder: the encoder userdata, pushed (so the collector sees it while it is set up). */
function newEncoder(fw: Firmware, L: LuaThread): SjsonEncoder {
  const root = checkTable(L, 1);
  const opts = L.arg(2);
  const isOpts = opts instanceof LuaTable;
  if (isOpts) readDepth(L, opts);
  const enc = new SjsonEncoder(fw);
  const u = newUserdata(L, ENCODER_UDATA_BYTES, enc);
  u.metatable = L.G.registry.get(ENCODER_TYPE) as LuaTable | undefined;
  L.push(u);
  enc.init(L, root, isOpts ? opts : undefined);
  return enc;
}

/** sjson_decoder_int(L, argno): the decoder userdata, pushed. */
function newDecoder(fw: Firmware, L: LuaThread, argno: number): SjsonDecoder {
  const opts = L.arg(argno);
  const isOpts = opts instanceof LuaTable;
  if (isOpts) readDepth(L, opts);
  const dec = new SjsonDecoder(fw, L);
  const u = newUserdata(L, DECODER_UDATA_BYTES, dec);
  u.metatable = L.G.registry.get(DECODER_TYPE) as LuaTable | undefined;
  L.push(u);
  dec.init(L, isOpts ? opts : undefined);
  return dec;
}

export const sjsonModule: ModuleDef = {
  name: "sjson",
  entries: (fw) => [
    [
      "encode",
      light("encode", (L) => {
        const enc = newEncoder(fw, L);
        return pushResult(L, enc.read(L, 1000000));
      }),
    ],
    [
      "decode",
      light("decode", (L) => {
        const dec = newDecoder(fw, L, 2);
        const r = dec.write(L, checkString(L, 1));
        if (!r.done) error(L, "Incomplete JSON object passed to sjson.decode");
        L.push(r.value);
        return 1;
      }),
    ],
    [
      "encoder",
      light("encoder", (L) => {
        newEncoder(fw, L);
        return 1;
      }),
    ],
    [
      "decoder",
      light("decoder", (L) => {
        newDecoder(fw, L, 1);
        return 1;
      }),
    ],
  ],
  init(fw) {
    // luaL_rometatable: a name already in the registry is left alone
    const reg = fw.L.G.registry;
    if (reg.get(DECODER_TYPE) === undefined) reg.set(DECODER_TYPE, DECODER_METATABLE);
    if (reg.get(ENCODER_TYPE) === undefined) reg.set(ENCODER_TYPE, ENCODER_METATABLE);
  },
};
