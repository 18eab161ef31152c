import * as dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { type NetTestDevice, netDevice } from "../test-support/net-device.js";

let d: NetTestDevice | undefined;
const socks: dgram.Socket[] = [];
afterEach(() => {
  d?.close();
  d = undefined;
  for (const s of socks.splice(0)) s.close();
});

function nodeUdp(onMsg: (m: Buffer, port: number) => void): Promise<dgram.Socket> {
  const s = dgram.createSocket("udp4");
  socks.push(s);
  s.on("message", (m, r) => onMsg(m, r.port));
  return new Promise((resolve) => s.bind(0, "127.0.0.1", () => resolve(s)));
}

describe("net UDP and DNS", () => {
  it("sends to a Node socket with the synchronous sent callback and receives its answer", async () => {
    const peer = await nodeUdp((m, port) => peer.send(`re:${m}`, port, "127.0.0.1"));
    const port = peer.address().port;
    d = netDevice();
    d.send("u=net.createUDPSocket() u:on('receive', function(s, data, port, ip) print('got', data, ip) end)");
    d.send(`u:send(${port}, '127.0.0.1', 'ping', function() print('sent-in-send') end) print('after')`);
    await d.until("got\tre:ping\t127.0.0.1");
    expect(d.out()).toMatch(/sent-in-send\r\nafter/);
    d.send("print(u:getaddr())");
    await d.until("\t0.0.0.0");
    d.send("u:close() print(pcall(u.close, u))");
    await d.until("false\tnot connected");
  });

  it("listens on a device port that a Node socket reaches", async () => {
    d = netDevice();
    d.send(
      "u=net.createUDPSocket() u:listen(5683) u:on('receive', function(s, data) print('udp', data, s:ttl()) end)",
    );
    await d.until(() => d!.notices.length > 0);
    const hostPort = Number(d.notices[0].split(":").pop());
    const peer = await nodeUdp(() => {});
    peer.send("hi", hostPort, "127.0.0.1");
    await d.until("udp\thi\t255");
  });

  it("resolves localhost through the host resolver, a bad name to nil, an IP literal at once", async () => {
    d = netDevice();
    d.send("net.dns.resolve('localhost', function(s, ip) print('lh', s, ip) end)");
    await d.until("lh\tnil\t127.0.0.1");
    d.send("net.dns.resolve('no-such-host.invalid', function(s, ip) print('bad', ip) end)");
    await d.until("bad\tnil", 3000);
    d.send("net.dns.resolve('10.1.2.3', function(s, ip) print('lit', ip) end) print('then')");
    await d.until("then");
    expect(d.out()).toMatch(/lit\t10\.1\.2\.3\r\nthen/);
    d.send("print(net.dns.getdnsserver(0), net.dns.getdnsserver(1))");
    await d.until("208.67.222.222\tnil");
  });
});
