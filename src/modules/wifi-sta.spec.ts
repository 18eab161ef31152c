import { describe, expect, it } from "vitest";
import { testDevice } from "../test-support/device.js";

/** A booted board (its boot text taken) with log.lua, which prints the station events. */
const board = (files: Record<string, string> = {}, opts: Parameters<typeof testDevice>[1] = {}) => {
  const t = testDevice({ ...files, "log.lua": LOG_EVENTS }, opts);
  t.take();
  return t;
};
const lines = (out: string) => out.split("\r\n").slice(1, -1);
const err = (out: string) => lines(out).find((l) => l.startsWith("Lua error"));

/** Prints every station event with its time and fields (sorted, so the order is stable). */
const LOG_EVENTS = `for _, e in ipairs({'STA_CONNECTED','STA_DISCONNECTED','STA_GOT_IP','STA_DHCP_TIMEOUT'}) do
wifi.eventmon.register(wifi.eventmon[e], function(T) local ks = {} for k, v in pairs(T) do ks[#ks+1] = k..'='..tostring(v) end
table.sort(ks) print(e, tmr.now(), table.concat(ks, ' ')) end) end`;

interface Logged {
  ev: string;
  us: number;
  fields: string;
}
const events = (out: string): Logged[] =>
  out
    .split("\r\n")
    .map((l) => l.replace(/^> /, ""))
    .filter((l) => l.startsWith("STA_"))
    .map((l) => {
      const [ev, us, fields] = l.split("\t");
      return { ev: ev!, us: Number(us), fields: fields! };
    });

describe("wifi.sta", () => {
  it("connects in a few seconds: STA_CONNECTED, then STA_GOT_IP; the IP goes to netif", () => {
    const t = board();
    t.type("dofile('log.lua')");
    expect(lines(t.type("print(select('#', wifi.sta.getip()), wifi.sta.status())"))).toEqual(["1\t0"]);
    t.type("wifi.setmode(wifi.STATION) print(wifi.sta.config{ssid='MyHome', pwd='secret123'})");
    expect(lines(t.type("print(wifi.sta.status(), wifi.sta.getip())"))).toEqual(["1\tnil"]);
    expect(t.device.fw.netif.sta).toBeUndefined();
    t.device.advance(6e6);
    const evs = events(t.take());
    expect(evs.map((e) => e.ev)).toEqual(["STA_CONNECTED", "STA_GOT_IP"]);
    const [conn, got] = evs as [Logged, Logged];
    expect(conn.fields).toMatch(/^BSSID=[0-9a-f]{2}(:[0-9a-f]{2}){5} SSID=MyHome channel=\d+$/);
    expect(conn.us).toBeGreaterThan(1.2e6);
    expect(conn.us).toBeLessThan(2.4e6);
    expect(got.us - conn.us).toBeGreaterThanOrEqual(0.3e6);
    expect(got.us - conn.us).toBeLessThanOrEqual(1.2e6);
    expect(got.fields).toMatch(/^IP=192\.168\.1\.1\d\d gateway=192\.168\.1\.1 netmask=255\.255\.255\.0$/);
    const ip = /IP=(\S+)/.exec(got.fields)![1]!;
    expect(lines(t.type("print(wifi.sta.getip())"))).toEqual([`${ip}\t255.255.255.0\t192.168.1.1`]);
    expect(
      lines(t.type("print(wifi.sta.status(), wifi.sta.getbroadcast(), wifi.sta.getrssi() < 0)")),
    ).toEqual(["5\t192.168.1.255\ttrue"]);
    expect(t.device.fw.netif.sta).toEqual({ ip, netmask: "255.255.255.0", gateway: "192.168.1.1" });
  });

  it("runs the same way every time", () => {
    const run = () => {
      const t = board({}, { seed: 42 });
      t.type("dofile('log.lua')");
      t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='x', pwd='12345678'}");
      t.device.advance(5e6);
      return t.take();
    };
    expect(run()).toBe(run());
  });

  it("disconnect reports ASSOC_LEAVE and takes the address away", () => {
    const t = board();
    t.type("dofile('log.lua')");
    t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='MyHome', pwd='secret123'}");
    t.device.advance(5e6);
    t.take();
    // the SDK's event comes after the task that disconnected
    const evs = events(t.type("wifi.sta.disconnect()"));
    expect(evs.map((e) => [e.ev, e.fields.replace(/BSSID=\S+/, "B")])).toEqual([
      ["STA_DISCONNECTED", "B SSID=MyHome reason=8"],
    ]);
    expect(lines(t.type("print(wifi.sta.getip(), wifi.sta.status(), wifi.sta.getrssi())"))).toEqual([
      "nil\t0\tnil",
    ]);
    expect(t.device.fw.netif.sta).toBeUndefined();
  });

  it("a wrong password: STA_DISCONNECTED (4WAY_HANDSHAKE_TIMEOUT), STA_WRONGPWD, and the SDK retries", () => {
    const world = {
      accessPoints: [{ ssid: "lab", password: "right-one", bssid: "12:34:56:78:9a:bc", channel: 6 }],
    };
    const t = board({}, { radio: world });
    t.type("dofile('log.lua')");
    t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='lab', pwd='wrong-one'}");
    t.device.advance(12e6);
    const evs = events(t.take());
    expect(evs.length).toBeGreaterThanOrEqual(2);
    for (const e of evs)
      expect([e.ev, e.fields]).toEqual(["STA_DISCONNECTED", "BSSID=12:34:56:78:9a:bc SSID=lab reason=15"]);
    expect(evs[0]!.us).toBeGreaterThan(4e6);
    expect(lines(t.type("print(wifi.sta.status() == wifi.STA_WRONGPWD, wifi.sta.getip())"))).toEqual([
      "true\tnil",
    ]);
    // the reason is the world's to choose
    const t2 = board({}, { radio: { ...world, wrongPasswordReason: 202 } });
    t2.type("dofile('log.lua')");
    t2.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='lab', pwd='nope'}");
    t2.device.advance(6e6);
    expect(events(t2.take())[0]!.fields).toContain("reason=202");
  });

  it("a missing AP: NO_AP_FOUND with a zero BSSID, STA_APNOTFOUND, retried", () => {
    const t = board({}, { radio: { accessPoints: [] } });
    t.type("dofile('log.lua')");
    t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='nowhere', pwd='12345678'}");
    t.device.advance(7e6);
    const evs = events(t.take());
    expect(evs.length).toBe(2);
    expect(evs[0]!.fields).toBe("BSSID=00:00:00:00:00:00 SSID=nowhere reason=201");
    expect(evs[0]!.us).toBeGreaterThanOrEqual(2e6);
    expect(lines(t.type("print(wifi.sta.status())"))).toEqual(["3"]);
    // the AP appears: the next try finds it
    t.device.radio.world.accessPoints!.push({ ssid: "nowhere", password: "12345678" });
    t.device.advance(5e6);
    // (the try under way when it appeared still misses it)
    expect(
      events(t.take())
        .map((e) => e.ev)
        .slice(-2),
    ).toEqual(["STA_CONNECTED", "STA_GOT_IP"]);
  });

  it("an AP without DHCP: STA_CONNECTED, then STA_DHCP_TIMEOUT; a static address works", () => {
    const t = board({}, { radio: { accessPoints: [{ ssid: "static", dhcp: false }] } });
    t.type("dofile('log.lua')");
    t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='static'}");
    t.device.advance(40e6);
    const evs = events(t.take());
    expect(evs.map((e) => e.ev)).toEqual(["STA_CONNECTED", "STA_DHCP_TIMEOUT"]);
    expect(evs[1]!.fields).toBe("");
    expect(Math.round((evs[1]!.us - evs[0]!.us) / 1e3)).toBe(30e3);
    expect(
      lines(t.type("print(wifi.sta.setip{ip='10.0.0.7', netmask='255.0.0.0', gateway='10.0.0.1'})")),
    ).toEqual(["true"]);
    expect(lines(t.type("print(wifi.sta.getip())"))).toEqual(["10.0.0.7\t255.0.0.0\t10.0.0.1"]);
    expect(t.device.fw.netif.sta?.ip).toBe("10.0.0.7");
  });

  it("config while connected leaves the AP first; the legacy callbacks are eventmon callbacks", () => {
    const t = board();
    t.type("wifi.setmode(wifi.STATION)");
    t.type("c = function(T) print('cb connect', T.SSID) end g = function(T) print('cb ip') end");
    t.type("wifi.sta.config{ssid='a', pwd='12345678', connect_cb=c, got_ip_cb=g, connected_cb=print}");
    t.device.advance(5e6);
    expect(t.take()).toBe("cb connect\ta\r\ncb ip\r\n");
    t.type("d = function(T) print('cb disc', T.SSID, T.reason) end");
    expect(t.type("wifi.sta.config{ssid='b', pwd='12345678', disconnect_cb=d}")).toMatch(
      /> cb disc\ta\t8\r\n$/,
    );
    t.device.advance(5e6);
    expect(t.take()).toBe("cb connect\tb\r\ncb ip\r\n");
    expect(err(t.type("wifi.sta.config{ssid='c', got_ip_cb=1}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (gotip_cb:not function)",
    );
  });

  it("connect(cb) and disconnect(cb) register the callbacks; auto=false does not connect", () => {
    const t = board();
    t.type("wifi.setmode(wifi.STATION) wifi.sta.config{ssid='a', pwd='12345678', auto=false}");
    t.device.advance(5e6);
    expect(lines(t.type("print(wifi.sta.status())"))).toEqual(["0"]);
    t.type(
      "wifi.sta.connect(function(T) print('up', T.SSID) wifi.sta.disconnect(function(T) print('down', T.reason) end) end)",
    );
    t.device.advance(5e6);
    expect(t.take()).toBe("up\ta\r\ndown\t8\r\n");
  });

  it("getconfig, getdefaultconfig and the saved config across a restart", () => {
    const init =
      "wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function(T) print('got ip', T.IP ~= nil) end)";
    const t = board({ "init.lua": init });
    expect(lines(t.type("print(wifi.sta.getconfig())"))).toEqual(["\t\t0\t00:00:00:00:00:00"]);
    t.type(
      "wifi.setmode(wifi.STATION) wifi.sta.config{ssid='saved', pwd='12345678', bssid='AA:BB:CC:DD:EE:FF'}",
    );
    t.type("wifi.sta.config{ssid='ram', pwd='87654321', save=false}");
    expect(lines(t.type("print(wifi.sta.getconfig())"))).toEqual(["ram\t87654321\t0\t00:00:00:00:00:00"]);
    expect(lines(t.type("print(wifi.sta.getdefaultconfig())"))).toEqual([
      "saved\t12345678\t1\taa:bb:cc:dd:ee:ff",
    ]);
    expect(
      lines(t.type("c = wifi.sta.getdefaultconfig(true) print(c.ssid, c.pwd, c.bssid_set, c.bssid)")),
    ).toEqual(["saved\t12345678\ttrue\taa:bb:cc:dd:ee:ff"]);
    t.device.advance(5e6);
    t.take();
    t.type("node.restart()");
    t.device.advance(6e6);
    // after the restart the saved config connects by itself, and init.lua's callback sees it
    expect(t.take()).toContain("got ip\ttrue\r\n");
    expect(lines(t.type("print(wifi.getmode(), wifi.sta.getconfig())"))).toEqual([
      "1\tsaved\t12345678\t1\taa:bb:cc:dd:ee:ff",
    ]);
    t.type("wifi.sta.autoconnect(0)");
    t.type("node.restart()");
    t.device.advance(6e6);
    expect(t.take()).not.toContain("got ip");
    expect(lines(t.type("print(wifi.sta.status(), wifi.sta.getip())"))).toEqual(["0\tnil"]);
    t.type("print(wifi.sta.clearconfig())");
    expect(lines(t.type("print(wifi.sta.getdefaultconfig())"))).toEqual(["\t\t0\t00:00:00:00:00:00"]);
  });

  it("config fails outside station mode; argument errors are wifi.c's", () => {
    const t = board();
    expect(lines(t.type("print(wifi.sta.config{ssid='x'})"))).toEqual(["false"]);
    expect(err(t.type("wifi.sta.config{}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (ssid required)",
    );
    expect(err(t.type("wifi.sta.config('x')"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (config table not found!)",
    );
    expect(err(t.type(`wifi.sta.config{ssid=string.rep('x', 33)}`))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (ssid: length:0-32)",
    );
    expect(err(t.type("wifi.sta.config{ssid='x', bssid='aa:bb'}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (bssid: FF:FF:FF:FF:FF:FF)",
    );
    expect(err(t.type("wifi.sta.config{ssid='x', auto=1}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'config' (auto:not boolean)",
    );
    expect(err(t.type("wifi.sta.autoconnect(2)"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'autoconnect' (0 or 1)",
    );
    expect(err(t.type("wifi.sta.setaplimit(6)"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'setaplimit' (Valid range: 1-5)",
    );
  });

  it("scans: getap in both formats, with a filter, refused in SOFTAP mode", () => {
    const world = {
      accessPoints: [
        { ssid: "one", password: "12345678", bssid: "02:00:00:00:00:01", channel: 1, rssi: -40, authmode: 3 },
        { ssid: "two", bssid: "02:00:00:00:00:02", channel: 6, rssi: -70 },
        { ssid: "ghost", bssid: "02:00:00:00:00:03", channel: 6, rssi: -60, hidden: true },
      ],
    };
    const t = board({}, { radio: world });
    expect(err(t.type("wifi.sta.getap(print)"))).toBe("Lua error: \tstdin:1: Can't list ap in SOFTAP mode");
    t.type("wifi.setmode(wifi.STATION)");
    const show =
      "function(t) local ks = {} for k, v in pairs(t) do ks[#ks+1] = k..'='..v end table.sort(ks) print(tmr.now(), table.concat(ks, ' ')) end";
    t.type(`wifi.sta.getap(${show})`);
    t.device.advance(2e6);
    const [us, list] = t.take().split("\r\n")[0]!.split("\t");
    expect(Number(us)).toBeGreaterThanOrEqual(13 * 120e3);
    expect(list).toBe("one=3,-40,02:00:00:00:00:01,1 two=0,-70,02:00:00:00:00:02,6");
    t.type(`wifi.sta.getap(1, ${show})`);
    t.device.advance(2e6);
    expect(t.take().split("\t")[1]).toBe("02:00:00:00:00:01=one,-40,3,1 02:00:00:00:00:02=two,-70,0,6\r\n");
    t.type(`wifi.sta.getap({channel=6, show_hidden=1}, 1, ${show})`);
    t.device.advance(2e6);
    expect(t.take().split("\t")[1]).toBe("02:00:00:00:00:02=two,-70,0,6 02:00:00:00:00:03=,-60,0,6\r\n");
    t.type(`wifi.sta.getap({ssid='two'}, ${show})`);
    t.device.advance(2e6);
    expect(t.take().split("\t")[1]).toBe("two=0,-70,02:00:00:00:00:02,6\r\n");
    // without a callback, a running scan's callback is dropped
    t.type(`wifi.sta.getap(${show}) wifi.sta.getap()`);
    t.device.advance(2e6);
    expect(t.take()).toBe("");
    expect(err(t.type("wifi.sta.getap('x')"))).toBe("Lua error: \tstdin:1: wrong arg type");
    expect(err(t.type("wifi.sta.getap({channel=14}, print)"))).toBe(
      "Lua error: \tstdin:1: channel: 0 or 1-13",
    );
  });

  it("remembers up to setaplimit configs: getapinfo, getapindex, changeap", () => {
    const t = board();
    t.type("wifi.setmode(wifi.STATION) wifi.sta.setaplimit(3)");
    t.type("wifi.sta.config{ssid='a', pwd='11111111', auto=false} wifi.sta.config{ssid='b', auto=false}");
    expect(
      lines(
        t.type(
          "i = wifi.sta.getapinfo() print(i.qty, i[1].ssid, i[1].pwd, i[2].ssid, i[2].pwd, wifi.sta.getapindex())",
        ),
      ),
    ).toEqual(["2\tb\tnil\ta\t11111111\t1"]);
    expect(
      lines(t.type("print(wifi.sta.changeap(2), wifi.sta.getapindex(), (wifi.sta.getconfig()))")),
    ).toEqual(["true\t2\ta"]);
    expect(lines(t.type("print(wifi.sta.changeap(5))"))).toEqual(["false"]);
  });

  it("hostname and MAC: NODE-XXXXXX from the chip id, setters checked", () => {
    const t = board();
    const { hostname, staMac } = t.device.fw.netif;
    expect(hostname).toMatch(/^NODE-[0-9A-F]{6}$/);
    expect(hostname.slice(5).toLowerCase()).toBe(staMac.split(":").slice(3).join(""));
    expect(lines(t.type("print(wifi.sta.gethostname(), wifi.sta.getmac())"))).toEqual([
      `${hostname}\t${staMac}`,
    ]);
    expect(err(t.type("wifi.sta.sethostname('-bad')"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'sethostname' (Invalid hostname)",
    );
    expect(lines(t.type("print(wifi.sta.sethostname('my-node1'), wifi.sta.gethostname())"))).toEqual([
      "true\tmy-node1",
    ]);
    expect(err(t.type("wifi.sta.setmac('aa:bb')"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'setmac' (MAC:FF:FF:FF:FF:FF:FF)",
    );
    t.type("wifi.setmode(wifi.STATION)");
    expect(lines(t.type("print(wifi.sta.setmac('02:AA:BB:CC:DD:EE'), wifi.sta.getmac())"))).toEqual([
      "true\t02:aa:bb:cc:dd:ee",
    ]);
    expect(lines(t.type("print(wifi.sta.setmac('01:AA:BB:CC:DD:EE'))"))).toEqual(["false"]);
  });
});
