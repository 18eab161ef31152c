// Address text as the wifi module reads and writes it: lwIP's ipaddr_addr (app/lwip/core/ipv4/
// ip_addr.c, inet_aton rules), the SDK's ets_str2macaddr, and the MACSTR/IPSTR formats of
// wifi.c ("%02x:%02x:%02x:%02x:%02x:%02x", "%d.%d.%d.%d").

/** IPADDR_NONE: what ipaddr_addr returns for text that is not an address. */
export const IPADDR_NONE = 0xffffffff;

/**
 * ipaddr_addr: 1 to 4 parts (a, a.b, a.b.c, a.b.c.d), each decimal, octal (leading 0) or hex
 * (0x); the last part fills the remaining bytes. Returns the address as a host-order uint32
 * (first byte most significant), IPADDR_NONE when malformed.
 */
export function ipaddrAddr(s: string): number {
  const parts: number[] = [];
  let i = 0;
  for (;;) {
    const c = s[i];
    if (c === undefined || !/[0-9]/.test(c)) return IPADDR_NONE;
    let base = 10;
    if (c === "0") {
      i++;
      if (s[i] === "x" || s[i] === "X") {
        base = 16;
        i++;
      } else base = 8;
    }
    let val = 0;
    for (;;) {
      const d = s[i];
      if (d === undefined) break;
      const v = Number.parseInt(d, 16);
      if (/[0-9]/.test(d) && v < base) val = val * base + v;
      else if (base === 16 && !Number.isNaN(v)) val = val * 16 + v;
      else break;
      val >>>= 0;
      i++;
    }
    parts.push(val);
    if (s[i] === ".") {
      if (parts.length >= 4) return IPADDR_NONE;
      i++;
      continue;
    }
    // trailing text must be whitespace
    if (i < s.length && !/^\s/.test(s.slice(i))) return IPADDR_NONE;
    break;
  }
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  switch (parts.length) {
    case 1:
      return a >>> 0;
    case 2:
      return a > 0xff || b > 0xffffff ? IPADDR_NONE : ((a << 24) | b) >>> 0;
    case 3:
      return a > 0xff || b > 0xff || c > 0xffff ? IPADDR_NONE : ((a << 24) | (b << 16) | c) >>> 0;
    default:
      return a > 0xff || b > 0xff || c > 0xff || d > 0xff
        ? IPADDR_NONE
        : ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  }
}

/** IPSTR of a host-order address. */
export function ipString(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff].join(".");
}

/** A dotted quad to its host-order number (addresses this emulator made itself). */
export function ipNumber(s: string): number {
  const n = ipaddrAddr(s);
  return n === IPADDR_NONE && s !== "255.255.255.255" ? 0 : n;
}

/**
 * ets_str2macaddr: six hex pairs at offsets 0, 3, 6, ... (the separators are not checked); a pair
 * that is not hex reads as what strtol makes of it (0 when nothing parses).
 */
export function str2mac(s: string): number[] {
  const mac: number[] = [];
  for (let i = 0; i < 6; i++) {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i * 3, i * 3 + 2));
    mac.push(m === null ? 0 : Number.parseInt(m[0], 16));
  }
  return mac;
}

/** MACSTR: lowercase, colon separated. */
export function macString(mac: readonly number[]): string {
  return mac.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

/** A MAC text normalised through the device's parser and formatter. */
export const normalMac = (s: string): string => macString(str2mac(s));
