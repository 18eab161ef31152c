// The radio world around the board, as plain data: the access points in the air (what a scan
// finds and what the station can join), their DHCP servers, and the stations that join the
// board's soft-AP. Also what the SDK keeps in its system-parameter sectors at the end of flash
// (opmode, station and soft-AP configurations, the auto-connect flag): these survive restarts, so
// the Device owns one Radio across boots, as it owns its Board.
//
// The default world (no `radio` option) accepts whatever the app configures: the access point the
// app names exists and accepts the password it gives, so an app runs unchanged.

import type { Firmware } from "../firmware/module.js";

/** An access point in the air (bss_info of a scan, and what the station associates with). */
export interface AccessPoint {
  ssid: string;
  /** Absent or "": an open network. */
  password?: string;
  /** Lowercase `aa:bb:cc:dd:ee:ff`; derived from the seed and the SSID when absent. */
  bssid?: string;
  /** 1..13; derived when absent. */
  channel?: number;
  /** dBm; derived (-45..-80) when absent. */
  rssi?: number;
  /** AUTH_OPEN=0, WPA_PSK=2, WPA2_PSK=3, WPA_WPA2_PSK=4; 0 for open, else 3 when absent. */
  authmode?: number;
  /** A hidden SSID: scans show it only with show_hidden=1, and with an empty SSID. */
  hidden?: boolean;
  /** Its DHCP server; false: none answers (the station gets STA_DHCP_TIMEOUT). */
  dhcp?: DhcpServer | false;
}

/** What a DHCP server hands out. */
export interface DhcpServer {
  /** Default 192.168.1.0. */
  network?: string;
  /** Default 255.255.255.0. */
  netmask?: string;
  /** Default the network's .1. */
  gateway?: string;
  /** The address this board gets; default a host part derived from the seed (.100-.199). */
  ip?: string;
}

/** A station (a phone, a laptop) that joins the board's soft-AP. */
export interface SoftApStation {
  mac: string;
  /** Joins only an AP of this SSID (default: whatever the soft-AP is called). */
  ssid?: string;
  /** The password it tries; a wrong one still associates, then leaves (nodemcu issue #2740). */
  password?: string;
  /** Device ms after the soft-AP comes up (default 2000 + 700 per earlier station). */
  joinAfterMs?: number;
  /** Device ms after joining that it leaves (default: stays). */
  leaveAfterMs?: number;
}

export interface RadioWorld {
  accessPoints?: AccessPoint[];
  /** Whatever SSID the station configures exists (open, or WPA2 with the configured password). */
  acceptAny?: boolean;
  stations?: SoftApStation[];
  /** The DISCONNECTED reason of a wrong password (default 15, 4WAY_HANDSHAKE_TIMEOUT). */
  wrongPasswordReason?: number;
}

/** An access point with every field known. */
export interface ResolvedAp {
  ssid: string;
  password: string;
  bssid: string;
  channel: number;
  rssi: number;
  authmode: number;
  hidden: boolean;
  dhcp: Required<DhcpServer> | false;
}

/** station_config as the SDK stores it. */
export interface StaConfig {
  ssid: string;
  password: string;
  /** Set only when the app gave a bssid (bssid_set). */
  bssid: string | undefined;
}

/** softap_config as the SDK stores it. */
export interface ApConfig {
  ssid: string;
  password: string;
  authmode: number;
  channel: number;
  hidden: number;
  max: number;
  beacon: number;
}

/** The SDK's saved station configurations (wifi_station_ap_number_set keeps up to 5). */
export interface StaStore {
  /** Most recent first; [0] is the current one. */
  list: StaConfig[];
  current: number;
  limit: number;
}

/** The SDK's system parameters in flash. */
export interface WifiFlash {
  opmode: number;
  sta: StaStore;
  autoConnect: boolean;
  /** undefined: the factory soft-AP (ESP_XXXXXX, open), made from the AP MAC at boot. */
  ap: ApConfig | undefined;
}

/** The SDK's factory opmode after a flash erase: SOFTAP. */
export const FACTORY_OPMODE = 2;

export const emptyStaConfig = (): StaConfig => ({ ssid: "", password: "", bssid: undefined });

/** A 32-bit FNV-1a hash of a string, mixed with the seed: every derived value comes from this. */
export function derive(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 12)) >>> 0;
}

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** The neighbours of the default world: two networks a scan finds besides the app's own. */
function defaultNeighbours(seed: number): AccessPoint[] {
  const tag = (n: number) =>
    (derive(seed, `neighbour${n}`) & 0xffff).toString(16).toUpperCase().padStart(4, "0");
  return [
    { ssid: `HOME-${tag(1)}`, password: "not-your-network", rssi: -71 },
    { ssid: `Guest-${tag(2)}`, rssi: -83 },
  ];
}

export class Radio {
  readonly world: RadioWorld;
  readonly flash: WifiFlash = {
    opmode: FACTORY_OPMODE,
    sta: { list: [emptyStaConfig()], current: 0, limit: 1 },
    autoConnect: true,
    ap: undefined,
  };

  constructor(
    world: RadioWorld | undefined,
    readonly seed: number,
  ) {
    this.world = world ?? { acceptAny: true, accessPoints: defaultNeighbours(seed) };
  }

  /** A deterministic integer in [min, max] for `key` (timings, host parts, RSSI). */
  pick(key: string, min: number, max: number): number {
    return min + (derive(this.seed, key) % (max - min + 1));
  }

  private resolve(ap: AccessPoint): ResolvedAp {
    const h = derive(this.seed, `ap:${ap.ssid}`);
    const password = ap.password ?? "";
    const bytes = [0x02 | (h & 0xfc), (h >>> 8) & 0xff, (h >>> 16) & 0xff, h >>> 24, 0x10, h & 0x7f];
    const dhcp = ap.dhcp;
    return {
      ssid: ap.ssid,
      password,
      bssid: (ap.bssid ?? bytes.map(hex2).join(":")).toLowerCase(),
      channel: ap.channel ?? 1 + (h % 11),
      rssi: ap.rssi ?? -45 - ((h >>> 4) % 36),
      authmode: ap.authmode ?? (password === "" ? 0 : 3),
      hidden: ap.hidden ?? false,
      dhcp: dhcp === false ? false : this.dhcpOf(ap.ssid, dhcp ?? {}),
    };
  }

  private dhcpOf(ssid: string, d: DhcpServer): Required<DhcpServer> {
    const network = d.network ?? "192.168.1.0";
    const base = network.split(".").slice(0, 3).join(".");
    return {
      network,
      netmask: d.netmask ?? "255.255.255.0",
      gateway: d.gateway ?? `${base}.1`,
      ip: d.ip ?? `${base}.${this.pick(`host:${ssid}`, 100, 199)}`,
    };
  }

  /**
   * The access points in the air while the station is configured with `sta`: the world's, and
   * in an acceptAny world the configured one when the world does not have it.
   */
  accessPoints(sta?: StaConfig): ResolvedAp[] {
    const aps = (this.world.accessPoints ?? []).map((ap) => this.resolve(ap));
    if (
      this.world.acceptAny &&
      sta !== undefined &&
      sta.ssid !== "" &&
      !aps.some((a) => a.ssid === sta.ssid)
    ) {
      const ap = this.resolve({ ssid: sta.ssid, password: sta.password });
      aps.push(sta.bssid === undefined ? ap : { ...ap, bssid: sta.bssid });
    }
    return aps;
  }

  /** The AP the station would associate with: SSID (and BSSID when set) match, strongest first. */
  find(sta: StaConfig): ResolvedAp | undefined {
    const found = this.accessPoints(sta).filter(
      (ap) => ap.ssid === sta.ssid && (sta.bssid === undefined || ap.bssid === sta.bssid.toLowerCase()),
    );
    return found.sort((a, b) => b.rssi - a.rssi)[0];
  }

  /** The DISCONNECTED reason of a failed handshake. */
  get wrongPasswordReason(): number {
    return this.world.wrongPasswordReason ?? 15;
  }
}

/** The radio a running firmware is in (the Device gives its Firmware a `radio` property). */
export function radioOf(fw: Firmware): Radio {
  const holder = fw as { radio?: Radio };
  if (holder.radio === undefined) holder.radio = new Radio(undefined, fw.config.seed);
  return holder.radio;
}
