// espconn over the board's lwIP model (src/firmware/lwip.ts): the SDK's espconn layer sits on
// lwIP's raw API, so its callbacks are lwIP's, renamed. Two things espconn adds are kept here:
// espconn_disconnect ends in the disconnect callback (lwIP's tcp_close calls nothing), and a
// connection error goes to the reconnect callback. Secure connections (espconn_secure_*) run
// TLS on a host socket of their own (src/host/tls-client.ts), delivered through the same
// stack's task queue and routing rule.

import { ERR_OK, lwipOf, type TcpConn } from "../firmware/lwip.js";
import type { Firmware } from "../firmware/module.js";
import { type HostTlsStream, hostTlsConnect } from "../host/tls-client.js";
import {
  type DnsAnswer,
  ESPCONN_ARG,
  ESPCONN_CONN,
  ESPCONN_ISCONN,
  ESPCONN_MEM,
  ESPCONN_OK,
  ESPCONN_RTE,
  type EspconnEvents,
  type EspNet,
  type SecureOptions,
  type TcpEspconn,
  type UdpEndpoint,
} from "./espconn.js";

/** lwIP's err_t and espconn's codes share their numbers for what these paths return. */
const toEspconn = (err: number): number => err;

class LwipTcp implements TcpEspconn {
  private pcb: TcpConn | undefined = undefined;
  private events: EspconnEvents | undefined = undefined;
  private closing = false;

  constructor(private readonly fw: Firmware) {}

  get remote(): { ip: string; port: number } | undefined {
    return this.pcb?.remote;
  }

  connect(ip: string, port: number, events: EspconnEvents): number {
    if (this.pcb !== undefined) return ESPCONN_ISCONN;
    const stack = lwipOf(this.fw);
    this.events = events;
    try {
      this.pcb = stack.tcpNew(this.fw.L, {
        onConnect: () => events.connected(),
        onReceive: (seg) => events.received(Buffer.from(seg, "latin1")),
        onSent: () => events.sent(),
        onDisconnect: (err) => (err === ERR_OK ? events.disconnected() : events.reconnect(err)),
      });
    } catch {
      return ESPCONN_MEM;
    }
    return toEspconn(this.pcb.connect(ip, port));
  }

  send(data: Buffer): number {
    if (this.pcb === undefined) return ESPCONN_CONN;
    return toEspconn(this.pcb.send(data.toString("latin1")));
  }

  /** espconn_disconnect: tcp_close, then the disconnect callback in a task of its own. */
  disconnect(): number {
    const pcb = this.pcb;
    if (pcb === undefined || this.closing) return ESPCONN_ARG;
    if (pcb.close() !== ERR_OK) return ESPCONN_CONN;
    this.closing = true;
    lwipOf(this.fw).deliver(() => this.events?.disconnected());
    return ESPCONN_OK;
  }
}

/** espconn_secure_*: TLS to the peer on a host socket, events through the stack's queue. */
class SecureTcp implements TcpEspconn {
  private stream: HostTlsStream | undefined = undefined;
  private events: EspconnEvents | undefined = undefined;
  remote: { ip: string; port: number } | undefined = undefined;
  private state: "new" | "open" | "closed" = "new";
  private release: (() => void) | undefined = undefined;
  private untrack: (() => void) | undefined = undefined;

  constructor(
    private readonly fw: Firmware,
    private readonly options: SecureOptions,
  ) {}

  connect(ip: string, port: number, events: EspconnEvents): number {
    if (this.state !== "new") return ESPCONN_ISCONN;
    const stack = lwipOf(this.fw);
    this.remote = { ip, port };
    if (stack.localIp === undefined) return ESPCONN_RTE;
    this.events = events;
    this.state = "open";
    this.release = this.fw.hold(`tls ${ip}:${port}`);
    this.untrack = stack.track({ abort: () => this.end(true) });
    this.stream = hostTlsConnect(ip, port, this.options, {
      secured: () => stack.deliver(() => this.state === "open" && events.connected()),
      data: (b) => {
        // one receive callback per TCP_MSS-sized piece, as the SSL layer hands records up
        for (let i = 0; i < b.length; i += 1460) {
          const seg = b.subarray(i, i + 1460);
          stack.deliver(() => this.state === "open" && events.received(seg));
        }
      },
      closed: (err) => {
        if (this.state !== "open") return;
        this.end(false);
        stack.deliver(() => (err === undefined ? events.disconnected() : events.reconnect(err)));
      },
    });
    return ESPCONN_OK;
  }

  send(data: Buffer): number {
    if (this.state !== "open" || this.stream === undefined) return ESPCONN_CONN;
    const stack = lwipOf(this.fw);
    this.stream.write(Buffer.from(data), () =>
      stack.deliver(() => this.state === "open" && this.events?.sent()),
    );
    return ESPCONN_OK;
  }

  hold(on: boolean): void {
    this.stream?.pause(on);
  }

  disconnect(): number {
    if (this.state !== "open") return ESPCONN_ARG;
    this.end(false);
    lwipOf(this.fw).deliver(() => this.events?.disconnected());
    return ESPCONN_OK;
  }

  private end(reset: boolean): void {
    this.state = "closed";
    this.stream?.close(reset);
    this.stream = undefined;
    this.untrack?.();
    this.release?.();
    this.release = undefined;
  }
}

class LwipUdp implements UdpEndpoint {
  private receive: ((data: Buffer, ip: string, port: number) => void) | undefined = undefined;
  private readonly pcb;

  constructor(fw: Firmware) {
    this.pcb = lwipOf(fw).udpNew(fw.L, (data, port, ip) =>
      this.receive?.(Buffer.from(data, "latin1"), ip, port),
    );
    this.pcb.bind(0, "0.0.0.0");
  }

  sendto(data: Buffer, ip: string, port: number): number {
    return toEspconn(this.pcb.sendto(data.toString("latin1"), port, ip));
  }

  onReceive(fn: (data: Buffer, ip: string, port: number) => void): void {
    this.receive = fn;
  }

  close(): void {
    this.pcb.remove();
  }
}

export function lwipEspNet(fw: Firmware): EspNet {
  return {
    gethostbyname(name, found): DnsAnswer {
      const r = lwipOf(fw).gethostbyname(name, found);
      if (r.err === ERR_OK && r.ip !== undefined) return { ip: r.ip };
      return r.err === ERR_OK || r.err === -5 ? "inprogress" : "error";
    },
    tcp: () => new LwipTcp(fw),
    secureTcp: (options) => new SecureTcp(fw, options),
    udp: () => new LwipUdp(fw),
  };
}
