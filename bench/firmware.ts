// The board's costs on this machine (issue targets): boot to the first prompt in-process, a day
// of a 1 Hz timer app in virtual time, and host memory per idle device.

import { Device } from "../src/firmware/device.js";
import { MemoryFlashStore } from "../src/firmware/flash-store.js";
import { Spiffs } from "../src/firmware/spiffs.js";
import { MODULES } from "../src/modules/index.js";
import { type Benchmark, median, timeRuns } from "./bench.js";

const TIMER_APP = `
ticks = 0
tmr.create():alarm(1000, tmr.ALARM_AUTO, function() ticks = ticks + 1 end)
`;

function device(files: Record<string, string>): Device {
  return new Device({ fs: new Spiffs(new MemoryFlashStore(files)), available: MODULES });
}

/** Boots and runs until the first prompt has been printed. */
function bootToPrompt(files: Record<string, string>): Device {
  const d = device(files);
  d.powerOn();
  d.runReady();
  if (!d.atPrompt) throw new Error("no prompt after boot");
  return d;
}

export const firmwareBenchmark: Benchmark = {
  name: "firmware",
  description: "boot to first prompt, a day of a 1 Hz timer app in virtual time, memory per idle device",
  run() {
    const boot = median(timeRuns(20, 5, () => bootToPrompt({ "init.lua": TIMER_APP })));
    console.log(`boot to first prompt: ${boot.toFixed(2)} ms (target < 20 ms)`);

    const d = bootToPrompt({ "init.lua": TIMER_APP });
    const t0 = performance.now();
    d.advance(86_400e6);
    const dayMs = performance.now() - t0;
    const ticks = d.L.env.get("ticks");
    if (ticks !== 86_400) throw new Error(`the timer fired ${String(ticks)} times in a day`);
    console.log(
      `a day of a 1 Hz timer app: ${(dayMs / 1000).toFixed(2)} s host time, ` +
        `${(86_400 / (dayMs / 1000)).toFixed(0)} device-seconds per host-second (target: a day < 2 s)`,
    );

    const N = 200;
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const fleet: Device[] = [];
    for (let i = 0; i < N; i++) fleet.push(bootToPrompt({ "init.lua": TIMER_APP }));
    globalThis.gc?.();
    const after = process.memoryUsage().heapUsed;
    const per = (after - before) / N / 1024;
    console.log(
      `host memory per idle device: ${per.toFixed(0)} KB over ${fleet.length} devices (target < 2048 KB)` +
        (globalThis.gc === undefined ? " (run node with --expose-gc for a steadier figure)" : ""),
    );
  },
};
