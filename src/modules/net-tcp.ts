// TCP servers and sockets of the net module (app/modules/net.c): net_listen (shared with UDP),
// net_connect, net_send, hold/unhold, getpeer, and the lwIP callbacks net.c registers
// (net_accept_cb, net_connected_cb, net_tcp_recv_cb, net_sent_cb, net_err_cb), each run in a
// task of its own by the lwIP model (src/firmware/lwip.ts).

import { ipAton, type TcpConn, type TcpHandlers } from "../firmware/lwip.js";
import { ERR_OK } from "../firmware/lwip-err.js";
import { LuaNative } from "../lua/func.js";
import { argError, checkString, error } from "../lua/lib/aux.js";
import { LuaError, type LuaThread } from "../lua/state.js";
import type { LuaValue } from "../lua/value.js";
import { checkInt32 } from "./int32.js";
import {
  checkErr,
  getUd,
  isFunction,
  lookup,
  type NetUd,
  NOREF,
  netCreate,
  TYPE_TCP_CLIENT,
  TYPE_TCP_SERVER,
  TYPE_UDP_SOCKET,
} from "./net-socket.js";

/** lua_isnumber: numbers and numeric strings. */
const isNumber = (v: LuaValue): boolean =>
  typeof v === "number" || (typeof v === "string" && Number.isFinite(Number(v)) && v.trim() !== "");
/** lua_isstring: strings and numbers. */
const isString = (v: LuaValue): boolean => typeof v === "string" || typeof v === "number";

/** net_err_cb: reconnection for errors when set, else disconnection, with the err_t. */
function errCb(ud: NetUd, conn: TcpConn, err: number): void {
  if (ud.selfRef === NOREF || ud.tcp !== conn) return;
  ud.tcp = undefined; // freed at the lwIP level
  const ref = err !== ERR_OK && ud.reconnectRef !== NOREF ? ud.reconnectRef : ud.disconnectRef;
  if (ref !== NOREF) ud.fw.callUnprotected(ud.fw.getRef(ref), [ud.self, err]);
  if (ud.waitDns === 0) ud.dropSelf();
}

/** net_connected_cb. */
function connectedCb(ud: NetUd, conn: TcpConn): void {
  if (ud.tcp !== conn) return;
  if (ud.selfRef !== NOREF && ud.connectRef !== NOREF)
    ud.fw.callUnprotected(ud.fw.getRef(ud.connectRef), [ud.self]);
}

/** The lwIP callbacks net.c registers on a client pcb (tcp_err, tcp_recv, tcp_sent). */
function handlers(ud: NetUd, conn: () => TcpConn): TcpHandlers {
  return {
    onConnect: () => connectedCb(ud, conn()),
    onReceive: (segment) => {
      // net_tcp_recv_cb / net_recv_cb: nothing registered, the pbuf is just freed
      if (ud.tcp !== conn() || ud.selfRef === NOREF || ud.receiveRef === NOREF) return;
      ud.fw.callUnprotected(ud.fw.getRef(ud.receiveRef), [ud.self, segment]);
    },
    onSent: () => {
      if (ud.tcp !== conn() || ud.selfRef === NOREF || ud.sentRef === NOREF) return;
      ud.fw.callUnprotected(ud.fw.getRef(ud.sentRef), [ud.self]);
    },
    onDisconnect: (err) => errCb(ud, conn(), err),
  };
}

/** A PANIC for an error raised by the firmware's own C code in an lwIP callback. */
function panic(ud: NetUd, e: LuaError): void {
  ud.fw.callUnprotected(
    new LuaNative("?", () => {
      throw e;
    }),
    [],
  );
}

/** net_accept_cb: a new socket object, the accept callback, then net_connected_cb. */
function acceptCb(server: NetUd, conn: TcpConn): void {
  if (server.server === undefined || server.selfRef === NOREF || server.acceptRef === NOREF) {
    conn.abort(); // ERR_ABRT: lwIP drops the new pcb
    return;
  }
  const fw = server.fw;
  let ud: NetUd;
  let obj: LuaValue;
  try {
    const u = netCreate(fw.L, TYPE_TCP_CLIENT, fw, server.stack);
    ud = u.data as NetUd;
    obj = u;
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    panic(server, e);
    return;
  }
  ud.selfRef = fw.ref(obj);
  ud.tcp = conn;
  conn.handlers = handlers(ud, () => conn);
  fw.callUnprotected(fw.getRef(server.acceptRef), [obj]);
  connectedCb(ud, conn);
}

/** net_listen: TCP servers (port, ip, callback) and UDP sockets (port, ip). */
export const listen = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type === TYPE_TCP_CLIENT) error(L, "invalid user data");
  if (ud.hasPcb) error(L, "already listening");
  let stack = 2;
  let port = 0;
  if (isNumber(L.arg(stack))) port = checkInt32(L, stack++) & 0xffff;
  let domain = "0.0.0.0";
  if (isString(L.arg(stack))) domain = checkString(L, stack++);
  const addr = ipAton(domain);
  if (addr === undefined) error(L, "invalid IP address");
  if (ud.type === TYPE_TCP_SERVER) {
    if (!isFunction(L.arg(stack))) error(L, "need callback");
    ud.acceptRef = ud.unref(ud.acceptRef);
    ud.acceptRef = ud.fw.ref(L.arg(stack));
  }
  if (ud.type === TYPE_TCP_SERVER) {
    let r: ReturnType<typeof ud.stack.tcpListen>;
    try {
      r = ud.stack.tcpListen(L, port, addr, (conn) => acceptCb(ud, conn));
    } catch (e) {
      if (e instanceof LuaError) return error(L, "cannot allocate PCB");
      throw e;
    }
    if (typeof r === "number") return checkErr(L, r);
    r.keepIdleMs = ud.timeout * 1000; // keep_idle = timeout * 1000, keep_cnt = 1
    ud.server = r;
  } else if (ud.type === TYPE_UDP_SOCKET) {
    const err = bindUdp(L, ud, port, addr);
    if (err !== ERR_OK) return checkErr(L, err);
  }
  ud.refSelf(L);
  return 0;
};

/** udp_new + udp_recv + udp_bind (net_listen and the auto-bind of net_send). */
export function bindUdp(L: LuaThread, ud: NetUd, port: number, addr: string): number {
  let pcb: ReturnType<typeof ud.stack.udpNew>;
  try {
    pcb = ud.stack.udpNew(L, (data, rport, rip) => {
      // net_udp_recv_cb / net_recv_cb
      if (ud.udp !== pcb || ud.selfRef === NOREF || ud.receiveRef === NOREF) return;
      ud.fw.callUnprotected(ud.fw.getRef(ud.receiveRef), [ud.self, data, rport, rip]);
    });
  } catch (e) {
    if (e instanceof LuaError) return error(L, "cannot allocate PCB");
    throw e;
  }
  const err = pcb.bind(port, addr);
  if (err !== ERR_OK) {
    pcb.remove();
    return err;
  }
  ud.udp = pcb;
  return ERR_OK;
}

/** net_connect(port[, host][, fn]). */
export const connect = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type !== TYPE_TCP_CLIENT) error(L, "invalid user data");
  if (ud.hasPcb) error(L, "already connected");
  const port = checkInt32(L, 2) & 0xffff;
  if (port === 0) error(L, "specify port");
  const domain = isString(L.arg(3)) ? checkString(L, 3) : "127.0.0.1";
  if (L.nargs > 3) {
    if (!isFunction(L.arg(4))) argError(L, 4, "not a function");
    ud.connectRef = ud.unref(ud.connectRef);
    ud.connectRef = ud.fw.ref(L.arg(4));
  }
  let conn: TcpConn;
  try {
    conn = ud.stack.tcpNew(L);
  } catch (e) {
    if (e instanceof LuaError) return error(L, "cannot allocate PCB");
    throw e;
  }
  conn.handlers = handlers(ud, () => conn);
  ud.tcp = conn;
  ud.connectPort = port;
  ud.tcpTtl = 255;
  ud.waitDns++;
  const unref = ud.refSelf(L);
  return lookup(L, ud, domain, unref, () => {
    conn.abort();
    ud.tcp = undefined;
  });
};

/** net_send for TCP sockets: (data[, fn]). */
export function sendTcp(L: LuaThread, ud: NetUd): number {
  const data = checkString(L, 2);
  if (data.length === 0) error(L, "no data to send");
  if (isFunction(L.arg(3))) {
    const r = ud.fw.ref(L.arg(3));
    ud.unref(ud.sentRef);
    ud.sentRef = r;
  }
  if (ud.tcp === undefined || ud.selfRef === NOREF) error(L, "not connected");
  return checkErr(L, ud.tcp.send(data));
}

/** net_hold: the window stops reopening. */
export const hold = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type !== TYPE_TCP_CLIENT) error(L, "invalid user data");
  if (!ud.hold && ud.tcp !== undefined) {
    ud.hold = true;
    ud.tcp.hold();
  }
  return 0;
};

/** net_unhold: tcp_recved(pcb, TCP_WND). */
export const unhold = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type !== TYPE_TCP_CLIENT) error(L, "invalid user data");
  if (ud.hold && ud.tcp !== undefined) {
    ud.hold = false;
    ud.tcp.unhold();
  }
  return 0;
};

/** net_getpeer: port, ip of the remote end, or nil, nil. */
export const getpeer = (L: LuaThread): number => {
  const ud = getUd(L);
  if (ud.type !== TYPE_TCP_CLIENT) error(L, "invalid user data");
  const port = ud.tcp === undefined ? 0 : (ud.tcp.remote?.port ?? ud.connectPort);
  if (port === 0) {
    L.push(undefined);
    L.push(undefined);
    return 2;
  }
  L.push(port);
  L.push(ud.tcp?.remote?.ip ?? "0.0.0.0");
  return 2;
};
