// Runs devices in real time for real network peers: each device's clock follows this machine's
// wall clock, its due timers fire on host timers, and an outside event (a socket, a broker)
// wakes it at once. Many devices can share one process, each with its own runner.

import type { Device } from "../firmware/device.js";

/** Resolves after `ms`, or earlier when an outside event wakes the board. */
export function waitOrWake(device: Device, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      device.onWake = undefined;
      resolve();
    }
    device.onWake = done;
  });
}

export class RealtimeRunner {
  private readonly startWall = performance.now();
  private readonly startUs: number;
  private timer: NodeJS.Timeout | undefined;
  private queued = false;
  private running = false;

  constructor(readonly device: Device) {
    this.startUs = device.timeUs;
  }

  start(): void {
    this.running = true;
    this.device.onWake = () => this.wake();
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.device.onWake = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs what is due as soon as the host's event loop is free. */
  private wake(): void {
    if (this.queued || !this.running) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.running) return;
    const d = this.device;
    const wallUs = this.startUs + (performance.now() - this.startWall) * 1000;
    if (wallUs > d.timeUs) d.advance(wallUs - d.timeUs);
    else d.runReady();
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (d.sched.hasTasks) {
      this.wake();
      return;
    }
    const due = d.sched.nextDue;
    if (due === undefined) return;
    const dueWallMs = (d.timeUs - d.sched.nowUs + due - this.startUs) / 1000 + this.startWall;
    this.timer = setTimeout(() => this.pump(), Math.max(0, dueWallMs - performance.now()));
  }
}
