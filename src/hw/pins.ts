// The board's GPIO pads (app/platform/pin_map.c, app/platform/platform.c, app/driver/gpio16.c):
// the 13 NodeMCU pin indexes, what each pad is set to (direction, open drain, weak pull-up,
// output latch), what the outside world drives onto it, and the pad's interrupt detector.
// Pure data and events: the firmware side (the gpio module) configures pads and attaches the
// interrupt handler; tests, the CLI and the dashboard drive inputs and watch outputs.

/** A logic level on a pad. */
export type Level = 0 | 1;

/** NUMBER of NodeMCU pin indexes (NUM_GPIO = GPIO_PIN_NUM). */
export const NUM_PINS = 13;

/** NodeMCU pin index to ESP8266 GPIO number (pin_map.c's pin_map[], index 0 is GPIO16). */
export const PIN_GPIO: readonly number[] = [16, 5, 4, 0, 2, 14, 12, 13, 15, 3, 1, 9, 10];

/**
 * How a pad is set up. "input" and "int" leave the output driver off (INT differs only in how
 * the firmware set it up); "output" drives push-pull; "opendrain" pulls low or lets go.
 */
export type PinMode = "input" | "output" | "opendrain" | "int";

/** The pad's interrupt detector (GPIO_INT_TYPE of the SDK: GPIO_PIN_INTR_DISABLE..HILEVEL). */
export const enum IntType {
  DISABLE = 0,
  POSEDGE = 1,
  NEGEDGE = 2,
  ANYEDGE = 3,
  LOLEVEL = 4,
  HILEVEL = 5,
}

/** A snapshot of one pad, for observers. */
export interface PinState {
  readonly pin: number;
  readonly gpio: number;
  readonly mode: PinMode;
  readonly pullup: boolean;
  /** The output latch (what a write last set). */
  readonly out: Level;
  /** What the outside world drives onto the pad; undefined when nothing does. */
  readonly external: Level | undefined;
  /** The level on the pad, as a read sees it. */
  readonly level: Level;
  readonly intType: IntType;
}

/** A change of a pad's level. `at` is device µs when the firmware said when (e.g. serout). */
export interface PinChange {
  readonly pin: number;
  readonly level: Level;
  readonly at?: number;
}

export interface PinsConfig {
  /** Levels driven from outside at power-on, by pin index (e.g. a button held, a sensor line). */
  external?: Readonly<Partial<Record<number, Level>>>;
  /**
   * What an undriven pad without the internal pull-up reads, by pin index. A NodeMCU dev kit
   * pulls GPIO0 (flash button) and GPIO2 high and GPIO15 low with board resistors.
   */
  floating?: Readonly<Partial<Record<number, Level>>>;
  /** What any other undriven, unpulled pad reads (default 0). */
  floatLevel?: Level;
}

/** The dev kit's board resistors: index 3 (GPIO0) and 4 (GPIO2) up, 8 (GPIO15) down. */
export const DEVKIT_FLOATING: Readonly<Record<number, Level>> = { 3: 1, 4: 1, 8: 0 };

interface Pad {
  mode: PinMode;
  pullup: boolean;
  out: Level;
  external: Level | undefined;
  intType: IntType;
  level: Level;
}

const isLevelType = (t: IntType): boolean => t >= IntType.LOLEVEL;

function triggers(t: IntType, from: Level, to: Level): boolean {
  switch (t) {
    case IntType.POSEDGE:
      return from === 0 && to === 1;
    case IntType.NEGEDGE:
      return from === 1 && to === 0;
    case IntType.ANYEDGE:
      return from !== to;
    case IntType.LOLEVEL:
      return to === 0;
    case IntType.HILEVEL:
      return to === 1;
    default:
      return false;
  }
}

export class Pins {
  private readonly pads: Pad[] = [];
  private readonly floating: Level[] = [];
  private readonly listeners = new Set<(change: PinChange) => void>();
  private isr: ((pin: number) => void) | undefined;

  constructor(config: PinsConfig = {}) {
    const floating = config.floating ?? DEVKIT_FLOATING;
    for (let pin = 0; pin < NUM_PINS; pin++) {
      this.floating.push(floating[pin] ?? config.floatLevel ?? 0);
      const external = config.external?.[pin];
      this.pads.push({ mode: "input", pullup: false, out: 0, external, intType: IntType.DISABLE, level: 0 });
    }
    for (let pin = 0; pin < NUM_PINS; pin++) this.pads[pin]!.level = this.padLevel(this.pads[pin]!, pin);
  }

  /** True for a valid NodeMCU pin index (platform_gpio_exists). */
  static exists(pin: number): boolean {
    return Number.isInteger(pin) && pin >= 0 && pin < NUM_PINS;
  }

  // ---- the outside world ------------------------------------------------------------------

  /** Drives a pad from outside (undefined lets go of it). An output pad's driver wins. */
  drive(pin: number, level: Level | undefined, at?: number): void {
    const pad = this.pad(pin);
    pad.external = level;
    this.settle(pin, at);
  }

  /** Lets go of a pad (the same as drive(pin, undefined)). */
  release(pin: number): void {
    this.drive(pin, undefined);
  }

  /** The level on a pad: the output when driven by the chip, else the outside, pull-up or float. */
  level(pin: number): Level {
    return this.pad(pin).level;
  }

  state(pin: number): PinState {
    const p = this.pad(pin);
    return {
      pin,
      gpio: PIN_GPIO[pin]!,
      mode: p.mode,
      pullup: p.pullup,
      out: p.out,
      external: p.external,
      level: p.level,
      intType: p.intType,
    };
  }

  /** Calls `listener` on every change of a pad's level; returns the function that stops it. */
  onChange(listener: (change: PinChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the chip side (the firmware's platform layer) ---------------------------------------

  /** Sets a pad's direction and pull-up (the pad registers platform_gpio_mode writes). */
  configure(pin: number, mode: PinMode, pullup: boolean): void {
    const pad = this.pad(pin);
    pad.mode = mode;
    pad.pullup = pullup;
    this.settle(pin);
  }

  /**
   * GPIO_OUTPUT_SET: sets the output latch and turns the output driver on. An input (or INT)
   * pad becomes a push-pull output; an open-drain pad stays open drain.
   */
  setOutput(pin: number, level: Level, at?: number): void {
    const pad = this.pad(pin);
    pad.out = level;
    if (pad.mode === "input" || pad.mode === "int") pad.mode = "output";
    this.settle(pin, at);
  }

  /**
   * Arms the pad's interrupt detector (gpio_pin_intr_state_set). A level type whose level is
   * already on the pad fires at once, as the hardware raises the status bit while it holds.
   */
  setInterrupt(pin: number, type: IntType): void {
    const pad = this.pad(pin);
    // GPIO16 is an RTC pad with no interrupt (gpio.md: "D0 ... no support for interrupt").
    pad.intType = pin === 0 ? IntType.DISABLE : type;
    if (isLevelType(pad.intType) && triggers(pad.intType, pad.level, pad.level)) this.isr?.(pin);
  }

  /** ETS_GPIO_INTR_ATTACH: the one handler the pads' interrupts call, with the pin index. */
  attachInterrupt(isr: ((pin: number) => void) | undefined): void {
    this.isr = isr;
  }

  /** The pads as a reset leaves them: inputs, no pull-up, latch low, interrupts off. */
  reset(): void {
    for (let pin = 0; pin < NUM_PINS; pin++) {
      const pad = this.pads[pin]!;
      pad.mode = "input";
      pad.pullup = false;
      pad.out = 0;
      pad.intType = IntType.DISABLE;
      this.settle(pin);
    }
    this.isr = undefined;
  }

  private pad(pin: number): Pad {
    if (!Pins.exists(pin)) throw new RangeError(`no pin ${pin} (pins are 0..${NUM_PINS - 1})`);
    return this.pads[pin]!;
  }

  private padLevel(pad: Pad, pin: number): Level {
    if (pad.mode === "output") return pad.out;
    if (pad.mode === "opendrain" && pad.out === 0) return 0;
    if (pad.external !== undefined) return pad.external;
    // GPIO16's pad has no pull-up (platform_gpio_mode returns before PIN_PULLUP_EN for pin 0).
    if (pad.pullup && pin !== 0) return 1;
    return this.floating[pin]!;
  }

  /** Recomputes a pad's level; on a change tells the listeners and the interrupt detector. */
  private settle(pin: number, at?: number): void {
    const pad = this.pads[pin]!;
    const from = pad.level;
    const to = this.padLevel(pad, pin);
    if (from === to) return;
    pad.level = to;
    const change: PinChange = at === undefined ? { pin, level: to } : { pin, level: to, at };
    for (const l of this.listeners) l(change);
    if (triggers(pad.intType, from, to)) this.isr?.(pin);
  }
}
