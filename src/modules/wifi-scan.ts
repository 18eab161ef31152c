// wifi.sta.getap (wifi.c's wifi_station_listap and wifi_scan_done): the argument shuffle that
// brings (cfg, format, callback) into stack slots 1-3, the scan_config filter, and the result
// table in the old (SSID -> "authmode,rssi,bssid,channel") or new (BSSID -> "ssid,rssi,
// authmode,channel") format. The callback slot and the format are single statics: a second
// getap replaces the callback (and the format) of a scan still running, and getap without a
// callback drops it. The SDK refuses a scan while one runs; it completes after 120 ms per channel
// scanned (the active scan time wifi.c sets).

import { argError, error } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import { normalMac } from "./wifi-addr.js";
import { field, intOf, isFunction, isNumber, isString, newTable, strOf } from "./wifi-lua.js";
import { SOFTAP_MODE, type Wifi } from "./wifi-state.js";

const NOREF = -2;
const PER_CHANNEL_US = 120_000;

interface ScanFilter {
  ssid?: string;
  bssid?: string;
  channel: number;
  showHidden: boolean;
  /** The four field values as read (they stay on the C stack). */
  raw: { ssid: LuaValue; bssid: LuaValue; channel: LuaValue; hidden: LuaValue };
}

/** Parses the cfg table as wifi_station_listap does (errors in the same order). */
function parseFilter(L: LuaThread, t: LuaValue): ScanFilter {
  const ssid = field(L, t, "ssid");
  const f: ScanFilter = {
    channel: 0,
    showHidden: false,
    raw: { ssid, bssid: undefined, channel: undefined, hidden: undefined },
  };
  if (ssid !== undefined) {
    if (!isString(ssid)) error(L, "wrong arg type");
    const s = strOf(ssid);
    if (s.length > 32) error(L, "ssid:<32");
    f.ssid = s;
  }
  const bssid = field(L, t, "bssid");
  f.raw.bssid = bssid;
  if (bssid !== undefined) {
    if (!isString(bssid)) error(L, "wrong arg type");
    const s = strOf(bssid);
    if (s.length !== 17) argError(L, 1, "MAC:FF:FF:FF:FF:FF:FF");
    f.bssid = normalMac(s);
  }
  const channel = field(L, t, "channel");
  f.raw.channel = channel;
  if (channel !== undefined) {
    if (!isNumber(channel)) error(L, "wrong arg type");
    const c = intOf(channel) & 0xff; // a uint8
    if (c > 13) error(L, "channel: 0 or 1-13");
    f.channel = c;
  }
  const hidden = field(L, t, "show_hidden");
  f.raw.hidden = hidden;
  if (hidden !== undefined) {
    if (!isNumber(hidden)) error(L, "wrong arg type");
    const h = intOf(hidden) & 0xff;
    if (h !== 0 && h !== 1) error(L, "show_hidden: 0 or 1");
    f.showHidden = h === 1;
  }
  return f;
}

/** wifi.sta.getap([[cfg,] format,] callback). */
export function getap(L: LuaThread, w: Wifi): number {
  if (w.opmode === SOFTAP_MODE) error(L, "Can't list ap in SOFTAP mode");
  w.scanFormat = 0;
  // the stack as wifi.c rearranges it
  const st: LuaValue[] = [];
  for (let i = 1; i <= L.nargs; i++) st.push(L.arg(i));
  const a1 = st[0];
  let filter: ScanFilter | undefined;
  if (a1 instanceof LuaTable) {
    const f = parseFilter(L, a1);
    filter = f;
    // its lua_getfield results stay on the stack, then lua_pop(L, -4) is lua_settop(L, 3)
    st.push(f.raw.ssid, f.raw.bssid, f.raw.channel, f.raw.hidden);
    if (isFunction(st[1])) st.splice(1, 0, undefined);
    st.length = 3;
  } else if (typeof a1 === "number") {
    st.splice(0, 0, undefined);
  } else if (isFunction(a1)) {
    st.splice(0, 0, undefined, undefined);
  } else if (a1 === undefined) {
    if (isFunction(st[1])) st.splice(1, 0, undefined);
  } else error(L, "wrong arg type");

  if (typeof st[1] === "number") {
    w.scanFormat = intOf(st[1]) & 0xff; // a uint8
    if (w.scanFormat !== 0 && w.scanFormat !== 1) error(L, "wrong arg type");
  }
  const cb = st[2];
  if (!isFunction(cb)) {
    if (w.scanRef !== NOREF) w.fw.unref(w.scanRef);
    w.scanRef = NOREF;
    return 0;
  }
  const ref = w.fw.ref(cb);
  if (w.scanRef !== NOREF) w.fw.unref(w.scanRef);
  w.scanRef = ref;
  startScan(w, filter);
  return 0;
}

function startScan(w: Wifi, filter: ScanFilter | undefined): void {
  if (w.scanning || w.opmode === 0) return; // wifi_station_scan refuses
  w.scanning = true;
  const channels = filter !== undefined && filter.channel !== 0 ? 1 : 13;
  w.fw.setTimer(channels * PER_CHANNEL_US, () => {
    w.scanning = false;
    scanDone(w, filter);
  });
}

/** wifi_scan_done: the results to the callback registered now, with the format set now. */
function scanDone(w: Wifi, filter: ScanFilter | undefined): void {
  if (w.scanRef === NOREF) return;
  const fn = w.fw.getRef(w.scanRef);
  const L = w.fw.L;
  const aps = w.radio
    .accessPoints(w.config())
    .filter(
      (ap) =>
        (filter?.ssid === undefined || ap.ssid === filter.ssid) &&
        (filter?.bssid === undefined || ap.bssid === filter.bssid) &&
        (filter === undefined || filter.channel === 0 || ap.channel === filter.channel) &&
        (!ap.hidden || filter?.showHidden === true),
    )
    .sort((a, b) => a.channel - b.channel);
  const fields = aps.map((ap): [string, string] => {
    const ssid = ap.hidden ? "" : ap.ssid.slice(0, 32);
    return w.scanFormat === 1
      ? [ap.bssid, `${ssid},${ap.rssi},${ap.authmode},${ap.channel}`]
      : [ssid, `${ap.authmode},${ap.rssi},${ap.bssid},${ap.channel}`];
  });
  const t = newTable(L, fields);
  w.fw.unref(w.scanRef);
  w.scanRef = NOREF;
  w.fw.pcallx(fn, [t]);
}
