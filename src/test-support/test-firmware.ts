// A minimal Firmware for module specs: one Lua state with the module's ROM table as a global,
// a manual clock, FIFO task queues and timers run by drain(). The real board (src/firmware)
// routes errors, restarts and output differently; specs of those behaviours belong there.

import type { FlashFileSystem } from "../firmware/flash-fs.js";
import type { Firmware, ModuleDef, Priority, TimerHandle } from "../firmware/module.js";
import { call } from "../lua/calls.js";
import { RomTable } from "../lua/rom.js";
import { newState, runChunk } from "../lua/runtime.js";
import { MULTRET } from "../lua/state.js";
import type { LuaValue } from "../lua/value.js";

export interface TestFirmware extends Firmware {
  /** Everything printed or written to a UART so far. */
  output: string[];
  /** Errors that reached pcallx's handler or the PANIC path. */
  errors: string[];
  /** Runs a chunk as the REPL would (errors returned as "error: msg"), then drains tasks. */
  run(src: string): string;
  /** Runs tasks and due timers until none is left, advancing the clock to each timer. */
  drain(maxUs?: number): void;
  restarts: number;
}

export function testFirmware(modules: ModuleDef[], fs?: FlashFileSystem): TestFirmware {
  const output: string[] = [];
  const errors: string[] = [];
  const L = newState({ write: (s) => output.push(s) });
  const queues: (() => void)[][] = [[], [], []];
  let timers: { dueUs: number; fire: () => void; seq: number }[] = [];
  let seq = 0;
  let clock = 0;
  const refs = new Map<number, LuaValue>();
  let nextRef = 1;
  const callValues = (fn: LuaValue, args: readonly LuaValue[]): void => {
    const base = L.top;
    L.push(fn);
    for (const a of args) L.push(a);
    call(L, base, MULTRET);
    L.top = base;
  };
  const fw: TestFirmware = {
    L,
    output,
    errors,
    restarts: 0,
    now: () => clock,
    post(priority: Priority, run: () => void) {
      const q = queues[priority]!;
      if (q.length >= 8) return false;
      q.push(run);
      return true;
    },
    setTimer(delayUs: number, fire: () => void): TimerHandle {
      const t = { dueUs: clock + delayUs, fire, seq: seq++ };
      timers.push(t);
      return t;
    },
    cancel(timer: TimerHandle) {
      timers = timers.filter((t) => t !== timer);
    },
    pcallx(fn, args) {
      const top = L.top;
      try {
        callValues(fn, args);
        return true;
      } catch (e) {
        L.top = top;
        errors.push(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
    callUnprotected(fn, args) {
      fw.pcallx(fn, args);
    },
    ref(v) {
      refs.set(nextRef, v);
      L.G.registry.set(`__testref${nextRef}`, v);
      return nextRef++;
    },
    getRef: (r) => refs.get(r),
    unref(r) {
      refs.delete(r);
      L.G.registry.set(`__testref${r}`, undefined);
    },
    malloc(L1, bytes) {
      L1.G.heap.allocate(L1, bytes);
    },
    free(bytes) {
      L.G.heap.totalBytes -= bytes;
    },
    print: (s) => output.push(s),
    uartWrite: (_id, bytes) => output.push(bytes),
    hold: () => () => {},
    netif: {
      sta: undefined,
      ap: undefined,
      hostname: "NODE-000001",
      staMac: "5c:cf:7f:00:00:01",
      apMac: "5e:cf:7f:00:00:01",
    },
    restart() {
      fw.restarts++;
    },
    get fs(): FlashFileSystem {
      if (fs === undefined) throw new Error("this test firmware has no file system");
      return fs;
    },
    config: {
      flashSize: 4 << 20,
      modules: modules.map((m) => m.name),
      heapSize: 44 * 1024,
      seed: 1,
      cpuMHz: 80,
    },
    run(src) {
      output.length = 0;
      const err = runChunk(L, src, "=stdin");
      fw.drain();
      return err === undefined ? output.join("") : `error: ${String(err.value)}`;
    },
    drain(maxUs = 3_600_000_000) {
      for (;;) {
        const q = queues[2]!.length ? queues[2]! : queues[1]!.length ? queues[1]! : queues[0]!;
        const task = q.shift();
        if (task !== undefined) {
          task();
          continue;
        }
        if (timers.length === 0) return;
        timers.sort((a, b) => a.dueUs - b.dueUs || a.seq - b.seq);
        const t = timers.shift()!;
        if (t.dueUs > maxUs) return;
        clock = Math.max(clock, t.dueUs);
        t.fire();
      }
    },
  };
  for (const m of modules) L.env.set(m.name, new RomTable(m.entries(fw)));
  for (const m of modules) m.init?.(fw);
  return fw;
}
