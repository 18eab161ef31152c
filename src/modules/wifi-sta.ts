// wifi.sta (app/modules/wifi.c's wifi_station ROTable): configuration with its legacy event
// callbacks, connect/disconnect, the remembered APs, scans (wifi-scan.ts), addresses
// (wifi-iface.ts), hostname, RSSI, sleep type and status. Argument errors are wifi.c's, in its
// order of checks.

import { emptyStaConfig, type StaConfig } from "../hw/radio.js";
import { argError, checkString } from "../lua/lib/aux.js";
import { light, type RomEntry, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { checkInt32 } from "./int32.js";
import { normalMac } from "./wifi-addr.js";
import { Ev } from "./wifi-events.js";
import { ifaceEntries, STATION_IF } from "./wifi-iface.js";
import { field, intOf, isFunction, isNumber, isString, newTable, strOf } from "./wifi-lua.js";
import { getap } from "./wifi-scan.js";
import type { Wifi } from "./wifi-state.js";

/** The config table's callbacks (WIFI_SDK_EVENT_MONITOR_ENABLE): key, event, error name. */
const CONFIG_CALLBACKS: readonly [string, Ev, string][] = [
  ["connect_cb", Ev.STA_CONNECTED, "connect_cb"],
  ["disconnect_cb", Ev.STA_DISCONNECTED, "disconnect_cb"],
  ["authmode_change_cb", Ev.STA_AUTHMODE_CHANGE, "authmode_change_cb"],
  ["got_ip_cb", Ev.STA_GOT_IP, "gotip_cb"],
  ["dhcp_timeout_cb", Ev.STA_DHCP_TIMEOUT, "dhcp_timeout_cb"],
];

const NO_BSSID = "00:00:00:00:00:00";

/** RFC 952/1123 as wifi_sta_checkhostname checks it. */
function validHostname(s: string): boolean {
  const alnum = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);
  if (s.length === 0 || s.length > 32 || !alnum(s[0]) || !alnum(s[s.length - 1])) return false;
  for (let i = 1; i < s.length; i++) if (!(alnum(s[i]) || s[i] === "-")) return false;
  return true;
}

/** A C string read back from a fixed array: up to the first NUL. */
const cstr = (s: string) => {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
};

export function staTable(w: Wifi): RomTable {
  const events = w.events;

  const config = (L: LuaThread): number => {
    const t = L.arg(1);
    if (!(t instanceof LuaTable)) return argError(L, 1, "config table not found!");
    const cfg: StaConfig = emptyStaConfig();
    const ssid = field(L, t, "ssid");
    if (ssid === undefined) argError(L, 1, "ssid required");
    if (!isString(ssid)) argError(L, 1, "ssid:not string");
    cfg.ssid = strOf(ssid);
    if (cfg.ssid.length > 32) argError(L, 1, "ssid: length:0-32");
    const pwd = field(L, t, "pwd");
    if (pwd !== undefined) {
      if (!isString(pwd)) argError(L, 1, "pwd:not string");
      cfg.password = strOf(pwd);
      if (cfg.password.length > 64) argError(L, 1, "pwd: length:0-64");
    }
    const bssid = field(L, t, "bssid");
    if (bssid !== undefined) {
      if (!isString(bssid)) argError(L, 1, "bssid:not string");
      if (strOf(bssid).length !== 17) argError(L, 1, "bssid: FF:FF:FF:FF:FF:FF");
      cfg.bssid = normalMac(strOf(bssid));
    }
    let auto = true;
    const a = field(L, t, "auto");
    if (a !== undefined) {
      if (typeof a !== "boolean") argError(L, 1, "auto:not boolean");
      auto = a;
    }
    let save = true;
    const s = field(L, t, "save");
    if (s !== undefined) {
      if (typeof s !== "boolean") argError(L, 1, "save:not boolean");
      save = s;
    }
    // each callback is registered as it is read: a bad later one leaves the earlier registered
    for (const [key, ev, name] of CONFIG_CALLBACKS) {
      const fn = field(L, t, key);
      if (fn === undefined) continue;
      if (!isFunction(fn)) argError(L, 1, `${name}:not function`);
      events.set(ev, fn);
    }
    w.station.disconnect();
    const ok = w.setStaConfig(cfg, save);
    w.radio.flash.autoConnect = auto; // wifi_station_set_auto_connect is always saved
    if (auto) w.station.connect();
    L.push(ok);
    return 1;
  };

  const connect = (L: LuaThread): number => {
    if (isFunction(L.arg(1))) events.set(Ev.STA_CONNECTED, L.arg(1));
    w.station.connect();
    return 0;
  };

  const disconnect = (L: LuaThread): number => {
    if (isFunction(L.arg(1))) events.set(Ev.STA_DISCONNECTED, L.arg(1));
    w.station.disconnect();
    return 0;
  };

  const autoconnect = (L: LuaThread): number => {
    const a = checkInt32(L, 1) >>> 0; // an unsigned
    if (a !== 0 && a !== 1) argError(L, 1, "0 or 1");
    // saved in flash; it decides what happens at the next boot, not now
    w.radio.flash.autoConnect = a === 1;
    return 0;
  };

  const changeap = (L: LuaThread): number => {
    const i = checkInt32(L, 1) & 0xff; // a uint8
    if (i < 1 || i > 5) argError(L, 1, "Valid range: 1-5");
    L.push(w.changeAp(i - 1));
    return 1;
  };

  const clearconfig = (L: LuaThread): number => {
    w.station.disconnect();
    const ok = w.setStaConfig(emptyStaConfig(), true);
    w.radio.flash.autoConnect = false;
    L.push(ok);
    return 1;
  };

  const getapindex = (L: LuaThread): number => {
    L.push(w.sta.current + 1);
    return 1;
  };

  const getapinfo = (L: LuaThread): number => {
    const list = w.sta.list.filter((c) => c.ssid !== "");
    const entries: [number, LuaValue][] = list.map((c, i) => {
      const f: [string, LuaValue][] = [["ssid", cstr(c.ssid)]];
      if (c.password !== "") f.push(["pwd", cstr(c.password)]);
      if (c.bssid !== undefined) f.push(["bssid", c.bssid]);
      return [i + 1, newTable(L, f)];
    });
    L.push(newTable(L, [["qty", list.length], ...entries]));
    return 1;
  };

  /** wifi_station_getconfig: never nil (the SSID array is never NULL), even when empty. */
  const getconfigOf =
    (flash: boolean) =>
    (L: LuaThread): number => {
      const store = flash ? w.radio.flash.sta : w.sta;
      const c = store.list[store.current] ?? emptyStaConfig();
      const bssid = c.bssid ?? NO_BSSID;
      if (tagOf(L.arg(1)) === Tag.BOOLEAN && L.arg(1) === true) {
        const f: [string, LuaValue][] = [["ssid", cstr(c.ssid)]];
        if (c.password !== "") f.push(["pwd", cstr(c.password)]);
        f.push(["bssid_set", c.bssid !== undefined], ["bssid", bssid]);
        L.push(newTable(L, f));
        return 1;
      }
      L.push(cstr(c.ssid));
      L.push(cstr(c.password));
      L.push(c.bssid !== undefined ? 1 : 0);
      L.push(bssid);
      return 4;
    };

  const gethostname = (L: LuaThread): number => {
    L.push(w.fw.netif.hostname);
    return 1;
  };

  const sethostname = (L: LuaThread): number => {
    const name = checkString(L, 1);
    if (!validHostname(name)) argError(L, 1, "Invalid hostname");
    w.fw.netif.hostname = name;
    L.push(true);
    return 1;
  };

  const getrssi = (L: LuaThread): number => {
    const rssi = w.station.rssi;
    L.push(rssi < 10 ? rssi : undefined);
    return 1;
  };

  const setaplimit = (L: LuaThread): number => {
    const n = checkInt32(L, 1) >>> 0;
    if (n < 1 || n > 5) argError(L, 1, "Valid range: 1-5");
    L.push(w.setApLimit(n));
    return 1;
  };

  const status = (L: LuaThread): number => {
    L.push(w.station.status);
    return 1;
  };

  const iface = ifaceEntries(w, STATION_IF);
  const entries: RomEntry[] = [
    ["autoconnect", light("autoconnect", autoconnect)],
    ["changeap", light("changeap", changeap)],
    ["clearconfig", light("clearconfig", clearconfig)],
    ["config", light("config", config)],
    ["connect", light("connect", connect)],
    ["disconnect", light("disconnect", disconnect)],
    ["getap", light("getap", (L) => getap(L, w))],
    ["getapindex", light("getapindex", getapindex)],
    ["getapinfo", light("getapinfo", getapinfo)],
    iface.getbroadcast!,
    ["getconfig", light("getconfig", getconfigOf(false))],
    ["getdefaultconfig", light("getdefaultconfig", getconfigOf(true))],
    ["gethostname", light("gethostname", gethostname)],
    iface.getip!,
    iface.getmac!,
    ["getrssi", light("getrssi", getrssi)],
    ["setaplimit", light("setaplimit", setaplimit)],
    ["sethostname", light("sethostname", sethostname)],
    iface.setip!,
    iface.setmac!,
    ["sleeptype", light("sleeptype", (L) => sleeptype(L, w))],
    ["status", light("status", status)],
  ];
  return new RomTable(entries);
}

/** wifi_station_sleeptype (wifi.sleeptype and wifi.sta.sleeptype): sets when given a number. */
export function sleeptype(L: LuaThread, w: Wifi): number {
  const v = L.arg(1);
  if (isNumber(v)) {
    const type = intOf(v) >>> 0;
    if (type > 2) argError(L, 1, "range:0-2");
    w.sleepType = type;
  }
  L.push(w.sleepType);
  return 1;
}
