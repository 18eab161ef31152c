// The net module's userdata (app/modules/net.c: lnet_userdata, net_create, net_get_udata) and
// the methods its three ROTables share: on, send, dns, ttl, getaddr, close and __gc
// (net_delete). TCP specifics are in net-tcp.ts, UDP's in net-udp.ts.
//
// Callbacks the firmware runs from lwIP use plain lua_call (net.c, 8 sites): asynchronous ones
// go through fw.callUnprotected (PANIC and a watchdog reset on error); those net.c calls from
// inside a Lua API call (the DNS callback of an IP literal, UDP's sent) raise as usual.

import { errMessage, type Lwip, type TcpConn, type TcpListener, type UdpPcb } from "../firmware/lwip.js";
import { ERR_INPROGRESS, ERR_OK } from "../firmware/lwip-err.js";
import type { Firmware } from "../firmware/module.js";
import { call } from "../lua/calls.js";
import { newUserdata } from "../lua/gc.js";
import { checkString, error, typeError } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaTable } from "../lua/table.js";
import { LuaUserdata, type LuaValue, Tag, tagOf } from "../lua/value.js";

export const TYPE_TCP_SERVER = 0;
export const TYPE_TCP_CLIENT = 1;
export const TYPE_UDP_SOCKET = 2;
export type NetType = 0 | 1 | 2;

/** NET_TABLES: the luaL_checkudata names, by type. */
export const NET_TABLES = ["net.tcpserver", "net.tcpsocket", "net.udpsocket"] as const;

/** lauxlib's LUA_NOREF. */
export const NOREF = -2;

/** sizeof(lnet_userdata): type, self_ref, the pcb pointer and the 7-int client union. */
const SIZEOF_LNET_USERDATA = 40;

/** TCP_TTL = UDP_TTL = IP_DEFAULT_TTL (lwipopts.h). */
export const DEFAULT_TTL = 255;

/** lnet_userdata. */
export class NetUd {
  selfRef = NOREF;
  tcp: TcpConn | undefined = undefined;
  server: TcpListener | undefined = undefined;
  udp: UdpPcb | undefined = undefined;
  /** server.timeout (s): keepalive idle of accepted sockets. */
  timeout = 30;
  acceptRef = NOREF;
  waitDns = 0;
  dnsRef = NOREF;
  receiveRef = NOREF;
  sentRef = NOREF;
  hold = false;
  connectRef = NOREF;
  disconnectRef = NOREF;
  reconnectRef = NOREF;
  /** tcp_pcb remote_port as net_connect sets it before the DNS answer. */
  connectPort = 0;
  /** The TCP pcb's ttl field (a fresh pcb has TCP_TTL). */
  tcpTtl = DEFAULT_TTL;

  constructor(
    readonly type: NetType,
    readonly fw: Firmware,
    readonly stack: Lwip,
  ) {}

  /** ud->pcb != NULL. */
  get hasPcb(): boolean {
    return this.tcp !== undefined || this.server !== undefined || this.udp !== undefined;
  }

  /** lua_rawgeti(L, LUA_REGISTRYINDEX, self_ref). */
  get self(): LuaValue {
    return this.fw.getRef(this.selfRef);
  }

  /** luaL_unref of a slot; returns NOREF to store back. */
  unref(ref: number): number {
    if (ref > 0) this.fw.unref(ref);
    return NOREF;
  }

  /** self_ref = luaL_ref of the object at stack index 1 (if not yet held). */
  refSelf(L: LuaThread): boolean {
    if (this.selfRef !== NOREF) return false;
    this.selfRef = this.fw.ref(L.arg(1));
    return true;
  }

  dropSelf(): void {
    this.selfRef = this.unref(this.selfRef);
  }
}

/** net_create: a userdata with the type's registered metatable. */
export function netCreate(L: LuaThread, type: NetType, fw: Firmware, stack: Lwip): LuaUserdata {
  const ud = newUserdata(L, SIZEOF_LNET_USERDATA, new NetUd(type, fw, stack));
  ud.metatable = L.G.registry.get(NET_TABLES[type]) as LuaTable | undefined;
  return ud;
}

/** net_get_udata: luaL_checkudata against the metatable of the object's own type. */
export function getUd(L: LuaThread): NetUd {
  const v = L.arg(1);
  if (v instanceof LuaUserdata && v.data instanceof NetUd) {
    if (v.metatable !== undefined && v.metatable === L.G.registry.get(NET_TABLES[v.data.type])) return v.data;
    return typeError(L, 1, NET_TABLES[v.data.type]);
  }
  // not a net object: luaL_checkudata is never reached, net.c answers with its own message
  return error(L, "invalid user data");
}

export const isFunction = (v: LuaValue): boolean => tagOf(v) === Tag.FUNCTION;

/** lua_call from inside a Lua API call: an error propagates to the caller. */
export function callSync(L: LuaThread, fn: LuaValue, args: readonly LuaValue[]): void {
  const base = L.top;
  L.push(fn);
  for (const a of args) L.push(a);
  call(L, base, 0);
  L.top = base;
}

/** lwip_lua_checkerr. */
export function checkErr(L: LuaThread, err: number): number {
  if (err === ERR_OK) return 0;
  return error(L, errMessage(err));
}

/**
 * net_dns_cb: the callback with the address (or nil), then, for a TCP socket whose pcb waits
 * in CLOSED state, tcp_connect to it (255.255.255.255 when the name did not resolve).
 * `L` is given when net.c calls it from inside the Lua API call (an IP literal).
 */
export function dnsFound(ud: NetUd, ip: string | undefined, L?: LuaThread): void {
  if (ud.selfRef !== NOREF && ud.dnsRef !== NOREF) {
    const args = [ud.self, ip];
    const fn = ud.fw.getRef(ud.dnsRef);
    if (L !== undefined) callSync(L, fn, args);
    else ud.fw.callUnprotected(fn, args);
  }
  ud.waitDns--;
  if (ud.tcp !== undefined && ud.tcp.state === "new") {
    // net.c ignores tcp_connect's result: without an address (ERR_RTE) nothing more happens
    ud.tcp.connect(ip ?? "255.255.255.255", ud.connectPort);
  } else if (!ud.hasPcb && ud.waitDns === 0) {
    ud.dropSelf();
  }
}

/** dns_gethostbyname as net.c calls it: ERR_OK answers now, ERR_INPROGRESS later. */
export function lookup(
  L: LuaThread,
  ud: NetUd,
  name: string,
  unrefOnError: boolean,
  onError: () => void,
): number {
  const r = ud.stack.gethostbyname(name, (ip) => dnsFound(ud, ip));
  if (r.err === ERR_OK) {
    dnsFound(ud, r.ip, L);
  } else if (r.err !== ERR_INPROGRESS) {
    ud.waitDns--;
    if (unrefOnError) ud.dropSelf();
    onError();
    return checkErr(L, r.err);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Methods shared by the ROTables

const TCP_EVENTS = ["connection", "disconnection", "reconnection"] as const;

/** net_on. */
export const on = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type === TYPE_TCP_SERVER) error(L, "invalid user data");
  const name = checkString(L, 2);
  type Slot = "connectRef" | "disconnectRef" | "reconnectRef" | "dnsRef" | "receiveRef" | "sentRef";
  let slot: Slot | undefined;
  if (ud.type === TYPE_TCP_CLIENT) {
    const i = (TCP_EVENTS as readonly string[]).indexOf(name);
    if (i >= 0) slot = (["connectRef", "disconnectRef", "reconnectRef"] as const)[i];
  }
  if (slot === undefined && name === "dns") slot = "dnsRef";
  if (slot === undefined && name === "receive") slot = "receiveRef";
  if (slot === undefined && name === "sent") slot = "sentRef";
  if (slot === undefined) return error(L, "invalid callback name");
  const fn = L.arg(3);
  if (isFunction(fn)) {
    const r = ud.fw.ref(fn);
    ud.unref(ud[slot]);
    ud[slot] = r;
  } else if (fn === undefined) {
    ud[slot] = ud.unref(ud[slot]);
  } else {
    error(L, "invalid callback function");
  }
  return 0;
};

/** net_dns (the socket method). */
export const dns = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type === TYPE_TCP_SERVER) error(L, "invalid user data");
  const name = checkString(L, 2);
  if (isFunction(L.arg(3))) {
    ud.dnsRef = ud.unref(ud.dnsRef);
    ud.dnsRef = ud.fw.ref(L.arg(3));
  }
  if (ud.dnsRef === NOREF) error(L, "no callback specified");
  ud.waitDns++;
  const unref = ud.refSelf(L);
  return lookup(L, ud, name, unref, () => {});
};

/** net_ttl: ttl of the pcb (TCP or UDP), set when given. */
export const ttl = (L: LuaThread, optInt: (L: LuaThread, n: number, d: number) => number): number => {
  const ud = getUd(L);
  if (ud.type === TYPE_TCP_SERVER) error(L, "invalid user data");
  if (!ud.hasPcb) error(L, "socket is not open/bound yet");
  let t = optInt(L, 2, -1);
  if (t === -1) {
    t = ud.udp !== undefined ? ud.udp.ttl : ud.tcpTtl;
  } else if (ud.udp !== undefined) {
    ud.udp.setTtl(t & 0xff); // the pcb's ttl is a u8_t
  } else {
    ud.tcpTtl = t & 0xff;
  }
  L.push(t);
  return 1;
};

/** net_getaddr. */
export const getaddr = (L: LuaThread): number => {
  const ud = getUd(L);
  const a =
    ud.tcp?.local ?? (ud.server !== undefined ? { ip: ud.server.ip, port: ud.server.port } : ud.udp?.local);
  if (a === undefined || a.port === 0) {
    L.push(undefined);
    L.push(undefined);
    return 2;
  }
  L.push(a.port);
  L.push(a.ip);
  return 2;
};

/** Lets go of the socket's pcbs: a TCP connection closes (FIN) or, with `abort`, is reset. */
function releasePcbs(ud: NetUd, abort: boolean): void {
  if (abort) ud.tcp?.abort();
  else ud.tcp?.close();
  ud.server?.close();
  ud.udp?.remove();
  ud.tcp = undefined;
  ud.server = undefined;
  ud.udp = undefined;
}

/** net_close: "not connected" when there is no pcb. */
export const close = (L: LuaThread): number => {
  const ud = getUd(L);
  if (!ud.hasPcb) error(L, "not connected");
  releasePcbs(ud, false);
  if (ud.type === TYPE_TCP_SERVER || ud.waitDns === 0) ud.dropSelf();
  return 0;
};

/** net_delete (__gc): abort the pcb and drop every reference. */
export const gc = (L: LuaThread): number => {
  const v = L.arg(1);
  if (!(v instanceof LuaUserdata && v.data instanceof NetUd)) return error(L, "no user data");
  const ud = v.data;
  releasePcbs(ud, true);
  for (const k of [
    "connectRef",
    "disconnectRef",
    "reconnectRef",
    "dnsRef",
    "receiveRef",
    "sentRef",
    "acceptRef",
  ] as const)
    ud[k] = ud.unref(ud[k]);
  ud.dropSelf();
  return 0;
};
