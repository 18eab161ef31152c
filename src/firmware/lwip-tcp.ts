// TCP pcbs of the lwIP model (src/firmware/lwip.ts): connections and listeners over host
// sockets (src/host/tcp.ts), with the board's receive segmenting (one pbuf of at most TCP_MSS
// per callback), its send buffer (TCP_SND_BUF, tcp_write's ERR_MEM), its window (TCP_WND;
// hold keeps it from reopening, tcp_recved of net.c), the PCB limit of tcp_listen_input and
// heap charges for pcbs and queued bytes (lwipopts.h MEMP_MEM_MALLOC: pcbs come from the heap).

import {
  type HostServer,
  type HostStream,
  type HostStreamEvents,
  hostConnect,
  hostListen,
} from "../host/tcp.js";
import { LuaError, type LuaThread } from "../lua/state.js";
import type { Lwip } from "./lwip.js";
import { ERR_CONN, ERR_ISCONN, ERR_MEM, ERR_OK, ERR_RST, ERR_RTE, errFromHost } from "./lwip-err.js";

const TCP_MSS = 1460;
const TCP_SND_BUF = 2 * TCP_MSS;
const TCP_WND = 4 * TCP_MSS;
const MAX_TCP_CONNECTIONS = 5;
/** sizeof(struct tcp_pcb) of lwIP 1.4 on the 32-bit ESP8266, about. */
export const TCP_PCB_BYTES = 168;
/** sizeof(struct tcp_pcb_listen), about. */
export const TCP_LISTEN_PCB_BYTES = 40;
/** A queued segment: struct tcp_seg, the pbuf header and 40 bytes of TCP/IP headers. */
const SEG_OVERHEAD = 76;
/** A received pbuf's header (struct pbuf). */
const PBUF_HEADER = 16;

/** The callbacks of a connection; each runs in a device task. */
export interface TcpHandlers {
  /** An outbound connection was established (tcp_connect's connected callback). */
  onConnect?(): void;
  /** One received pbuf: at most TCP_MSS bytes, as a byte string. */
  onReceive?(segment: string): void;
  /** Bytes of one send() left the board (tcp_sent). */
  onSent?(): void;
  /**
   * The connection is gone: ERR_OK when the peer closed it (recv with no pbuf), otherwise
   * tcp_err's code (ERR_RST: refused or reset; ERR_ABRT: timed out). Not called after close().
   */
  onDisconnect?(err: number): void;
  /** When set, errors (err != ERR_OK) come here instead of onDisconnect (net.c's rule). */
  onReconnect?(err: number): void;
}

export interface Endpoint {
  ip: string;
  port: number;
}

/** Charges `bytes` to the device heap; false when the heap cannot hold them. */
export function charge(stack: Lwip, L: LuaThread, bytes: number): boolean {
  try {
    stack.fw.malloc(L, bytes);
    return true;
  } catch (e) {
    if (e instanceof LuaError) return false;
    throw e;
  }
}

type State = "new" | "connecting" | "open" | "closed";

export class TcpConn {
  state: State = "new";
  /** The peer as the device sees it (tcp_pcb remote_ip/remote_port). */
  remote: Endpoint | undefined = undefined;
  private localPort = 0;
  private stream: HostStream | undefined = undefined;
  private readonly rx: Buffer[] = [];
  private rxBytes = 0;
  /** The peer is done: the code to report once the received bytes are delivered. */
  private ending: number | undefined = undefined;
  private scheduled = false;
  private held = false;
  /** Bytes delivered while held: the window closes at TCP_WND. */
  private heldBytes = 0;
  private paused = false;
  /** Bytes written and not yet flushed by the host (the used part of TCP_SND_BUF). */
  unacked = 0;
  private release: (() => void) | undefined = undefined;
  private untrack: (() => void) | undefined = undefined;
  private counted = false;

  /** Use Lwip.tcpNew. Raises "not enough memory" when the heap has no room for the pcb. */
  constructor(
    private readonly stack: Lwip,
    L: LuaThread,
    public handlers: TcpHandlers,
  ) {
    stack.fw.malloc(L, TCP_PCB_BYTES);
  }

  /** The device-side address (tcp_pcb local_ip/local_port); undefined before it has one. */
  get local(): Endpoint | undefined {
    if (this.localPort === 0 || this.state === "closed") return undefined;
    return { ip: this.stack.localIp ?? "0.0.0.0", port: this.localPort };
  }

  /**
   * tcp_connect to a dotted quad: ERR_RTE when the board has no address (ip_route finds no
   * netif), ERR_ISCONN when already used. The outcome comes through the handlers.
   */
  connect(ip: string, port: number): number {
    if (this.state !== "new") return ERR_ISCONN;
    this.remote = { ip, port };
    if (this.stack.localIp === undefined) {
      this.stack.notice(`net: no route to ${ip}:${port} (the board has no IP address yet)`);
      return ERR_RTE;
    }
    this.state = "connecting";
    this.open(`tcp ${ip}:${port}`);
    let hostIp = ip;
    let hostPort = port;
    if (this.stack.isOwnIp(ip)) {
      // the device's own address: its own server, through the server's host port
      const server = this.stack.tcpServers.get(port);
      if (server?.hostPort === undefined) {
        this.failLater(ERR_RST); // nothing listens: the stack answers the SYN with RST
        return ERR_OK;
      }
      hostIp = "127.0.0.1";
      hostPort = server.hostPort;
    }
    this.stream = hostConnect(hostIp, hostPort, this.events(true));
    return ERR_OK;
  }

  /** An accepted host stream becomes this pcb (tcp_listen_input's new pcb, ESTABLISHED). */
  adopt(attach: (ev: HostStreamEvents) => HostStream, devicePort: number, keepIdleMs: number): void {
    this.state = "open";
    this.localPort = devicePort;
    this.countEstablished();
    this.open(`tcp connection on port ${devicePort}`);
    const s = attach(this.events(false));
    this.stream = s;
    this.remote = { ip: s.remoteAddress, port: s.remotePort };
    if (keepIdleMs > 0) s.setKeepAlive(keepIdleMs);
    s.resume();
  }

  private open(what: string): void {
    this.release = this.stack.fw.hold(what);
    this.untrack = this.stack.track({ abort: () => this.abort() });
  }

  private events(outbound: boolean): HostStreamEvents {
    return {
      onConnect: () => {
        if (this.state !== "connecting") return;
        this.state = "open";
        this.localPort = this.stream?.localPort ?? 0;
        this.countEstablished();
        if (outbound) this.stack.deliver(() => this.state === "open" && this.handlers.onConnect?.());
      },
      onData: (b) => {
        if (this.state === "closed") return;
        this.rx.push(b);
        this.rxBytes += b.length;
        this.flow();
        this.schedule();
      },
      onEnd: () => this.peerDone(ERR_OK),
      onError: (code) => this.peerDone(errFromHost(code)),
    };
  }

  private peerDone(err: number): void {
    if (this.state === "closed" || this.ending !== undefined) return;
    this.ending = err;
    this.schedule();
  }

  private failLater(err: number): void {
    this.ending = err;
    this.schedule();
  }

  // ---------------------------------------------------------------------------------------
  // Receiving: one pbuf per task

  private get windowShut(): boolean {
    return this.held && this.heldBytes >= TCP_WND;
  }

  private get deliverable(): boolean {
    if (this.state === "closed") return false;
    if (this.rxBytes > 0) return !this.windowShut;
    return this.ending !== undefined;
  }

  private schedule(): void {
    if (this.scheduled || !this.deliverable) return;
    this.scheduled = true;
    this.stack.deliver(() => {
      this.scheduled = false;
      this.deliverOne();
      this.schedule();
    });
  }

  /** What the peer may still send: pause the host socket when the window is used up. */
  private flow(): void {
    const stop = this.rxBytes >= TCP_WND || this.windowShut;
    if (stop === this.paused || this.stream === undefined) return;
    this.paused = stop;
    if (stop) this.stream.pause();
    else this.stream.resume();
  }

  private deliverOne(): void {
    if (!this.deliverable) return;
    if (this.rxBytes === 0) {
      const err = this.ending ?? ERR_OK;
      this.teardown(err !== ERR_OK);
      const h = this.handlers;
      if (err !== ERR_OK && h.onReconnect !== undefined) h.onReconnect(err);
      else h.onDisconnect?.(err);
      return;
    }
    const seg = this.takeSegment();
    const L = this.stack.fw.L;
    if (!charge(this.stack, L, seg.length + PBUF_HEADER)) {
      // no heap for the pbuf: the driver drops the frame and the peer sends it again later
      this.rx.unshift(seg);
      this.rxBytes += seg.length;
      this.stack.fw.setTimer(100_000, () => this.schedule());
      return;
    }
    if (this.held) this.heldBytes += seg.length;
    this.flow();
    try {
      this.handlers.onReceive?.(seg.toString("latin1"));
    } finally {
      this.stack.fw.free(seg.length + PBUF_HEADER);
    }
  }

  private takeSegment(): Buffer {
    const first = this.rx[0];
    let seg: Buffer;
    if (first.length > TCP_MSS) {
      seg = first.subarray(0, TCP_MSS);
      this.rx[0] = first.subarray(TCP_MSS);
    } else {
      // small chunks that arrived together fill one segment, as a peer's Nagle would
      const parts: Buffer[] = [];
      let n = 0;
      while (this.rx.length > 0 && n + this.rx[0].length <= TCP_MSS) {
        const b = this.rx.shift() as Buffer;
        parts.push(b);
        n += b.length;
      }
      seg = Buffer.concat(parts, n);
    }
    this.rxBytes -= seg.length;
    return seg;
  }

  /** Stops the window from reopening (net.c hold: tcp_recved(pcb, 0)). */
  hold(): void {
    if (this.held) return;
    this.held = true;
    this.heldBytes = 0;
  }

  /** Reopens the window (tcp_recved(pcb, TCP_WND)). */
  unhold(): void {
    if (!this.held) return;
    this.held = false;
    this.heldBytes = 0;
    this.flow();
    this.schedule();
  }

  // ---------------------------------------------------------------------------------------
  // Sending

  /**
   * tcp_write with TCP_WRITE_FLAG_COPY: ERR_OK, ERR_MEM when the bytes do not fit in what is
   * left of TCP_SND_BUF (or the heap), ERR_CONN when the pcb is not connecting or open.
   * onSent follows once the host stack took the bytes.
   */
  send(data: string): number {
    if (this.state !== "open" && this.state !== "connecting") return ERR_CONN;
    const len = data.length;
    if (len > TCP_SND_BUF - this.unacked) return ERR_MEM;
    const cost = len + SEG_OVERHEAD * Math.ceil(len / TCP_MSS);
    if (!charge(this.stack, this.stack.fw.L, cost)) return ERR_MEM;
    this.unacked += len;
    const done = () => {
      this.unacked -= len;
      this.stack.fw.free(cost);
    };
    if (this.stream === undefined) {
      done(); // refused before it could go anywhere
      return ERR_OK;
    }
    this.stream.write(Buffer.from(data, "latin1"), () => {
      if (this.stack.isDown) return;
      done();
      this.stack.deliver(() => {
        if (this.state !== "closed") this.handlers.onSent?.();
      });
    });
    return ERR_OK;
  }

  // ---------------------------------------------------------------------------------------
  // Closing

  /** tcp_close: FIN after what is queued; no callback follows. ERR_CONN when already closed. */
  close(): number {
    if (this.state === "closed") return ERR_CONN;
    this.teardown(false);
    return ERR_OK;
  }

  /** tcp_abort: RST to the peer; no callback follows. */
  abort(): void {
    if (this.state !== "closed") this.teardown(true);
  }

  private teardown(reset: boolean): void {
    this.state = "closed";
    this.rx.length = 0;
    this.rxBytes = 0;
    if (reset) this.stream?.destroy();
    else this.stream?.end();
    this.stream = undefined;
    this.untrack?.();
    this.release?.();
    this.release = undefined;
    if (!this.stack.isDown) this.stack.fw.free(TCP_PCB_BYTES);
    if (this.counted) {
      this.counted = false;
      this.stack.established--;
      this.stack.slotFreed();
    }
  }

  private countEstablished(): void {
    this.counted = true;
    this.stack.established++;
  }
}

/** A listening pcb: a device port served on a 127.0.0.1 host port. */
export class TcpListener {
  /** The host port once listening (undefined while binding or when it failed). */
  hostPort: number | undefined = undefined;
  readonly port: number;
  private server: HostServer | undefined;
  private closed = false;
  private readonly release: () => void;
  private readonly untrack: () => void;
  /** Keepalive idle of accepted pcbs, ms (net.createServer's timeout: keep_idle = s * 1000). */
  keepIdleMs = 0;

  constructor(
    private readonly stack: Lwip,
    L: LuaThread,
    port: number,
    readonly ip: string,
    private readonly onAccept: (conn: TcpConn) => void,
  ) {
    stack.fw.malloc(L, TCP_LISTEN_PCB_BYTES);
    this.port = port === 0 ? stack.allocPort((p) => stack.tcpServers.has(p)) : port;
    stack.tcpServers.set(this.port, this);
    this.release = stack.fw.hold(`tcp server on port ${this.port}`);
    this.untrack = stack.track({ abort: () => this.close() });
    const plan = stack.planPort(this.port);
    this.server = this.bind(plan.hostPort, plan.fixed);
  }

  private bind(hostPort: number, fixed: boolean): HostServer {
    return hostListen(
      hostPort,
      (bound, code) => {
        if (this.closed) return;
        if (bound !== undefined) {
          this.hostPort = bound;
          this.stack.notice(`device port ${this.port} is on 127.0.0.1:${bound}`);
        } else if (fixed) {
          this.stack.notice(`device port ${this.port}: cannot listen on 127.0.0.1:${hostPort} (${code})`);
        } else {
          this.server = this.bind(0, false); // taken (or privileged): another port
        }
      },
      (attach) => this.incoming(attach),
    );
  }

  private incoming(attach: (ev: HostStreamEvents) => HostStream): void {
    const tryAccept = (): boolean => {
      if (this.closed || this.stack.isDown) {
        attach({ onConnect() {}, onData() {}, onEnd() {}, onError() {} }).destroy();
        return true;
      }
      // tcp_listen_input: the SYN is dropped while MEMP_NUM_TCP_PCB pcbs are ESTABLISHED
      if (this.stack.established >= MAX_TCP_CONNECTIONS) return false;
      const L = this.stack.fw.L;
      let conn: TcpConn;
      try {
        conn = this.stack.tcpNew(L);
      } catch (e) {
        if (e instanceof LuaError) return false; // tcp_alloc failed: the SYN is dropped too
        throw e;
      }
      conn.adopt(attach, this.port, this.keepIdleMs);
      this.stack.deliver(() => {
        if (conn.state !== "closed" && !this.closed) this.onAccept(conn);
      });
      return true;
    };
    if (!tryAccept()) this.stack.waiting.push(tryAccept);
  }

  /** tcp_close of the listening pcb; accepted connections stay. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server?.close();
    this.server = undefined;
    if (this.stack.tcpServers.get(this.port) === this) this.stack.tcpServers.delete(this.port);
    this.untrack();
    this.release();
    if (!this.stack.isDown) this.stack.fw.free(TCP_LISTEN_PCB_BYTES);
  }
}
