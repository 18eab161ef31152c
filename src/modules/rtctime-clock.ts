// The RTC time keeping of app/include/rtc/rtctime_internal.h: unix time in units of a 2080 MHz
// clock, as an offset against the running time source (FRC2 at 80 MHz / 256 once booted), a
// rate correction in parts of 2^32, and a slew that keeps time from going backwards when set.
// The state is RAM (one RtcClock per boot); slots 0..8 of the RTC user memory hold the part
// that bbram_save writes, and boot reads it back (bbram_load). 64-bit C arithmetic is BigInt.
// Deep sleep is not modelled, so time is only carried over a boot after a deep-sleep wake.

import type { Board } from "../hw/board.js";

const U64 = (1n << 64n) - 1n;
const u64 = (n: bigint): bigint => n & U64;
const u32 = (n: bigint): bigint => n & 0xffffffffn;
const i32 = (n: number): number => n | 0;

export const MAGIC_CCOUNT = 0x44695573;
export const MAGIC_FRC2 = MAGIC_CCOUNT + 1;
export const MAGIC_SLEEP = MAGIC_CCOUNT + 2;

const UNITCYCLE_MHZ = 2080n;
const CPU_DEFAULT_MHZ = 80;
const CPU_BOOTUP_MHZ = 52;
/** FRC2 runs at 80 MHz / 256 whatever the CPU clock: 6656 unit cycles per tick. */
const FRC2_UNITS = Math.floor((256 * 2080 + CPU_DEFAULT_MHZ / 2) / CPU_DEFAULT_MHZ);
/** Unit cycles per CPU cycle at `mhz` (26 at 80 MHz, 40 at the 52 MHz of boot). */
const ccountUnits = (mhz: number): number => Math.floor((2080 + mhz / 2) / mhz);
/** rtc_time_install_timer: every 10 s rtc_time_tmrfn re-bases the rate correction. */
const TIMER_PERIOD_US = 10_000_000;

/** div2080: n / 2080 by shifts, as the firmware computes it (not always the exact quotient). */
export function div2080(n: bigint): bigint {
  n >>= 5n;
  const t = n >> 7n;
  let q = u64(t + (t >> 1n) + (t >> 2n));
  q = u64(q + (q >> 3n));
  q = u64(q + (q >> 12n));
  q = u64(q + (q >> 24n));
  q = u64(q + (q >> 48n));
  const r = u32(u32(n) - u32(u32(q) * 65n));
  const off = u32(r - (r >> 6n)) >> 6n;
  return u64(q + off);
}

/** div1m: [n / 1e6 as uint32, n % 1e6], by shifts as the firmware computes it. */
export function div1m(n: bigint): [number, number] {
  const q1 = u64((n >> 5n) - (n >> 19n) + n);
  const q2 = u64(q1 + (n >> 9n) - (n >> 6n));
  const q3 = u64((q2 >> 12n) - (q2 >> 23n));
  let q = u64(q1 - n + q2 - q3) >> 20n;
  let r = u32(u32(n) - u32(u32(q) * 1000000n));
  if (r >= 1000000n) {
    r -= 1000000n;
    q++;
  }
  return [Number(u32(q)), Number(r)];
}

export class RtcClock {
  private magic = 0;
  private cycleoffset = 0n;
  private lastsourceval = 0;
  private sourcecycleunits = 0;
  private calibration = 0;
  private sleeptotalus = 0;
  private sleeptotalcycles = 0;
  private usatlastrate = 0n;
  private rateadjustedus = 0n;
  private todoffsetus = 0;
  private lasttodus = 0;
  private usrate = 0;
  private nextTickUs: number;

  /** Boot: rtctime_early_startup, then rtctime_late_startup, at device time `t`. */
  constructor(
    private readonly board: Board,
    t: number,
  ) {
    this.bbramLoad();
    // rtc_time_register_bootup: only a wake from a sleep rtctime entered keeps the time.
    if (this.magic === MAGIC_SLEEP) {
      if (board.lastReset !== "deep-sleep-wake") this.reset(true);
      this.selectCcountFirst(CPU_BOOTUP_MHZ);
      this.todoffsetus = 0;
      this.rateadjustedus = this.usatlastrate = this.nowAdjusted(t);
    } else {
      this.reset(true);
    }
    // rtc_time_switch_clocks, then rtc_time_switch_system (which installs the 10 s timer).
    if (this.checkMagic()) this.selectSource(t, MAGIC_CCOUNT, ccountUnits(CPU_DEFAULT_MHZ));
    this.nextTickUs = t + TIMER_PERIOD_US;
    if (this.checkMagic()) this.selectSource(t, MAGIC_FRC2, FRC2_UNITS);
  }

  checkMagic(): boolean {
    return this.magic === MAGIC_FRC2 || this.magic === MAGIC_CCOUNT || this.magic === MAGIC_SLEEP;
  }

  haveTime(): boolean {
    return this.checkMagic() && this.cycleoffset !== 0n;
  }

  /** rtc_time_get_rate. */
  rate(): number {
    return i32(this.usrate);
  }

  /** rtc_time_prepare: a fresh state on the FRC2 source. */
  prepare(t: number): void {
    this.reset(true);
    this.selectSource(t, MAGIC_FRC2, FRC2_UNITS);
  }

  /** rtctime_settimeofday: prepares if need be, and keeps the rate across the setting. */
  setTime(t: number, sec: number, usec: number): void {
    this.catchUp(t);
    if (!this.checkMagic()) this.prepare(t);
    const rate = this.rate();
    this.settimeofday(t, sec, usec);
    this.setRate(t, rate);
  }

  /** rtc_time_set_rate. */
  setRate(t: number, rate: number): void {
    this.catchUp(t);
    this.adjustUsByRate(this.nowAdjusted(t), true);
    this.usrate = rate >>> 0;
  }

  /** rtc_time_adjust_delta_by_rate. */
  adjustDelta(delta: number): number {
    const d = u64(BigInt(i32(delta)));
    return Number(BigInt.asIntN(32, u64(d * this.rateFactor()) >> 32n));
  }

  /** rtc_time_gettimeofday: [sec, usec], slewing away a backwards setting 1/16 at a time. */
  gettimeofday(t: number): [number, number] {
    this.catchUp(t);
    let now = this.adjustUsByRate(this.nowAdjusted(t), false);
    let [sec, usec] = div1m(now);
    let toAdjust = this.todoffsetus;
    if (toAdjust) {
      let us = usec;
      if (us < this.lasttodus) us += 1000000;
      let adjust = ((us - this.lasttodus) >>> 0) >>> 4;
      if (adjust) {
        if (adjust > toAdjust) adjust = toAdjust;
        toAdjust -= adjust;
        now = u64(now - BigInt(adjust));
        [sec, usec] = div1m(now);
        this.todoffsetus = toAdjust;
      }
    }
    this.lasttodus = usec;
    return [sec, usec];
  }

  // ---- internals -----------------------------------------------------------------------

  private rateFactor(): bigint {
    return u64((1n << 32n) + BigInt(i32(this.usrate)));
  }

  /** The running source's count at device time t (the C reads a 32-bit counter and adds the
   * wraps to cycleoffset, which the 10 s timer never lets it miss; this count never wraps). */
  private sourceRaw(t: number, magic: number, units: number): bigint {
    const us = BigInt(Math.floor(t));
    if (magic === MAGIC_FRC2) return (us * 5n) >> 4n; // 312.5 kHz
    return (us * UNITCYCLE_MHZ) / BigInt(units || 1);
  }

  /** rtc_time_source_offset. */
  private sourceOffset(t: number): bigint {
    if (this.magic !== MAGIC_CCOUNT && this.magic !== MAGIC_FRC2) return 0n;
    const raw = this.sourceRaw(t, this.magic, this.sourcecycleunits);
    this.lastsourceval = Number(u32(raw));
    return u64(raw * BigInt(this.sourcecycleunits));
  }

  private unixUnitcycles(t: number): bigint {
    const offset = this.sourceOffset(t);
    return this.cycleoffset === 0n ? 0n : u64(this.cycleoffset + offset);
  }

  private nowAdjusted(t: number): bigint {
    const raw = this.checkMagic() ? div2080(this.unixUnitcycles(t)) : 0n;
    return raw === 0n ? 0n : u64(raw + BigInt(this.todoffsetus));
  }

  /** rtc_time_adjust_us_by_rate: re-bases when forced or when 1000 s have gone by. */
  private adjustUsByRate(us: bigint, force: boolean): bigint {
    const usoff = u64(us - this.usatlastrate);
    const usadj = u64((u64(usoff * this.rateFactor()) >> 32n) + this.rateadjustedus);
    if (usoff > 1000000000n || force) {
      this.usatlastrate = us;
      this.rateadjustedus = usadj;
    }
    return usadj;
  }

  /**
   * Runs the 10 s timer's rtc_time_tmrfn for every tick up to t. Its only lasting effect is a
   * re-base, which changes nothing while the rate is 0; otherwise each re-base tick is found by
   * bisection, as the time it sees only grows.
   */
  private catchUp(t: number): void {
    if (t < this.nextTickUs) return;
    const last = this.nextTickUs + Math.floor((t - this.nextTickUs) / TIMER_PERIOD_US) * TIMER_PERIOD_US;
    while (this.usrate !== 0 && this.nextTickUs <= last) {
      const due = (at: number) => u64(this.nowAdjusted(at) - this.usatlastrate) > 1000000000n;
      if (!due(last)) break;
      let lo = this.nextTickUs;
      let hi = last;
      while (lo < hi) {
        const mid = lo + Math.floor((hi - lo) / TIMER_PERIOD_US / 2) * TIMER_PERIOD_US;
        if (due(mid)) hi = mid;
        else lo = mid + TIMER_PERIOD_US;
      }
      this.adjustUsByRate(this.nowAdjusted(lo), false);
      this.nextTickUs = lo + TIMER_PERIOD_US;
    }
    this.nextTickUs = last + TIMER_PERIOD_US;
  }

  private settimeofday(t: number, sec: number, usec: number): void {
    if (!this.checkMagic()) return;
    const nowEsp = this.adjustUsByRate(this.nowAdjusted(t), true);
    let nowNtp = u64(BigInt(sec >>> 0) * 1000000n + BigInt(usec >>> 0));
    let diff = BigInt.asIntN(64, u64(nowEsp - nowNtp));
    this.cycleoffset = u64(nowNtp * UNITCYCLE_MHZ - this.sourceOffset(t));
    // The sleep calibration needs sleep totals, which stay 0 without deep sleep.
    this.sleeptotalus = 0;
    this.sleeptotalcycles = 0;
    this.usatlastrate = nowNtp;
    this.rateadjustedus = nowNtp;
    this.usrate = 0;
    if (diff > 0n && sec !== 0) {
      // Time would go backwards: it is set, and the difference slewed away in gettimeofday.
      if (diff > 0xffffffffn) diff = 0xffffffffn;
      nowNtp = u64(nowNtp + diff);
    } else {
      diff = 0n;
    }
    this.todoffsetus = Number(diff);
    this.lasttodus = Number(nowNtp % 1000000n);
  }

  private reset(clearCali: boolean): void {
    this.cycleoffset = 0n;
    this.sleeptotalus = 0;
    this.sleeptotalcycles = 0;
    this.todoffsetus = 0;
    this.lasttodus = 0;
    this.sourcecycleunits = 0;
    this.lastsourceval = 0;
    this.usatlastrate = 0n;
    this.rateadjustedus = 0n;
    this.usrate = 0;
    if (clearCali) this.calibration = 0;
    this.bbramSave();
  }

  /** rtc_time_select_frc2_source / rtc_time_select_ccount_source(mhz, false). */
  private selectSource(t: number, magic: number, units: number): void {
    const now = this.unixUnitcycles(t);
    if (this.haveTime()) {
      const after = this.sourceRaw(t, magic, units);
      this.cycleoffset = u64(now - after * BigInt(units));
      this.lastsourceval = Number(u32(after));
    }
    this.sourcecycleunits = units;
    this.setMagic(magic);
  }

  /** rtc_time_select_ccount_source(mhz, true): the counter has run at mhz since reset. */
  private selectCcountFirst(mhz: number): void {
    this.lastsourceval = 0;
    this.sourcecycleunits = ccountUnits(mhz);
    this.setMagic(MAGIC_CCOUNT);
  }

  private setMagic(magic: number): void {
    this.magic = magic;
    this.bbramSave();
  }

  private bbramLoad(): void {
    const m = this.board.rtcmem;
    this.magic = m[0]!;
    this.cycleoffset = (BigInt(m[2]!) << 32n) | BigInt(m[1]!);
    this.lastsourceval = m[3]!;
    this.sourcecycleunits = m[4]!;
    this.calibration = m[5]!;
    this.sleeptotalus = m[6]!;
    this.sleeptotalcycles = m[7]!;
    this.usrate = m[8]!;
  }

  private bbramSave(): void {
    const m = this.board.rtcmem;
    m[0] = this.magic;
    m[1] = Number(u32(this.cycleoffset));
    m[2] = Number(this.cycleoffset >> 32n);
    m[3] = this.lastsourceval;
    m[4] = this.sourcecycleunits;
    m[5] = this.calibration;
    m[6] = this.sleeptotalus;
    m[7] = this.sleeptotalcycles;
    m[8] = this.usrate;
  }
}
