// The SDK's espconn client API as the protocol modules use it (mqtt.c, httpclient.c, tls.c
// call espconn_connect/espconn_send/espconn_disconnect and register connect, reconnect,
// receive, sent and disconnect callbacks; sntp.c uses a raw lwIP udp_pcb). The modules code
// against these interfaces; espconn-lwip.ts provides them over the board's socket layer.
// Every callback arrives as its own task, as the SDK delivers them.

/** espconn.h error codes. */
export const ESPCONN_OK = 0;
export const ESPCONN_MEM = -1;
export const ESPCONN_TIMEOUT = -3;
export const ESPCONN_RTE = -4;
export const ESPCONN_INPROGRESS = -5;
export const ESPCONN_MAXNUM = -7;
export const ESPCONN_ABRT = -8;
export const ESPCONN_RST = -9;
export const ESPCONN_CLSD = -10;
export const ESPCONN_CONN = -11;
export const ESPCONN_ARG = -12;
export const ESPCONN_IF = -14;
export const ESPCONN_ISCONN = -15;

/** The callbacks registered with espconn_regist_*cb. */
export interface EspconnEvents {
  /** connectcb: the TCP handshake completed. */
  connected(): void;
  /** recvcb: one received segment (at most 1460 bytes). */
  received(data: Buffer): void;
  /** sentcb: the last espconn_send was acknowledged by the stack. */
  sent(): void;
  /** disconcb: the connection ended normally. */
  disconnected(): void;
  /** reconcb: the connection failed or was aborted, with an ESPCONN_* code. */
  reconnect(err: number): void;
}

/** One TCP client espconn (struct espconn with proto.tcp). */
export interface TcpEspconn {
  /** espconn_connect to an IPv4 address; ESPCONN_OK or an error code. */
  connect(ip: string, port: number, events: EspconnEvents): number;
  /** espconn_send: ESPCONN_OK, or ESPCONN_MEM/ESPCONN_ARG/... when refused. */
  send(data: Buffer): number;
  /** espconn_disconnect: the disconnect callback follows as a task. */
  disconnect(): number;
  /** The peer, once connect was called. */
  readonly remote: { ip: string; port: number } | undefined;
  /** espconn_recv_hold / espconn_recv_unhold (where the connection supports it). */
  hold?(on: boolean): void;
}

/** A UDP endpoint (lwIP udp_pcb bound to an ephemeral port). */
export interface UdpEndpoint {
  /** udp_sendto: ESPCONN_OK or an error code. */
  sendto(data: Buffer, ip: string, port: number): number;
  /** udp_recv's callback, run as a task per datagram. */
  onReceive(fn: (data: Buffer, ip: string, port: number) => void): void;
  /** udp_remove. */
  close(): void;
}

/** dns_gethostbyname's answer: at once (a literal or cached name), later, or a bad argument. */
export type DnsAnswer = { ip: string } | "inprogress" | "error";

/** What the board's network offers the protocol modules. */
export interface EspNet {
  /** dns_gethostbyname: when "inprogress", found(ip or undefined) runs later as a task. */
  gethostbyname(name: string, found: (ip: string | undefined) => void): DnsAnswer;
  tcp(): TcpEspconn;
  /** A TCP espconn whose bytes go through TLS (espconn_secure_*), verifying as configured. */
  secureTcp(options: SecureOptions): TcpEspconn;
  udp(): UdpEndpoint;
}

/** What tls.cert.verify configured: PEM CA certificates to check the server against. */
export interface SecureOptions {
  /** The server name for SNI and for the certificate's name check. */
  servername?: string;
  /**
   * PEM CA certificates; undefined: no verification (the firmware's default). An empty list
   * verifies against nothing, so every server fails.
   */
  ca?: string | readonly string[];
  /** tls.cert.auth: the client certificate and private key (PEM) presented to the server. */
  cert?: string;
  key?: string;
}
