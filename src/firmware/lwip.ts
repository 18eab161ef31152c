// The board's TCP/IP stack as the modules see it: a model of the SDK's lwIP 1.4 raw API
// (app/lwip/core/tcp.c, tcp_in.c, udp.c, dns.c; limits from app/include/lwipopts.h) over this
// machine's real sockets (src/host). One Lwip per boot; net, mqtt, http and tls build on it.
//
//   const ip = lwipOf(fw);
//   const pcb = ip.tcpNew(L, { onConnect, onReceive, onSent, onDisconnect, onReconnect });
//   pcb.connect("192.168.1.10", 80);            // err_t: ERR_OK, ERR_RTE without an address
//   pcb.send(bytes);                            // ERR_MEM when TCP_SND_BUF is full
//   ip.tcpListen(L, 80, "0.0.0.0", (conn) => { conn.handlers = {...}; });
//   ip.udpNew(L, onMessage).bind(port, "0.0.0.0"); ip.gethostbyname(name, found);
//
// Every callback runs inside a task of the device (one event per task, posted at HIGH through
// one queue slot so the 8-entry user queues never overflow), so Lua called from it may use
// fw.callUnprotected. Outside events keep the runner waiting through fw.hold while a socket,
// server or lookup is open. A restart closes every host socket of the boot.
//
// Routing: the network is usable only while netif.sta or netif.ap has an address (ip_route of
// tcp.c tcp_connect / udp_sendto gives ERR_RTE otherwise). A connection to the device's own
// address reaches its own servers (through their 127.0.0.1 host ports); everything else goes
// to this machine's network as it is, 127.0.0.1 included.

import { hostLookup } from "../host/dns.js";
import type { LuaThread } from "../lua/state.js";
import { ERR_ARG, ERR_INPROGRESS, ERR_OK, ERR_USE } from "./lwip-err.js";
import { TcpConn, type TcpHandlers, TcpListener } from "./lwip-tcp.js";
import { UdpPcb, type UdpReceive } from "./lwip-udp.js";
import { type Firmware, Priority } from "./module.js";

export * from "./lwip-err.js";
export { TcpConn, type TcpHandlers, TcpListener } from "./lwip-tcp.js";
export { UdpPcb, type UdpReceive } from "./lwip-udp.js";

/** TCP_MSS (lwipopts.h): a received pbuf, and so one `receive` callback, holds at most this. */
export const TCP_MSS = 1460;
/** TCP_SND_BUF = 2 * TCP_MSS (lwipopts.h): bytes written and not yet acknowledged. */
export const TCP_SND_BUF = 2 * TCP_MSS;
/**
 * TCP_WND is an SDK register (lwipopts.h); the SDK's value is 4 * TCP_MSS. It bounds what the
 * peer may send beyond what the app took (hold stops the window from reopening).
 */
export const TCP_WND = 4 * TCP_MSS;
/**
 * MEMP_NUM_TCP_PCB is an SDK register too (espconn_tcp_set_max_con; 5 by default). Only a
 * listening pcb checks it: a SYN that finds that many ESTABLISHED pcbs is dropped
 * (tcp_in.c tcp_listen_input), so the client retries until a slot frees.
 */
export const MAX_TCP_CONNECTIONS = 5;
/** DNS_MAX_SERVERS (lwipopts.h). */
export const DNS_MAX_SERVERS = 2;
/** DNS_MAX_NAME_LENGTH of lwIP's dns.c: longer names are ERR_ARG. */
const DNS_MAX_NAME_LENGTH = 256;
/**
 * Without an address dns.c's queries cannot leave; its 1 s timer retries with growing delays
 * and reports the failure after about 7 s (DNS_MAX_RETRIES 4).
 */
const DNS_FAIL_US = 7_000_000;

/** What lwIP needs from the device beyond the Firmware contract (optional members). */
export interface NetHost {
  /** Runs `fn` when this boot ends (restart, watchdog): its sockets go with it. */
  atReset(fn: () => void): void;
  /** A line for the user on the host side (not the UART): ports, routing trouble. */
  notice(msg: string): void;
}

/** Which host port a device server's port is on: --forward's fixed ones, else the same number. */
export interface PortPlan {
  hostPort: number;
  fixed: boolean;
}

const stacks = new WeakMap<Firmware, Lwip>();

/** The stack of this boot. */
export function lwipOf(fw: Firmware): Lwip {
  let s = stacks.get(fw);
  if (s === undefined) {
    s = new Lwip(fw);
    stacks.set(fw, s);
  }
  return s;
}

/**
 * ipaddr_aton (lwIP ip_addr.c, BSD inet_aton): "a.b.c.d", "a.b.c", "a.b" or "a", each part
 * decimal, octal (leading 0) or hex (0x); trailing white space allowed. The address as a
 * dotted quad, or undefined when the text is not one.
 */
export function ipAton(text: string): string | undefined {
  const m = /^([^\s]*)\s*$/.exec(text);
  if (m === null || m[1] === "") return undefined;
  const parts = m[1].split(".");
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    const v = /^0[xX][0-9a-fA-F]*$/.test(p)
      ? Number.parseInt(p.slice(2) || "0", 16)
      : /^0[0-7]*$/.test(p)
        ? Number.parseInt(p, 8)
        : /^[1-9][0-9]*$/.test(p)
          ? Number(p)
          : Number.NaN;
    if (Number.isNaN(v)) return undefined;
    vals.push(v);
  }
  const last = vals.length - 1;
  if (vals.slice(0, last).some((v) => v > 255) || vals[last] >= 2 ** (8 * (4 - last))) return undefined;
  let n = vals[last];
  for (let i = 0; i < last; i++) n += vals[i] * 2 ** (8 * (3 - i));
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** A plain dotted quad (what the board prints and what host sockets take). */
export const isDottedQuad = (s: string): boolean => ipAton(s) === s;

export class Lwip {
  private readonly events: (() => void)[] = [];
  private posted = false;
  private down = false;
  /** Everything open (host sockets, servers), closed at a restart. */
  private readonly open = new Set<{ abort(): void }>();
  /** Device TCP servers by device port, and the host port each is reachable on. */
  readonly tcpServers = new Map<number, TcpListener>();
  readonly udpPorts = new Map<number, UdpPcb>();
  /** ESTABLISHED connections (the PCB limit counts these). */
  established = 0;
  /** Accepted host connections waiting for a free slot (their SYN "retransmitted"). */
  readonly waiting: (() => boolean)[] = [];
  readonly dnsServers: (string | undefined)[] = ["208.67.222.222", undefined];
  private readonly host: Partial<NetHost>;
  private nextPort = 0xc000;
  /** Multicast groups joined (igmp), applied to UDP pcbs bound later too. */
  readonly groups = new Set<string>();
  /**
   * Remote UDP ports whose datagrams go to another port of the same host instead (specs point
   * a well-known port such as NTP's 123 at an unprivileged local responder). Empty normally.
   */
  readonly udpRedirect = new Map<number, number>();

  constructor(readonly fw: Firmware) {
    this.host = fw as Firmware & Partial<NetHost>;
    this.host.atReset?.(() => this.shutdown());
  }

  /** The device's address (station first, then soft-AP); undefined: no route anywhere. */
  get localIp(): string | undefined {
    return this.fw.netif.sta?.ip ?? this.fw.netif.ap?.ip;
  }

  /** Whether `ip` is one of the device's own addresses. */
  isOwnIp(ip: string): boolean {
    return ip === this.fw.netif.sta?.ip || ip === this.fw.netif.ap?.ip;
  }

  notice(msg: string): void {
    this.host.notice?.(msg);
  }

  /** The host port for a device port (--forward first). */
  planPort(devicePort: number): PortPlan {
    const f = this.fw.config.forward?.[devicePort];
    return f !== undefined ? { hostPort: f, fixed: true } : { hostPort: devicePort, fixed: false };
  }

  // ---------------------------------------------------------------------------------------
  // Events: one per task

  /** Queues `ev` to run in a task of its own, after the events already queued. */
  deliver(ev: () => void): void {
    if (this.down) return;
    this.events.push(ev);
    this.kick();
  }

  private kick(): void {
    if (this.posted || this.down || this.events.length === 0) return;
    if (this.fw.post(Priority.HIGH, () => this.runOne())) {
      this.posted = true;
    } else {
      // the HIGH queue is full: the SDK's lwIP task would run later; try again in 1 ms
      this.posted = true;
      this.fw.setTimer(1000, () => {
        this.posted = false;
        this.kick();
      });
    }
  }

  private runOne(): void {
    this.posted = false;
    const ev = this.events.shift();
    this.kick();
    ev?.();
  }

  /** Registers something to close at a restart; returns its removal. */
  track(item: { abort(): void }): () => void {
    this.open.add(item);
    return () => void this.open.delete(item);
  }

  /** The boot ended: every host socket and server closes, nothing more is delivered. */
  shutdown(): void {
    this.down = true;
    this.events.length = 0;
    for (const item of [...this.open]) item.abort();
    this.open.clear();
  }

  get isDown(): boolean {
    return this.down;
  }

  // ---------------------------------------------------------------------------------------
  // TCP

  /** tcp_new: a pcb charged to the heap (raises "not enough memory" as the allocator does). */
  tcpNew(L: LuaThread, handlers: TcpHandlers = {}): TcpConn {
    return new TcpConn(this, L, handlers);
  }

  /**
   * tcp_bind + tcp_listen on device port `port` (0: any) and address `ip`: an error number
   * (ERR_USE when another device server has the port) or the listener. `onAccept` runs in a
   * task for each new connection; it sets conn.handlers before returning.
   */
  tcpListen(L: LuaThread, port: number, ip: string, onAccept: (conn: TcpConn) => void): TcpListener | number {
    if (port !== 0 && this.tcpServers.has(port)) return ERR_USE;
    return new TcpListener(this, L, port, ip, onAccept);
  }

  /**
   * An ephemeral port for a bind to port 0: lwIP's tcp_new_port/udp_new_port count up from
   * TCP_LOCAL_PORT_RANGE_START (0xc000).
   */
  allocPort(used: (port: number) => boolean): number {
    for (let i = 0; i < 0x4000; i++) {
      const p = this.nextPort;
      this.nextPort = p === 0xffff ? 0xc000 : p + 1;
      if (!used(p)) return p;
    }
    return 0;
  }

  /** A connection slot freed: the oldest waiting client gets it. */
  slotFreed(): void {
    while (this.established < MAX_TCP_CONNECTIONS && this.waiting.length > 0) {
      const next = this.waiting.shift();
      if (next?.()) break;
    }
  }

  // ---------------------------------------------------------------------------------------
  // UDP

  /** udp_new, with its receive callback (udp_recv). */
  udpNew(L: LuaThread, onReceive: UdpReceive): UdpPcb {
    return new UdpPcb(this, L, onReceive);
  }

  /** igmp_joingroup/leavegroup: every UDP pcb's host socket joins or leaves `group`. */
  multicast(group: string, join: boolean): void {
    if (join) this.groups.add(group);
    else this.groups.delete(group);
    for (const pcb of this.udpPorts.values()) pcb.membership(group, join);
  }

  // ---------------------------------------------------------------------------------------
  // DNS

  /**
   * dns_gethostbyname: an IP literal answers at once ({err: ERR_OK, ip}); a name is looked up
   * by the host resolver and `found` runs later in a task ({err: ERR_INPROGRESS}); a bad name
   * is ERR_ARG. `found` gets undefined when the name does not resolve.
   */
  gethostbyname(name: string, found: (ip: string | undefined) => void): { err: number; ip?: string } {
    const literal = ipAton(name);
    if (literal !== undefined) return { err: ERR_OK, ip: literal };
    if (name.length === 0 || name.length >= DNS_MAX_NAME_LENGTH) return { err: ERR_ARG };
    const release = this.fw.hold(`dns ${name}`);
    if (this.localIp === undefined) {
      this.fw.setTimer(DNS_FAIL_US, () => {
        release();
        if (!this.down) found(undefined);
      });
      return { err: ERR_INPROGRESS };
    }
    const untrack = this.track({ abort: release });
    hostLookup(name, (ip) => {
      release();
      untrack();
      this.deliver(() => found(ip));
    });
    return { err: ERR_INPROGRESS };
  }
}
