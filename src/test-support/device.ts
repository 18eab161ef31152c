// A device on an in-memory flash whose UART0 output is collected, for firmware specs.

import { Device, type DeviceOptions } from "../firmware/device.js";
import { MODULES } from "../modules/index.js";
import { memoryFs } from "./memory-fs.js";

export interface TestDevice {
  device: Device;
  /** Everything UART0 sent since the last take(). */
  take(): string;
  /** Types a line (with CR) and runs until the device is idle again; returns what it sent. */
  type(line: string): string;
  /** Runs until the device is idle at its prompt (through restarts and due timers). */
  settle(): void;
}

export function testDevice(
  files: Record<string, string> = {},
  opts: Partial<DeviceOptions> = {},
): TestDevice {
  let out = "";
  const device = new Device({
    fs: memoryFs(files),
    available: MODULES,
    onOutput: (_uart, bytes) => {
      out += bytes;
    },
    ...opts,
  });
  const settle = () => {
    const limit = device.sched.nowUs + 60e6; // a board that never settles (a task chain) stops here
    for (let i = 0; i < 1000 && !device.idle && device.sched.nowUs < limit; i++) {
      if (device.runReady(limit) > 0 || device.idle) continue;
      const due = device.sched.nextDue;
      if (due === undefined) break;
      device.advanceTo(due);
    }
  };
  device.powerOn();
  settle();
  const take = () => {
    const s = out;
    out = "";
    return s;
  };
  return {
    device,
    take,
    settle,
    type(line) {
      device.receive(`${line}\r`);
      settle();
      return take();
    },
  };
}
