// Host side of the board's TLS client sockets (espconn_secure_* / mbedTLS in the firmware):
// Node's TLS over a TCP socket of this machine. Without CA certificates nothing is verified,
// as the firmware by default; with them the server's chain and name are checked.

import * as tls from "node:tls";

export interface HostTlsEvents {
  /** The handshake completed (and verification, if asked for, passed). */
  secured(): void;
  data(b: Buffer): void;
  /** The connection ended: undefined for a clean close, else an espconn error code. */
  closed(err: number | undefined): void;
}

export interface HostTlsStream {
  write(b: Buffer, done: () => void): void;
  close(reset: boolean): void;
}

/** ESPCONN_RST and ESPCONN_ABRT as the SDK reports a reset or a failed handshake. */
const ESPCONN_RST = -9;
const ESPCONN_ABRT = -8;

export function hostTlsConnect(
  ip: string,
  port: number,
  opts: { servername?: string; ca?: string },
  ev: HostTlsEvents,
): HostTlsStream {
  const name =
    opts.servername !== undefined && !/^\d+\.\d+\.\d+\.\d+$/.test(opts.servername)
      ? opts.servername
      : undefined;
  const sock = tls.connect({
    host: ip,
    port,
    servername: name,
    ca: opts.ca,
    rejectUnauthorized: opts.ca !== undefined,
    // the certificate's name is checked against the name the app connected to
    checkServerIdentity: (_host, cert) =>
      opts.ca !== undefined && opts.servername !== undefined
        ? tls.checkServerIdentity(opts.servername, cert)
        : undefined,
  });
  let done = false;
  const finish = (err: number | undefined) => {
    if (done) return;
    done = true;
    ev.closed(err);
  };
  sock.on("secureConnect", () => ev.secured());
  sock.on("data", (b: Buffer) => ev.data(b));
  sock.on("end", () => finish(undefined));
  sock.on("close", () => finish(undefined));
  sock.on("error", (e: NodeJS.ErrnoException) =>
    finish(e.code === "ECONNRESET" || e.code === "ECONNREFUSED" ? ESPCONN_RST : ESPCONN_ABRT),
  );
  return {
    write(b, cb) {
      sock.write(b, () => cb());
    },
    close(reset) {
      done = true;
      if (reset) sock.destroy();
      else sock.end();
    },
  };
}
