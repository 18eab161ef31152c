// The firmware's digests continued from a cleared context. The Final functions the crypto
// module calls wipe the whole context (app/crypto/sha2.c SHA256_Final, SHA384_Final and
// SHA512_Final end with MEMSET_BZERO(context, sizeof(...)); the ROM's MD5Final and SHA1Final
// follow the NetBSD code that app/include/rom.h says they match, which zeroes the context too),
// and crypto.c lets a hash object be updated and finalized again after that. What it then
// computes is the same algorithm from an all-zero chaining state and a zero length count, which
// node:crypto cannot start from: this file is that algorithm with a settable state.

/** node:crypto names of the firmware's digests. */
export type DigestAlgo = "md5" | "sha1" | "sha256" | "sha384" | "sha512";

const M64 = (1n << 64n) - 1n;

/** floor(x^(1/n)) of a non-negative BigInt, by Newton's method. */
function iroot(x: bigint, n: bigint): bigint {
  if (x < 2n) return x;
  let r = 1n << (BigInt(x.toString(2).length) / n + 1n);
  for (;;) {
    const next = ((n - 1n) * r + x / r ** (n - 1n)) / n;
    if (next >= r) return r;
    r = next;
  }
}

function primes(count: number): bigint[] {
  const out: bigint[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % Number(p) !== 0)) out.push(BigInt(n));
  return out;
}

/** The first `bits` bits of the fractional part of p^(1/root), for the SHA-2 constants. */
const frac = (p: bigint, root: bigint, bits: bigint): bigint =>
  iroot(p << (root * bits), root) & ((1n << bits) - 1n);

const PRIMES = primes(80);
const K256 = PRIMES.slice(0, 64).map((p) => Number(frac(p, 3n, 32n)));
const K512 = PRIMES.map((p) => frac(p, 3n, 64n));
/** The standard initial values, for checking the compression functions against node:crypto. */
export const STANDARD_IV: Record<DigestAlgo, readonly (number | bigint)[]> = {
  md5: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476],
  sha1: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0],
  sha256: PRIMES.slice(0, 8).map((p) => Number(frac(p, 2n, 32n))),
  sha384: PRIMES.slice(8, 16).map((p) => frac(p, 2n, 64n)),
  sha512: PRIMES.slice(0, 8).map((p) => frac(p, 2n, 64n)),
};

/** MD5's T[i] = floor(|sin(i + 1)| * 2^32) and its rotations (RFC 1321). */
const MD5_T = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const rotr = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;
const rotr64 = (x: bigint, n: bigint): bigint => ((x >> n) | (x << (64n - n))) & M64;

function md5Block(h: number[], b: Buffer, o: number): void {
  let [a, bb, c, d] = h as [number, number, number, number];
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: number;
    let g: number;
    if (round === 0) [f, g] = [(bb & c) | (~bb & d), i];
    else if (round === 1) [f, g] = [(d & bb) | (~d & c), (5 * i + 1) & 15];
    else if (round === 2) [f, g] = [bb ^ c ^ d, (3 * i + 5) & 15];
    else [f, g] = [c ^ (bb | ~d), (7 * i) & 15];
    const sum = (a + f + MD5_T[i]! + b.readUInt32LE(o + 4 * g)) >>> 0;
    [a, d, c] = [d, c, bb];
    bb = (bb + rotl(sum, MD5_S[(round << 2) | (i & 3)]!)) >>> 0;
  }
  h[0] = (h[0]! + a) >>> 0;
  h[1] = (h[1]! + bb) >>> 0;
  h[2] = (h[2]! + c) >>> 0;
  h[3] = (h[3]! + d) >>> 0;
}

function sha1Block(h: number[], b: Buffer, o: number): void {
  const w = new Array<number>(80);
  for (let i = 0; i < 16; i++) w[i] = b.readUInt32BE(o + 4 * i);
  for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1);
  let [a, bb, c, d, e] = h as [number, number, number, number, number];
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) [f, k] = [(bb & c) | (~bb & d), 0x5a827999];
    else if (i < 40) [f, k] = [bb ^ c ^ d, 0x6ed9eba1];
    else if (i < 60) [f, k] = [(bb & c) | (bb & d) | (c & d), 0x8f1bbcdc];
    else [f, k] = [bb ^ c ^ d, 0xca62c1d6];
    const t = (rotl(a, 5) + f + e + k + w[i]!) >>> 0;
    [e, d, c, bb, a] = [d, c, rotl(bb, 30), a, t];
  }
  [a, bb, c, d, e].forEach((v, i) => {
    h[i] = (h[i]! + v) >>> 0;
  });
}

function sha256Block(h: number[], b: Buffer, o: number): void {
  const w = new Array<number>(64);
  for (let i = 0; i < 16; i++) w[i] = b.readUInt32BE(o + 4 * i);
  for (let i = 16; i < 64; i++) {
    const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
    const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
  }
  const v = h.slice();
  for (let i = 0; i < 64; i++) {
    const [a, bb, c, d, e, f, g, hh] = v as [number, number, number, number, number, number, number, number];
    const t1 =
      (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) >>> 0;
    v.splice(0, 8, (t1 + t2) >>> 0, a, bb, c, (d + t1) >>> 0, e, f, g);
  }
  for (let i = 0; i < 8; i++) h[i] = (h[i]! + v[i]!) >>> 0;
}

function sha512Block(h: bigint[], b: Buffer, o: number): void {
  const w = new Array<bigint>(80);
  for (let i = 0; i < 16; i++) w[i] = b.readBigUInt64BE(o + 8 * i);
  for (let i = 16; i < 80; i++) {
    const s0 = rotr64(w[i - 15]!, 1n) ^ rotr64(w[i - 15]!, 8n) ^ (w[i - 15]! >> 7n);
    const s1 = rotr64(w[i - 2]!, 19n) ^ rotr64(w[i - 2]!, 61n) ^ (w[i - 2]! >> 6n);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) & M64;
  }
  const v = h.slice();
  for (let i = 0; i < 80; i++) {
    const [a, bb, c, d, e, f, g, hh] = v as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    const ch = (e & f) ^ (~e & M64 & g);
    const t1 = (hh + (rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n)) + ch + K512[i]! + w[i]!) & M64;
    const t2 = ((rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n)) + ((a & bb) ^ (a & c) ^ (bb & c))) & M64;
    v.splice(0, 8, (t1 + t2) & M64, a, bb, c, (d + t1) & M64, e, f, g);
  }
  for (let i = 0; i < 8; i++) h[i] = (h[i]! + v[i]!) & M64;
}

/** A streaming digest from a given chaining state, counting length from zero. */
export class ClearedDigest {
  private readonly state: (number | bigint)[];
  private buffered = Buffer.alloc(0);
  private length = 0;
  private readonly blockSize: number;

  constructor(
    private readonly algo: DigestAlgo,
    iv?: readonly (number | bigint)[],
  ) {
    const wide = algo === "sha384" || algo === "sha512";
    this.blockSize = wide ? 128 : 64;
    const words = algo === "md5" ? 4 : algo === "sha1" ? 5 : 8;
    this.state = iv !== undefined ? [...iv] : new Array(words).fill(wide ? 0n : 0);
  }

  update(data: Buffer): this {
    this.length += data.length;
    let buf = Buffer.concat([this.buffered, data]);
    const bs = this.blockSize;
    let o = 0;
    for (; o + bs <= buf.length; o += bs) this.block(buf, o);
    buf = buf.subarray(o);
    this.buffered = Buffer.from(buf);
    return this;
  }

  digest(): Buffer {
    const bs = this.blockSize;
    const lenBytes = bs === 128 ? 16 : 8;
    const bits = BigInt(this.length) * 8n;
    const padLen = (bs - ((this.length + 1 + lenBytes) % bs)) % bs;
    const tail = Buffer.alloc(1 + padLen + lenBytes);
    tail[0] = 0x80;
    if (this.algo === "md5") tail.writeBigUInt64LE(bits & M64, 1 + padLen);
    else tail.writeBigUInt64BE(bits & M64, tail.length - 8);
    const saved = this.length;
    this.update(tail);
    this.length = saved;
    const out: Buffer[] = [];
    for (const word of this.state) {
      const b = Buffer.alloc(typeof word === "bigint" ? 8 : 4);
      if (typeof word === "bigint") b.writeBigUInt64BE(word);
      else if (this.algo === "md5") b.writeUInt32LE(word);
      else b.writeUInt32BE(word);
      out.push(b);
    }
    const all = Buffer.concat(out);
    return this.algo === "sha384" ? all.subarray(0, 48) : all;
  }

  private block(b: Buffer, o: number): void {
    const s = this.state;
    if (this.algo === "md5") md5Block(s as number[], b, o);
    else if (this.algo === "sha1") sha1Block(s as number[], b, o);
    else if (this.algo === "sha256") sha256Block(s as number[], b, o);
    else sha512Block(s as bigint[], b, o);
  }
}
