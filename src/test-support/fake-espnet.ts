// A scripted network for protocol module specs: the spec plays the peer. Connections succeed
// (or are refused) in a task of their own, everything the device sends is recorded and "sent"
// follows in a task, and the spec delivers bytes back when it chooses, all in device time.

import { type Firmware, Priority } from "../firmware/module.js";
import {
  type DnsAnswer,
  ESPCONN_OK,
  ESPCONN_RST,
  type EspconnEvents,
  type EspNet,
  type TcpEspconn,
  type UdpEndpoint,
} from "../modules/espconn.js";

export class FakeConn implements TcpEspconn {
  events: EspconnEvents | undefined = undefined;
  remote: { ip: string; port: number } | undefined = undefined;
  /** Every buffer the device sent, in order. */
  readonly written: Buffer[] = [];
  open = false;
  closedByDevice = false;

  constructor(
    private readonly fw: Firmware,
    private readonly refuse: boolean,
  ) {}

  connect(ip: string, port: number, events: EspconnEvents): number {
    this.events = events;
    this.remote = { ip, port };
    this.fw.post(Priority.HIGH, () => {
      if (this.refuse) {
        events.reconnect(ESPCONN_RST);
      } else {
        this.open = true;
        events.connected();
      }
    });
    return ESPCONN_OK;
  }

  send(data: Buffer): number {
    this.written.push(Buffer.from(data));
    this.fw.post(Priority.HIGH, () => this.events?.sent());
    return ESPCONN_OK;
  }

  disconnect(): number {
    if (!this.open) return ESPCONN_OK;
    this.open = false;
    this.closedByDevice = true;
    this.fw.post(Priority.HIGH, () => this.events?.disconnected());
    return ESPCONN_OK;
  }

  /** The peer sends `data` (one receive callback). */
  deliver(data: Buffer): void {
    this.fw.post(Priority.HIGH, () => this.events?.received(data));
  }

  /** The peer closes (FIN): the disconnect callback. */
  peerClose(): void {
    if (!this.open) return;
    this.open = false;
    this.fw.post(Priority.HIGH, () => this.events?.disconnected());
  }

  /** The connection breaks (RST): the reconnect callback. */
  reset(): void {
    if (!this.open) return;
    this.open = false;
    this.fw.post(Priority.HIGH, () => this.events?.reconnect(ESPCONN_RST));
  }
}

export class FakeUdp implements UdpEndpoint {
  readonly sent: { data: Buffer; ip: string; port: number }[] = [];
  private receive: ((data: Buffer, ip: string, port: number) => void) | undefined;
  closed = false;

  constructor(private readonly fw: Firmware) {}

  sendto(data: Buffer, ip: string, port: number): number {
    this.sent.push({ data: Buffer.from(data), ip, port });
    return ESPCONN_OK;
  }

  onReceive(fn: (data: Buffer, ip: string, port: number) => void): void {
    this.receive = fn;
  }

  close(): void {
    this.closed = true;
  }

  deliver(data: Buffer, ip: string, port: number): void {
    this.fw.post(Priority.HIGH, () => this.receive?.(data, ip, port));
  }
}

export class FakeNet implements EspNet {
  readonly conns: FakeConn[] = [];
  readonly udps: FakeUdp[] = [];
  /** Names the fake resolver knows; others fail. */
  readonly names = new Map<string, string>();
  /** Ports whose connections are refused. */
  readonly refused = new Set<number>();

  constructor(private readonly fw: Firmware) {}

  gethostbyname(name: string, found: (ip: string | undefined) => void): DnsAnswer {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { ip: name };
    if (name === "") return "error";
    this.fw.post(Priority.HIGH, () => found(this.names.get(name)));
    return "inprogress";
  }

  tcp(): TcpEspconn {
    const refuse = { v: false };
    const conn = new FakeConn(this.fw, false);
    // the refusal depends on the port, known only at connect time
    const connect = conn.connect.bind(conn);
    conn.connect = (ip, port, events) => {
      refuse.v = this.refused.has(port);
      if (refuse.v) {
        conn.events = events;
        conn.remote = { ip, port };
        this.fw.post(Priority.HIGH, () => events.reconnect(ESPCONN_RST));
        return ESPCONN_OK;
      }
      return connect(ip, port, events);
    };
    this.conns.push(conn);
    return conn;
  }

  secureTcp(): TcpEspconn {
    return this.tcp();
  }

  udp(): UdpEndpoint {
    const u = new FakeUdp(this.fw);
    this.udps.push(u);
    return u;
  }

  get last(): FakeConn {
    const c = this.conns[this.conns.length - 1];
    if (c === undefined) throw new Error("no connection");
    return c;
  }
}
