// The "tls.socket" object of app/modules/tls.c (tls_socket_ud): connect, close, on, send, hold,
// unhold, getpeer and __gc over a secure espconn (espconn-lwip.ts's SecureTcp: Node's TLS on a
// host socket). tls.c runs its callbacks with plain lua_call: asynchronous ones go through
// fw.callUnprotected (PANIC and a reset on error); the dns callback of an address that needs
// no lookup runs inside connect and raises as usual.

import { lwipOf } from "../firmware/lwip.js";
import { ERR_INPROGRESS, ERR_OK } from "../firmware/lwip-err.js";
import type { Firmware } from "../firmware/module.js";
import { newUserdata } from "../lua/gc.js";
import { checkInteger, checkString, error } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import {
  ESPCONN_ABRT,
  ESPCONN_CLSD,
  ESPCONN_MEM,
  ESPCONN_RST,
  ESPCONN_RTE,
  ESPCONN_TIMEOUT,
  type TcpEspconn,
} from "./espconn.js";
import { espNetOf } from "./espconn-net.js";
import { checkUdata, isFunction, isString } from "./lua-args.js";
import { callSync } from "./net-socket.js";
import type { TlsCertConfig } from "./tls-cert.js";

export const TLS_SOCKET = "tls.socket";
/** sizeof(tls_socket_ud): struct espconn and seven refs. */
const SIZEOF_TLS_SOCKET_UD = 64;
/** sizeof(esp_tcp), calloc'd by connect and freed by the cleanup. */
const SIZEOF_ESP_TCP = 48;
const NOREF = -2;
const ESPCONN_HANDSHAKE = -28;
const ESPCONN_SSL_INVALID_DATA = -61;

const EVENTS = ["connection", "disconnection", "reconnection", "receive", "sent", "dns"] as const;
type TlsEvent = (typeof EVENTS)[number];

/** tls_socket_onreconnect's reason strings (the error arrives as an s8). */
function reason(err: number): string | undefined {
  switch ((err << 24) >> 24) {
    case ESPCONN_MEM:
      return "Out of memory";
    case ESPCONN_TIMEOUT:
      return "Timeout";
    case ESPCONN_RTE:
      return "Routing problem";
    case ESPCONN_ABRT:
      return "Connection aborted";
    case ESPCONN_RST:
      return "Connection reset";
    case ESPCONN_CLSD:
      return "Connection closed";
    case ESPCONN_HANDSHAKE:
      return "SSL handshake failed";
    case ESPCONN_SSL_INVALID_DATA:
      return "SSL application invalid";
    default:
      return undefined;
  }
}

/** tls_socket_ud. */
export class TlsSocket {
  selfRef = NOREF;
  readonly refs: Record<TlsEvent, number> = {
    connection: NOREF,
    disconnection: NOREF,
    reconnection: NOREF,
    receive: NOREF,
    sent: NOREF,
    dns: NOREF,
  };
  /** pesp_conn.proto.tcp: set by connect, freed by the cleanup. */
  tcp: { remoteIp: string; remotePort: number; conn: TcpEspconn | undefined } | undefined = undefined;

  constructor(
    readonly fw: Firmware,
    private readonly certs: TlsCertConfig,
  ) {}

  private get self(): LuaValue {
    return this.selfRef === NOREF ? undefined : this.fw.getRef(this.selfRef);
  }

  private callback(ev: TlsEvent): LuaValue {
    const r = this.refs[ev];
    return r === NOREF ? undefined : this.fw.getRef(r);
  }

  private dropSelf(): void {
    if (this.selfRef !== NOREF) this.fw.unref(this.selfRef);
    this.selfRef = NOREF;
  }

  /** tls_socket_cleanup: the connection and proto.tcp go, and the self reference. */
  private cleanup(): void {
    if (this.tcp !== undefined) {
      this.tcp.conn?.disconnect();
      this.tcp = undefined;
      this.fw.free(SIZEOF_ESP_TCP);
    }
    this.dropSelf();
  }

  /** tls.socket:connect(port, [host]): "127.0.0.1" when no host string is given. */
  connect(L: LuaThread): void {
    if (this.tcp !== undefined) error(L, "already connected");
    const port = checkInteger(L, 2) & 0xffff;
    const domain = isString(L.arg(3)) ? checkString(L, 3) : "127.0.0.1";
    if (port === 0) error(L, "invalid port");
    this.fw.malloc(L, SIZEOF_ESP_TCP);
    this.tcp = { remoteIp: "0.0.0.0", remotePort: port, conn: undefined };
    if (this.selfRef === NOREF) this.selfRef = this.fw.ref(L.arg(1));
    const r = lwipOf(this.fw).gethostbyname(domain, (ip) => this.dnsFound(ip));
    if (r.err === ERR_OK) this.dnsFound(r.ip, L);
    else if (r.err !== ERR_INPROGRESS) this.dnsFound(undefined, L);
  }

  /** tls_socket_dns_cb: the dns callback, then the secure connect (or the self ref goes). */
  private dnsFound(ip: string | undefined, L?: LuaThread): void {
    if (this.selfRef === NOREF) return;
    const fn = this.callback("dns");
    if (fn !== undefined) {
      if (L !== undefined) callSync(L, fn, [this.self, ip]);
      else this.fw.callUnprotected(fn, [this.self, ip]);
    }
    if (ip === undefined || ip === "255.255.255.255") {
      this.dropSelf(); // proto.tcp stays: a later connect says "already connected"
      return;
    }
    const tcp = this.tcp;
    if (tcp === undefined) return;
    tcp.remoteIp = ip;
    this.secureConnect(tcp);
  }

  /** espconn_secure_connect with what tls.cert configured. */
  private secureConnect(tcp: NonNullable<TlsSocket["tcp"]>): void {
    const opts = this.certs.connectionOptions();
    if (opts === "abort") {
      // mbedtls_msg_config failed: the connection fails at once
      lwipOf(this.fw).deliver(() => this.onReconnect(ESPCONN_ABRT));
      return;
    }
    // no SNI and no name check: the SDK's glue never gives mbedTLS the host name
    const conn = espNetOf(this.fw).secureTcp(opts);
    tcp.conn = conn;
    const err = conn.connect(tcp.remoteIp, tcp.remotePort, {
      connected: () => this.onConnect(),
      received: (b) => this.onReceive(b),
      sent: () => this.onSent(),
      disconnected: () => this.onDisconnect(),
      reconnect: (e) => this.onReconnect(e),
    });
    if (err !== 0) lwipOf(this.fw).deliver(() => this.onReconnect(err));
  }

  private onConnect(): void {
    if (this.selfRef === NOREF) return;
    const fn = this.callback("connection");
    if (fn !== undefined) this.fw.callUnprotected(fn, [this.self]);
  }

  private onReceive(b: Buffer): void {
    if (this.selfRef === NOREF) return;
    const fn = this.callback("receive");
    if (fn !== undefined) this.fw.callUnprotected(fn, [this.self, b.toString("latin1")]);
  }

  private onSent(): void {
    if (this.selfRef === NOREF) return;
    const fn = this.callback("sent");
    if (fn !== undefined) this.fw.callUnprotected(fn, [this.self]);
  }

  /**
   * tls_socket_ondisconnect: the cleanup drops the self reference before the callback fetches
   * it, so the disconnection callback gets nil where the socket should be.
   */
  private onDisconnect(): void {
    if (this.selfRef === NOREF) return;
    this.cleanup();
    const fn = this.callback("disconnection");
    if (fn !== undefined) this.fw.callUnprotected(fn, [this.self]);
  }

  private onReconnect(err: number): void {
    if (this.selfRef === NOREF) return;
    const fn = this.callback("reconnection");
    const self = this.self;
    this.cleanup();
    if (fn !== undefined) this.fw.callUnprotected(fn, [self, reason(err)]);
  }

  /** tls.socket:on(event, fn | nil). */
  on(L: LuaThread): void {
    const method = checkString(L, 2);
    const ev = EVENTS.find((e) => e === method);
    if (ev === undefined) error(L, "invalid method");
    const fn = L.arg(3);
    if (isFunction(fn)) {
      const r = this.fw.ref(fn);
      if (this.refs[ev] !== NOREF) this.fw.unref(this.refs[ev]);
      this.refs[ev] = r;
    } else if (fn === undefined) {
      if (this.refs[ev] !== NOREF) this.fw.unref(this.refs[ev]);
      this.refs[ev] = NOREF;
    } else {
      error(L, "invalid callback function");
    }
  }

  /** tls.socket:send(data): nothing happens while not connected. */
  send(L: LuaThread): void {
    const data = checkString(L, 2);
    this.tcp?.conn?.send(Buffer.from(data, "latin1"));
  }

  hold(on: boolean): void {
    this.tcp?.conn?.hold?.(on);
  }

  /** tls.socket:getpeer(): the address (0.0.0.0 until the name resolved) and port, or nil, nil. */
  getpeer(L: LuaThread): number {
    if (this.tcp !== undefined && this.tcp.remotePort !== 0) {
      L.push(this.tcp.remoteIp);
      L.push(this.tcp.remotePort);
    } else {
      L.push(undefined);
      L.push(undefined);
    }
    return 2;
  }

  /** tls.socket:close(): espconn_secure_disconnect; the disconnection callback follows. */
  close(): void {
    this.tcp?.conn?.disconnect();
  }

  /** tls_socket_delete (__gc). */
  destroy(): void {
    if (this.tcp !== undefined) {
      this.tcp.conn?.disconnect();
      this.tcp = undefined;
      this.fw.free(SIZEOF_ESP_TCP);
    }
    for (const ev of EVENTS) {
      if (this.refs[ev] !== NOREF) this.fw.unref(this.refs[ev]);
      this.refs[ev] = NOREF;
    }
    this.dropSelf();
  }
}

/** tls.createConnection(). */
export function createSocket(L: LuaThread, fw: Firmware, certs: TlsCertConfig): number {
  const ud = newUserdata(L, SIZEOF_TLS_SOCKET_UD, new TlsSocket(fw, certs));
  ud.metatable = L.G.registry.get(TLS_SOCKET) as LuaTable | undefined;
  L.push(ud);
  return 1;
}

export const checkSocket = (L: LuaThread): TlsSocket => checkUdata<TlsSocket>(L, 1, TLS_SOCKET);
