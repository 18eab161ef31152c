// The wifi module (app/modules/wifi.c, wifi_eventmon.c, wifi_common.c; docs/modules/wifi.md) over
// the simulated radio (src/hw/radio.ts). The default build's user_config.h leaves PMSLEEP_ENABLE
// and WIFI_SMART_ENABLE off (suspend/resume raise, no startsmart) and turns the event monitor
// and its reason table on. The station's and soft-AP's addresses go to Firmware.netif, which is
// how the network modules know whether the network is usable and what the board's IP is.

import type { ModuleDef } from "../firmware/module.js";
import { argError, error, typeError } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { isFalse } from "../lua/value.js";
import { checkInt32 } from "./int32.js";
import { apTable } from "./wifi-ap.js";
import { eventmonTable } from "./wifi-events.js";
import { field, intOf, isNumber, isString, newTable, strOf } from "./wifi-lua.js";
import { sleeptype, staTable } from "./wifi-sta.js";
import { type Wifi, wifiOf } from "./wifi-state.js";

/** What dbg_printf writes before wifi.suspend/resume raise (PMSLEEP_ENABLE is off). */
const SUSPEND_NOTE =
  '\n The option "PMSLEEP_ENABLE" in "app/include/user_config.h" was disabled during FW build!\n';

const isAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

function setcountry(L: LuaThread, w: Wifi): number {
  const t = L.arg(1);
  if (!(t instanceof LuaTable)) return argError(L, 1, "Table not found!");
  let cc = "CN";
  const country = field(L, t, "country");
  if (country !== undefined) {
    if (!isString(country)) argError(L, 1, "country: must be string");
    const s = strOf(country);
    if (!(s.length === 2 && isAlpha(s[0]) && isAlpha(s[1])))
      argError(L, 1, "country: country code must be 2 chars");
    // wifi.c uppercases bytes >= 0x61 only
    cc = [...s]
      .map((c) => (c.charCodeAt(0) >= 0x61 ? String.fromCharCode(c.charCodeAt(0) - 32) : c))
      .join("");
  }
  let schan = 1;
  const start = field(L, t, "start_ch");
  if (start !== undefined) {
    if (!isNumber(start)) argError(L, 1, "start_ch: must be a number");
    schan = intOf(start) & 0xff;
    if (schan < 1 || schan > 14) argError(L, 1, "start_ch: Range:1-14");
  }
  let nchan = 13 - schan + 1;
  const end = field(L, t, "end_ch");
  if (end !== undefined) {
    if (!isNumber(end)) argError(L, 1, "end_ch: must be a number");
    const e = intOf(end) & 0xff;
    if (e < 1 || e > 14) argError(L, 1, "end_ch: Range:1-14");
    if (e < schan) argError(L, 1, "end_ch: can't be less than start_ch");
    nchan = e - schan + 1;
  }
  let policy = 0;
  const p = field(L, t, "policy");
  if (p !== undefined) {
    if (!isNumber(p)) argError(L, 1, "policy: must be a number");
    policy = intOf(p) & 0xff;
    if (policy !== 0 && policy !== 1) argError(L, 1, "policy: must be 0 or 1");
  }
  w.country = { cc, schan, nchan, policy };
  L.push(true);
  return 1;
}

function moduleEntries(w: Wifi): RomEntry[] {
  const setmode = (L: LuaThread): number => {
    const mode = checkInt32(L, 1) >>> 0;
    if (mode > 3) argError(L, 1, "Invalid mode");
    let save = true;
    if (L.arg(2) !== undefined) {
      if (typeof L.arg(2) !== "boolean") typeError(L, 2, "boolean"); // luaL_checktype
      save = !isFalse(L.arg(2));
    }
    w.setMode(mode, save);
    L.push(w.opmode);
    return 1;
  };

  const getmode = (L: LuaThread): number => {
    L.push(w.opmode);
    return 1;
  };

  const getdefaultmode = (L: LuaThread): number => {
    L.push(w.radio.flash.opmode);
    return 1;
  };

  const getchannel = (L: LuaThread): number => {
    const ap = w.station.ap;
    L.push(ap !== undefined ? ap.channel : w.apEnabled() ? w.softap.config.channel : 1);
    return 1;
  };

  const getcountry = (L: LuaThread): number => {
    const c = w.country;
    L.push(
      newTable(L, [
        ["country", c.cc],
        ["start_ch", c.schan],
        ["end_ch", c.schan + c.nchan - 1],
        ["policy", c.policy],
      ]),
    );
    return 1;
  };

  const setphymode = (L: LuaThread): number => {
    const mode = checkInt32(L, 1) >>> 0;
    if (mode !== 1 && mode !== 2 && mode !== 3) error(L, "wrong arg type");
    w.phyMode = mode;
    L.push(w.phyMode);
    return 1;
  };

  const getphymode = (L: LuaThread): number => {
    L.push(w.phyMode);
    return 1;
  };

  const setmaxtxpower = (L: LuaThread): number => {
    const power = checkInt32(L, 1) >>> 0;
    if (!(power > 0 && power < 83)) argError(L, 1, "tx power out of range (0->82)");
    // it returns 1 without pushing: the caller gets the top of the stack, its last argument
    L.push(L.arg(L.nargs));
    return 1;
  };

  const unavailable = (L: LuaThread): number => {
    w.fw.uartWrite(0, SUSPEND_NOTE);
    return error(L, "wifi.suspend is unavailable");
  };

  const nullmodesleep = (L: LuaThread): number => {
    if (L.nargs >= 1) w.nullModeSleep = !isFalse(L.arg(1));
    L.push(w.nullModeSleep);
    return 1;
  };

  return [
    ["setmode", light("setmode", setmode)],
    ["getmode", light("getmode", getmode)],
    ["getdefaultmode", light("getdefaultmode", getdefaultmode)],
    ["getchannel", light("getchannel", getchannel)],
    ["getcountry", light("getcountry", getcountry)],
    ["setcountry", light("setcountry", (L) => setcountry(L, w))],
    ["setphymode", light("setphymode", setphymode)],
    ["getphymode", light("getphymode", getphymode)],
    ["setmaxtxpower", light("setmaxtxpower", setmaxtxpower)],
    ["suspend", light("suspend", unavailable)],
    ["resume", light("resume", unavailable)],
    ["nullmodesleep", light("nullmodesleep", nullmodesleep)],
    ["sleeptype", light("sleeptype", (L) => sleeptype(L, w))],
    ["sta", staTable(w)],
    ["ap", apTable(w)],
    ["eventmon", eventmonTable(w.events)],
    ["NULLMODE", 0],
    ["STATION", 1],
    ["SOFTAP", 2],
    ["STATIONAP", 3],
    ["PHYMODE_B", 1],
    ["PHYMODE_G", 2],
    ["PHYMODE_N", 3],
    ["NONE_SLEEP", 0],
    ["LIGHT_SLEEP", 1],
    ["MODEM_SLEEP", 2],
    ["OPEN", 0],
    ["WPA_PSK", 2],
    ["WPA2_PSK", 3],
    ["WPA_WPA2_PSK", 4],
    ["STA_IDLE", 0],
    ["STA_CONNECTING", 1],
    ["STA_WRONGPWD", 2],
    ["STA_APNOTFOUND", 3],
    ["STA_FAIL", 4],
    ["STA_GOTIP", 5],
    ["COUNTRY_AUTO", 0],
    ["COUNTRY_MANUAL", 1],
  ];
}

export const wifiModule: ModuleDef = {
  name: "wifi",
  entries: (fw) => moduleEntries(wifiOf(fw)),
  init(fw) {
    // luaopen_wifi, then the SDK's own start-up: the soft-AP comes up, a saved config connects
    wifiOf(fw).boot();
  },
};
