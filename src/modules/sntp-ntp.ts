// The NTP wire format and fixed-point arithmetic of app/modules/sntp.c: the 48-byte ntp_frame_t
// (mode:3 ver:3 LI:2 in the first byte, as GCC lays out the bitfields on the little-endian
// ESP8266, which is also NTP's bit order), the div1m approximation behind US_TO_FRAC, and the
// RFC 2030 offset and delay sntp.c computes when rtctime is in the build.

/** sizeof(ntp_frame_t): shorter datagrams are ignored. */
export const NTP_FRAME_BYTES = 48;
/** NTP_TO_UNIX_EPOCH of sntp.c: seconds from 1900 to 1970. */
export const NTP_TO_UNIX_EPOCH = 2208988800;

const U32 = 0xffffffffn;
const U64 = (1n << 64n) - 1n;

/** A 64-bit NTP timestamp: seconds since 1900 in the high word, a binary fraction below. */
export interface NtpStamp {
  sec: number;
  frac: number;
}

/** The fields of a reply sntp.c's on_recv reads. */
export interface NtpReply {
  li: number;
  stratum: number;
  rootDelay: number;
  rootDispersion: number;
  /** refid as 4 bytes (a KoD packet says "DENY"). */
  refid: string;
  /** The origin timestamp as sent (network order), compared with the request's cookie. */
  originRaw: string;
  origin: NtpStamp;
  recv: NtpStamp;
  xmit: NtpStamp;
}

/**
 * div1m: sntp.c's shift-and-add approximation of n / 1000000 (it ignores an error term of
 * picoseconds), kept because the request's transmit fraction is what the server echoes back.
 */
export function div1m(n: bigint): bigint {
  const q1 = (n >> 5n) + (n >> 10n);
  const q2 = (n >> 12n) + (q1 >> 1n);
  const q3 = (q2 >> 11n) - (q2 >> 23n);
  const q = (n + q1 + q2 - q3) & U64;
  return q >> 20n;
}

/** US_TO_FRAC(us): microseconds as a 32-bit binary fraction of a second. */
export const usToFrac = (us: number): number => Number(div1m(BigInt(us >>> 0) << 32n) & U32);

/** FRAC16_TO_US(frac): a 16.16 fixed-point second count in microseconds (64-bit, unsigned). */
export const frac16ToUs = (frac: number): bigint => (BigInt(frac >>> 0) * 1000000n) >> 16n;

/** The client request: version 4, mode 3 (client), everything zero but the transmit time. */
export function ntpRequest(xmit: NtpStamp): Buffer {
  const b = Buffer.alloc(NTP_FRAME_BYTES);
  b[0] = (4 << 3) | 3;
  b.writeUInt32BE(xmit.sec >>> 0, 40);
  b.writeUInt32BE(xmit.frac >>> 0, 44);
  return b;
}

const stamp = (b: Buffer, at: number): NtpStamp => ({
  sec: b.readUInt32BE(at),
  frac: b.readUInt32BE(at + 4),
});

/** The reply's fields; undefined for a datagram shorter than a frame (not NTP: ignored). */
export function parseReply(data: Buffer): NtpReply | undefined {
  if (data.length < NTP_FRAME_BYTES) return undefined;
  return {
    li: data[0]! >> 6,
    stratum: data[1]!,
    rootDelay: data.readUInt32BE(4),
    rootDispersion: data.readUInt32BE(8),
    refid: data.subarray(12, 16).toString("latin1"),
    originRaw: data.subarray(24, 32).toString("latin1"),
    origin: stamp(data, 24),
    recv: stamp(data, 32),
    xmit: stamp(data, 40),
  };
}

const u64 = (s: NtpStamp): bigint => (BigInt(s.sec >>> 0) << 32n) + BigInt(s.frac >>> 0);

/**
 * on_recv's computation with rtctime: delta = (recv - origin)/2 + (xmit - dest)/2 (each
 * difference taken modulo 2^64, then signed, halved toward zero) and the round-trip delay
 * ((dest - origin) - (xmit - recv)) >> 16 as the uint32_t record_result takes.
 */
export function offsetAndDelay(
  origin: NtpStamp,
  recv: NtpStamp,
  xmit: NtpStamp,
  dest: NtpStamp,
): { delta: bigint; delayFrac: number } {
  const o = u64(origin);
  const r = u64(recv);
  const x = u64(xmit);
  const d = u64(dest);
  const delta = BigInt.asIntN(64, r - o) / 2n + BigInt.asIntN(64, x - d) / 2n;
  const delay = BigInt.asIntN(64, (d - o - ((x - r) & U64)) & U64) >> 16n;
  return { delta, delayFrac: Number(BigInt.asUintN(32, delay)) };
}

/** Without rtctime sntp.c takes the transmit time itself as the result (Unix-based). */
export const xmitAsDelta = (xmit: NtpStamp): bigint =>
  BigInt.asIntN(64, ((BigInt(xmit.sec >>> 0) - BigInt(NTP_TO_UNIX_EPOCH)) << 32n) + BigInt(xmit.frac >>> 0));
