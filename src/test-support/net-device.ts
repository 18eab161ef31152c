// A test device with a station address for net specs against real sockets on 127.0.0.1: runs
// the board in real time (its clock follows the wall clock) until a condition holds, collects
// UART0 output and host notices, and closes every socket of the board at the end.

import type { DeviceOptions } from "../firmware/device.js";
import { waitOrWake } from "../host/realtime.js";
import { type TestDevice, testDevice } from "./device.js";

export const DEVICE_IP = "192.168.1.50";

export interface NetTestDevice {
  t: TestDevice;
  /** UART0 output so far (this boot and the ones after it). */
  out(): string;
  notices: string[];
  /** Types a Lua line without waiting. */
  send(line: string): void;
  /** Runs until `cond` holds (a string: until the output contains it); throws after `ms`. */
  until(cond: string | (() => boolean), ms?: number): Promise<void>;
  /** Gives the board `ms` of real time. */
  run(ms: number): Promise<void>;
  /** Closes every socket and server the board holds. */
  close(): void;
}

export function netDevice(
  files: Record<string, string> = {},
  opts: Partial<DeviceOptions> = {},
): NetTestDevice {
  const notices: string[] = [];
  const t = testDevice(files, { onNotice: (m) => notices.push(m), ...opts });
  let out = t.take();
  const withIp = () => {
    t.device.fw.netif.sta = { ip: DEVICE_IP, netmask: "255.255.255.0", gateway: "192.168.1.1" };
  };
  withIp();
  const step = async () => {
    const boot = t.device.bootCount;
    t.device.runReady();
    if (t.device.bootCount !== boot) withIp();
    out += t.take();
    await waitOrWake(t.device, 3);
  };
  const api: NetTestDevice = {
    t,
    out: () => {
      out += t.take();
      return out;
    },
    notices,
    send(line) {
      t.device.receive(`${line}\r`);
    },
    async until(cond, ms = 2000) {
      const test = typeof cond === "string" ? () => api.out().includes(cond) : cond;
      const end = performance.now() + ms;
      let last = performance.now();
      while (!test()) {
        if (performance.now() > end) throw new Error(`timed out; output so far:\n${api.out()}`);
        await step();
        const now = performance.now();
        t.device.advance(Math.round((now - last) * 1000));
        last = now;
      }
    },
    async run(ms) {
      const end = performance.now() + ms;
      await api.until(() => performance.now() >= end, ms + 1000);
    },
    close() {
      t.device.fw.endBoot();
    },
  };
  return api;
}
