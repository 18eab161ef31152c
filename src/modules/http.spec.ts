// The http module against a Node HTTP server on 127.0.0.1, the device running in real time.

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDevice, testDevice } from "../test-support/device.js";
import { freePort } from "../test-support/mosquitto.js";
import { runUntil } from "../test-support/realtime.js";

let server: http.Server;
let port = 0;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("latin1");
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (req.url === "/old") {
        res.writeHead(302, { Location: "/new" });
        res.end();
      } else if (req.url === "/loop") {
        res.writeHead(301, { Location: "/loop" });
        res.end();
      } else if (req.url === "/chunked") {
        res.writeHead(200, { "X-Kind": "Chunks" });
        res.write("abc");
        res.end("def");
      } else {
        res.writeHead(200, { "Content-Type": "text/plain", "X-Echo": req.method ?? "" });
        res.end(`${req.method} ${req.url} ${body}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function board(): { t: TestDevice; log: () => string } {
  const t = testDevice({}, { modules: ["node", "tmr", "http"] });
  t.device.fw.netif.sta = { ip: "192.168.1.50", netmask: "255.255.255.0", gateway: "192.168.1.1" };
  let out = "";
  return {
    t,
    log: () => {
      out += t.take().replace(/\r\n/g, "\n");
      return out;
    },
  };
}

/** Runs one request; the callback prints "R" .. code, the body and the chosen header. */
async function call(src: string, header = "content-type"): Promise<string> {
  const { t, log } = board();
  const cb = `function(c, b, h) print("R" .. c, b, h and h["${header}"]) end`;
  t.device.receive(`${src.replace("CB", cb).replace("PORT", String(port))}\r`);
  const answer = /(?<=\n|> )R-?\d+\t[\s\S]*/;
  await runUntil(t, () => answer.test(log())).catch((e: Error) => {
    throw new Error(`${e.message}\n${log()}`);
  });
  return answer.exec(log())?.[0] ?? "";
}

describe("http against a local server", () => {
  it("GETs with Host, Connection: close, User-Agent: ESP8266 and the app's headers", async () => {
    seen.length = 0;
    expect(await call('http.get("http://127.0.0.1:PORT/a?b=1", "X-App: 1\\r\\n", CB)')).toBe(
      "R200\tGET /a?b=1 \ttext/plain\n",
    );
    expect(seen[0]?.headers).toMatchObject({
      host: `127.0.0.1:${port}`,
      connection: "close",
      "user-agent": "ESP8266",
      "x-app": "1",
    });
  });

  it("POSTs, PUTs and DELETEs a body with Content-Length; request takes any method", async () => {
    expect(
      await call('http.post("http://127.0.0.1:PORT/p", "Content-Type: text/plain\\r\\n", "hello", CB)'),
    ).toBe("R200\tPOST /p hello\ttext/plain\n");
    expect(await call('http.put("http://127.0.0.1:PORT/p", nil, "x=1", CB)')).toBe(
      "R200\tPUT /p x=1\ttext/plain\n",
    );
    expect(await call('http.delete("http://127.0.0.1:PORT/d", nil, "", CB)')).toBe(
      "R200\tDELETE /d \ttext/plain\n",
    );
    expect(
      await call(
        'http.request("http://127.0.0.1:PORT/r", "PATCH", "User-Agent: me\\r\\n", "z", CB)',
        "x-echo",
      ),
    ).toBe("R200\tPATCH /r z\tPATCH\n");
    expect(seen.at(-1)?.headers["user-agent"]).toBe("me");
  });

  it("follows redirects, decodes chunked bodies and lower-cases header names", async () => {
    expect(await call('http.get("http://127.0.0.1:PORT/old", nil, CB)')).toBe(
      "R200\tGET /new \ttext/plain\n",
    );
    expect(await call('http.get("http://127.0.0.1:PORT/chunked", nil, CB)', "x-kind")).toBe(
      "R200\tabcdef\tChunks\n",
    );
  });

  it("gives up after 20 redirects and reports -1 for a refused connection", async () => {
    expect(await call('http.get("http://127.0.0.1:PORT/loop", nil, CB)')).toBe("R-1\tnil\tnil\n");
    const closed = await freePort();
    expect(await call(`http.get("http://127.0.0.1:${closed}/", nil, CB)`)).toBe("R-1\tnil\tnil\n");
  });

  it("reports -1 for a name the resolver does not know", async () => {
    // .invalid never resolves (RFC 6761), so the host resolver answers at once
    expect(await call('http.get("http://no-such-host.invalid/", nil, CB)')).toBe("R-1\tnil\tnil\n");
  });
});
