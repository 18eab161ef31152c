// GPIO interrupts as the firmware handles them (app/platform/platform.c's
// platform_gpio_intr_dispatcher and platform_gpio_intr_init, pin_map.c's pin_int_type and
// pin_counter, app/modules/gpio.c's gpio_intr_callback_task): the ISR counts events per pin and
// posts one HIGH task while none is outstanding; the task calls the Lua callback through
// luaL_pcallx and re-arms level-triggered interrupts.

import { type Firmware, Priority } from "../firmware/module.js";
import { boardOf } from "../hw/board.js";
import { IntType, type Level, NUM_PINS, type Pins } from "../hw/pins.js";
import { checkInteger } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaValue } from "../lua/value.js";

// app/platform/platform.h's PLATFORM_GPIO_*
export const INPUT = 0;
export const OUTPUT = 1;
export const INT = 2;
export const OPENDRAIN = 3;
export const FLOAT = 0;
export const PULLUP = 1;
export const LOW = 0;
export const HIGH = 1;

export const NOREF = -2; // LUA_NOREF

/** system_get_time(): device µs as the SDK's uint32. */
export const systemTime = (fw: Firmware): number => Math.floor(fw.now()) >>> 0;

/**
 * luaL_checkinteger into a C `unsigned`: the device's lua_Integer is 32 bits, and a double
 * becomes one as (int)(long long)d does, which `| 0` matches below 2^63.
 */
export const checkUnsigned = (L: LuaThread, n: number): number => (checkInteger(L, n) | 0) >>> 0;

/** platform_gpio_write: GPIO_OUTPUT_SET, which also turns the output driver on. */
export function platformWrite(fw: Firmware, pin: number, level: Level, at?: number): void {
  boardOf(fw).pins.setOutput(pin, level, at);
}

const isLevelType = (t: IntType): boolean => t >= IntType.LOLEVEL;

export class GpioPlatform {
  /** gpio.c's gpio_cb_ref[]: registry refs of the trig callbacks. */
  readonly cbRef: number[] = new Array<number>(NUM_PINS).fill(NOREF);
  /** pin_int_type[]: the interrupt type the firmware wants (the pad may be disarmed meanwhile). */
  readonly intType: IntType[] = new Array<IntType>(NUM_PINS).fill(IntType.DISABLE);
  /** pin_counter[].seen: 15-bit event count, bit 15 set when a post failed. */
  readonly seen: number[] = new Array<number>(NUM_PINS).fill(0);
  /** pin_counter[].reported: the count the last callback reported up to. */
  readonly reported: number[] = new Array<number>(NUM_PINS).fill(0);

  constructor(
    private readonly fw: Firmware,
    readonly pins: Pins,
  ) {
    pins.attachInterrupt((pin) => this.isr(pin));
  }

  /** platform_gpio_intr_init: records the type and arms the pad with it. */
  intrInit(pin: number, type: IntType): void {
    this.intType[pin] = type;
    this.pins.setInterrupt(pin, type);
  }

  /** Forgets queued events (lgpio_trig's "clear out any queued interrupts"). */
  clearQueued(pin: number): void {
    this.reported[pin] = this.seen[pin]! & 0x7fff;
  }

  /** platform_gpio_intr_dispatcher for one pin. */
  private isr(pin: number): void {
    const now = systemTime(this.fw);
    if (this.intType[pin] === IntType.DISABLE) {
      // An interrupt nobody asked for: switched off until trig arms it again.
      this.pins.setInterrupt(pin, IntType.DISABLE);
      return;
    }
    const diff = (this.seen[pin]! ^ this.reported[pin]!) & 0xffff;
    this.seen[pin] = 0x7fff & (this.seen[pin]! + 1);
    // Level interrupts would fire for as long as the level holds: off until the task has run.
    if (isLevelType(this.intType[pin]!)) this.pins.setInterrupt(pin, IntType.DISABLE);
    if (diff === 0 || diff & 0x8000) {
      const level = this.pins.level(pin);
      // The ISR packs (now << 8) + (pin << 1) + level into the task's 32-bit parameter.
      const param = ((now << 8) + (pin << 1) + level) >>> 0;
      if (!this.fw.post(Priority.HIGH, () => this.callbackTask(param))) this.seen[pin] |= 0x8000;
    }
  }

  /** gpio_intr_callback_task. */
  private callbackTask(param: number): void {
    let then = (param >>> 8) & 0xffffff;
    const pin = (param >>> 1) & 127;
    const level = param & 1;
    let now = systemTime(this.fw);
    // Only 24 bits of the ISR's time survive the packing: restore the top ones from now.
    if (then > (now & 0xffffff)) now = (now - 0x1000000) >>> 0;
    then = (then + (now & 0x7f000000)) & 0x7fffffff;
    const ref = this.cbRef[pin]!;
    if (ref === NOREF) return;
    const seen = this.seen[pin]!;
    const count = 0x7fff & (seen - this.reported[pin]!);
    this.reported[pin] = seen & 0x7fff;
    // The C loops again when the ISR bumped `seen` between reading it and here; nothing can
    // run in between in this single-threaded model, so one call is all there is.
    const fn: LuaValue = this.fw.getRef(ref);
    if (!this.fw.pcallx(fn, [level, then, count])) return;
    const type = this.intType[pin]!;
    if (isLevelType(type)) this.intrInit(pin, type);
  }
}
