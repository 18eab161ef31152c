import { describe, expect, it } from "vitest";
import { testDevice } from "../test-support/device.js";

const board = (opts: Parameters<typeof testDevice>[1] = {}) => {
  const t = testDevice({}, opts);
  t.take();
  return t;
};
const lines = (out: string) => out.split("\r\n").slice(1, -1);
const err = (out: string) => lines(out).find((l) => l.startsWith("Lua error"));

const phone = { mac: "AA:00:00:00:00:01", joinAfterMs: 1000 };
const laptop = { mac: "aa:00:00:00:00:02", joinAfterMs: 1500, leaveAfterMs: 2000 };

describe("wifi.ap", () => {
  it("the factory soft-AP is up at boot: ESP_XXXXXX, open, 192.168.4.1", () => {
    const t = board();
    const tail = t.device.fw.netif.apMac.split(":").slice(3).join("").toUpperCase();
    expect(lines(t.type("print(wifi.ap.getconfig())"))).toEqual([`ESP_${tail}\tnil`]);
    expect(lines(t.type("print(wifi.ap.getip())"))).toEqual(["192.168.4.1\t255.255.255.0\t192.168.4.1"]);
    expect(lines(t.type("print(wifi.ap.getbroadcast(), wifi.getchannel())"))).toEqual(["192.168.4.255\t1"]);
    expect(t.device.fw.netif.ap).toEqual({
      ip: "192.168.4.1",
      netmask: "255.255.255.0",
      gateway: "192.168.4.1",
    });
    t.type("wifi.setmode(wifi.STATION)");
    expect(lines(t.type("print(wifi.ap.getip())"))).toEqual(["nil"]);
    expect(t.device.fw.netif.ap).toBeUndefined();
    expect(err(t.type("wifi.ap.getclient()"))).toBe(
      "Lua error: \tstdin:1: Can't list clients in STATION mode",
    );
    expect(lines(t.type("print(wifi.ap.config{ssid='x'})"))).toEqual(["false"]);
  });

  it("config: the table form of getconfig, saved across restarts, errors", () => {
    const t = board();
    expect(lines(t.type("print(wifi.ap.config{ssid='myap', pwd='password1', channel=11, max=2})"))).toEqual([
      "true",
    ]);
    const show =
      "c = wifi.ap.getconfig(true) print(c.ssid, c.pwd, c.auth, c.channel, c.hidden, c.max, c.beacon)";
    expect(lines(t.type(show))).toEqual(["myap\tpassword1\t4\t11\tfalse\t2\t100"]);
    t.type("node.restart()");
    t.device.advance(1e6);
    t.take();
    expect(lines(t.type("print(wifi.ap.getdefaultconfig())"))).toEqual(["myap\tpassword1"]);
    expect(err(t.type("wifi.ap.config{ssid='x', pwd='short'}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (pwd: length:0 or 8-64)",
    );
    expect(err(t.type("wifi.ap.config{ssid='x', channel=14}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (channel: Range:1-13)",
    );
    expect(err(t.type("wifi.ap.config{}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (ssid: required)",
    );
  });

  it("stations of the world join: AP_STACONNECTED, getclient, leave, deauth", () => {
    const t = board({ radio: { stations: [phone, laptop] } });
    t.type(
      "wifi.eventmon.register(wifi.eventmon.AP_STACONNECTED, function(T) print('join', T.MAC, T.AID) end)",
    );
    t.type(
      "wifi.eventmon.register(wifi.eventmon.AP_STADISCONNECTED, function(T) print('leave', T.MAC, T.AID) end)",
    );
    t.type("wifi.eventmon.register(wifi.eventmon.EVENT_MAX, function(T) print(T.info) end)");
    t.device.advance(1.7e6);
    expect(t.take()).toBe(
      "join\taa:00:00:00:00:01\t1\r\nevent 9 not implemented\r\njoin\taa:00:00:00:00:02\t2\r\nevent 9 not implemented\r\n",
    );
    const clients = "for k, v in pairs(wifi.ap.getclient()) do print(k, v) end";
    expect(lines(t.type(clients)).sort()).toEqual([
      "aa:00:00:00:00:01\t192.168.4.2",
      "aa:00:00:00:00:02\t192.168.4.3",
    ]);
    t.device.advance(2e6);
    expect(t.take()).toBe("leave\taa:00:00:00:00:02\t2\r\n");
    expect(t.type("print(wifi.ap.deauth('AA:00:00:00:00:01'))")).toMatch(
      /\r\ntrue\r\n> leave\taa:00:00:00:00:01\t1\r\n$/,
    );
    expect(lines(t.type(clients))).toEqual([]);
  });

  it("a station with a wrong password joins and leaves (issue #2740); the pool follows dhcp.config", () => {
    const t = board({ radio: { stations: [{ ...phone, password: "wrong-pass" }, laptop] } });
    t.type("wifi.ap.config{ssid='secure', pwd='right-pass'}");
    expect(lines(t.type("print(wifi.ap.dhcp.config{start='192.168.4.100'})"))).toEqual([
      "192.168.4.100\t192.168.4.103",
    ]);
    t.type("wifi.eventmon.register(wifi.eventmon.AP_STACONNECTED, function(T) print('join', T.MAC) end)");
    t.type("wifi.eventmon.register(wifi.eventmon.AP_STADISCONNECTED, function(T) print('leave', T.MAC) end)");
    t.device.advance(2.5e6);
    expect(t.take()).toBe(
      "join\taa:00:00:00:00:01\r\njoin\taa:00:00:00:00:02\r\nleave\taa:00:00:00:00:01\r\n",
    );
    expect(lines(t.type("for k, v in pairs(wifi.ap.getclient()) do print(k, v) end"))).toEqual([
      "aa:00:00:00:00:02\t192.168.4.100",
    ]);
    expect(err(t.type("wifi.ap.dhcp.config{}"))).toBe("Lua error: \tstdin:1: wrong arg type");
  });

  it("setip: the soft-AP's address (gateway 0 when not given)", () => {
    const t = board();
    expect(lines(t.type("print(wifi.ap.setip{ip='10.1.1.1', netmask='255.255.0.0'})"))).toEqual(["true"]);
    expect(lines(t.type("print(wifi.ap.getip())"))).toEqual(["10.1.1.1\t255.255.0.0\t0.0.0.0"]);
    expect(t.device.fw.netif.ap?.ip).toBe("10.1.1.1");
    expect(err(t.type("wifi.ap.setip('x')"))).toBe("Lua error: \tstdin:1: wrong arg type");
  });
});
