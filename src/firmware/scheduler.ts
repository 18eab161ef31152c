// The SDK's event model (app/platform/platform.c:1092-1140, task_post/system_os_task; os_timer):
// a virtual clock, three task queues of TASK_DEFAULT_QUEUE_LEN = 8 drained highest priority
// first and FIFO within one, and one-shot timers that fire between tasks. Nothing here runs Lua;
// the device decides what a task or a timer does.

import type { Priority, TimerHandle } from "./module.js";

/** TASK_DEFAULT_QUEUE_LEN. */
export const TASK_QUEUE_LENGTH = 8;

export type Job = () => void;

interface Timer extends TimerHandle {
  dueUs: number;
  seq: number;
  fire: Job;
  armed: boolean;
}

export class Scheduler {
  /** Device time since boot, µs (may carry fractions from the cost model). */
  nowUs = 0;
  private readonly queues: Job[][] = [[], [], []];
  /** Pending timers ordered by due time, then by arming order. */
  private timers: Timer[] = [];
  private seq = 0;

  post(priority: Priority, job: Job): boolean {
    const q = this.queues[priority]!;
    if (q.length >= TASK_QUEUE_LENGTH) return false;
    q.push(job);
    return true;
  }

  /** The next task to run (highest priority first), removed from its queue. */
  nextTask(): Job | undefined {
    const q = this.queues;
    return q[2]!.shift() ?? q[1]!.shift() ?? q[0]!.shift();
  }

  get hasTasks(): boolean {
    const q = this.queues;
    return q[0]!.length + q[1]!.length + q[2]!.length > 0;
  }

  setTimer(delayUs: number, fire: Job): TimerHandle {
    const t: Timer = { dueUs: this.nowUs + Math.max(0, delayUs), seq: this.seq++, fire, armed: true };
    // insertion keeps the list sorted; timers are few
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.dueUs > t.dueUs) i--;
    this.timers.splice(i, 0, t);
    return t;
  }

  cancel(handle: TimerHandle): void {
    const t = handle as Timer;
    if (!t.armed) return;
    t.armed = false;
    const i = this.timers.indexOf(t);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Due time of the earliest timer, or undefined. */
  get nextDue(): number | undefined {
    return this.timers[0]?.dueUs;
  }

  /** Removes and returns the earliest timer if it is due now. */
  dueTimer(): Job | undefined {
    const t = this.timers[0];
    if (t === undefined || t.dueUs > this.nowUs) return undefined;
    this.timers.shift();
    t.armed = false;
    return t.fire;
  }

  get timerCount(): number {
    return this.timers.length;
  }
}
