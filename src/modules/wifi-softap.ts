// The SDK's soft-AP (wifi_softap_*: its configuration, ip_info, DHCP server lease and the
// stations that join it) over the radio world. The interface is up while the opmode has the
// SOFTAP bit: it has its ip_info (192.168.4.1/24 by default) and netif.ap. The world's stations
// join some seconds after it comes up: AP_STACONNECTED {MAC, AID}, then the DHCP server's
// EVENT_SOFTAPMODE_DISTRIBUTE_STA_IP (9; only an EVENT_MAX callback sees it, as "event 9 not
// implemented"). A station with a wrong password still raises AP_STACONNECTED and leaves 1 s
// later (nodemcu-firmware issue #2740).

import type { Firmware, IpInfo, TimerHandle } from "../firmware/module.js";
import type { ApConfig, Radio, SoftApStation } from "../hw/radio.js";
import { ipNumber, ipString, normalMac } from "./wifi-addr.js";
import { Ev, type EventMonitor } from "./wifi-events.js";

export const AP_DEFAULT_IP: IpInfo = { ip: "192.168.4.1", netmask: "255.255.255.0", gateway: "192.168.4.1" };

/** The factory soft-AP: ESP_ and the last three bytes of the AP MAC, open, channel 1. */
export function factoryApConfig(apMac: string): ApConfig {
  const tail = apMac.split(":").slice(3).join("").toUpperCase();
  return { ssid: `ESP_${tail}`, password: "", authmode: 0, channel: 1, hidden: 0, max: 4, beacon: 100 };
}

export interface Client {
  mac: string;
  aid: number;
  ip: string | undefined;
}

export class SoftAp {
  config: ApConfig;
  ipInfo: IpInfo = { ...AP_DEFAULT_IP };
  dhcps = true;
  /** wifi_softap_set_dhcps_lease's start, host order; undefined: the address after the AP's. */
  leaseStart: number | undefined = undefined;
  readonly clients: Client[] = [];
  private up = false;
  private timers: TimerHandle[] = [];

  constructor(
    private readonly fw: Firmware,
    private readonly radio: Radio,
    private readonly events: EventMonitor,
    config: ApConfig,
  ) {
    this.config = config;
  }

  /** The interface comes up (the opmode gained SOFTAP): the world's stations will join. */
  start(): void {
    if (this.up) return;
    this.up = true;
    this.fw.netif.ap = { ...this.ipInfo };
    (this.radio.world.stations ?? []).forEach((s, i) => {
      this.at((s.joinAfterMs ?? 2000 + 700 * i) * 1000, () => this.join(s));
    });
  }

  /** The interface goes down: its clients are gone. */
  stop(): void {
    this.up = false;
    for (const t of this.timers) this.fw.cancel(t);
    this.timers = [];
    this.clients.length = 0;
    this.fw.netif.ap = undefined;
  }

  setIp(info: IpInfo): void {
    this.ipInfo = info;
    if (this.up) this.fw.netif.ap = { ...info };
  }

  /** wifi_softap_deauth: the matching clients (all for ff:ff:ff:ff:ff:ff) leave. */
  deauth(mac: string): boolean {
    if (!this.up) return false;
    const all = mac === "ff:ff:ff:ff:ff:ff";
    for (const c of [...this.clients]) if (all || c.mac === mac) this.leave(c);
    return true;
  }

  private at(us: number, fn: () => void): void {
    const t = this.fw.setTimer(us, () => {
      this.timers = this.timers.filter((x) => x !== t);
      fn();
    });
    this.timers.push(t);
  }

  private join(s: SoftApStation): void {
    const cfg = this.config;
    if (s.ssid !== undefined && s.ssid !== cfg.ssid) return;
    if (this.clients.length >= cfg.max) return;
    const mac = normalMac(s.mac);
    if (this.clients.some((c) => c.mac === mac)) return;
    let aid = 1;
    while (this.clients.some((c) => c.aid === aid)) aid++;
    const client: Client = { mac, aid, ip: undefined };
    this.clients.push(client);
    this.events.handle({ event: Ev.AP_STACONNECTED, mac, aid });
    const wrong = cfg.authmode !== 0 && s.password !== undefined && s.password !== cfg.password;
    if (wrong) {
      this.at(1_000_000, () => this.leave(client));
      return;
    }
    if (this.dhcps) {
      this.at(this.radio.pick(`lease:${mac}`, 20, 120) * 1000, () => {
        client.ip = this.lease();
        this.events.handle({ event: Ev.AP_DISTRIBUTE_STA_IP, mac, ip: client.ip, aid });
      });
    }
    if (s.leaveAfterMs !== undefined) this.at(s.leaveAfterMs * 1000, () => this.leave(client));
  }

  /** The lowest free address of the pool. */
  private lease(): string {
    const start = this.leaseStart ?? ipNumber(this.ipInfo.ip) + 1;
    for (let n = start; ; n++) {
      const ip = ipString(n >>> 0);
      if (!this.clients.some((c) => c.ip === ip)) return ip;
    }
  }

  private leave(c: Client): void {
    const i = this.clients.indexOf(c);
    if (i < 0) return;
    this.clients.splice(i, 1);
    this.events.handle({ event: Ev.AP_STADISCONNECTED, mac: c.mac, aid: c.aid });
  }
}
