// The Firmware services (module.ts) of one boot of a Device: tasks and timers on its scheduler,
// luaL_pcallx and the PANIC path of unprotected calls, registry references, the C heap, the
// console and UARTs, restarts, and what the network stack needs from the board.

import type { Board } from "../hw/board.js";
import type { Radio } from "../hw/radio.js";
import { pcall } from "../lua/calls.js";
import { LuaError, type LuaThread } from "../lua/state.js";
import type { LuaValue } from "../lua/value.js";
import { BoardReset, type Device } from "./device.js";
import type { FlashFileSystem } from "./flash-fs.js";
import { TRACEBACK_HANDLER } from "./lua-calls.js";
import {
  BootReason,
  type DeviceConfig,
  type Firmware,
  type NetIf,
  Priority,
  type TimerHandle,
} from "./module.js";

/** The Firmware services of one boot (module.ts). */
export class BoardFirmware implements Firmware {
  L!: LuaThread;
  /** node.output's redirection, when set. */
  outputRedirect: ((s: string) => void) | undefined = undefined;
  /** uart.on("data") callback of the UART driver. */
  uartData: ((s: string) => void) | undefined = undefined;
  private readonly refs = new Map<number, LuaValue>();
  private nextRef = 1;
  onerrorArmed = false;

  /** A restart brings the interfaces down; the MACs and hostname stay. */
  readonly netif: NetIf;

  constructor(readonly device: Device) {
    this.netif = device.freshNetif();
  }

  get fs(): FlashFileSystem {
    return this.device.fs;
  }

  get config(): Readonly<DeviceConfig> {
    return this.device.config;
  }

  get board(): Board {
    return this.device.board;
  }

  get radio(): Radio {
    return this.device.radio;
  }

  now(): number {
    return this.device.sched.nowUs;
  }

  post(priority: Priority, run: () => void): boolean {
    const d = this.device;
    const posted = d.sched.post(priority, () => {
      if (this.device.fw === this) d.runTask(`task${priority}`, run); // not after a restart
    });
    if (posted) d.onWake?.();
    return posted;
  }

  hold(what: string): () => void {
    return this.device.hold(what);
  }

  setTimer(delayUs: number, fire: () => void): TimerHandle {
    const d = this.device;
    return d.sched.setTimer(delayUs, () => {
      if (this.device.fw === this) d.runTask("timer", fire);
    });
  }

  cancel(timer: TimerHandle): void {
    this.device.sched.cancel(timer);
  }

  /** luaL_pcallx (app/lua/lnodemcu.c:31-80). */
  pcallx(fn: LuaValue, args: readonly LuaValue[]): boolean {
    const L = this.L;
    const base = L.top;
    L.push(TRACEBACK_HANDLER);
    L.push(fn);
    for (const a of args) L.push(a);
    const err = pcall(L, base + 1, 0, base);
    if (err === undefined) {
      L.top = base;
      return true;
    }
    const msg = err.status === "mem" ? "out of memory" : err.value;
    L.top = base;
    const posted = this.post(Priority.HIGH, () => {
      const onerror = this.L.G.registry.get("onerror");
      if (onerror !== undefined) {
        this.device.luaCall(onerror, [msg]);
        return;
      }
      // node.c default_onerror: print, and the first time only, restart 2 s later
      this.device.luaPrint([msg]);
      if (!this.onerrorArmed) {
        this.onerrorArmed = true;
        this.device.sched.setTimer(2_000_000, () => this.device.requestRestart(BootReason.SOFT_RESTART));
      }
    });
    if (!posted) this.device.consoleWrite("Task queue overflow. Task not posted\n");
    return false;
  }

  /** lua_call with no protected frame: PANIC and a watchdog reset (lauxlib.c:946-952). */
  callUnprotected(fn: LuaValue, args: readonly LuaValue[]): void {
    const err = this.device.luaCall(fn, args);
    if (err === undefined) return;
    const msg = typeof err.value === "string" || typeof err.value === "number" ? String(err.value) : "";
    this.device.consoleWrite(`PANIC: unprotected error in call to Lua API (${msg})\n`);
    throw new BoardReset(BootReason.SOFT_WDT);
  }

  ref(v: LuaValue): number {
    const r = this.nextRef++;
    this.refs.set(r, v);
    // on the stack while the registry may grow (and collect): as luaL_ref takes it from there
    const L = this.L;
    const top = L.top;
    L.push(v);
    L.G.registry.setInt(r, v);
    L.top = top;
    return r;
  }

  getRef(ref: number): LuaValue {
    return this.refs.get(ref);
  }

  unref(ref: number): void {
    if (!this.refs.delete(ref)) return;
    this.L.G.registry.setInt(ref, undefined);
  }

  malloc(L: LuaThread, bytes: number): void {
    const d = this.device;
    if (d.heapFree() < bytes) {
      L.G.heap.fullGC(L);
      if (d.heapFree() < bytes) throw new LuaError("not enough memory", "mem");
    }
    d.cBytes += bytes;
    d.updateHeapLimit();
  }

  free(bytes: number): void {
    const d = this.device;
    d.cBytes = Math.max(0, d.cBytes - bytes);
    d.updateHeapLimit();
  }

  print(s: string): void {
    this.device.print(s);
  }

  uartWrite(id: number, bytes: string): void {
    this.device.uartWrite(id, bytes);
  }

  restart(reason: BootReason = BootReason.SOFT_RESTART): void {
    this.device.requestRestart(reason);
  }

  // tmr.delay, tmr.wdclr (TmrHost)
  busyWait(us: number): void {
    this.device.busyWait(us);
  }

  feedWatchdog(): void {
    this.device.feedWatchdog();
  }

  // NetHost (src/firmware/lwip.ts): what ends with this boot, and host-side notices
  private readonly resetHooks: (() => void)[] = [];
  atReset(fn: () => void): void {
    this.resetHooks.push(fn);
  }

  endBoot(): void {
    for (const fn of this.resetHooks.splice(0)) fn();
  }

  notice(msg: string): void {
    this.device.onNotice?.(msg);
  }
}
