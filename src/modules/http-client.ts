// The HTTP client of the http module (app/http/httpclient.c): one request per espconn with a
// forced "Connection: close", the response collected up to BUFFER_SIZE_MAX (0x2000) bytes and
// parsed when the server closes, redirects (300..308 with Location) followed up to 20 times,
// chunked bodies decoded, and a 60 s timeout. Failures report status -1.

import type { Firmware } from "../firmware/module.js";
import type { EspNet } from "./espconn.js";
import { ESPCONN_OK } from "./espconn.js";
import { OsTimer } from "./os-timer.js";
import { secureOptions } from "./tls-cert.js";

const REDIRECTION_FOLLOW_MAX = 20;
const BUFFER_SIZE_MAX = 0x2000;
const HTTP_REQUEST_TIMEOUT_MS = 60000;
/** sizeof(request_args_t) plus the espconn and esp_tcp it allocates, about. */
const REQUEST_BYTES = 64 + 36 + 36;

/** What the module's callback gets: status, body and the whole response (for the headers). */
export type HttpDone = (status: number, body: string | undefined, response: string | undefined) => void;

interface Request {
  hostname: string;
  port: number;
  secure: boolean;
  method: string;
  path: string;
  /** Extra header lines from Lua; sent with the first request only (freed once sent). */
  headers: string | undefined;
  body: string | undefined;
  redirects: number;
  done: HttpDone;
}

/** strcasestr. */
const findCase = (hay: string, needle: string): number => hay.toLowerCase().indexOf(needle.toLowerCase());

/** C strings end at the first NUL (strlen, esp_strdup). */
const cstr = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const z = s.indexOf("\0");
  return z < 0 ? s : s.slice(0, z);
};

/** http_chunked_decode: hex sizes until a zero (or unreadable) one. */
function dechunk(s: string): string {
  let out = "";
  let j = 0;
  for (;;) {
    const m = /^[ \t]*([0-9a-fA-F]+)/.exec(s.slice(j));
    const n = m === null ? 0 : Number.parseInt(m[1] as string, 16);
    if (!(n > 0)) break;
    const eol = s.indexOf("\r\n", j);
    if (eol < 0) break;
    j = eol + 2;
    out += s.slice(j, j + n);
    j += n + 2;
  }
  return out;
}

export class HttpClient {
  constructor(
    private readonly fw: Firmware,
    private readonly net: () => EspNet,
    private readonly sslBuilt: boolean,
  ) {}

  /** http_request: parses the URL; a malformed one is dropped without a callback, as in C. */
  request(
    url: string,
    method: string,
    headers: string | undefined,
    body: string | undefined,
    done: HttpDone,
    redirects = 0,
  ): void {
    let port = 80;
    let secure = false;
    let rest: string;
    if (url.startsWith("http://")) rest = url.slice(7);
    else if (url.startsWith("https://")) {
      port = 443;
      secure = true;
      rest = url.slice(8);
    } else return; // "URL is not HTTP or HTTPS"
    let slash = rest.indexOf("/");
    if (slash < 0) slash = rest.length;
    let colon = rest.indexOf(":");
    if (colon > slash) colon = -1;
    if (slash >= 128) return; // "hostname is too long"
    let hostname: string;
    if (colon < 0) {
      hostname = rest.slice(0, slash);
    } else {
      port = Number.parseInt(rest.slice(colon + 1), 10) || 0; // atoi
      if (port === 0) return; // "Port error"
      hostname = rest.slice(0, colon);
    }
    const path = slash < rest.length ? rest.slice(slash) : "/";
    this.raw({
      hostname,
      port,
      secure: secure && this.sslBuilt,
      method,
      path,
      headers,
      body: cstr(body),
      redirects,
      done,
    });
  }

  /** http_raw_request: the DNS answer may come at once (and the callback with it). */
  private raw(req: Request): void {
    const answer = this.net().gethostbyname(req.hostname, (ip) => this.dnsFound(req, ip));
    if (answer === "inprogress") return;
    this.dnsFound(req, answer === "error" ? undefined : answer.ip);
  }

  /** http_dns_callback. */
  private dnsFound(req: Request, ip: string | undefined): void {
    if (ip === undefined) {
      req.done(-1, undefined, undefined);
      return;
    }
    try {
      this.fw.malloc(this.fw.L, REQUEST_BYTES);
    } catch {
      req.done(-1, undefined, undefined);
      return;
    }
    const net = this.net();
    const conn = req.secure ? net.secureTcp(secureOptions(this.fw, req.hostname)) : net.tcp();
    const release = this.fw.hold(`http ${req.hostname}`);
    let buffer = "";
    let discarded = false;
    let finished = false;
    const timer = new OsTimer(this.fw);
    let body = req.body;

    const finish = () => {
      if (finished) return;
      finished = true;
      timer.disarm();
      release();
      this.fw.free(REQUEST_BYTES);
      this.fw.free(buffer.length);
      this.complete(req, discarded ? "" : buffer);
    };
    // http_timeout_callback / http_error_callback: disconnect, or finish when not connected
    const abort = () => {
      if (conn.disconnect() !== ESPCONN_OK) finish();
    };
    timer.setfn(abort);
    timer.arm(HTTP_REQUEST_TIMEOUT_MS, false);

    const rc = conn.connect(ip, req.port, {
      connected: () => {
        let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
        const extra = req.headers ?? "";
        if (findCase(extra, "Host:") < 0) {
          const plain = req.port === 80 || (req.port === 443 && req.secure);
          head += plain ? `Host: ${req.hostname}\r\n` : `Host: ${req.hostname}:${req.port}\r\n`;
        }
        head += "Connection: close\r\n";
        head += extra;
        if (findCase(extra, "User-Agent:") < 0) head += "User-Agent: ESP8266\r\n";
        if (body !== undefined) head += `Content-Length: ${body.length}\r\n`;
        head += "\r\n";
        conn.send(Buffer.from(head, "latin1"));
        req.headers = undefined; // freed once sent: a redirect goes without them
      },
      sent: () => {
        if (body === undefined) return;
        const b = body;
        body = undefined;
        req.body = undefined; // freed too: a redirect posts nothing
        conn.send(Buffer.from(b, "latin1"));
      },
      received: (data) => {
        if (discarded) return;
        const grown = buffer.length + 1 + data.length;
        let ok = grown <= BUFFER_SIZE_MAX;
        if (ok) {
          try {
            this.fw.malloc(this.fw.L, data.length);
          } catch {
            ok = false;
          }
        }
        if (!ok) {
          // "Response too long": the buffer is emptied so that no partial response is used
          discarded = true;
          conn.disconnect();
          return;
        }
        buffer += data.toString("latin1");
      },
      disconnected: finish,
      reconnect: () => abort(),
    });
    if (rc !== ESPCONN_OK) finish();
  }

  /** http_disconnect_callback's parsing of the whole response. */
  private complete(req: Request, buffer: string): void {
    let status = -1;
    let body = "";
    if (buffer.length > 0 && (buffer.startsWith("HTTP/1.0 ") || buffer.startsWith("HTTP/1.1 "))) {
      status = Number.parseInt(buffer.slice(9), 10) || 0;
      const loc = findCase(buffer, "Location:");
      if (loc >= 0 && status >= 300 && status <= 308) {
        if (req.redirects >= REDIRECTION_FOLLOW_MAX) {
          status = -1; // "Too many redirections"
        } else {
          let start = loc + 9;
          while (buffer[start] === " ") start++;
          const end = buffer.indexOf("\r\n", start);
          if (end < 0) {
            status = -1;
          } else {
            this.redirect(req, buffer.slice(start, end));
            return;
          }
        }
      } else {
        const sep = buffer.indexOf("\r\n\r\n");
        body = sep < 0 ? "" : buffer.slice(sep + 4);
        if (findCase(buffer, "Transfer-Encoding: chunked") >= 0) body = dechunk(body);
      }
    }
    req.done(status, status === -1 ? undefined : body, status === -1 ? undefined : buffer);
  }

  private redirect(req: Request, location: string): void {
    const redirects = req.redirects + 1;
    if (location.startsWith("http://") || location.startsWith("https://")) {
      this.request(location, req.method, req.headers, req.body, req.done, redirects);
      return;
    }
    // a path on the same server, absolute or relative to the current one's folder
    const path = location.startsWith("/")
      ? location
      : req.path.slice(0, req.path.lastIndexOf("/") + 1) + location;
    this.raw({ ...req, path, redirects });
  }
}
