// An SDK software timer (os_timer_t: os_timer_setfn / os_timer_arm / os_timer_disarm) on top of
// the firmware's one-shot timers. A repeating timer is re-armed before its function runs, due
// one period after the time it was due (not after the time it ran), so it does not drift.

import type { Firmware, TimerHandle } from "../firmware/module.js";

/** The firmware services an SDK timer uses. */
export type TimerClock = Pick<Firmware, "now" | "setTimer" | "cancel">;

export class OsTimer {
  /** The pending one-shot timer while armed. */
  private handle: TimerHandle | undefined = undefined;
  /** When the armed timer is due, device µs. */
  private dueUs = 0;
  /** Repeat period in µs; 0 for a one-shot arm. */
  private periodUs = 0;
  /**
   * os_timer_setfn's function. A timer armed before any setfn has a NULL function on the board
   * (and would crash when it expires); here it expires doing nothing.
   */
  private fn: (() => void) | undefined = undefined;

  constructor(private readonly fw: TimerClock) {}

  setfn(fn: () => void): void {
    this.fn = fn;
  }

  get armed(): boolean {
    return this.handle !== undefined;
  }

  /** os_timer_arm(ms, repeat): a timer that is armed already is re-armed from now. */
  arm(ms: number, repeat: boolean): void {
    this.disarm();
    this.periodUs = repeat ? ms * 1000 : 0;
    this.schedule(this.fw.now() + ms * 1000);
  }

  disarm(): void {
    if (this.handle === undefined) return;
    this.fw.cancel(this.handle);
    this.handle = undefined;
  }

  private schedule(dueUs: number): void {
    this.dueUs = dueUs;
    const h = this.fw.setTimer(dueUs - this.fw.now(), () => {
      if (this.handle !== h) return; // disarmed or re-armed meanwhile
      this.handle = undefined;
      if (this.periodUs > 0) this.schedule(this.dueUs + this.periodUs);
      this.fn?.();
    });
    this.handle = h;
  }
}
