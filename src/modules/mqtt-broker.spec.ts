// The mqtt module against a real broker: mosquitto on a free port of 127.0.0.1 (skipped when
// the binary is not installed), the device running in real time over the lwIP model.

import { afterEach, describe, expect, it } from "vitest";
import { type TestDevice, testDevice } from "../test-support/device.js";
import { Mosquitto, mosquittoBinary } from "../test-support/mosquitto.js";
import { MqttPeer } from "../test-support/mqtt-peer.js";
import { runUntil } from "../test-support/realtime.js";

/** A board with a station address, whose console output is collected in `log()`. */
function board(files: Record<string, string> = {}): { t: TestDevice; log: () => string } {
  const t = testDevice(files, { modules: ["node", "tmr", "mqtt"] });
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

/** Markers in the app's output are printed as concatenations, so that echoed lines do not match. */
/** Types Lua lines without settling (the device runs in real time afterwards). */
const enter = (t: TestDevice, src: string) => t.device.receive(`${src.replace(/\n/g, "\r")}\r`);

/**
 * The app: retries every 200 ms whenever it is not connected, and subscribes on its first
 * connection only (a persistent session keeps the subscription at the broker).
 */
const app = (port: number, clean: number) => `m = mqtt.Client("emu-dev", 20, nil, nil, ${clean})
m:lwt("dev/status", "gone", 1, 0)
function go() m:connect("127.0.0.1", ${port}, function(c) print("con" .. "nected") if not subbed then subbed = true c:subscribe("cmd/#", 2, function() print("sub" .. "scribed") end) end end, function(c, r) print("con" .. "nfail", r) tmr.create():alarm(200, tmr.ALARM_SINGLE, go) end) end
m:on("offline", function(c) print("off" .. "line") print(pcall(c.publish, c, "dev/data", "x", 0, 0)) tmr.create():alarm(200, tmr.ALARM_SINGLE, go) end)
m:on("message", function(c, t, d) print("m" .. "sg", t, d) end)
go()`;

/** runUntil, with the console output in the error when it times out. */
async function waitFor(t: TestDevice, log: () => string, until: () => boolean, ms = 3000): Promise<void> {
  await runUntil(t, until, ms).catch((e: Error) => {
    throw new Error(`${e.message}\n${log()}`);
  });
}

const brokers: Mosquitto[] = [];
const peers: MqttPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  for (const b of brokers.splice(0)) await b.stop();
});

async function broker(): Promise<Mosquitto> {
  const b = await Mosquitto.start();
  brokers.push(b);
  return b;
}

async function peer(port: number, id: string): Promise<MqttPeer> {
  const p = await MqttPeer.connect(port, id);
  peers.push(p);
  return p;
}

describe.skipIf(mosquittoBinary === undefined)("mqtt with mosquitto", () => {
  it("goes offline when the broker stops (publish raises not connected), reconnects, and keeps its session for QoS 1 and 2 both ways", async () => {
    const b = await broker();
    const { t, log } = board({ "app.lua": app(b.port, 0) });
    enter(t, 'dofile("app.lua")');
    await waitFor(t, log, () => log().includes("subscribed"));

    await b.down();
    await waitFor(t, log, () => log().includes("offline"));
    expect(log()).toContain("offline\nfalse\tnot connected\n");
    await waitFor(t, log, () => log().includes("connfail\t-5")); // the broker is down: refused

    await b.up();
    await waitFor(t, log, () => (log().match(/(?<!not )connected\n/g) ?? []).length >= 2);
    // the broker kept the session (clean session off) and its subscription across its restart
    const p = await peer(b.port, "peer");
    await p.publish("cmd/one", "q1", 1);
    await p.publish("cmd/two", "q2", 2);
    await waitFor(t, log, () => log().includes("msg\tcmd/two\tq2"));
    expect(log()).toContain("msg\tcmd/one\tq1\n");
    expect((log().match(/subscribed/g) ?? []).length).toBe(1);

    await p.subscribe("dev/data", 2);
    enter(
      t,
      'm:publish("dev/data", "up1", 1, 0, function() print("ack" .. "ed") end) m:publish("dev/data", "up2", 2, 0)',
    );
    await waitFor(t, log, () => p.messages.length >= 2);
    expect(p.messages).toEqual([
      { topic: "dev/data", payload: "up1", qos: 1 },
      { topic: "dev/data", payload: "up2", qos: 2 },
    ]);
    await waitFor(t, log, () => (log().match(/acked/g) ?? []).length >= 2); // PUBACK and PUBCOMP
  });

  it("the broker publishes the will when the device's connection is cut by a restart", async () => {
    const b = await broker();
    const p = await peer(b.port, "watcher");
    await p.subscribe("dev/status", 1);
    const { t, log } = board({ "app.lua": app(b.port, 1) });
    enter(t, 'dofile("app.lua")');
    await waitFor(t, log, () => log().includes("subscribed"));
    enter(t, "node.restart()");
    await waitFor(t, log, () => p.messages.length > 0);
    expect(p.messages).toEqual([{ topic: "dev/status", payload: "gone", qos: 1 }]);
  });

  it("close() is a clean disconnect: no will", async () => {
    const b = await broker();
    const p = await peer(b.port, "watcher");
    await p.subscribe("dev/status", 1);
    const { t, log } = board({ "app.lua": app(b.port, 1) });
    enter(t, 'dofile("app.lua")');
    await waitFor(t, log, () => log().includes("subscribed"));
    enter(t, 'm:on("offline", function() print("clo" .. "sed") end) m:close()');
    await waitFor(t, log, () => log().includes("closed"));
    await new Promise((r) => setTimeout(r, 100));
    expect(p.messages).toEqual([]);
  });
});
