import * as dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { lwipOf } from "../firmware/lwip.js";
import { testDevice } from "../test-support/device.js";
import { DEVICE_IP, type NetTestDevice, netDevice } from "../test-support/net-device.js";

const NTP_EPOCH = 2208988800;
const WITH_RTC = ["node", "net", "tmr", "rtctime", "sntp"];
const WITHOUT_RTC = ["node", "net", "tmr", "sntp"];

let d: NetTestDevice | undefined;
const socks: dgram.Socket[] = [];
afterEach(() => {
  d?.close();
  d = undefined;
  for (const s of socks.splice(0)) s.close();
});

interface Responder {
  port: number;
  requests: Buffer[];
}

/** An SNTP server on 127.0.0.1: stratum 2, root delay 1 s, root dispersion 0.5 s, this host's clock. */
function responder(opts: { li?: number } = {}): Promise<Responder> {
  const s = dgram.createSocket("udp4");
  socks.push(s);
  const r: Responder = { port: 0, requests: [] };
  s.on("message", (req, rinfo) => {
    r.requests.push(req);
    const now = Date.now();
    const sec = Math.floor(now / 1000) + NTP_EPOCH;
    const frac = Math.floor(((now % 1000) / 1000) * 2 ** 32);
    const b = Buffer.alloc(48);
    b[0] = ((opts.li ?? 0) << 6) | (4 << 3) | 4;
    b[1] = 2;
    b.writeUInt32BE(0x00010000, 4);
    b.writeUInt32BE(0x00008000, 8);
    b.write("GPS\0", 12, "latin1");
    req.copy(b, 24, 40, 48); // origin = the request's transmit time
    for (const at of [16, 32, 40]) {
      b.writeUInt32BE(sec >>> 0, at);
      b.writeUInt32BE(frac >>> 0, at + 4);
    }
    s.send(b, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) =>
    s.bind(0, "127.0.0.1", () => {
      r.port = s.address().port;
      resolve(r);
    }),
  );
}

/** A device whose datagrams to port 123 reach `port` on this host. */
function ntpDevice(modules: string[], port: number): NetTestDevice {
  const dev = netDevice({}, { modules });
  lwipOf(dev.t.device.fw).udpRedirect.set(123, port);
  defineCallbacks((l) => dev.send(l));
  return dev;
}

/** Defines the callbacks `ok` and `fail` (the UART takes lines of at most 255 bytes). */
function defineCallbacks(send: (line: string) => void): void {
  send(
    "function ok(s, us, srv, i) print('ok', s, us, srv, i.offset_s, i.offset_us, i.delay_us ~= nil, i.stratum,",
  );
  send("  i.leap, i.root_delay_us, i.root_dispersion_us, i.pending_leap) end");
  send("function fail(c, m) print('err', c, m) end");
}
const PRINT_OK = "ok";
const PRINT_ERR = "fail";

function okLine(out: string): string[] {
  const m = /ok\t[^\r]*/.exec(out);
  if (m === null) throw new Error(`no ok line in ${out}`);
  return m[0].split("\t");
}

describe("sntp", () => {
  it("syncs against a local responder and sets rtctime (five requests to one server)", async () => {
    const r = await responder();
    d = ntpDevice(WITH_RTC, r.port);
    d.send(`sntp.sync('127.0.0.1', ${PRINT_OK}, ${PRINT_ERR})`);
    await d.until("ok\t");
    const [, s, us, srv, offS, offUs, hasDelay, stratum, leap, rootDelay, rootDisp, pending] = okLine(
      d.out(),
    );
    const now = Date.now() / 1000;
    expect(Math.abs(Number(s) + Number(us) / 1e6 - now)).toBeLessThan(1.5);
    expect(srv).toBe("127.0.0.1");
    // the device clock started at 0: a step of many seconds is reported in offset_s
    expect(Math.abs(Number(offS) - now)).toBeLessThan(2);
    expect(offUs).toBe("nil");
    expect([hasDelay, stratum, leap, rootDelay, rootDisp, pending]).toEqual([
      "true",
      "2",
      "0",
      "1000000",
      "500000",
      "0",
    ]);
    expect(r.requests).toHaveLength(5);
    const req = r.requests[0]!;
    expect(req.length).toBe(48);
    expect(req[0]).toBe(0x23); // LI 0, version 4, mode 3
    d.send("print('rtc', rtctime.get())");
    await d.until("rtc\t");
    const rtc = Number(/rtc\t(\d+)/.exec(d.out())![1]);
    expect(Math.abs(rtc - Date.now() / 1000)).toBeLessThan(2);
  });

  it("without rtctime reports the server's transmit time, and has no setoffset", async () => {
    const r = await responder();
    d = ntpDevice(WITHOUT_RTC, r.port);
    d.send(`print(sntp.setoffset, sntp.getoffset) sntp.sync({'127.0.0.1'}, ${PRINT_OK}, ${PRINT_ERR})`);
    await d.until("ok\t");
    expect(d.out()).toContain("nil\tnil");
    const [, s, , srv, offS, offUs, , stratum] = okLine(d.out());
    expect(Math.abs(Number(s) - Date.now() / 1000)).toBeLessThan(2);
    expect([srv, offS, offUs, stratum]).toEqual(["127.0.0.1", "nil", "nil", "2"]);
  });

  it("autorepeat syncs again after 1000 s with the same callbacks and the last server", async () => {
    const r = await responder();
    d = ntpDevice(WITH_RTC, r.port);
    d.send(`sntp.sync('127.0.0.1', ${PRINT_OK}, ${PRINT_ERR}, 1)`);
    await d.until("ok\t");
    d.t.take();
    const sched = d.t.device.sched;
    const before = sched.nowUs;
    const due = sched.nextDue!;
    expect(Math.round((due - before) / 1e6)).toBeGreaterThan(990);
    d.t.device.advanceTo(due);
    const start = d.out().length;
    await d.until(() => d!.out().slice(start).includes("ok\t"));
    // the device's clock ran 1000 s ahead of the responder: stepped back
    const [, , , srv, offS] = okLine(d.out().slice(start));
    expect(srv).toBe("127.0.0.1");
    expect(Math.abs(Number(offS) + 1000)).toBeLessThan(3);
    expect(r.requests).toHaveLength(10);
  });

  it("reports a timeout (code 4) after five unanswered requests, about 5 s of device time", () => {
    const t = testDevice({}, { modules: WITH_RTC });
    const fw = t.device.fw;
    fw.netif.sta = { ip: DEVICE_IP, netmask: "255.255.255.0", gateway: "192.168.1.1" };
    lwipOf(fw).udpRedirect.set(123, 9); // the discard port: nobody answers
    try {
      defineCallbacks((l) => t.type(l));
      const start = t.device.sched.nowUs;
      t.device.receive(`sntp.sync('127.0.0.1', ${PRINT_OK}, ${PRINT_ERR})\r`);
      let out = "";
      for (let i = 0; i < 100 && !out.includes("err\t"); i++) {
        t.device.runReady();
        out += t.take();
        const due = t.device.sched.nextDue;
        if (due === undefined) break;
        t.device.advanceTo(due);
      }
      t.device.runReady();
      out += t.take();
      expect(out).toContain("err\t4\tnil");
      expect(Math.round((t.device.sched.nowUs - start) / 1e6)).toBe(5);
      // the pcb is gone: a new sync may start
      expect(t.type("sntp.sync('', nil, function(c, m) print('e2', c, m == '') end)")).toContain(
        "e2\t1\ttrue",
      );
    } finally {
      fw.endBoot();
    }
  });

  it("checks its arguments with sntp.c's messages; DNS errors go to the error callback", () => {
    const t = testDevice({}, { modules: WITH_RTC });
    const fw = t.device.fw;
    fw.netif.sta = { ip: DEVICE_IP, netmask: "255.255.255.0", gateway: "192.168.1.1" };
    try {
      defineCallbacks((l) => t.type(l));
      expect(t.type(`print(pcall(sntp.sync, string.rep('a', 129)))`)).toContain("false\tneed <128 hostname");
      expect(t.type(`sntp.sync({'', 'x'}, nil, ${PRINT_ERR})`)).toContain("err\t1\t\r\n");
      expect(t.type(`sntp.sync('10.0.0.1') print(pcall(sntp.sync))`)).toContain("false\tsync in progress");
      expect(t.type("print(pcall(function() sntp.setoffset() end))")).toContain(
        "false\tstdin:1: bad argument #1 to 'setoffset' (number expected, got no value)",
      );
      expect(t.type("sntp.setoffset(259) print(sntp.getoffset())")).toContain("3\r\n");
    } finally {
      fw.endBoot();
    }
  });
});
