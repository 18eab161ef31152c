// wifi.ap (app/modules/wifi.c's wifi_ap and wifi_ap_dhcp ROTables): the soft-AP's configuration
// with its legacy event callbacks, deauth, addresses (wifi-iface.ts), the client list and the
// DHCP server's lease. Argument errors are wifi.c's, in its order of checks.

import type { ApConfig } from "../hw/radio.js";
import { argError, checkTable, error } from "../lua/lib/aux.js";
import { light, type RomEntry, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { ipaddrAddr, ipString, normalMac } from "./wifi-addr.js";
import { Ev } from "./wifi-events.js";
import { INVALID_MAC, ifaceEntries, SOFTAP_IF } from "./wifi-iface.js";
import { field, intOf, isFunction, isNumber, isString, newTable, strOf } from "./wifi-lua.js";
import { STATION_MODE, type Wifi } from "./wifi-state.js";

const AP_CALLBACKS: readonly [string, Ev][] = [
  ["staconnected_cb", Ev.AP_STACONNECTED],
  ["stadisconnected_cb", Ev.AP_STADISCONNECTED],
  ["probereq_cb", Ev.AP_PROBEREQRECVED],
];

/** AUTH_MAX of the SDK's AUTH_MODE enum. */
const AUTH_MAX = 5;

/** A numeric field read with luaL_checkinteger, range-checked by wifi.c. */
function intField(L: LuaThread, v: LuaValue, min: number, max: number, range: string): number {
  const n = intOf(v);
  if (n < min || n > max) argError(L, 1, range);
  return n;
}

export function apTable(w: Wifi): RomTable {
  const config = (L: LuaThread): number => {
    const t = checkTable(L, 1);
    const cfg: ApConfig = { ssid: "", password: "", authmode: 0, channel: 6, hidden: 0, max: 4, beacon: 100 };
    const ssid = field(L, t, "ssid");
    if (ssid === undefined) argError(L, 1, "ssid: required");
    if (!isString(ssid)) argError(L, 1, "ssid: not string");
    cfg.ssid = strOf(ssid);
    if (cfg.ssid.length < 1 || cfg.ssid.length > 32) argError(L, 1, "ssid: length:1-32");
    const pwd = field(L, t, "pwd");
    if (pwd !== undefined) {
      if (!isString(pwd)) argError(L, 1, "pwd: not string");
      cfg.password = strOf(pwd);
      if (cfg.password.length < 8 || cfg.password.length > 64) argError(L, 1, "pwd: length:0 or 8-64");
      cfg.authmode = 4; // AUTH_WPA_WPA2_PSK
    }
    const auth = field(L, t, "auth");
    if (auth !== undefined) {
      if (!isNumber(auth)) argError(L, 1, "auth: not number");
      cfg.authmode = intField(L, auth, 0, AUTH_MAX - 1, "auth: Range:0-4");
    }
    const channel = field(L, t, "channel");
    if (channel !== undefined) {
      // wifi.c raises this one without returning: same effect
      if (!isNumber(channel)) argError(L, 1, "channel: not number");
      cfg.channel = intField(L, channel, 1, 13, "channel: Range:1-13");
    }
    const hidden = field(L, t, "hidden");
    if (hidden !== undefined) {
      if (typeof hidden === "boolean") cfg.hidden = hidden ? 1 : 0;
      else if (typeof hidden === "number") cfg.hidden = intField(L, hidden, 0, 1, "hidden: 0 or 1");
      else argError(L, 1, "hidden: not boolean");
    }
    const max = field(L, t, "max");
    if (max !== undefined) {
      if (!isNumber(max)) argError(L, 1, "max: not number");
      cfg.max = intField(L, max, 1, 4, "max: 1-4");
    }
    const beacon = field(L, t, "beacon");
    if (beacon !== undefined) {
      if (!isNumber(beacon)) argError(L, 1, "beacon: not number");
      cfg.beacon = intField(L, beacon, 100, 60000, "beacon: 100-60000");
    }
    let save = true;
    const s = field(L, t, "save");
    if (s !== undefined) {
      if (typeof s !== "boolean") argError(L, 1, "save: not boolean");
      save = s;
    }
    for (const [key, ev] of AP_CALLBACKS) {
      const fn = field(L, t, key);
      if (fn === undefined) continue;
      if (!isFunction(fn)) argError(L, 1, `${key}:not function`);
      w.events.set(ev, fn);
    }
    // wifi_softap_set_config(_current) works only with the soft-AP on
    const ok = w.apEnabled();
    if (ok) {
      w.softap.config = cfg;
      if (save) w.radio.flash.ap = { ...cfg };
    }
    L.push(ok);
    return 1;
  };

  const deauth = (L: LuaThread): number => {
    let mac = "ff:ff:ff:ff:ff:ff";
    if (isString(L.arg(1))) {
      const s = strOf(L.arg(1));
      if (s.length !== 17) argError(L, 1, INVALID_MAC);
      mac = normalMac(s);
    }
    L.push(w.softap.deauth(mac));
    return 1;
  };

  const getclient = (L: LuaThread): number => {
    if (w.opmode === STATION_MODE) error(L, "Can't list clients in STATION mode");
    const list = w.apEnabled() ? w.softap.clients : [];
    L.push(
      newTable(
        L,
        list.map((c) => [c.mac, c.ip ?? "0.0.0.0"] as const),
      ),
    );
    return 1;
  };

  const getconfigOf =
    (flash: boolean) =>
    (L: LuaThread): number => {
      const c = flash ? (w.radio.flash.ap ?? w.softap.config) : w.softap.config;
      const open = c.authmode === 0;
      if (tagOf(L.arg(1)) === Tag.BOOLEAN && L.arg(1) === true) {
        const f: [string, LuaValue][] = [["ssid", c.ssid]];
        if (!open) f.push(["pwd", c.password]);
        f.push(
          ["auth", c.authmode],
          ["channel", c.channel],
          ["hidden", c.hidden !== 0],
          ["max", c.max],
          ["beacon", c.beacon],
        );
        L.push(newTable(L, f));
        return 1;
      }
      L.push(c.ssid);
      L.push(open ? undefined : c.password);
      return 2;
    };

  const iface = ifaceEntries(w, SOFTAP_IF);
  const entries: RomEntry[] = [
    ["config", light("config", config)],
    ["deauth", light("deauth", deauth)],
    iface.getip!,
    iface.setip!,
    iface.getbroadcast!,
    iface.getmac!,
    iface.setmac!,
    ["getclient", light("getclient", getclient)],
    ["getconfig", light("getconfig", getconfigOf(false))],
    ["getdefaultconfig", light("getdefaultconfig", getconfigOf(true))],
    ["dhcp", dhcpTable(w)],
  ];
  return new RomTable(entries);
}

function dhcpTable(w: Wifi): RomTable {
  const config = (L: LuaThread): number => {
    const t = L.arg(1);
    if (tagOf(t) !== Tag.TABLE) return error(L, "wrong arg type");
    const v = field(L, t, "start");
    const start = isString(v) ? ipaddrAddr(strOf(v)) : 0;
    if (start === 0) return error(L, "wrong arg type");
    // the pool ends max_connection - 1 after the start, in the last byte alone (it wraps)
    const end = ((start & 0xffffff00) | ((start + w.softap.config.max - 1) & 0xff)) >>> 0;
    L.push(ipString(start));
    L.push(ipString(end));
    w.softap.leaseStart = start;
    return 2;
  };
  const start = (L: LuaThread): number => {
    w.softap.dhcps = true;
    L.push(w.apEnabled());
    return 1;
  };
  const stop = (L: LuaThread): number => {
    w.softap.dhcps = false;
    L.push(w.apEnabled());
    return 1;
  };
  return new RomTable([
    ["config", light("config", config)],
    ["start", light("start", start)],
    ["stop", light("stop", stop)],
  ]);
}
