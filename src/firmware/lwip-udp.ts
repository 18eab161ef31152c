// UDP pcbs of the lwIP model (src/firmware/lwip.ts) over host datagram sockets
// (src/host/udp.ts): udp_bind to a device port served on a 127.0.0.1 host port, udp_sendto
// with ip_route's ERR_RTE when the board has no address, and udp_recv's callback in a task.

import { type HostUdp, hostUdp } from "../host/udp.js";
import type { LuaThread } from "../lua/state.js";
import type { Lwip } from "./lwip.js";
import { ERR_MEM, ERR_OK, ERR_RTE, ERR_USE } from "./lwip-err.js";
import { charge } from "./lwip-tcp.js";

/** sizeof(struct udp_pcb) of lwIP 1.4, about. */
export const UDP_PCB_BYTES = 32;
/** UDP_TTL = IP_DEFAULT_TTL (lwipopts.h). */
const UDP_TTL = 255;

/** udp_recv's callback: one datagram with its sender; runs in a device task. */
export type UdpReceive = (data: string, port: number, ip: string) => void;

export class UdpPcb {
  /** The bound device port and address; undefined before udp_bind. */
  local: { ip: string; port: number } | undefined = undefined;
  ttl = UDP_TTL;
  private sock: HostUdp | undefined = undefined;
  private hostPort: number | undefined = undefined;
  private closed = false;
  private release: (() => void) | undefined;
  private untrack: (() => void) | undefined;

  /** Use Lwip.udpNew. Raises "not enough memory" when the heap has no room for the pcb. */
  constructor(
    private readonly stack: Lwip,
    L: LuaThread,
    private readonly onReceive: UdpReceive,
  ) {
    stack.fw.malloc(L, UDP_PCB_BYTES);
  }

  /** The host port datagrams to this pcb's device port are sent to (own-address traffic). */
  get hostAddress(): number | undefined {
    return this.hostPort;
  }

  /** udp_bind: ERR_USE when another pcb has the device port; port 0 takes an ephemeral one. */
  bind(port: number, ip: string): number {
    const ports = this.stack.udpPorts;
    if (port !== 0 && ports.has(port)) return ERR_USE;
    const p = port === 0 ? this.stack.allocPort((q) => ports.has(q)) : port;
    this.local = { ip, port: p };
    ports.set(p, this);
    this.release = this.stack.fw.hold(`udp socket on port ${p}`);
    this.untrack = this.stack.track({ abort: () => this.remove() });
    const plan = this.stack.planPort(p);
    this.open(plan.hostPort, plan.fixed, port !== 0);
    return ERR_OK;
  }

  private open(hostPort: number, fixed: boolean, announce: boolean): void {
    this.sock = hostUdp(
      hostPort,
      (bound, code) => {
        if (this.closed) return;
        if (bound !== undefined) {
          this.hostPort = bound;
          if (this.ttl !== UDP_TTL) this.sock?.setTTL(this.ttl);
          for (const g of this.stack.groups) this.sock?.addMembership(g);
          if (announce) this.stack.notice(`device UDP port ${this.local?.port} is on 127.0.0.1:${bound}`);
        } else if (fixed) {
          this.stack.notice(
            `device UDP port ${this.local?.port}: cannot bind 127.0.0.1:${hostPort} (${code})`,
          );
        } else {
          this.open(0, false, announce);
        }
      },
      (data, port, ip) => {
        if (this.closed) return;
        const s = data.toString("latin1");
        this.stack.deliver(() => {
          if (!this.closed) this.onReceive(s, port, ip);
        });
      },
    );
  }

  /**
   * udp_sendto: ERR_RTE without an address, ERR_MEM when the heap cannot hold the datagram
   * (net.c's pbuf_alloc). A datagram to the device's own address reaches its own pcb bound to
   * that port (or nothing).
   */
  sendto(data: string, port: number, ip: string): number {
    if (this.stack.localIp === undefined) return ERR_RTE;
    const L = this.stack.fw.L;
    if (!charge(this.stack, L, data.length)) return ERR_MEM;
    this.stack.fw.free(data.length); // the pbuf is freed once udp_sendto returns
    let hostIp = ip;
    let hostPort: number | undefined = this.stack.udpRedirect.get(port) ?? port;
    if (this.stack.isOwnIp(ip)) {
      hostIp = "127.0.0.1";
      hostPort = this.stack.udpPorts.get(port)?.hostAddress;
    }
    if (hostPort !== undefined) this.sock?.send(Buffer.from(data, "latin1"), hostPort, hostIp);
    return ERR_OK;
  }

  setTtl(ttl: number): void {
    this.ttl = ttl;
    if (ttl >= 1 && ttl <= 255) this.sock?.setTTL(ttl);
  }

  /** igmp_joingroup/leavegroup for this pcb's host socket. */
  membership(group: string, join: boolean): void {
    if (join) this.sock?.addMembership(group);
    else this.sock?.dropMembership(group);
  }

  /** udp_remove. */
  remove(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock?.close();
    this.sock = undefined;
    const p = this.local?.port;
    if (p !== undefined && this.stack.udpPorts.get(p) === this) this.stack.udpPorts.delete(p);
    this.local = undefined;
    this.untrack?.();
    this.release?.();
    if (!this.stack.isDown) this.stack.fw.free(UDP_PCB_BYTES);
  }
}
