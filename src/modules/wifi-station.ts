// The SDK's station (wifi_station_connect/disconnect, wifi_station_get_connect_status, the DHCP
// client and the reconnect policy) over the radio world, as wifi.c drives it. The SDK does this
// out of sight; what an app sees is modelled:
// - a connect scans for the configured SSID (1.2-2.0 s of device time), associates (80-250 ms),
//   raises STA_CONNECTED, then DHCP answers (0.3-1.2 s) and STA_GOT_IP follows; the station's
//   address is what the network code then sees (netif.sta);
// - no such AP: after a full scan (2.0-2.6 s), STA_DISCONNECTED reason NO_AP_FOUND (201) and
//   status STA_APNOTFOUND; a wrong password: the 4-way handshake times out (3-4 s after the
//   scan), STA_DISCONNECTED with the world's reason (15, 4WAY_HANDSHAKE_TIMEOUT, by default) and
//   status STA_WRONGPWD. Either way the SDK keeps trying (reconnect policy on), 0.5 s later;
// - an AP without a DHCP server: STA_CONNECTED, then STA_DHCP_TIMEOUT after 30 s;
// - wifi_station_disconnect of an associated station: STA_DISCONNECTED reason ASSOC_LEAVE (8).
// Every duration is derived from the device seed, the SSID and the attempt number, so runs repeat.

import type { Firmware, IpInfo, TimerHandle } from "../firmware/module.js";
import type { Radio, ResolvedAp, StaConfig } from "../hw/radio.js";
import { Ev, type EventMonitor, REASON_ASSOC_LEAVE, REASON_NO_AP_FOUND } from "./wifi-events.js";

/** wifi_station_get_connect_status values (STA_* constants). */
export const enum StaStatus {
  IDLE = 0,
  CONNECTING = 1,
  WRONG_PASSWORD = 2,
  NO_AP_FOUND = 3,
  CONNECT_FAIL = 4,
  GOT_IP = 5,
}

const MS = 1000;
const RETRY_US = 500 * MS;
const DHCP_TIMEOUT_US = 30_000 * MS;
const NO_BSSID = "00:00:00:00:00:00";

/** What the station needs from the rest of the wifi state. */
export interface StationHost {
  readonly fw: Firmware;
  readonly radio: Radio;
  readonly events: EventMonitor;
  /** The opmode has the station bit. */
  staEnabled(): boolean;
  /** The current station configuration. */
  config(): StaConfig;
}

export class Station {
  status: StaStatus = StaStatus.IDLE;
  /** The AP while associated. */
  ap: ResolvedAp | undefined = undefined;
  /** The station interface's ip_info (DHCP's lease, or what setip gave). */
  ipInfo: IpInfo | undefined = undefined;
  /** The DHCP client runs (wifi_station_dhcpc_stop, called by setip, stops it for this boot). */
  dhcpc = true;
  private timer: TimerHandle | undefined = undefined;
  private attempt = 0;

  constructor(private readonly host: StationHost) {}

  private get fw(): Firmware {
    return this.host.fw;
  }

  /** Trying or associated. */
  get active(): boolean {
    return this.timer !== undefined || this.ap !== undefined;
  }

  /** wifi_station_connect: false when the station is off; nothing new while already active. */
  connect(): boolean {
    if (!this.host.staEnabled()) return false;
    if (this.active) return true;
    if (this.host.config().ssid === "") return true; // nothing to look for
    this.status = StaStatus.CONNECTING;
    this.attempt = 0;
    this.startAttempt();
    return true;
  }

  /**
   * wifi_station_disconnect: stops trying; an associated station leaves its AP and reports
   * ASSOC_LEAVE (as an SDK event, after the running task).
   */
  disconnect(): boolean {
    this.cancel();
    const ap = this.ap;
    if (ap !== undefined) {
      this.ap = undefined;
      this.dropAddress();
      this.fw.setTimer(0, () =>
        this.host.events.handle({
          event: Ev.STA_DISCONNECTED,
          ssid: ap.ssid,
          bssid: ap.bssid,
          reason: REASON_ASSOC_LEAVE,
        }),
      );
    }
    this.status = StaStatus.IDLE;
    return this.host.staEnabled();
  }

  /** wifi_set_ip_info(STATION_IF): the address in use from now on (netif too while associated). */
  setIp(info: IpInfo): void {
    this.ipInfo = info;
    if (this.ap !== undefined) this.fw.netif.sta = { ...info };
  }

  /** RSSI of the AP while associated (wifi_station_get_rssi gives 31 otherwise). */
  get rssi(): number {
    return this.ap?.rssi ?? 31;
  }

  private cancel(): void {
    if (this.timer !== undefined) this.fw.cancel(this.timer);
    this.timer = undefined;
  }

  private after(us: number, fn: () => void): void {
    this.timer = this.fw.setTimer(us, () => {
      this.timer = undefined;
      fn();
    });
  }

  private pickMs(what: string, min: number, max: number): number {
    return this.host.radio.pick(`${what}:${this.host.config().ssid}:${this.attempt}`, min, max) * MS;
  }

  /** One try: scan for the AP, then associate, or fail and try again. */
  private startAttempt(): void {
    const cfg = this.host.config();
    const ap = this.host.radio.find(cfg);
    if (ap === undefined) {
      this.after(this.pickMs("scanall", 2000, 2600), () => this.fail(cfg.ssid, NO_BSSID, REASON_NO_AP_FOUND));
      return;
    }
    this.after(this.pickMs("scan", 1200, 2000), () => {
      const open = ap.authmode === 0;
      if (!open && cfg.password !== ap.password) {
        this.after(this.pickMs("handshake", 3000, 4000), () =>
          this.fail(ap.ssid, ap.bssid, this.host.radio.wrongPasswordReason),
        );
        return;
      }
      this.after(this.pickMs("assoc", 80, 250), () => this.associated(ap));
    });
  }

  private fail(ssid: string, bssid: string, reason: number): void {
    this.status = reason === REASON_NO_AP_FOUND ? StaStatus.NO_AP_FOUND : StaStatus.WRONG_PASSWORD;
    this.host.events.handle({ event: Ev.STA_DISCONNECTED, ssid, bssid, reason });
    this.attempt++;
    this.after(RETRY_US, () => this.startAttempt());
  }

  private associated(ap: ResolvedAp): void {
    this.ap = ap;
    this.status = StaStatus.CONNECTING;
    this.host.events.handle({ event: Ev.STA_CONNECTED, ssid: ap.ssid, bssid: ap.bssid, channel: ap.channel });
    if (!this.dhcpc && this.ipInfo !== undefined) {
      this.gotIp(this.ipInfo);
      return;
    }
    const dhcp = ap.dhcp;
    if (dhcp === false) {
      this.after(DHCP_TIMEOUT_US, () => this.host.events.handle({ event: Ev.STA_DHCP_TIMEOUT }));
      return;
    }
    this.after(this.pickMs("dhcp", 300, 1200), () =>
      this.gotIp({ ip: dhcp.ip, netmask: dhcp.netmask, gateway: dhcp.gateway }),
    );
  }

  private gotIp(info: IpInfo): void {
    this.ipInfo = info;
    this.status = StaStatus.GOT_IP;
    this.fw.netif.sta = { ...info };
    this.host.events.handle({
      event: Ev.STA_GOT_IP,
      ip: info.ip,
      netmask: info.netmask,
      gateway: info.gateway,
    });
  }

  /** Leaving the AP: a DHCP lease is gone; a static address stays configured but unusable. */
  private dropAddress(): void {
    if (this.dhcpc) this.ipInfo = undefined;
    this.fw.netif.sta = undefined;
  }
}
