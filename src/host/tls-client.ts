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
  /** Stops (true) or resumes reading from the peer (espconn_recv_hold/unhold). */
  pause(on: boolean): void;
  close(reset: boolean): void;
}

/** ESPCONN_RST and ESPCONN_ABRT as the SDK reports a reset or an aborted connection. */
const ESPCONN_RST = -9;
const ESPCONN_ABRT = -8;
/**
 * A failed handshake: espconn_mbedtls.c turns mbedTLS's error into hs_status (a certificate
 * that does not verify, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED -0x2700, becomes -0x27) and
 * reports that to the reconnect callback.
 */
export const ESPCONN_HANDSHAKE_FAILED = -0x27;

export function hostTlsConnect(
  ip: string,
  port: number,
  opts: { servername?: string; ca?: string | readonly string[]; cert?: string; key?: string },
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
    ca: typeof opts.ca === "string" ? opts.ca : opts.ca === undefined ? undefined : [...opts.ca],
    cert: opts.cert,
    key: opts.key,
    rejectUnauthorized: opts.ca !== undefined,
    // the certificate's name is checked against the name the app connected to
    checkServerIdentity: (_host, cert) =>
      opts.ca !== undefined && opts.servername !== undefined
        ? tls.checkServerIdentity(opts.servername, cert)
        : undefined,
  });
  let done = false;
  let secured = false;
  const finish = (err: number | undefined) => {
    if (done) return;
    done = true;
    ev.closed(err);
  };
  sock.on("secureConnect", () => {
    secured = true;
    ev.secured();
  });
  sock.on("data", (b: Buffer) => ev.data(b));
  sock.on("end", () => finish(undefined));
  sock.on("close", () => finish(undefined));
  sock.on("error", (e: NodeJS.ErrnoException) =>
    finish(
      e.code === "ECONNRESET" || e.code === "ECONNREFUSED"
        ? ESPCONN_RST
        : secured || e.syscall !== undefined
          ? ESPCONN_ABRT
          : ESPCONN_HANDSHAKE_FAILED,
    ),
  );
  return {
    write(b, cb) {
      sock.write(b, () => cb());
    },
    pause(on) {
      if (on) sock.pause();
      else sock.resume();
    },
    close(reset) {
      done = true;
      if (reset) sock.destroy();
      else sock.end();
    },
  };
}
