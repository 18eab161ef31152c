// tls.cert.verify and tls.cert.auth of app/modules/tls.c: PEM blobs decoded as append_pem_blob
// does (its checks and messages) into the flash sectors tls.c reserves (tls_server_cert_area
// for CA certificates, tls_client_cert_area for the client's certificate and key), which stay
// across restarts; the enable flags (espconn_secure_ca_enable, espconn_secure_cert_req_enable)
// and the callbacks (ssl_client_options) last one boot. What a connection then uses is worked
// out as espconn_mbedtls.c's mbedtls_msg_config does (callbacks first, then the flash).

import type { Firmware } from "../firmware/module.js";
import { boardOf } from "../hw/board.js";
import { pcall } from "../lua/calls.js";
import { toStr } from "../lua/lib/aux.js";
import type { LuaValue } from "../lua/value.js";
import type { SecureOptions } from "./espconn.js";

/** INTERNAL_FLASH_SECTOR_SIZE: one sector holds every blob, each after a 32+2-byte header. */
const SECTOR = 0x1000;
const HEADER = 32 + 2;

/** One decoded blob as fill_page_with_pem writes it: its name and DER bytes. */
interface Blob {
  name: string;
  der: Buffer;
}

/** The two flash sectors: they survive restarts (kept with the board, which stays powered). */
interface CertFlash {
  server: Blob[];
  client: Blob[];
}

const flashes = new WeakMap<object, CertFlash>();

function flashOf(fw: Firmware): CertFlash {
  const board = boardOf(fw);
  let f = flashes.get(board);
  if (f === undefined) {
    f = { server: [], client: [] };
    flashes.set(board, f);
  }
  return f;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * append_pem_blob: the first "-----BEGIN " block, which must be of `type`, base64-decoded up to
 * its "-----END <type>" line. Returns the DER bytes or tls.c's error message.
 */
export function decodePem(pem: string | undefined, type: string, room: number): Buffer | string {
  if (pem === undefined) return "No PEM blob";
  let at = pem.indexOf("-----BEGIN ");
  if (at < 0) return "No PEM header";
  if (!pem.startsWith(type, at + 11)) return "Wrong PEM type";
  at = pem.indexOf("\n", at);
  if (at < 0) return "Incorrect PEM format";
  const out: number[] = [];
  let bitcount = 0;
  let acc = 0;
  let i = at;
  for (; i < pem.length && out.length < room; i++) {
    const ch = pem[i]!;
    if (ch === "\0") break; // the C string ends here
    const val = B64.indexOf(ch);
    if (val < 0) {
      if (/[ \t\n\v\f\r]/.test(ch)) continue;
      if (ch === "=") {
        bitcount = 0;
        continue;
      }
      if (ch === "-") break;
      return "Invalid character in PEM";
    }
    bitcount += 6;
    acc = ((acc << 6) + val) | 0;
    if (bitcount >= 8) {
      bitcount -= 8;
      out.push((acc >> bitcount) & 0xff);
    }
  }
  if (out.length >= room || !pem.startsWith("-----END ", i) || !pem.startsWith(type, i + 9) || bitcount)
    return "Invalid PEM format data";
  return Buffer.from(out);
}

/** fill_page_with_pem: every blob or nothing; the message of the first bad one. */
function fillPage(
  pems: readonly (string | undefined)[],
  types: readonly string[],
  names: readonly string[],
): Blob[] | string {
  const blobs: Blob[] = [];
  let used = 0;
  for (let i = 0; i < types.length && i < pems.length; i++) {
    const der = decodePem(pems[i], types[i]!, SECTOR - used - HEADER);
    if (typeof der === "string") return der;
    blobs.push({ name: names[i]!, der });
    used += HEADER + der.length;
  }
  return blobs;
}

const toPem = (type: string, der: Buffer): string =>
  `-----BEGIN ${type}-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END ${type}-----\n`;

/** lauxlib's LUA_NOREF. */
const NOREF = -2;

/** ssl_client_options and the enable flags, for one boot. */
export class TlsCertConfig {
  verifyCallback = NOREF;
  authCallback = NOREF;
  caEnabled = false;
  certEnabled = false;

  constructor(private readonly fw: Firmware) {}

  private get flash(): CertFlash {
    return flashOf(this.fw);
  }

  dropCallback(which: "verify" | "auth"): void {
    const key = which === "verify" ? "verifyCallback" : "authCallback";
    if (this[key] !== NOREF) this.fw.unref(this[key]);
    this[key] = NOREF;
  }

  setCallback(which: "verify" | "auth", fn: LuaValue): void {
    this.dropCallback(which);
    if (which === "verify") this.verifyCallback = this.fw.ref(fn);
    else this.authCallback = this.fw.ref(fn);
  }

  /** tls.cert.verify(pem): stores the first CA certificate (the only one fill_page_with_pem reads). */
  storeServer(pems: readonly (string | undefined)[]): string | undefined {
    const r = fillPage(pems, ["CERTIFICATE"], ["certificate"]);
    if (typeof r === "string") return r;
    this.flash.server = r;
    return undefined;
  }

  /** tls.cert.auth(cert, key): the client certificate and its RSA key. */
  storeClient(pems: readonly (string | undefined)[]): string | undefined {
    const r = fillPage(pems, ["CERTIFICATE", "RSA PRIVATE KEY"], ["certificate", "private_key"]);
    if (typeof r === "string") return r;
    this.flash.client = r;
    return undefined;
  }

  /** tls_server_cert_area[0] is neither 0x00 nor 0xff: something was stored. */
  get haveServerCerts(): boolean {
    return this.flash.server.length > 0;
  }

  get haveClientCerts(): boolean {
    return this.flash.client.length > 0;
  }

  /**
   * mbedtls_msg_config's choice for a new connection: the CA list (undefined: no verification),
   * the client certificate and key, or "abort" when a callback failed (the connection fails).
   */
  connectionOptions(): { ca?: string[]; cert?: string; key?: string } | "abort" {
    const opts: { ca?: string[]; cert?: string; key?: string } = {};
    if (this.authCallback !== NOREF) {
      // the key (k = 0), then the chain (k = 1, 2, ...): mbedtls_ssl_conf_own_cert fails
      // without both, and the connection with it
      const key = this.callbackItems(this.authCallback, 0, false);
      if (key === "abort" || key.length === 0) return "abort";
      const chain = this.callbackItems(this.authCallback, 1, true);
      if (chain === "abort" || chain.length === 0) return "abort";
      opts.key = key[0];
      opts.cert = chain.join("\n");
    }
    if (opts.key === undefined && this.certEnabled) {
      const cert = this.flash.client.find((b) => b.name === "certificate");
      const key = this.flash.client.find((b) => b.name === "private_key");
      if (cert !== undefined && key !== undefined) {
        opts.cert = toPem("CERTIFICATE", cert.der);
        opts.key = toPem("RSA PRIVATE KEY", key.der);
      }
    }
    if (this.verifyCallback !== NOREF) {
      const cas = this.callbackItems(this.verifyCallback, 1, true);
      if (cas === "abort") return "abort";
      // nodemcu_tls_cert_get answers 1 even when the first call returned nil: verification is
      // then required against an empty chain, which no server passes
      opts.ca = cas;
      return opts;
    }
    if (this.caEnabled) opts.ca = this.flash.server.map((b) => toPem("CERTIFICATE", b.der));
    return opts;
  }

  /**
   * nodemcu_tls_cert_get: calls fn(k), k counting up when `loop`, until nil or false; each
   * answer is PEM or DER text (DER is wrapped as PEM for the host's TLS). "abort" on an error
   * or a non-string answer (lua_pcall, not luaL_pcallx: the error is dropped).
   */
  private callbackItems(ref: number, first: number, loop: boolean): string[] | "abort" {
    const L = this.fw.L;
    const fn = this.fw.getRef(ref);
    const items: string[] = [];
    let k = first;
    do {
      const base = L.top;
      L.push(fn);
      L.push(k);
      if (pcall(L, base, 1, 0) !== undefined) {
        L.top = base;
        return "abort";
      }
      const v = L.stack[base];
      L.top = base;
      if (v === undefined || v === false) break;
      const s = toStr(v);
      if (s === undefined) return "abort";
      items.push(s.includes("-----BEGIN") ? s : toPem("CERTIFICATE", Buffer.from(s, "latin1")));
      k++;
    } while (loop);
    return items;
  }
}

const configs = new WeakMap<Firmware, TlsCertConfig>();

/**
 * This boot's ssl_client_options: what tls.cert.verify/auth set, used by every secure
 * connection of the board (tls sockets, mqtt and http over TLS), as the SDK's mbedTLS glue
 * (app/mbedtls/app/espconn_mbedtls.c) uses one configuration for all of them.
 */
export function tlsCertsOf(fw: Firmware): TlsCertConfig {
  let c = configs.get(fw);
  if (c === undefined) {
    c = new TlsCertConfig(fw);
    configs.set(fw, c);
  }
  return c;
}

/** The options of a secure espconn other than a tls socket (mqtt, http): tls.cert's, if built. */
export function secureOptions(fw: Firmware, servername: string): SecureOptions {
  if (!fw.config.modules.includes("tls")) return { servername };
  const o = tlsCertsOf(fw).connectionOptions();
  return o === "abort" ? { servername, ca: [] } : { servername, ...o };
}
