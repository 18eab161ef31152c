// Networking on this machine (issue targets): requests per second of an emulated HTTP server
// under a load generator on loopback, and a fleet of devices each holding an MQTT connection to
// one broker and publishing once a second.

import { request } from "node:http";
import { Device } from "../src/firmware/device.js";
import { MemoryFlashStore } from "../src/firmware/flash-store.js";
import { Spiffs } from "../src/firmware/spiffs.js";
import { startEmbeddedBroker } from "../src/host/embedded-broker.js";
import { RealtimeRunner } from "../src/host/realtime.js";
import { MODULES } from "../src/modules/index.js";
import type { Benchmark } from "./bench.js";

const JOIN = `wifi.setmode(wifi.STATION) wifi.sta.config({ssid = "bench", pwd = "bench-pass"})`;

const HTTP_APP = `${JOIN}
wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function()
  srv = net.createServer(net.TCP, 30)
  srv:listen(80, function(conn)
    conn:on("receive", function(c, req)
      c:send("HTTP/1.0 200 OK\\r\\nContent-Length: 12\\r\\n\\r\\nhello world\\n", function(s) s:close() end)
    end)
  end)
end)`;

function boot(files: Record<string, string>, onNotice?: (m: string) => void, seed = 0): Device {
  const d = new Device({ fs: new Spiffs(new MemoryFlashStore(files)), available: MODULES, onNotice, seed });
  d.powerOn();
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}

async function httpServer(): Promise<void> {
  let port = 0;
  const d = boot({ "init.lua": HTTP_APP }, (m) => {
    const p = /device port 80 is on 127\.0\.0\.1:(\d+)/.exec(m);
    if (p) port = Number(p[1]);
  });
  const runner = new RealtimeRunner(d);
  runner.start();
  while (port === 0) await sleep(20);
  const seconds = 5;
  const end = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const client = async () => {
    while (performance.now() < end) (await get(port)) ? ok++ : failed++;
  };
  await Promise.all(Array.from({ length: 16 }, client));
  runner.stop();
  d.powerOff();
  console.log(
    `HTTP server on a device: ${(ok / seconds).toFixed(0)} requests/s (16 concurrent clients, ${seconds} s, ` +
      `${failed} failed; target at least 2000/s)`,
  );
}

async function mqttFleet(): Promise<void> {
  const N = 100;
  const broker = await startEmbeddedBroker();
  const app = `${JOIN}
m = mqtt.Client("dev-" .. node.chipid(), 30)
n = 0
wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function()
  m:connect("${broker.host}", ${broker.port}, function(c)
    tmr.create():alarm(1000, tmr.ALARM_AUTO, function() n = n + 1 c:publish("fleet/" .. node.chipid(), tostring(n), 0, 0) end)
  end)
end)`;
  const cpu0 = process.cpuUsage();
  const mem0 = process.memoryUsage();
  const devices = Array.from({ length: N }, (_, i) => boot({ "init.lua": app }, undefined, i + 1));
  const runners = devices.map((d) => new RealtimeRunner(d));
  for (const r of runners) r.start();
  const seconds = 15;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mem = process.memoryUsage();
  const published = devices.reduce((s, d) => s + Number(d.L.env.get("n") ?? 0), 0);
  for (const r of runners) r.stop();
  for (const d of devices) d.powerOff();
  await broker.close();
  console.log(
    `MQTT fleet: ${N} devices, ${published} publishes in ${wall.toFixed(1)} s (${(published / wall).toFixed(0)}/s); ` +
      `host CPU ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core, ` +
      `JS heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB (${(mem0.heapUsed / 2 ** 20).toFixed(0)} MB before), ` +
      `RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB (${(mem0.rss / 2 ** 20).toFixed(0)} MB before)`,
  );
}

export const networkBenchmark: Benchmark = {
  name: "network",
  description: "an emulated HTTP server under load on loopback; 100 devices publishing over MQTT",
  async run() {
    await httpServer();
    await mqttFleet();
  },
};
