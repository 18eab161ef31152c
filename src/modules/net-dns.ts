// net.dns (app/modules/net.c: net_dns_static, net_setdnsserver, net_getdnsserver), net.ifinfo
// and net.multicastJoin/Leave. Names resolve through the host resolver whatever DNS servers the
// app sets: the servers are kept and reported, as the board keeps them.

import { DNS_MAX_SERVERS, ipAton, type Lwip } from "../firmware/lwip.js";
import { ERR_INPROGRESS, ERR_OK } from "../firmware/lwip-err.js";
import type { Firmware, IpInfo } from "../firmware/module.js";
import { checkString, error, optInt, typeError } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { callSync, checkErr } from "./net-socket.js";

/** The net.dns ROTable entries (net_dns_map). */
export function dnsEntries(fw: Firmware, stack: () => Lwip): RomEntry[] {
  const range = `server index out of range [0-${DNS_MAX_SERVERS - 1}]`;

  const setdnsserver = (L: LuaThread): number => {
    const s = checkString(L, 1);
    const ip = ipAton(s);
    if (s.length > 16 || ip === undefined || ip === "0.0.0.0" || ip === "255.255.255.255")
      error(L, "invalid dns server ip");
    const idx = optInt(L, 2, 0);
    if (idx >= DNS_MAX_SERVERS) error(L, range);
    if (idx >= 0) stack().dnsServers[idx] = ip; // dns_setserver ignores other indexes
    return 0;
  };

  const getdnsserver = (L: LuaThread): number => {
    const idx = optInt(L, 1, 0);
    if (idx >= DNS_MAX_SERVERS) error(L, range);
    const ip = idx >= 0 ? stack().dnsServers[idx] : undefined;
    L.push(ip === "0.0.0.0" ? undefined : ip);
    return 1;
  };

  // net.dns.resolve(name, fn(nil, ip|nil)): the callback ref is dropped before the call
  const resolve = (L: LuaThread): number => {
    const name = checkString(L, 1);
    checkFunction(L, 2); // luaL_checktype(L, 2, LUA_TFUNCTION)
    const fn = L.arg(2);
    const ref = fw.ref(fn);
    const found = (ip: string | undefined, sync?: LuaThread) => {
      const cb = fw.getRef(ref);
      fw.unref(ref);
      if (sync !== undefined) callSync(sync, cb, [undefined, ip]);
      else fw.callUnprotected(cb, [undefined, ip]);
    };
    const r = stack().gethostbyname(name, (ip) => found(ip));
    if (r.err === ERR_OK) found(r.ip, L);
    else if (r.err !== ERR_INPROGRESS) {
      fw.unref(ref);
      checkErr(L, r.err);
    }
    return 0;
  };

  return [
    ["setdnsserver", light("setdnsserver", setdnsserver)],
    ["getdnsserver", light("getdnsserver", getdnsserver)],
    ["resolve", light("resolve", resolve)],
  ];
}

function checkFunction(L: LuaThread, n: number): void {
  if (tagOf(L.arg(n)) !== Tag.FUNCTION) typeError(L, n, "function");
}

/** MAC text "5c:cf:7f:01:02:03" as the 6 raw bytes of netif->hwaddr. */
const macBytes = (mac: string): string =>
  mac
    .split(":")
    .map((h) => String.fromCharCode(Number.parseInt(h, 16)))
    .join("");

/**
 * net.ifinfo(0 station | 1 soft-AP): {hwaddr, ip, netmask, gateway[, dhcp]}; nothing for other
 * indexes or an interface that is down. The station's interface always exists (the default
 * wifi mode includes it); its DHCP client table is there once it has an address.
 */
export function ifinfo(fw: Firmware) {
  return (L: LuaThread): number => {
    const idx = optInt(L, 1, 0);
    if (idx !== 0 && idx !== 1) return 0;
    const info: IpInfo | undefined = idx === 0 ? fw.netif.sta : fw.netif.ap;
    if (idx === 1 && info === undefined) return 0;
    const t = new LuaTable();
    const field = (tab: LuaTable, k: string, v: string | undefined) =>
      tab.set(k, v === undefined || v === "0.0.0.0" ? undefined : (v as LuaValue));
    t.set("hwaddr", macBytes(idx === 0 ? fw.netif.staMac : fw.netif.apMac));
    field(t, "ip", info?.ip);
    field(t, "netmask", info?.netmask);
    field(t, "gateway", info?.gateway);
    if (idx === 0 && info !== undefined) {
      const d = new LuaTable();
      field(d, "server_ip", info.gateway);
      field(d, "client_ip", info.ip);
      t.set("dhcp", d);
    }
    L.push(t);
    return 1;
  };
}

/** net_multicastJoinLeave: argument checks as net.c, then the membership on the host sockets. */
export function multicast(stack: () => Lwip, join: boolean) {
  return (L: LuaThread): number => {
    const isStr = (v: LuaValue) => typeof v === "string" || typeof v === "number";
    if (!isStr(L.arg(1))) error(L, "wrong arg type");
    let ifIp = checkString(L, 1);
    if (ifIp === "" || ifIp.toLowerCase() === "any") ifIp = "0.0.0.0";
    if (ifIp.length > 15 || ifIp.length < 7) error(L, "invalid if ip");
    if (!isStr(L.arg(2))) error(L, "wrong arg type");
    const mc = checkString(L, 2);
    if (mc.length > 15 || mc.length < 7) error(L, "invalid multicast ip");
    const group = ipAton(mc);
    if (group !== undefined) stack().multicast(group, join);
    return 0;
  };
}
