// The wifi side of one boot of the SDK (user_interface.h's wifi_* state behind wifi.c): the
// opmode, the current station configurations, the station and soft-AP, the event monitor, the
// PHY/sleep/country settings, and the one scan callback slot. What the SDK saves in flash lives
// in the Radio (src/hw/radio.ts) and is read back at each boot; the rest starts afresh.

import type { Firmware } from "../firmware/module.js";
import { emptyStaConfig, type Radio, radioOf, type StaConfig, type StaStore } from "../hw/radio.js";
import { Ev, EventMonitor } from "./wifi-events.js";
import { factoryApConfig, SoftAp } from "./wifi-softap.js";
import { Station, type StationHost } from "./wifi-station.js";

export const NULL_MODE = 0;
export const STATION_MODE = 1;
export const SOFTAP_MODE = 2;
export const STATIONAP_MODE = 3;

/** wifi_country_t. */
export interface Country {
  cc: string;
  schan: number;
  nchan: number;
  policy: number;
}

const copyStore = (s: StaStore): StaStore => ({
  list: s.list.map((c) => ({ ...c })),
  current: s.current,
  limit: s.limit,
});

const sameConfig = (a: StaConfig, b: StaConfig) =>
  a.ssid === b.ssid && a.password === b.password && a.bssid === b.bssid;

export class Wifi implements StationHost {
  readonly radio: Radio;
  readonly events: EventMonitor;
  readonly station: Station;
  readonly softap: SoftAp;
  opmode: number;
  /** The station configurations in use (the flash's at boot; save=false changes only these). */
  sta: StaStore;
  phyMode = 3; // PHY_MODE_11N
  sleepType = 2; // MODEM_SLEEP_T, the SDK's default
  nullModeSleep = true; // luaopen_wifi: wifi_fpm_auto_sleep_set_in_null_mode(1)
  country: Country = { cc: "CN", schan: 1, nchan: 13, policy: 0 };
  /** wifi_scan_succeed's ref (LUA_NOREF = -2) and getap_output_format. */
  scanRef = -2;
  scanFormat = 0;
  scanning = false;

  constructor(readonly fw: Firmware) {
    this.radio = radioOf(fw);
    const flash = this.radio.flash;
    this.events = new EventMonitor(fw);
    this.station = new Station(this);
    this.softap = new SoftAp(fw, this.radio, this.events, {
      ...(flash.ap ?? factoryApConfig(fw.netif.apMac)),
    });
    this.opmode = flash.opmode;
    this.sta = copyStore(flash.sta);
  }

  staEnabled(): boolean {
    return (this.opmode & STATION_MODE) !== 0;
  }

  apEnabled(): boolean {
    return (this.opmode & SOFTAP_MODE) !== 0;
  }

  config(): StaConfig {
    return this.sta.list[this.sta.current] ?? emptyStaConfig();
  }

  /** What the SDK does at startup: the soft-AP comes up, a saved station config auto-connects. */
  boot(): void {
    if (this.apEnabled()) this.softap.start();
    if (this.staEnabled() && this.radio.flash.autoConnect) this.station.connect();
  }

  /** wifi_set_opmode (save) / wifi_set_opmode_current. */
  setMode(mode: number, save: boolean): void {
    if (save) this.radio.flash.opmode = mode;
    const old = this.opmode;
    if (old === mode) return;
    if ((old & STATION_MODE) !== 0 && (mode & STATION_MODE) === 0) this.station.disconnect();
    if ((old & SOFTAP_MODE) !== 0 && (mode & SOFTAP_MODE) === 0) this.softap.stop();
    this.opmode = mode;
    this.fw.setTimer(0, () => this.events.handle({ event: Ev.OPMODE_CHANGED, oldMode: old, newMode: mode }));
    if ((mode & SOFTAP_MODE) !== 0) this.softap.start();
    if ((mode & STATION_MODE) !== 0 && (old & STATION_MODE) === 0 && this.radio.flash.autoConnect)
      this.station.connect();
  }

  /**
   * wifi_station_set_config(_current): only with the station on. The configuration becomes the
   * current one, first in the list of up to `limit` remembered ones.
   */
  setStaConfig(cfg: StaConfig, save: boolean): boolean {
    if (!this.staEnabled()) return false;
    const list = this.sta.list.filter((c) => c.ssid !== "" && !sameConfig(c, cfg));
    this.sta.list = [cfg, ...list].slice(0, this.sta.limit);
    this.sta.current = 0;
    if (save) this.radio.flash.sta = copyStore(this.sta);
    return true;
  }

  /** wifi_station_ap_number_set: how many configurations are remembered (saved in flash). */
  setApLimit(n: number): boolean {
    for (const s of [this.sta, this.radio.flash.sta]) {
      s.limit = n;
      s.list = s.list.slice(0, n);
      if (s.current >= n) s.current = 0;
    }
    return true;
  }

  /** wifi_station_ap_change: switches to a remembered configuration and connects to it. */
  changeAp(index: number): boolean {
    const cfg = this.sta.list[index];
    if (cfg === undefined || cfg.ssid === "") return false;
    this.station.disconnect();
    this.sta.current = index;
    this.station.connect();
    return true;
  }
}

const states = new WeakMap<Firmware, Wifi>();

/** The wifi state of this boot (made with the module's table). */
export function wifiOf(fw: Firmware): Wifi {
  let w = states.get(fw);
  if (w === undefined) {
    w = new Wifi(fw);
    states.set(fw, w);
  }
  return w;
}
