// The rtctime module (app/modules/rtctime.c): set/get of the RTC-kept time (rtctime-clock.ts,
// after app/include/rtc/rtctime_internal.h), adjust_delta, and epoch2cal with rtctime_gmtime's
// own calendar arithmetic. Deep sleep is not modelled: dsleep and dsleep_aligned check their
// arguments as the C does, then raise an error saying so.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { boardIfAny, boardOf } from "../hw/board.js";
import { chargeTable } from "../lua/gc.js";
import { argError, checkInteger, error } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import { RtcClock } from "./rtctime-clock.js";

const clocks = new WeakMap<Firmware, RtcClock>();

/** This boot's clock: made at boot (init) or, on a board attached later, at first use. */
function clockOf(fw: Firmware): RtcClock {
  let c = clocks.get(fw);
  if (c === undefined) {
    c = new RtcClock(boardOf(fw), fw.now());
    clocks.set(fw, c);
  }
  return c;
}

/**
 * The RTC clock for modules that use rtctime's C API (sntp.c's rtctime_gettimeofday,
 * rtctime_settimeofday, rtctime_adjust_rate): undefined when rtctime is not in the build.
 */
export function rtcClockIfBuilt(fw: Firmware): RtcClock | undefined {
  return fw.config.modules.includes("rtctime") ? clockOf(fw) : undefined;
}

/** lua_isnumber: numbers and numeric strings. */
const numberOf = (v: LuaValue): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;

/** lua_tointeger on the device (32-bit lua_Integer; 0 for a non-number). */
const toInteger = (v: LuaValue): number => (numberOf(v) ?? 0) | 0;

/** luaL_checkinteger read into a uint32_t. */
const checkU32 = (L: LuaThread, n: number): number => (checkInteger(L, n) | 0) >>> 0;

/** do_sleep_opt: a numeric option must be 0..4. */
function sleepOption(L: LuaThread, idx: number): void {
  const v = L.arg(idx);
  if (numberOf(v) !== undefined && toInteger(v) >>> 0 > 4) error(L, "unknown sleep option");
}

const SPD = 24 * 60 * 60;
/** __spm: days before each month in a non-leap year. */
const SPM = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

export interface RtcTm {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  yday: number;
  wday: number;
}

/** rtctime_gmtime for a stamp >= 0: tm_* fields (year since 1900, mon and yday from 0). */
export function gmtime(stamp: number): RtcTm {
  let work = stamp % SPD;
  const sec = work % 60;
  work = Math.trunc(work / 60);
  const min = work % 60;
  const hour = Math.trunc(work / 60);
  work = Math.trunc(stamp / SPD);
  const wday = (4 + work) % 7;
  let y = 1970;
  for (; ; ++y) {
    const k = isLeap(y) ? 366 : 365;
    if (work >= k) work -= k;
    else break;
  }
  const yday = work;
  let mday = 1;
  if (isLeap(y) && work > 58) {
    if (work === 59) mday = 2; // 29 February
    work -= 1;
  }
  let i = 11;
  while (i && SPM[i]! > work) --i;
  mday += work - SPM[i]!;
  return { year: y - 1900, mon: i, mday, hour, min, sec, yday, wday };
}

const notModelled = (L: LuaThread, name: string): never => error(L, `rtctime.${name} is not implemented`);

export const rtctimeModule: ModuleDef = {
  name: "rtctime",
  entries: (fw) => [
    [
      "set",
      light("set", (L) => {
        const c = clockOf(fw);
        const t = fw.now();
        if (!c.checkMagic()) c.prepare(t);
        if (numberOf(L.arg(1)) !== undefined) {
          const sec = checkU32(L, 1);
          const usec = numberOf(L.arg(2)) !== undefined ? toInteger(L.arg(2)) >>> 0 : 0;
          c.setTime(t, sec, usec);
        }
        if (numberOf(L.arg(3)) !== undefined) c.setRate(t, toInteger(L.arg(3)));
        return 0;
      }),
    ],
    [
      "get",
      light("get", (L) => {
        const c = clockOf(fw);
        const [sec, usec] = c.gettimeofday(fw.now());
        // uint32 values pushed as the 32-bit lua_Integer
        L.push(sec | 0);
        L.push(usec | 0);
        L.push(c.rate());
        return 3;
      }),
    ],
    [
      "adjust_delta",
      light("adjust_delta", (L) => {
        const us = checkU32(L, 1);
        L.push(clockOf(fw).adjustDelta(us));
        return 1;
      }),
    ],
    [
      "dsleep",
      light("dsleep", (L) => {
        checkInteger(L, 1);
        sleepOption(L, 2);
        return notModelled(L, "dsleep");
      }),
    ],
    [
      "dsleep_aligned",
      light("dsleep_aligned", (L) => {
        if (!clockOf(fw).haveTime()) error(L, "time not available, unable to align");
        checkInteger(L, 1);
        checkInteger(L, 2);
        sleepOption(L, 3);
        return notModelled(L, "dsleep_aligned");
      }),
    ],
    [
      "epoch2cal",
      light("epoch2cal", (L) => {
        const stamp = checkInteger(L, 1) | 0; // luaL_checkint
        if (!(stamp >= 0)) argError(L, 1, "wrong arg range");
        const tm = gmtime(stamp);
        const t = new LuaTable(0, 8);
        t.set("yday", tm.yday + 1);
        t.set("wday", tm.wday + 1);
        t.set("year", tm.year + 1900);
        t.set("mon", tm.mon + 1);
        t.set("day", tm.mday);
        t.set("hour", tm.hour);
        t.set("min", tm.min);
        t.set("sec", tm.sec);
        chargeTable(L, t);
        L.push(t);
        return 1;
      }),
    ],
  ],
  init(fw) {
    // rtctime_early_startup and rtctime_late_startup run at every boot of a build with rtctime.
    if (boardIfAny(fw) !== undefined) clockOf(fw);
  },
};
