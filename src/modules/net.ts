// The net module (app/modules/net.c, net_ping.c; docs/modules/net.md): TCP servers and sockets,
// UDP sockets, DNS, interface info, multicast and ping, on the lwIP model of
// src/firmware/lwip.ts (this machine's real sockets).
//
// Board behaviour kept: net.createServer's first argument is the timeout (luaL_optlong(L, 1,
// 30)), so net.createServer(net.TCP, 180) gives 1 s; createConnection ignores its arguments;
// every lwIP callback is a task of its own and runs unprotected (an error is a PANIC and a
// watchdog reset). Without an address (netif.sta/ap) a connect's tcp_connect fails with
// ERR_RTE, which net.c ignores: the socket stays silent (a notice on the host says why);
// UDP sends raise "routing problem" (after the sent callback) and names fail to resolve
// after dns.c's retries.
// net.cert is tls's table: only a build with the tls module has it.

import { lwipOf } from "../firmware/lwip.js";
import type { Firmware, ModuleDef } from "../firmware/module.js";
import { error } from "../lua/lib/aux.js";
import { light, type RomEntry, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
/** luaL_optlong / luaL_optinteger at the board's 32-bit lua_Integer. */
import { optInt32 } from "./int32.js";
import { dnsEntries, ifinfo, multicast } from "./net-dns.js";
import { ping } from "./net-ping.js";
import {
  close,
  dns,
  gc,
  getaddr,
  getUd,
  NET_TABLES,
  type NetUd,
  netCreate,
  on,
  TYPE_TCP_CLIENT,
  TYPE_TCP_SERVER,
  TYPE_UDP_SOCKET,
  ttl,
} from "./net-socket.js";
import { connect, getpeer, hold, listen, sendTcp, unhold } from "./net-tcp.js";
import { sendUdp } from "./net-udp.js";

/** net_send: TCP and UDP share the entry. */
const send = (L: LuaThread): number => {
  const ud: NetUd = getUd(L);
  if (ud.type === TYPE_TCP_SERVER) error(L, "invalid user data");
  return ud.type === TYPE_UDP_SOCKET ? sendUdp(L, ud) : sendTcp(L, ud);
};

const ttlMethod = (L: LuaThread): number => ttl(L, optInt32);

/** A method ROTable whose __index is itself (LROT_TABENTRY(__index, self)). */
function methods(entries: RomEntry[]): RomTable {
  const t = new RomTable([["__gc", light("__gc", gc)], ["__index", true], ...entries]);
  t.setValueAt(t.findIndex("__index"), t);
  return t;
}

const TCPSERVER = methods([
  ["listen", light("listen", listen)],
  ["getaddr", light("getaddr", getaddr)],
  ["close", light("close", close)],
]);

const TCPSOCKET = methods([
  ["connect", light("connect", connect)],
  ["close", light("close", close)],
  ["on", light("on", on)],
  ["send", light("send", send)],
  ["hold", light("hold", hold)],
  ["unhold", light("unhold", unhold)],
  ["dns", light("dns", dns)],
  ["ttl", light("ttl", ttlMethod)],
  ["getpeer", light("getpeer", getpeer)],
  ["getaddr", light("getaddr", getaddr)],
]);

const UDPSOCKET = methods([
  ["listen", light("listen", listen)],
  ["close", light("close", close)],
  ["on", light("on", on)],
  ["send", light("send", send)],
  ["dns", light("dns", dns)],
  ["ttl", light("ttl", ttlMethod)],
  ["getaddr", light("getaddr", getaddr)],
]);

function moduleFunctions(fw: Firmware): RomEntry[] {
  const stack = () => lwipOf(fw);
  const create = (type: 0 | 1 | 2) => (L: LuaThread) => {
    const u = netCreate(L, type, fw, stack());
    if (type === TYPE_TCP_SERVER) (u.data as NetUd).timeout = optInt32(L, 1, 30);
    L.push(u);
    return 1;
  };
  const entries: RomEntry[] = [
    ["createServer", light("createServer", create(TYPE_TCP_SERVER))],
    ["createConnection", light("createConnection", create(TYPE_TCP_CLIENT))],
    ["createUDPSocket", light("createUDPSocket", create(TYPE_UDP_SOCKET))],
    ["ifinfo", light("ifinfo", ifinfo(fw))],
    ["multicastJoin", light("multicastJoin", multicast(stack, true))],
    ["multicastLeave", light("multicastLeave", multicast(stack, false))],
    ["ping", light("ping", ping(fw, stack))], // NET_PING_ENABLE is on (user_config.h)
    ["dns", new RomTable(dnsEntries(fw, stack))],
  ];
  if (fw.config.modules.includes("tls")) entries.push(["cert", new RomTable([])]);
  entries.push(["TCP", 1], ["UDP", 2]);
  return entries;
}

export const netModule: ModuleDef = {
  name: "net",
  entries: moduleFunctions,
  init(fw) {
    // luaopen_net: luaL_rometatable for the three object types
    const reg = fw.L.G.registry;
    reg.set(NET_TABLES[TYPE_TCP_SERVER], TCPSERVER);
    reg.set(NET_TABLES[TYPE_TCP_CLIENT], TCPSOCKET);
    reg.set(NET_TABLES[TYPE_UDP_SOCKET], UDPSOCKET);
    lwipOf(fw); // the stack of this boot (closed with it)
  },
};
