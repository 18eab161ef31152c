// lwIP's error codes (app/include/lwip/err.h) and the messages net.c's lwip_lua_checkerr
// (app/modules/net.c:74-93) raises for them; also how this machine's socket errors become the
// err_t the board's lwIP would have reported.

export const ERR_OK = 0;
export const ERR_MEM = -1;
export const ERR_BUF = -2;
export const ERR_TIMEOUT = -3;
export const ERR_RTE = -4;
export const ERR_INPROGRESS = -5;
export const ERR_VAL = -6;
export const ERR_WOULDBLOCK = -7;
export const ERR_ABRT = -8;
export const ERR_RST = -9;
export const ERR_CLSD = -10;
export const ERR_CONN = -11;
export const ERR_ARG = -12;
export const ERR_USE = -13;
export const ERR_IF = -14;
export const ERR_ISCONN = -15;

const MESSAGES: Readonly<Record<number, string>> = {
  [ERR_MEM]: "out of memory",
  [ERR_BUF]: "buffer error",
  [ERR_TIMEOUT]: "timeout",
  [ERR_RTE]: "routing problem",
  [ERR_INPROGRESS]: "in progress",
  [ERR_VAL]: "illegal value",
  [ERR_WOULDBLOCK]: "would block",
  [ERR_ABRT]: "connection aborted",
  [ERR_RST]: "connection reset",
  [ERR_CLSD]: "connection closed",
  [ERR_CONN]: "not connected",
  [ERR_ARG]: "illegal argument",
  [ERR_USE]: "address in use",
  [ERR_IF]: "netif error",
  [ERR_ISCONN]: "already connected",
};

/** lwip_lua_checkerr's message for a non-OK err_t ("unknown error" for the rest). */
export function errMessage(err: number): string {
  return MESSAGES[err] ?? "unknown error";
}

/**
 * A host socket error as lwIP's tcp_err would report it:
 * - a RST (refused in SYN_SENT, or reset mid-stream) is ERR_RST (tcp_in.c: TF_RESET);
 * - retransmissions or keepalive probes running out abort the pcb: ERR_ABRT (tcp.c tcp_slowtmr);
 * - an unreachable network also ends in the SYN retransmissions running out: ERR_ABRT.
 */
export function errFromHost(code: string): number {
  switch (code) {
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "EPIPE":
      return ERR_RST;
    default:
      return ERR_ABRT;
  }
}
