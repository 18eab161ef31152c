// Runs a test device in real time, for specs with real network peers: device time follows the
// wall clock while the spec waits for something to happen.

import { waitOrWake } from "../host/realtime.js";
import type { TestDevice } from "./device.js";

/**
 * Runs the device (tasks, timers, socket events) until `until()` holds, advancing its clock by
 * the wall time that passes. Throws after `timeoutMs` of waiting.
 */
export async function runUntil(t: TestDevice, until: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  let last = start;
  for (;;) {
    t.device.runReady();
    if (until()) return;
    const now = performance.now();
    if (now - start > timeoutMs) throw new Error(`runUntil: timed out after ${timeoutMs} ms`);
    await waitOrWake(t.device, 5);
    const after = performance.now();
    t.device.advance(Math.max(0, Math.round((after - last) * 1000)));
    last = after;
  }
}

/** Runs the device in real time for `ms`. */
export async function runFor(t: TestDevice, ms: number): Promise<void> {
  const end = performance.now() + ms;
  await runUntil(t, () => performance.now() >= end, ms + 1000);
}
