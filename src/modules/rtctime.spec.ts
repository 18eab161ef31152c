import { describe, expect, it } from "vitest";
import { Board } from "../hw/board.js";
import { type BoardFirmware, boardFirmware } from "../test-support/board-firmware.js";
import { gmtime, rtctimeModule } from "./rtctime.js";
import { div1m, div2080, MAGIC_FRC2 } from "./rtctime-clock.js";

/** A firmware on `board` whose clock the spec sets. */
function setup(board = new Board()): BoardFirmware & { at(us: number): void } {
  let t = 0;
  const fw = Object.assign(boardFirmware([rtctimeModule], undefined, board), {
    at(us: number) {
      t = us;
    },
  });
  (fw as { now: () => number }).now = () => t;
  return fw;
}

describe("rtctime", () => {
  it("has rtctime.c's table in declaration order", () => {
    const fw = setup();
    expect(fw.run("for k in pairs(rtctime) do print(k) end")).toBe(
      "set\nget\nadjust_delta\ndsleep\ndsleep_aligned\nepoch2cal\n",
    );
  });

  it("has no time until set, then advances with device time", () => {
    const fw = setup();
    expect(fw.run("print(rtctime.get())")).toBe("0\t0\t0\n");
    fw.at(5_000_000);
    fw.run("rtctime.set(1500000000, 123456)");
    expect(fw.run("print(rtctime.get())")).toBe("1500000000\t123456\t0\n");
    fw.at(5_000_000 + 2_500_000);
    expect(fw.run("print(rtctime.get())")).toBe("1500000002\t623456\t0\n");
    // FRC2 ticks are 3.2 µs
    fw.at(5_000_000 + 2_500_000 + 3);
    expect(fw.run("print(rtctime.get())")).toBe("1500000002\t623456\t0\n");
    fw.at(5_000_000 + 2_500_000 + 4);
    expect(fw.run("print(rtctime.get())")).toBe("1500000002\t623459\t0\n");
    // back by more than 2^32 µs: set, with the slew offset capped at 0xffffffff µs
    fw.run("rtctime.set(7)");
    expect(fw.run("print(rtctime.get())")).toBe("4301\t967295\t0\n");
  });

  it("corrects by the rate, in parts of 2^32, and keeps it when the time is set", () => {
    const fw = setup();
    fw.run("rtctime.set(1000, 0, 4294967)");
    fw.at(1_000_000);
    expect(fw.run("print(rtctime.get())")).toBe("1001\t999\t4294967\n");
    fw.run("rtctime.set(2000, 0)");
    expect(fw.run("print(rtctime.get())")).toBe("2000\t0\t4294967\n");
    // the 10 s timer re-bases every 1000 s, each time dropping a fraction of a µs
    fw.at(1_000_000 + 5_000_000_000);
    expect(fw.run("print(rtctime.get())")).toBe("7004\t999995\t4294967\n");
    expect(fw.run("print(rtctime.adjust_delta(1000000), rtctime.adjust_delta(-1000))")).toBe(
      "1000999\t-1001\n",
    );
    fw.run("rtctime.set(nil, nil, -4294967)");
    expect(fw.run("print(rtctime.adjust_delta(1000000), select(3, rtctime.get()))")).toBe(
      "999000\t-4294967\n",
    );
  });

  it("re-bases the rate at the 10 s timer's ticks, however rarely time is read", () => {
    const fast = setup();
    const slow = setup();
    for (const fw of [fast, slow]) fw.run("rtctime.set(1000, 0, -123456789)");
    for (let t = 10_000_000; t <= 3_600_000_000; t += 10_000_000) {
      slow.at(t);
      slow.run("rtctime.get()");
    }
    fast.at(3_600_000_000);
    expect(fast.run("print(rtctime.get())")).toBe(slow.run("print(rtctime.get())"));
  });

  it("slews a backwards setting away instead of going back", () => {
    const fw = setup();
    fw.run("rtctime.set(2000, 0)");
    fw.at(1_000_000);
    fw.run("rtctime.set(2000, 500000)");
    expect(fw.run("print(rtctime.get())")).toBe("2001\t0\t0\n");
    fw.at(1_160_000);
    expect(fw.run("print(rtctime.get())")).toBe("2001\t150000\t0\n");
    // the slew only counts the µs part since the last get (wrong past a second, as the C says)
    fw.at(100_000_000);
    expect(fw.run("print(rtctime.get())")).toBe("2099\t937500\t0\n");
  });

  it("keeps its state in RTC slots 0..8 and loses the time at a restart", () => {
    const board = new Board();
    const fw = setup(board);
    expect([board.rtcmem[0], board.rtcmem[4]]).toEqual([0, 0]);
    fw.run("rtctime.set(1500000000)");
    expect([board.rtcmem[0], board.rtcmem[4]]).toEqual([MAGIC_FRC2, 6656]);
    board.reset("restart");
    const fw2 = setup(board);
    expect(fw2.run("print(rtctime.get())")).toBe("0\t0\t0\n");
    expect(Array.from(board.rtcmem.subarray(0, 9))).toEqual([MAGIC_FRC2, 0, 0, 0, 6656, 0, 0, 0, 0]);
  });

  it("raises rtctime.c's errors, and says deep sleep is not implemented", () => {
    const fw = setup();
    expect(fw.run("rtctime.dsleep(1000, 5)")).toBe("error: stdin:1: unknown sleep option");
    expect(fw.run("rtctime.dsleep(1000, -1)")).toBe("error: stdin:1: unknown sleep option");
    expect(fw.run("rtctime.dsleep()")).toBe(
      "error: stdin:1: bad argument #1 to 'dsleep' (number expected, got no value)",
    );
    expect(fw.run("rtctime.dsleep(1000)")).toBe("error: stdin:1: rtctime.dsleep is not implemented");
    expect(fw.run("rtctime.dsleep_aligned(1000, 10)")).toBe(
      "error: stdin:1: time not available, unable to align",
    );
    fw.run("rtctime.set(100)");
    expect(fw.run("rtctime.dsleep_aligned(1000)")).toBe(
      "error: stdin:1: bad argument #2 to 'dsleep_aligned' (number expected, got no value)",
    );
    expect(fw.run("rtctime.dsleep_aligned(1000, 10, 4)")).toBe(
      "error: stdin:1: rtctime.dsleep_aligned is not implemented",
    );
    expect(fw.run("rtctime.adjust_delta()")).toBe(
      "error: stdin:1: bad argument #1 to 'adjust_delta' (number expected, got no value)",
    );
    expect(fw.run("rtctime.epoch2cal(-1)")).toBe(
      "error: stdin:1: bad argument #1 to 'epoch2cal' (wrong arg range)",
    );
    expect(fw.run("rtctime.epoch2cal(2^31)")).toBe(
      "error: stdin:1: bad argument #1 to 'epoch2cal' (wrong arg range)",
    );
  });
});

describe("rtctime.epoch2cal", () => {
  it("returns the fields in rtctime.c's order", () => {
    const fw = setup();
    // pairs walks the hash part of lua_createtable(L, 0, 8) filled in rtctime.c's order
    expect(fw.run("for k, v in pairs(rtctime.epoch2cal(1234567890)) do print(k, v) end")).toBe(
      "min\t31\nwday\t6\nyear\t2009\nyday\t44\nday\t13\nsec\t30\nhour\t23\nmon\t2\n",
    );
    const cal = (ts: number) =>
      fw.run(`local t = rtctime.epoch2cal(${ts}) print(t.year, t.mon, t.day, t.yday, t.wday)`).trim();
    expect(cal(0)).toBe("1970\t1\t1\t1\t5");
    expect(cal(951782400)).toBe("2000\t2\t29\t60\t3");
    expect(cal(951868800)).toBe("2000\t3\t1\t61\t4");
    expect(cal(1483142400)).toBe("2016\t12\t31\t366\t7");
    expect(cal(2147483647)).toBe("2038\t1\t19\t19\t3");
  });

  it("agrees with the Gregorian calendar day by day", () => {
    for (let ts = 0; ts < 2 ** 31 - 86400; ts += 86400 + 3607) {
      const d = new Date(ts * 1000);
      const tm = gmtime(ts);
      const yday = Math.floor((ts * 1000 - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000);
      expect([tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday]).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCDay(),
        yday,
      ]);
    }
  });
});

describe("rtctime's shift divisions", () => {
  it("divide as the firmware does", () => {
    for (const n of [0n, 2079n, 2080n, 2080n * 1500000000123456n, 123456789012345678n]) {
      const q = div2080(n);
      expect(q === n / 2080n || q === n / 2080n + 1n || q === n / 2080n - 1n).toBe(true);
    }
    expect(div1m(1500000000123456n)).toEqual([1500000000, 123456]);
    // small values near a whole second come out one second over, with a wrapped remainder
    expect(div1m(999999n)).toEqual([2, 4293967295]);
  });
});
