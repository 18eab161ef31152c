// Host side of the board's UDP: a thin wrapper over node:dgram for src/firmware/lwip-udp.ts.
// Sockets bind to 127.0.0.1 only (DESIGN.md "The sandbox").

import * as dgram from "node:dgram";

export interface HostUdp {
  send(data: Buffer, port: number, ip: string): void;
  setTTL(ttl: number): void;
  addMembership(group: string): void;
  dropMembership(group: string): void;
  close(): void;
}

/**
 * Binds 127.0.0.1:`port` (0: any free port); `onBound` gets the port bound or the Node error
 * code; `onMessage` gets each datagram with its sender.
 */
export function hostUdp(
  port: number,
  onBound: (port: number | undefined, code?: string) => void,
  onMessage: (data: Buffer, port: number, ip: string) => void,
): HostUdp {
  const sock = dgram.createSocket({ type: "udp4", reuseAddr: false });
  let bound = false;
  let closed = false;
  sock.on("message", (msg, rinfo) => onMessage(msg, rinfo.port, rinfo.address));
  sock.on("error", (e: NodeJS.ErrnoException) => {
    if (!bound) onBound(undefined, e.code ?? "EIO");
  });
  sock.bind({ address: "127.0.0.1", port, exclusive: true }, () => {
    bound = true;
    onBound(sock.address().port);
  });
  const safely = (f: () => void) => {
    try {
      if (!closed) f();
    } catch {
      // a TTL or membership the host refuses changes nothing the device can see
    }
  };
  return {
    send(data, p, ip) {
      // datagrams sent before the bind completed are queued by Node
      if (!closed) sock.send(data, p, ip, () => {});
    },
    setTTL: (ttl) => safely(() => sock.setTTL(ttl)),
    addMembership: (g) => safely(() => sock.addMembership(g, "127.0.0.1")),
    dropMembership: (g) => safely(() => sock.dropMembership(g, "127.0.0.1")),
    close() {
      if (closed) return;
      closed = true;
      sock.close();
    },
  };
}
