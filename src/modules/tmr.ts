// The tmr module (app/modules/tmr.c, docs/modules/tmr.md): timer objects (tmr-timer.ts), the
// system counter, uptime, CCOUNT, the soft watchdog, and luaopen_tmr's registration of the
// "tmr.timer" metatable and its 1 s RTC tick. suspend/resume are absent: the default build leaves
// TIMER_SUSPEND_ENABLE off, so the ROTables omit them.

import type { Firmware, ModuleDef, TimerHandle } from "../firmware/module.js";
import { argError } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { checkInt32 } from "./int32.js";
import { createTimer, MODE_AUTO, MODE_SEMI, MODE_SINGLE, TIMER_METATABLE, TIMER_TYPE } from "./tmr-timer.js";

/**
 * What tmr needs from the device beyond the Firmware contract. The device implements these on
 * its Firmware object; tmr reaches them as optional members, so a firmware without them (such
 * as the specs' test firmware) still runs tmr:
 * - busyWait absent: tmr.delay spends no device time (the clock does not move).
 * - feedWatchdog absent: tmr.delay and tmr.wdclr feed nothing.
 * - rtcSeconds absent: tmr.time() is floor(now() / 1e6).
 */
export interface TmrHost {
  /** os_delay_us: a busy loop of `us` device µs; no task or timer runs meanwhile. */
  busyWait(us: number): void;
  /** system_soft_wdt_feed: restarts the watchdog's count for the running task. */
  feedWatchdog(): void;
  /** tmr.time(): uptime in whole seconds from the RTC clock. */
  rtcSeconds(): number;
}

/** The RTC tick of luaopen_tmr (os_timer_arm(&rtc_timer, 1000, 1)). */
const TICK_US = 1_000_000;

/** The soft watchdog (tmr.c's soft_watchdog and rtc_callback), for one boot. */
class SoftWatchdog {
  /** Seconds left; negative: disabled. */
  private count = -1;
  private tick: TimerHandle | undefined = undefined;
  /** When luaopen_tmr armed the tick: it fires at whole seconds after this. */
  private readonly startUs: number;

  constructor(private readonly fw: Firmware) {
    this.startUs = fw.now();
  }

  /**
   * tmr.softwd(s). The board's tick runs every second from boot whatever the count (it also
   * recalibrates the RTC, which is not modelled); here it is armed only while the watchdog is
   * enabled, at the same phase, so that an idle board has no pending event.
   */
  set(s: number): void {
    this.count = s;
    if (s < 0) {
      if (this.tick !== undefined) this.fw.cancel(this.tick);
      this.tick = undefined;
    } else if (this.tick === undefined) {
      const elapsed = this.fw.now() - this.startUs;
      this.arm(this.startUs + (Math.floor(elapsed / TICK_US) + 1) * TICK_US);
    }
  }

  private arm(dueUs: number): void {
    this.tick = this.fw.setTimer(dueUs - this.fw.now(), () => {
      this.tick = undefined;
      // rtc_callback: one second less; below zero the board restarts
      this.count--;
      if (this.count < 0) this.fw.restart();
      else this.arm(dueUs + TICK_US);
    });
  }
}

function moduleFunctions(fw: Firmware): RomEntry[] {
  const host = fw as Firmware & Partial<TmrHost>;
  const watchdog = new SoftWatchdog(fw);

  const delay = (L: LuaThread): number => {
    let us = checkInt32(L, 1); // a sint32_t
    if (!(us > 0)) argError(L, 1, "wrong arg range");
    // os_delay_us in slices of at most 1 s, feeding the soft WDT after each
    while (us > 0) {
      host.busyWait?.(Math.min(us, TICK_US));
      host.feedWatchdog?.();
      us -= TICK_US;
    }
    return 0;
  };

  const now = (L: LuaThread): number => {
    // system_get_time() is a uint32 µs counter; tmr.now() keeps its low 31 bits
    L.push(Math.floor(fw.now()) & 0x7fffffff);
    return 1;
  };

  const wdclr = (): number => {
    host.feedWatchdog?.();
    return 0;
  };

  const softwd = (L: LuaThread): number => {
    watchdog.set(checkInt32(L, 1)); // negative values disable it: no range check
    return 0;
  };

  const time = (L: LuaThread): number => {
    L.push(host.rtcSeconds !== undefined ? host.rtcSeconds() : Math.floor(fw.now() / 1e6));
    return 1;
  };

  const ccount = (L: LuaThread): number => {
    // CCOUNT counts CPU cycles in 32 bits; lua_pushinteger takes it as a signed int
    L.push(Math.floor(fw.now() * fw.config.cpuMHz) | 0);
    return 1;
  };

  const create = (L: LuaThread): number => {
    L.push(createTimer(L, fw));
    return 1;
  };

  return [
    ["delay", light("delay", delay)],
    ["now", light("now", now)],
    ["wdclr", light("wdclr", wdclr)],
    ["softwd", light("softwd", softwd)],
    ["time", light("time", time)],
    ["ccount", light("ccount", ccount)],
    ["create", light("create", create)],
    ["ALARM_SINGLE", MODE_SINGLE],
    ["ALARM_SEMI", MODE_SEMI],
    ["ALARM_AUTO", MODE_AUTO],
  ];
}

export const tmrModule: ModuleDef = {
  name: "tmr",
  entries: moduleFunctions,
  init(fw) {
    // luaL_rometatable(L, "tmr.timer", tmr_dyn)
    fw.L.G.registry.set(TIMER_TYPE, TIMER_METATABLE);
  },
};
