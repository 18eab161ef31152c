// Host side of the board's TCP (DESIGN.md "Layers": src/host bridges to this machine): thin
// wrappers over node:net for the lwIP model in src/firmware/lwip-tcp.ts. Nothing here knows the
// firmware; errors are reported as Node's error codes (ECONNREFUSED, ECONNRESET, ...), and the
// firmware layer maps them to lwIP's err_t values.

import * as net from "node:net";

/** What a host TCP stream reports. Every callback runs from Node's event loop. */
export interface HostStreamEvents {
  onConnect(): void;
  onData(chunk: Buffer): void;
  /** The peer closed its side (FIN). */
  onEnd(): void;
  /** The stream failed (Node's code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT). */
  onError(code: string): void;
}

/** One host TCP connection (outbound or accepted). */
export interface HostStream {
  /** Queues bytes; `flushed` runs once they were handed to this machine's TCP stack. */
  write(data: Buffer, flushed: () => void): void;
  /** Graceful close (FIN after what is queued). */
  end(): void;
  /** Abort (RST). */
  destroy(): void;
  pause(): void;
  resume(): void;
  setKeepAlive(idleMs: number): void;
  readonly localPort: number;
  readonly remotePort: number;
  readonly remoteAddress: string;
}

function wrap(sock: net.Socket, ev: HostStreamEvents): HostStream {
  let failed = false;
  sock.setNoDelay(true);
  sock.on("data", (b: Buffer) => ev.onData(b));
  sock.on("end", () => ev.onEnd());
  sock.on("error", (e: NodeJS.ErrnoException) => {
    failed = true;
    ev.onError(e.code ?? "EIO");
  });
  // A stream that closes with no error and no FIN seen (destroy from the far side).
  sock.on("close", (hadError: boolean) => {
    if (!hadError && !failed && !sock.readableEnded) ev.onError("ECONNRESET");
  });
  return {
    write(data, flushed) {
      if (sock.destroyed || sock.writableEnded) return;
      sock.write(data, () => flushed());
    },
    end() {
      if (!sock.destroyed) sock.end();
    },
    destroy() {
      sock.removeAllListeners("close");
      sock.resetAndDestroy();
    },
    pause() {
      sock.pause();
    },
    resume() {
      sock.resume();
    },
    setKeepAlive(idleMs) {
      sock.setKeepAlive(true, idleMs);
    },
    get localPort() {
      return sock.localPort ?? 0;
    },
    get remotePort() {
      return sock.remotePort ?? 0;
    },
    get remoteAddress() {
      return (sock.remoteAddress ?? "").replace(/^::ffff:/, "");
    },
  };
}

/** Opens a connection to ip:port on this machine's network (IPv4). */
export function hostConnect(ip: string, port: number, ev: HostStreamEvents): HostStream {
  const sock = net.connect({ host: ip, port, family: 4 });
  sock.once("connect", () => ev.onConnect());
  return wrap(sock, ev);
}

/** A listening host socket on 127.0.0.1. */
export interface HostServer {
  close(): void;
}

/**
 * Listens on 127.0.0.1:`port` (0: any free port). `onListening` gets the port bound, or the
 * Node error code when the port could not be had. Accepted streams start paused; `onAccept`
 * attaches its events and resumes them.
 */
export function hostListen(
  port: number,
  onListening: (port: number | undefined, code?: string) => void,
  onAccept: (attach: (ev: HostStreamEvents) => HostStream) => void,
): HostServer {
  const server = net.createServer({ pauseOnConnect: true }, (sock) => {
    onAccept((ev) => wrap(sock, ev));
  });
  const open = new Set<net.Socket>();
  server.on("connection", (s) => {
    open.add(s);
    s.on("close", () => open.delete(s));
  });
  server.once("error", (e: NodeJS.ErrnoException) => onListening(undefined, e.code ?? "EIO"));
  server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
    const a = server.address();
    onListening(typeof a === "object" && a !== null ? a.port : undefined);
  });
  return {
    close() {
      server.close();
      // connections accepted but never handed to the device go with the server
      for (const s of open) if (s.isPaused() && s.listenerCount("data") === 0) s.destroy();
    },
  };
}
