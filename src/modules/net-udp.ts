// UDP sockets of the net module (app/modules/net.c): net_send's UDP branch, with the auto-bind
// to port 0 on first use and the sent callback called synchronously inside send.

import { ipAton } from "../firmware/lwip.js";
import { ERR_MEM, ERR_OK } from "../firmware/lwip-err.js";
import { checkString, error } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { checkInt32 } from "./int32.js";
import { callSync, checkErr, isFunction, type NetUd, NOREF } from "./net-socket.js";
import { bindUdp } from "./net-tcp.js";

/** net_send for UDP sockets: (port, ip, data[, fn]). */
export function sendUdp(L: LuaThread, ud: NetUd): number {
  const port = checkInt32(L, 2) & 0xffff;
  if (port === 0) error(L, "need port");
  const addr = ipAton(checkString(L, 3));
  if (addr === undefined) error(L, "invalid IP address");
  const data = checkString(L, 4);
  if (data.length === 0) error(L, "no data to send");
  if (isFunction(L.arg(5))) {
    const r = ud.fw.ref(L.arg(5));
    ud.unref(ud.sentRef);
    ud.sentRef = r;
  }
  if (ud.udp === undefined) {
    const err = bindUdp(L, ud, 0, "0.0.0.0");
    if (err !== ERR_OK) return checkErr(L, err);
    ud.refSelf(L);
  }
  if (ud.udp === undefined || ud.selfRef === NOREF) error(L, "not connected");
  const err = ud.udp.sendto(data, port, addr);
  if (err === ERR_MEM) error(L, "cannot allocate message buffer");
  // the sent callback runs before send returns, inside the API call
  if (ud.sentRef !== NOREF) callSync(L, ud.fw.getRef(ud.sentRef), [ud.self]);
  return checkErr(L, err);
}
