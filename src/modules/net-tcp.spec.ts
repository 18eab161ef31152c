import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type NetTestDevice, netDevice } from "../test-support/net-device.js";

let d: NetTestDevice | undefined;
const servers: net.Server[] = [];
afterEach(() => {
  d?.close();
  d = undefined;
  for (const s of servers.splice(0)) s.close();
});

/** A Node server on 127.0.0.1; resolves to its port. */
function nodeServer(onConn: (s: net.Socket) => void): Promise<number> {
  const srv = net.createServer((s) => {
    s.on("error", () => {});
    onConn(s);
  });
  servers.push(srv);
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port)),
  );
}

const hostPortOf = (dev: NetTestDevice, port: number): number => {
  const line = dev.notices.find((n) => n.startsWith(`device port ${port} is on`));
  return Number(line?.split(":").pop());
};

describe("net TCP", () => {
  it("serves a Node client: receive, send, sent, getpeer/getaddr, the timeout-first createServer", async () => {
    d = netDevice();
    d.send(
      "srv=net.createServer(net.TCP, 180) srv:listen(8080, function(c) c:on('receive', function(s, data) print('rx', data, s:getpeer() ~= nil, s:getaddr()) s:send('echo:'..data, function() print('sent', 1) s:close() end) end) end)",
    );
    d.send("print(srv:getaddr())");
    await d.until("8080\t0.0.0.0");
    await d.until(() => d!.notices.length > 0);
    const port = hostPortOf(d, 8080);
    const client = net.connect(port, "127.0.0.1").on("error", () => {});
    client.write("hello");
    let got = "";
    client.on("data", (b) => {
      got += b.toString("latin1");
    });
    const closed = new Promise((r) => client.on("close", r));
    await d.until("sent\t1");
    await closed;
    expect(got).toBe("echo:hello");
    expect(d.out()).toContain("rx\thello\ttrue\t8080\t192.168.1.50");
  });

  it("serves one connection after another while EGC collects at every allocation", async () => {
    d = netDevice();
    d.send(
      "srv=net.createServer() srv:listen(8083, function(c) c:on('receive', function(s) s:send('ok', function(x) x:close() end) end) end)",
    );
    await d.until(() => d!.notices.length > 0);
    const port = hostPortOf(d, 8083);
    for (let i = 0; i < 8; i++) {
      let reply: string | undefined;
      const c = net.connect(port, "127.0.0.1", () => c.write("hi"));
      let got = "";
      c.on("data", (b) => {
        got += b.toString("latin1");
      });
      c.on("close", () => {
        reply ??= got;
      });
      c.on("error", (e) => {
        reply = e.message;
      });
      await d.until(() => reply !== undefined);
      expect(reply).toBe("ok");
    }
  });

  it("listens on the host port --forward gives a device port", async () => {
    const free = await nodeServer(() => {});
    servers.pop()?.close(); // a port that was free a moment ago
    await new Promise((r) => setTimeout(r, 20));
    d = netDevice({}, { forward: { 8084: free } });
    d.send(
      "srv=net.createServer() srv:listen(8084, function(c) c:send('hi', function(s) s:close() end) end)",
    );
    await d.until(() => d!.notices.length > 0);
    expect(d.notices).toContain(`device port 8084 is on 127.0.0.1:${free}`);
    let got = "";
    const c = net.connect(free, "127.0.0.1").on("error", () => {});
    c.on("data", (b) => {
      got += b.toString("latin1");
    });
    const closed = new Promise((r) => c.on("close", r));
    await d.until(() => got === "hi");
    await closed;
  });

  it("delivers a 5000-byte payload as 1460, 1460, 1460, 620 receive callbacks", async () => {
    d = netDevice();
    d.send(
      "n=0 srv=net.createServer() srv:listen(8081, function(c) c:on('receive', function(s, data) n=n+1 print('seg', #data) end) end)",
    );
    await d.until(() => d!.notices.length > 0);
    const client = net.connect(hostPortOf(d, 8081), "127.0.0.1").on("error", () => {});
    client.end(Buffer.alloc(5000, 0x41));
    await d.until("seg\t620");
    expect(d.out().match(/seg\t\d+/g)).toEqual(["seg\t1460", "seg\t1460", "seg\t1460", "seg\t620"]);
  });

  it("connects to a Node server, raises out of memory past TCP_SND_BUF and not connected on a second close", async () => {
    let rx = "";
    const port = await nodeServer((s) => {
      s.on("data", (b) => {
        rx += b.toString("latin1");
      });
    });
    d = netDevice();
    d.send(
      `sk=net.createConnection() sk:on('connection', function(s) print('up') s:send(('x'):rep(2000)) print(pcall(s.send, s, ('y'):rep(1000))) end) sk:connect(${port}, '127.0.0.1')`,
    );
    await d.until("false\tout of memory");
    await d.until(() => rx.length === 2000);
    d.send("sk:close() print(pcall(sk.close, sk))");
    await d.until("false\tnot connected");
  });

  it("reports a refused connection to reconnection with ERR_RST (-9), or to disconnection without it", async () => {
    const port = await nodeServer(() => {});
    servers[0].close(); // nothing listens there now
    d = netDevice();
    d.send(
      `a=net.createConnection() a:on('reconnection', function(s, e) print('recon', e) end) a:on('disconnection', function(s, e) print('discon-a', e) end) a:connect(${port}, '127.0.0.1')`,
    );
    await d.until("recon\t-9");
    d.send(
      `b=net.createConnection() b:on('disconnection', function(s, e) print('discon', e) end) b:connect(${port})`,
    );
    await d.until("discon\t-9");
    expect(d.out()).not.toContain("discon-a\t");
  });

  it("reports a peer reset mid-stream (-9) after the data before it, and a normal close with 0", async () => {
    const port = await nodeServer((s) => {
      s.write("partial", () => setTimeout(() => s.resetAndDestroy(), 20));
    });
    const port2 = await nodeServer((s) => s.end("bye"));
    d = netDevice();
    d.send(
      `sk=net.createConnection() sk:on('receive', function(s, x) print('rx', x) end) sk:on('disconnection', function(s, e) print('gone', e) end) sk:connect(${port}, '127.0.0.1')`,
    );
    await d.until("gone\t-9");
    expect(d.out()).toContain("rx\tpartial");
    d.send(
      `k=net.createConnection() k:on('disconnection', function(s, e) print('closed', e) end) k:connect(${port2}, '127.0.0.1')`,
    );
    await d.until("closed\t0");
  });

  it("PANICs and reboots on an error in a receive callback", async () => {
    const port = await nodeServer((s) => s.write("boom"));
    d = netDevice();
    d.send(
      `sk=net.createConnection() sk:on('receive', function(s, x) error('bad '..x) end) sk:connect(${port}, '127.0.0.1')`,
    );
    await d.until("PANIC: unprotected error in call to Lua API (stdin:1: bad boom)");
    await d.until(() => d!.t.device.bootCount === 2);
    expect(d.out()).toMatch(/PANIC[^\n]*\n[\s\S]*NodeMCU/);
  });

  it("hold stops reading at TCP_WND (5840 bytes); unhold lets the rest in", async () => {
    const port = await nodeServer((s) => s.end(Buffer.alloc(20000, 0x42)));
    d = netDevice();
    d.send(
      `n=0 sk=net.createConnection() sk:on('connection', function(s) s:hold() end) sk:on('receive', function(s, x) n=n+#x end) sk:connect(${port}, '127.0.0.1')`,
    );
    await d.run(150);
    d.send("print('held', n)");
    await d.until("held\t");
    expect(d.out()).toMatch(/held\t5840/);
    d.send("sk:unhold()");
    d.send("tmr.create():alarm(100, tmr.ALARM_SINGLE, function() print('total', n) end)");
    await d.until("total\t20000");
  });

  it("limits accepted connections to 5; the sixth waits for a free slot", async () => {
    d = netDevice();
    d.send(
      "conns={} srv=net.createServer() srv:listen(8082, function(c) conns[#conns+1]=c print('accepted', #conns) end)",
    );
    await d.until(() => d!.notices.length > 0);
    const port = hostPortOf(d, 8082);
    const clients = Array.from({ length: 6 }, () => net.connect(port, "127.0.0.1").on("error", () => {}));
    await d.until("accepted\t5");
    await d.run(100);
    expect(d.out()).not.toContain("accepted\t6");
    d.send("conns[1]:close()");
    await d.until("accepted\t6");
    for (const c of clients) c.destroy();
  });

  it("connects to its own servers through its own address", async () => {
    d = netDevice();
    d.send(
      "srv=net.createServer() srv:listen(8083, function(c) c:on('receive', function(s, x) print('self', x) end) end)",
    );
    await d.until(() => d!.notices.length > 0);
    d.send(
      "sk=net.createConnection() sk:on('connection', function(s) s:send('me') end) sk:connect(8083, '192.168.1.50')",
    );
    await d.until("self\tme");
  });

  it("stays silent without an address (tcp_connect's ERR_RTE is ignored) and notes why", async () => {
    d = netDevice();
    d.t.device.fw.netif.sta = undefined;
    d.t.device.fw.netif.ap = undefined;
    d.send(
      "sk=net.createConnection() sk:on('connection', function() print('up') end) sk:connect(80, '127.0.0.1') print('ok', sk:getpeer())",
    );
    await d.until("ok\t80\t127.0.0.1");
    expect(d.notices.join()).toContain("no route to 127.0.0.1:80");
  });

  it("raises net.c's argument errors", async () => {
    d = netDevice();
    const lines = [
      "s=net.createConnection() print(pcall(s.connect, s, 0))",
      "print(pcall(s.on, s, 'bogus', print)) print(pcall(s.on, s, 'receive', 1))",
      "print(pcall(s.send, s, '')) print(pcall(s.send, s, 'x'))",
      "v=net.createServer() print(pcall(v.listen, v, 80)) print(pcall(v.listen, v, 80, 'x.y', print))",
      "print(pcall(s.ttl, s)) print(pcall(s.close, s)) print(pcall(net.dns.getdnsserver, 2))",
      "u=net.createUDPSocket() print(pcall(u.send, u, 0, '1.2.3.4', 'x')) print(pcall(u.send, u, 5, 'nowhere', 'x'))",
    ];
    const r = lines.map((l) => d!.t.type(l)).join("");
    const answers = r.match(/false\t[^\r]*/g);
    expect(answers).toEqual([
      "false\tspecify port",
      "false\tinvalid callback name",
      "false\tinvalid callback function",
      "false\tno data to send",
      "false\tnot connected",
      "false\tneed callback",
      "false\tinvalid IP address",
      "false\tsocket is not open/bound yet",
      "false\tnot connected",
      "false\tserver index out of range [0-1]",
      "false\tneed port",
      "false\tinvalid IP address",
    ]);
  });
});
