// SDK timers over a hand-driven clock: a late expiry must not shift a repeating timer's period.

import { describe, expect, it } from "vitest";
import type { TimerHandle } from "../firmware/module.js";
import { OsTimer, type TimerClock } from "./os-timer.js";

/** A clock whose pending timers run only when `advance` reaches them (in due order). */
function manualClock() {
  let now = 0;
  let pending: { dueUs: number; fire: () => void }[] = [];
  const clock: TimerClock = {
    now: () => now,
    setTimer(delayUs, fire): TimerHandle {
      const t = { dueUs: now + delayUs, fire };
      pending.push(t);
      return t;
    },
    cancel(h) {
      pending = pending.filter((t) => t !== h);
    },
  };
  /** Runs the next timer at `lateUs` after it was due (a busy board) and returns its due time. */
  const step = (lateUs = 0): number => {
    pending.sort((a, b) => a.dueUs - b.dueUs);
    const t = pending.shift()!;
    now = t.dueUs + lateUs;
    t.fire();
    return t.dueUs;
  };
  return { clock, step, pendingCount: () => pending.length, now: () => now };
}

describe("OsTimer", () => {
  it("repeats at whole periods from the first arming even when each expiry runs late", () => {
    const m = manualClock();
    const fired: number[] = [];
    const t = new OsTimer(m.clock);
    t.setfn(() => fired.push(m.now()));
    t.arm(100, true);
    const dues = [m.step(30_000), m.step(70_000), m.step(0), m.step(10_000)];
    expect(dues).toEqual([100_000, 200_000, 300_000, 400_000]);
    expect(fired).toEqual([130_000, 270_000, 300_000, 410_000]);
  });

  it("re-arms a repeating timer before its function runs, so the function can disarm it", () => {
    const m = manualClock();
    const t = new OsTimer(m.clock);
    t.setfn(() => {
      expect(t.armed).toBe(true);
      t.disarm();
    });
    t.arm(5, true);
    m.step();
    expect([t.armed, m.pendingCount()]).toEqual([false, 0]);
  });

  it("fires a one-shot arm once; re-arming replaces the pending expiry; no function does nothing", () => {
    const m = manualClock();
    const t = new OsTimer(m.clock);
    t.arm(5, false);
    m.step();
    let n = 0;
    t.setfn(() => n++);
    t.arm(10, false);
    t.arm(20, false);
    expect(m.pendingCount()).toBe(1);
    expect(m.step()).toBe(25_000);
    expect([n, t.armed]).toEqual([1, false]);
  });
});
