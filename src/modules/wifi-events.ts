// wifi.eventmon (app/modules/wifi_eventmon.c): one callback per SDK event id, the SDK event
// handler that queues an event only when someone listens, and the LOW-priority task that
// delivers the queued events one per task through luaL_pcallx, each as a fresh table with the
// fields wifi_eventmon.c:151-241 builds. Also the reason table (WIFI_EVENT_MONITOR_DISCONNECT_
// REASON_LIST_ENABLE is on in user_config.h).

import { type Firmware, Priority } from "../firmware/module.js";
import { chargeTable } from "../lua/gc.js";
import { error } from "../lua/lib/aux.js";
import { light, type RomEntry, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { checkInt32 } from "./int32.js";

/** The SDK's event ids (user_interface.h of NONOS SDK 3.0). */
export const enum Ev {
  STA_CONNECTED = 0,
  STA_DISCONNECTED = 1,
  STA_AUTHMODE_CHANGE = 2,
  STA_GOT_IP = 3,
  STA_DHCP_TIMEOUT = 4,
  AP_STACONNECTED = 5,
  AP_STADISCONNECTED = 6,
  AP_PROBEREQRECVED = 7,
  OPMODE_CHANGED = 8,
  AP_DISTRIBUTE_STA_IP = 9,
  MAX = 10,
}

/** System_Event_t: the event id and its event_info, as plain data. */
export type SdkEvent =
  | { event: Ev.STA_CONNECTED; ssid: string; bssid: string; channel: number }
  | { event: Ev.STA_DISCONNECTED; ssid: string; bssid: string; reason: number }
  | { event: Ev.STA_AUTHMODE_CHANGE; oldMode: number; newMode: number }
  | { event: Ev.STA_GOT_IP; ip: string; netmask: string; gateway: string }
  | { event: Ev.STA_DHCP_TIMEOUT }
  | { event: Ev.AP_STACONNECTED | Ev.AP_STADISCONNECTED; mac: string; aid: number }
  | { event: Ev.AP_PROBEREQRECVED; mac: string; rssi: number }
  | { event: Ev.OPMODE_CHANGED; oldMode: number; newMode: number }
  | { event: Ev.AP_DISTRIBUTE_STA_IP; mac: string; ip: string; aid: number };

/** Events this module builds fields for; the handler's EVENT_MAX test also lists OPMODE_CHANGED. */
const IMPLEMENTED = new Set<number>([0, 1, 2, 3, 4, 5, 6, 7]);

/** The reason codes (REASON_* of the SDK), in the declaration order of the reason ROTable. */
export const REASON: readonly RomEntry[] = [
  ["UNSPECIFIED", 1],
  ["AUTH_EXPIRE", 2],
  ["AUTH_LEAVE", 3],
  ["ASSOC_EXPIRE", 4],
  ["ASSOC_TOOMANY", 5],
  ["NOT_AUTHED", 6],
  ["NOT_ASSOCED", 7],
  ["ASSOC_LEAVE", 8],
  ["ASSOC_NOT_AUTHED", 9],
  ["DISASSOC_PWRCAP_BAD", 10],
  ["DISASSOC_SUPCHAN_BAD", 11],
  ["IE_INVALID", 13],
  ["MIC_FAILURE", 14],
  ["4WAY_HANDSHAKE_TIMEOUT", 15],
  ["GROUP_KEY_UPDATE_TIMEOUT", 16],
  ["IE_IN_4WAY_DIFFERS", 17],
  ["GROUP_CIPHER_INVALID", 18],
  ["PAIRWISE_CIPHER_INVALID", 19],
  ["AKMP_INVALID", 20],
  ["UNSUPP_RSN_IE_VERSION", 21],
  ["INVALID_RSN_IE_CAP", 22],
  ["802_1X_AUTH_FAILED", 23],
  ["CIPHER_SUITE_REJECTED", 24],
  ["BEACON_TIMEOUT", 200],
  ["NO_AP_FOUND", 201],
  ["AUTH_FAIL", 202],
  ["ASSOC_FAIL", 203],
  ["HANDSHAKE_TIMEOUT", 204],
];

/** REASON_ASSOC_LEAVE: what wifi_station_disconnect reports. */
export const REASON_ASSOC_LEAVE = 8;
export const REASON_NO_AP_FOUND = 201;

/** LUA_NOREF. */
const NOREF = -2;

export class EventMonitor {
  /** wifi_event_cb_ref[EVENT_MAX+1]. */
  private readonly refs: number[] = new Array(Ev.MAX + 1).fill(NOREF);
  /** The registry queue of events waiting for the dispatch task. */
  private readonly queue: SdkEvent[] = [];

  constructor(private readonly fw: Firmware) {}

  /**
   * wifi_event_monitor_register, with the event id at stack index `at` and the callback after
   * it: a function registers (replacing the old ref), anything else unregisters.
   */
  register(L: LuaThread, at = 1): void {
    const id = checkInt32(L, at) & 0xff; // read into a uint8
    if (id > Ev.MAX) error(L, `valid wifi events:0-${Ev.MAX}`);
    this.set(id, tagOf(L.arg(at + 1)) === Tag.FUNCTION ? L.arg(at + 1) : undefined);
  }

  /** register_lua_cb / unregister_lua_cb of one event's slot. */
  set(id: number, fn: LuaValue): void {
    const old = this.refs[id]!;
    if (fn !== undefined) {
      this.refs[id] = this.fw.ref(fn);
      if (old !== NOREF) this.fw.unref(old);
    } else if (old !== NOREF) {
      this.fw.unref(old);
      this.refs[id] = NOREF;
    }
  }

  /**
   * wifi_event_monitor_handle_event_cb, the SDK's event handler: queues the event when its own
   * callback or (for an event not in the handler's list) the EVENT_MAX callback exists; the first
   * event in an empty queue posts the dispatch task.
   */
  handle(evt: SdkEvent): void {
    const own = this.refs[evt.event] !== NOREF;
    const catchAll =
      this.refs[Ev.MAX] !== NOREF && !IMPLEMENTED.has(evt.event) && evt.event !== Ev.OPMODE_CHANGED;
    if (!own && !catchAll) return;
    this.queue.push(evt);
    if (this.queue.length === 1) this.fw.post(Priority.LOW, () => this.dispatch());
  }

  /** wifi_event_monitor_process_event_queue: the oldest event to its callback. */
  private dispatch(): void {
    const evt = this.queue.shift();
    if (evt === undefined) return;
    if (this.queue.length > 0) this.fw.post(Priority.LOW, () => this.dispatch());
    let ref = this.refs[evt.event]!;
    // the task's test for the catch-all omits OPMODE_CHANGED, unlike the handler's
    if (ref === NOREF && !IMPLEMENTED.has(evt.event)) ref = this.refs[Ev.MAX]!;
    // with no callback left (unregistered since), the C code would call whatever lies below the
    // table on the stack; here nothing is called
    if (ref === NOREF) return;
    const fn = this.fw.getRef(ref);
    this.fw.pcallx(fn, [eventTable(this.fw.L, evt)]);
  }
}

/** The table of one event, fields in the order wifi_eventmon.c sets them. */
function eventTable(L: LuaThread, evt: SdkEvent): LuaTable {
  const t = new LuaTable();
  chargeTable(L, t);
  const fields: [string, string | number][] = [];
  switch (evt.event) {
    case Ev.STA_CONNECTED:
      fields.push(["SSID", evt.ssid], ["BSSID", evt.bssid], ["channel", evt.channel]);
      break;
    case Ev.STA_DISCONNECTED:
      fields.push(["SSID", evt.ssid], ["reason", evt.reason], ["BSSID", evt.bssid]);
      break;
    case Ev.STA_AUTHMODE_CHANGE:
      fields.push(["old_auth_mode", evt.oldMode], ["new_auth_mode", evt.newMode]);
      break;
    case Ev.STA_GOT_IP:
      fields.push(["IP", evt.ip], ["netmask", evt.netmask], ["gateway", evt.gateway]);
      break;
    case Ev.STA_DHCP_TIMEOUT:
      break;
    case Ev.AP_STACONNECTED:
    case Ev.AP_STADISCONNECTED:
      fields.push(["MAC", evt.mac], ["AID", evt.aid]);
      break;
    case Ev.AP_PROBEREQRECVED:
      fields.push(["MAC", evt.mac], ["RSSI", evt.rssi]);
      break;
    case Ev.OPMODE_CHANGED:
      // the docs say old_auth_mode/new_auth_mode; the source sets these
      fields.push(["old_mode", evt.oldMode], ["new_mode", evt.newMode]);
      break;
    default:
      fields.push(["info", `event ${evt.event} not implemented`]);
  }
  for (const [k, v] of fields) t.set(k, v);
  return t;
}

/** The wifi.eventmon ROTable. */
export function eventmonTable(events: EventMonitor): RomTable {
  const register = (L: LuaThread): number => {
    events.register(L);
    return 0;
  };
  return new RomTable([
    ["register", light("register", register)],
    ["unregister", light("unregister", register)],
    ["STA_CONNECTED", Ev.STA_CONNECTED],
    ["STA_DISCONNECTED", Ev.STA_DISCONNECTED],
    ["STA_AUTHMODE_CHANGE", Ev.STA_AUTHMODE_CHANGE],
    ["STA_GOT_IP", Ev.STA_GOT_IP],
    ["STA_DHCP_TIMEOUT", Ev.STA_DHCP_TIMEOUT],
    ["AP_STACONNECTED", Ev.AP_STACONNECTED],
    ["AP_STADISCONNECTED", Ev.AP_STADISCONNECTED],
    ["AP_PROBEREQRECVED", Ev.AP_PROBEREQRECVED],
    ["WIFI_MODE_CHANGED", Ev.OPMODE_CHANGED],
    ["EVENT_MAX", Ev.MAX],
    ["reason", new RomTable(REASON)],
  ]);
}
