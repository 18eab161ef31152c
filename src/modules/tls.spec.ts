import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type NetTestDevice, netDevice } from "../test-support/net-device.js";

const MODULES = ["node", "net", "tmr", "file", "tls"];

/** A self-signed test certificate and key made by openssl (undefined: no openssl here). */
function makeCert(dir: string, name: string): { cert: string; key: string } | undefined {
  const key = join(dir, `${name}.key`);
  const crt = join(dir, `${name}.crt`);
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
        "-keyout",
        key,
        "-out",
        crt,
        "-subj",
        `/CN=${name}`,
        "-days",
        "1",
      ]),
      { stdio: "ignore" },
    );
  } catch {
    return undefined;
  }
  return { cert: readFileSync(crt, "latin1"), key: readFileSync(key, "latin1") };
}

let dir = "";
let good: { cert: string; key: string } | undefined;
let other: { cert: string; key: string } | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tls-spec-"));
  good = makeCert(dir, "server");
  other = makeCert(dir, "other");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let d: NetTestDevice | undefined;
const servers: tls.Server[] = [];
afterEach(() => {
  d?.close();
  d = undefined;
  for (const s of servers.splice(0)) s.close();
});

interface Peer {
  port: number;
  got: string[];
  sockets: tls.TLSSocket[];
}

/** A TLS server on 127.0.0.1 that greets each client and records what it sends. */
function server(): Promise<Peer> {
  const peer: Peer = { port: 0, got: [], sockets: [] };
  const s = tls.createServer({ cert: good!.cert, key: good!.key }, (sock) => {
    peer.sockets.push(sock);
    sock.on("data", (b) => peer.got.push(b.toString("latin1")));
    sock.on("error", () => {});
    sock.write("hello");
  });
  s.on("tlsClientError", () => {});
  servers.push(s);
  return new Promise((resolve) =>
    s.listen(0, "127.0.0.1", () => {
      peer.port = (s.address() as { port: number }).port;
      resolve(peer);
    }),
  );
}

/** Lua that connects a socket `s` to `port` and prints every event. */
const connectLua = (port: number) => [
  "s = tls.createConnection()",
  "s:on('connection', function(c) print('conn', c == s, c:getpeer()) c:send('ping') end)",
  "s:on('receive', function(c, data) print('recv', data) end)",
  "s:on('sent', function(c) print('sent', c == s) end)",
  "s:on('disconnection', function(c) print('disc', c) end)",
  "s:on('reconnection', function(c, why) print('recon', c == s, why) end)",
  `s:connect(${port}, '127.0.0.1')`,
];

const pemFile = (pem: string) => `CA = [[\n${pem}]]\n`;

function haveOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveOpenssl())("tls", () => {
  it("connects without verification, receives, sends, and closes", async () => {
    const peer = await server();
    d = netDevice({}, { modules: MODULES });
    for (const line of connectLua(peer.port)) d.send(line);
    await d.until("recv\thello");
    expect(d.out()).toContain(`conn\ttrue\t127.0.0.1\t${peer.port}`);
    await d.until("sent\ttrue");
    await d.until(() => peer.got.join("") === "ping");
    d.send("s:close()");
    // tls.c drops the self reference before fetching it: the callback gets nil
    await d.until("disc\tnil");
    d.send("print(s:getpeer())");
    await d.until("nil\tnil");
  });

  it("verifies the server against the CA given to tls.cert.verify, and fails with another", async () => {
    const peer = await server();
    d = netDevice(
      { "good.lua": pemFile(good!.cert), "other.lua": pemFile(other!.cert) },
      { modules: MODULES },
    );
    d.send("dofile('other.lua') print('v', tls.cert.verify(CA))");
    await d.until("v\ttrue");
    expect(d.out()).toContain(
      "Warning, deprecated API! tls.cert.verify's old interface. It will be removed soon. See documentation for details.\n",
    );
    for (const line of connectLua(peer.port)) d.send(line);
    // a certificate that does not verify ends the handshake: no reason string reaches Lua
    await d.until("recon\ttrue\tnil");
    expect(d.out()).not.toContain("conn\t");
    d.send("dofile('good.lua') print('v2', tls.cert.verify(CA))");
    await d.until("v2\ttrue");
    for (const line of connectLua(peer.port)) d.send(line);
    await d.until("recv\thello");
  });

  it("verifies with CAs from a callback; a callback with none fails every server", async () => {
    const peer = await server();
    d = netDevice({ "good.lua": pemFile(good!.cert) }, { modules: MODULES });
    d.send("dofile('good.lua') print('cb', tls.cert.verify(function(k) if k == 1 then return CA end end))");
    await d.until("cb\ttrue");
    for (const line of connectLua(peer.port)) d.send(line);
    await d.until("recv\thello");
    d.send("s:close() tls.cert.verify(function() return nil end)");
    await d.until("disc\tnil");
    for (const line of connectLua(peer.port)) d.send(line);
    await d.until("recon\ttrue\tnil");
  });

  it("raises tls.c's messages for bad arguments and PEM data", async () => {
    d = netDevice({}, { modules: MODULES });
    const cases: [string, string][] = [
      ["tls.cert.verify(true)", "no certificates found"],
      ["tls.cert.verify('junk')", "No PEM header"],
      [
        "tls.cert.verify('-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----')",
        "Wrong PEM type",
      ],
      ["tls.cert.verify('-----BEGIN CERTIFICATE-----')", "Incorrect PEM format"],
      [
        "tls.cert.verify('-----BEGIN CERTIFICATE-----\\nAA*A\\n-----END CERTIFICATE-----')",
        "Invalid character in PEM",
      ],
      [
        "tls.cert.verify('-----BEGIN CERTIFICATE-----\\nAAAAA\\n-----END CERTIFICATE-----')",
        "Invalid PEM format data",
      ],
      ["tls.cert.auth(true)", "no certificates found"],
      ["tls.createConnection():on('data', print)", "invalid method"],
      ["tls.createConnection():on('sent', 1)", "invalid callback function"],
      ["tls.createConnection():connect(0)", "invalid port"],
    ];
    for (const [code, msg] of cases) {
      d.send(`print('r', pcall(function() ${code} end))`);
      await d.until(`: ${msg}`);
    }
    d.send("print('off', tls.cert.verify(false), tls.cert.auth(nil), tls.setDebug(0))");
    await d.until("off\ttrue\ttrue");
    d.send("c = tls.createConnection() c:connect(1, '127.0.0.1') print(pcall(c.connect, c, 1))");
    await d.until("false\talready connected");
  });
});
