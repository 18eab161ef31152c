// The crypto module (app/modules/crypto.c over app/crypto/digests.c and app/crypto/mech.c):
// digests, HMACs, hash objects, AES and an XOR mask. The digest algorithms are the firmware's
// (ROM MD5/SHA1, sha2.c with SHA2_ENABLE); their output is standard, so node:crypto computes it.
//
// Names of hashes and ciphers are C strings compared with strcasecmp: case does not matter and a
// NUL ends the name.

import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import type { Firmware, ModuleDef } from "../firmware/module.js";
import { chargeString, newUserdata } from "../lua/gc.js";
import { checkString, error, optString, typeError } from "../lua/lib/aux.js";
import { light, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaTable } from "../lua/table.js";
import { LuaUserdata } from "../lua/value.js";
import { ClearedDigest, type DigestAlgo } from "./crypto-cleared.js";

/** digest_mech_info_t (digests.c:55-64) with the device's sizeof of each context. */
interface DigestMech {
  name: string;
  node: DigestAlgo;
  /** sizeof(MD5_CTX), sizeof(SHA1_CTX) (app/include/rom.h), sizeof(SHA*_CTX) (sha2.h). */
  ctxSize: number;
  digestSize: number;
  blockSize: number;
}

const HASH_MECHS: readonly DigestMech[] = [
  { name: "MD5", node: "md5", ctxSize: 92, digestSize: 16, blockSize: 64 },
  { name: "SHA1", node: "sha1", ctxSize: 92, digestSize: 20, blockSize: 64 },
  { name: "SHA256", node: "sha256", ctxSize: 104, digestSize: 32, blockSize: 64 },
  { name: "SHA384", node: "sha384", ctxSize: 208, digestSize: 48, blockSize: 128 },
  { name: "SHA512", node: "sha512", ctxSize: 208, digestSize: 64, blockSize: 128 },
];

/** sizeof(digest_user_datum_t): three pointers. */
const DUDAT_SIZE = 12;

/** The luaL_checkudata name of hash objects (crypto.c's luaopen_crypto). */
export const HASH_TYPE = "crypto.hash";

/** A Lua string as the C string luaL_checkstring hands over: up to its first NUL. */
const cString = (s: string): string => {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
};

/** strcasecmp(a, b) === 0: ASCII letters fold, nothing else does. */
const sameIgnoringCase = (a: string, b: string): boolean =>
  a.length === b.length &&
  a.replace(/[a-z]/g, (c) => c.toUpperCase()) === b.replace(/[a-z]/g, (c) => c.toUpperCase());

/** crypto_digest_mech of argument 1, or luaL_error "unknown hash mech" (crypto.c:71). */
function checkMech(L: LuaThread): DigestMech {
  const name = cString(checkString(L, 1));
  const mi = HASH_MECHS.find((m) => sameIgnoringCase(name, m.name));
  if (mi === undefined) return error(L, "unknown hash mech");
  return mi;
}

const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

function pushBytes(L: LuaThread, b: Buffer | string): number {
  const s = typeof b === "string" ? b : b.toString("latin1");
  chargeString(L, s);
  L.push(s);
  return 1;
}

/** A running digest context: node:crypto's, or one continued from a cleared context. */
interface DigestContext {
  update(data: Buffer): unknown;
  digest(): Buffer;
}

/** The C side of a hash object: the digest context and, for an HMAC, k_opad. */
class DigestState {
  ctx: DigestContext;
  constructor(
    readonly mi: DigestMech,
    readonly kOpad: Buffer | undefined,
  ) {
    this.ctx = createHash(mi.node);
  }

  /**
   * mi->finalize, and for an HMAC crypto_hmac_finalize's outer hash over a fresh context. Every
   * Final leaves the context zeroed, and crypto.c lets the object go on from there: later
   * updates and finalizes run from an all-zero state (crypto-cleared.ts).
   */
  finalize(): Buffer {
    let digest = this.ctx.digest();
    if (this.kOpad !== undefined)
      digest = createHash(this.mi.node).update(this.kOpad).update(digest).digest();
    this.ctx = new ClearedDigest(this.mi.node);
    return digest;
  }
}

/** crypto_hmac_begin: hashes a key longer than a block, then starts the inner hash with k_ipad. */
function hmacBegin(st: DigestState, key: Buffer): void {
  const bs = st.mi.blockSize;
  if (key.length > bs) key = createHash(st.mi.node).update(key).digest();
  const kIpad = Buffer.alloc(bs, 0x36);
  for (let i = 0; i < key.length; i++) {
    kIpad[i]! ^= key[i]!;
    st.kOpad![i]! ^= key[i]!;
  }
  st.ctx.update(kIpad);
}

function hmacDigest(mi: DigestMech, data: Buffer, key: Buffer): Buffer {
  const st = new DigestState(mi, Buffer.alloc(mi.blockSize, 0x5c));
  hmacBegin(st, key);
  st.ctx.update(data);
  return st.finalize();
}

/** luaL_checkudata(L, 1, "crypto.hash"). */
function checkHashObject(L: LuaThread): DigestState {
  const v = L.arg(1);
  if (v instanceof LuaUserdata && v.metatable !== undefined && v.metatable === L.G.registry.get(HASH_TYPE)) {
    return v.data as DigestState;
  }
  return typeError(L, 1, HASH_TYPE);
}

/** crypto_new_hash_hmac: one userdata holds the datum, the context and k_opad. */
function newHashObject(L: LuaThread, hmac: boolean): number {
  const mi = checkMech(L);
  const key = hmac ? bytes(checkString(L, 2)) : undefined;
  const st = new DigestState(mi, hmac ? Buffer.alloc(mi.blockSize, 0x5c) : undefined);
  const ud = newUserdata(L, DUDAT_SIZE + mi.ctxSize + (hmac ? mi.blockSize : 0), st);
  ud.metatable = L.G.registry.get(HASH_TYPE) as LuaTable | undefined;
  if (key !== undefined) hmacBegin(st, key);
  L.push(ud);
  return 1;
}

/**
 * The crypto_hash_map ROTable: its __index is the table itself (LROT_TABENTRY(__index,
 * crypto_hash_map)); a ROM table is sealed once built, so the slot is pointed at it afterwards.
 */
function hashMetatable(): RomTable {
  const mt = new RomTable([
    ["__index", true],
    [
      "update",
      light("update", (L) => {
        const st = checkHashObject(L);
        st.ctx.update(bytes(checkString(L, 2)));
        return 0;
      }),
    ],
    ["finalize", light("finalize", (L) => pushBytes(L, checkHashObject(L).finalize()))],
  ]);
  mt.setValueAt(mt.findIndex("__index"), mt);
  return mt;
}

/** The method table: in flash, so one for every board. */
export const HASH_METATABLE = hashMetatable();

/** A digest over an os_malloc'd context (crypto_hash, crypto_hmac), charged while it lives. */
function withContext<T>(L: LuaThread, fw: Firmware, size: number, run: () => T): T {
  fw.malloc(L, size);
  try {
    return run();
  } finally {
    fw.free(size);
  }
}

function fhash(L: LuaThread, fw: Firmware): number {
  const mi = checkMech(L);
  const filename = cString(checkString(L, 2));
  const fd = fw.fs.open(filename, "r");
  if (fd === undefined) return error(L, "file does not exist");
  // crypto_fhash: the context and a block-sized read buffer, read until a short block
  const digest = withContext(L, fw, mi.ctxSize + mi.blockSize, () => {
    const h = createHash(mi.node);
    let chunk: string;
    do {
      chunk = fw.fs.read(fd, mi.blockSize);
      if (chunk.length > 0) h.update(bytes(chunk));
    } while (chunk.length === mi.blockSize);
    return h.digest();
  });
  fw.fs.close(fd);
  return pushBytes(L, digest);
}

/** The AES mechs of mech.c (block size 16). */
const CIPHERS = ["AES-ECB", "AES-CBC"] as const;
const AES_BLOCKSIZE = 16;

/**
 * crypto_encdec. The data is zero-padded to whole blocks and each block goes through the SDK's
 * AES, whose aes_*_init accept a 16-byte key only (128-bit AES, as the module's documentation
 * demands); any other key makes the op fail. CBC takes up to 16 bytes of IV, zero-padded; ECB
 * ignores the IV. Decryption returns every block, padding included.
 */
function encdec(L: LuaThread, fw: Firmware, enc: boolean): number {
  const name = cString(checkString(L, 1));
  const mech = CIPHERS.find((c) => sameIgnoringCase(name, c));
  if (mech === undefined) return error(L, `unknown cipher: ${name}`);
  const key = bytes(checkString(L, 2));
  const data = bytes(checkString(L, 3));
  const iv = bytes(optString(L, 4, ""));
  const outlen = Math.ceil(data.length / AES_BLOCKSIZE) * AES_BLOCKSIZE;
  // luaM_newvector(L, outlen, char): the output buffer, on the Lua heap until the result is made
  fw.malloc(L, outlen);
  let out: Buffer | undefined;
  if (key.length === 16) {
    const padded = Buffer.alloc(outlen);
    data.copy(padded);
    const ivBlock = Buffer.alloc(AES_BLOCKSIZE);
    if (mech === "AES-CBC") iv.copy(ivBlock, 0, 0, Math.min(iv.length, AES_BLOCKSIZE));
    const algo = mech === "AES-CBC" ? "aes-128-cbc" : "aes-128-ecb";
    const c = enc
      ? createCipheriv(algo, key, mech === "AES-CBC" ? ivBlock : null)
      : createDecipheriv(algo, key, mech === "AES-CBC" ? ivBlock : null);
    c.setAutoPadding(false);
    out = Buffer.concat([c.update(padded), c.final()]);
  }
  if (out === undefined) {
    fw.free(outlen);
    return error(L, "crypto op failed");
  }
  pushBytes(L, out);
  fw.free(outlen);
  return 1;
}

export const cryptoModule: ModuleDef = {
  name: "crypto",
  entries: (fw) => [
    // the ROM's SHA1Init/Update/Final on a stack context
    [
      "sha1",
      light("sha1", (L) =>
        pushBytes(
          L,
          createHash("sha1")
            .update(bytes(checkString(L, 1)))
            .digest(),
        ),
      ),
    ],
    [
      "mask",
      light("mask", (L) => {
        const msg = checkString(L, 1);
        const mask = checkString(L, 2);
        if (mask.length <= 0) return error(L, "invalid argument: mask");
        const out = Buffer.alloc(msg.length);
        for (let i = 0; i < msg.length; i++) out[i] = msg.charCodeAt(i) ^ mask.charCodeAt(i % mask.length);
        return pushBytes(L, out);
      }),
    ],
    [
      "hash",
      light("hash", (L) => {
        const mi = checkMech(L);
        const data = bytes(checkString(L, 2));
        return pushBytes(
          L,
          withContext(L, fw, mi.ctxSize, () => createHash(mi.node).update(data).digest()),
        );
      }),
    ],
    ["fhash", light("fhash", (L) => fhash(L, fw))],
    ["new_hash", light("new_hash", (L) => newHashObject(L, false))],
    [
      "hmac",
      light("hmac", (L) => {
        const mi = checkMech(L);
        const data = bytes(checkString(L, 2));
        const key = bytes(checkString(L, 3));
        // crypto_hmac allocates the context and k_opad together
        return pushBytes(
          L,
          withContext(L, fw, mi.ctxSize + mi.blockSize, () => hmacDigest(mi, data, key)),
        );
      }),
    ],
    ["new_hmac", light("new_hmac", (L) => newHashObject(L, true))],
    ["encrypt", light("encrypt", (L) => encdec(L, fw, true))],
    ["decrypt", light("decrypt", (L) => encdec(L, fw, false))],
  ],
  init(fw) {
    // luaL_rometatable(L, "crypto.hash", crypto_hash_map): kept if the name is already taken
    const reg = fw.L.G.registry;
    if (reg.get(HASH_TYPE) === undefined) reg.set(HASH_TYPE, HASH_METATABLE);
  },
};
