// The functions wifi.sta and wifi.ap share, parametrised by interface as in wifi.c:
// wifi_getmac/setmac, wifi_getip/setip (with parse_key) and wifi_getbroadcast.

import type { IpInfo } from "../firmware/module.js";
import { argError, checkString, error } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { ipaddrAddr, ipNumber, ipString, macString, str2mac } from "./wifi-addr.js";
import { field, isString, strOf } from "./wifi-lua.js";
import type { Wifi } from "./wifi-state.js";

export const STATION_IF = 0;
export const SOFTAP_IF = 1;

/** INVALID_MAC_STR. */
export const INVALID_MAC = "MAC:FF:FF:FF:FF:FF:FF";

/** wifi_get_ip_info: undefined stands for an address of 0 (and for a disabled interface). */
function ipInfoOf(w: Wifi, iface: number): IpInfo | undefined {
  if (iface === STATION_IF) return w.staEnabled() ? w.station.ipInfo : undefined;
  return w.apEnabled() ? w.softap.ipInfo : undefined;
}

/** parse_key: ipaddr_addr of a string (or number) field; 0 when absent or another type. */
function parseKey(L: LuaThread, t: LuaTable, key: string): number {
  const v = field(L, t, key);
  return isString(v) ? ipaddrAddr(strOf(v)) : 0;
}

export function ifaceEntries(w: Wifi, iface: number): { [name: string]: RomEntry } {
  const getmac = (L: LuaThread): number => {
    L.push(iface === STATION_IF ? w.fw.netif.staMac : w.fw.netif.apMac);
    return 1;
  };

  /** wifi_set_macaddr: the interface must be on, and a station MAC must not be multicast. */
  const setmac = (L: LuaThread): number => {
    const s = checkString(L, 1);
    if (s.length !== 17) argError(L, 1, INVALID_MAC);
    const mac = str2mac(s);
    const on = iface === STATION_IF ? w.staEnabled() : w.apEnabled();
    const ok = on && (mac[0]! & 1) === 0;
    if (ok) w.fw.netif[iface === STATION_IF ? "staMac" : "apMac"] = macString(mac);
    L.push(ok);
    return 1;
  };

  const getip = (L: LuaThread): number => {
    const info = ipInfoOf(w, iface);
    if (info === undefined || ipNumber(info.ip) === 0) {
      L.push(undefined);
      return 1;
    }
    L.push(info.ip);
    L.push(info.netmask);
    L.push(info.gateway);
    return 3;
  };

  const getbroadcast = (L: LuaThread): number => {
    const info = ipInfoOf(w, iface);
    const ip = info === undefined ? 0 : ipNumber(info.ip);
    if (info === undefined || ip === 0) {
      L.push(undefined);
      return 1;
    }
    const mask = ipNumber(info.netmask);
    L.push(ipString((~mask | (mask & ip)) >>> 0));
    return 1;
  };

  const setip = (L: LuaThread): number => {
    const cur = ipInfoOf(w, iface);
    let ip = cur === undefined ? 0 : ipNumber(cur.ip);
    let netmask = cur === undefined ? 0 : ipNumber(cur.netmask);
    let gateway = cur === undefined ? 0 : ipNumber(cur.gateway);
    const t = L.arg(1);
    if (!(t instanceof LuaTable)) return error(L, "wrong arg type");
    const newIp = parseKey(L, t, "ip");
    if (newIp !== 0) ip = newIp;
    const newMask = parseKey(L, t, "netmask");
    if (newMask !== 0) netmask = newMask;
    const newGw = parseKey(L, t, "gateway");
    // the soft-AP takes the gateway even when absent (0)
    if (iface === SOFTAP_IF || newGw !== 0) gateway = newGw;
    const info = { ip: ipString(ip), netmask: ipString(netmask), gateway: ipString(gateway) };
    if (iface === STATION_IF) {
      w.station.dhcpc = false; // wifi_station_dhcpc_stop
      const ok = w.staEnabled();
      if (ok) w.station.setIp(info);
      L.push(ok);
    } else {
      const ok = w.apEnabled();
      if (ok) w.softap.setIp(info);
      L.push(ok);
    }
    return 1;
  };

  return {
    getmac: ["getmac", light("getmac", getmac)],
    setmac: ["setmac", light("setmac", setmac)],
    getip: ["getip", light("getip", getip)],
    setip: ["setip", light("setip", setip)],
    getbroadcast: ["getbroadcast", light("getbroadcast", getbroadcast)],
  };
}
