// The gpio module (app/modules/gpio.c, with app/platform/platform.c's platform_gpio_mode,
// _read and _write): pin modes, levels, interrupt callbacks (gpio-platform.ts) and serout
// (gpio-serout.ts), on the board's pads (src/hw/pins.ts). gpio.pulse is left out, as in the
// default build (LUA_USE_MODULES_GPIO_PULSE is off).

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { boardIfAny, boardOf } from "../hw/board.js";
import { IntType, NUM_PINS } from "../hw/pins.js";
import { LuaClosure, LuaNative } from "../lua/func.js";
import { argError, error, optInteger } from "../lua/lib/aux.js";
import { checkOption } from "../lua/lib/io.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import {
  checkUnsigned,
  FLOAT,
  GpioPlatform,
  HIGH,
  INPUT,
  INT,
  LOW,
  NOREF,
  OPENDRAIN,
  OUTPUT,
  PULLUP,
  platformWrite,
} from "./gpio-platform.js";
import { serout } from "./gpio-serout.js";

const exists = (pin: number): boolean => pin < NUM_PINS;

const platforms = new WeakMap<Firmware, GpioPlatform>();

/**
 * This boot's GPIO platform state. luaopen_gpio attaches the ISR at boot; when the board is
 * attached later (specs), the first gpio call does it, which no program can tell apart.
 */
export function gpioPlatform(fw: Firmware): GpioPlatform {
  let p = platforms.get(fw);
  if (p === undefined) {
    p = new GpioPlatform(fw, boardOf(fw).pins);
    platforms.set(fw, p);
  }
  return p;
}

/** MOD_CHECK_ID(gpio, pin): the id printed with %d, so a huge unsigned shows negative. */
function checkId(L: LuaThread, pin: number): void {
  if (!exists(pin)) error(L, `gpio ${pin | 0} does not exist`);
}

/** platform_gpio_mode. */
function platformMode(p: GpioPlatform, pin: number, mode: number, pullup: boolean): void {
  const pins = p.pins;
  if (pin === 0) {
    // GPIO16 (gpio16.c): input, or else a push-pull output; no pull-up, no interrupt.
    pins.configure(0, mode === INPUT ? "input" : "output", false);
    return;
  }
  // PIN_PULLUP_EN/DIS comes first, while any armed interrupt still sees the pad.
  pins.configure(pin, pins.state(pin).mode, pullup);
  if (mode === INPUT) {
    // GPIO_DIS_OUTPUT, then set_gpio_no_interrupt, which clears pin_int_type too.
    pins.configure(pin, "input", pullup);
    disarm(p, pin);
  } else if (mode === OUTPUT || mode === OPENDRAIN) {
    disarm(p, pin);
    pins.configure(pin, mode === OUTPUT ? "output" : "opendrain", pullup);
  } else {
    // set_gpio_interrupt: output off and the pad's interrupt type cleared, with the status bit
    // of a change it caused still pending; pin_int_type keeps what trig set, for trig to re-arm.
    pins.configure(pin, "int", pullup);
    pins.setInterrupt(pin, IntType.DISABLE);
  }
}

function disarm(p: GpioPlatform, pin: number): void {
  p.intType[pin] = IntType.DISABLE;
  p.pins.setInterrupt(pin, IntType.DISABLE);
}

const TRIG_OPTIONS = ["none", "up", "down", "both", "low", "high"];
const TRIG_TYPES = [
  IntType.DISABLE,
  IntType.POSEDGE,
  IntType.NEGEDGE,
  IntType.ANYEDGE,
  IntType.LOLEVEL,
  IntType.HILEVEL,
];

const isFunction = (v: unknown): boolean => v instanceof LuaClosure || v instanceof LuaNative;

export const gpioModule: ModuleDef = {
  name: "gpio",
  entries: (fw) => [
    [
      "mode",
      light("mode", (L) => {
        const pin = checkUnsigned(L, 1);
        const mode = checkUnsigned(L, 2);
        const pullup = (optInteger(L, 3, FLOAT) | 0) !== FLOAT;
        if (!(exists(pin) && (mode !== INT || pin > 0))) argError(L, 1, "Invalid pin");
        if (!(mode === OUTPUT || mode === OPENDRAIN || mode === INPUT || mode === INT)) {
          argError(L, 2, "wrong arg type");
        }
        const p = gpioPlatform(fw);
        if (mode !== INT && p.cbRef[pin] !== NOREF) {
          fw.unref(p.cbRef[pin]!);
          p.cbRef[pin] = NOREF;
        }
        platformMode(p, pin, mode, pullup);
        return 0;
      }),
    ],
    [
      "read",
      light("read", (L) => {
        const pin = checkUnsigned(L, 1);
        checkId(L, pin);
        L.push(boardOf(fw).pins.level(pin));
        return 1;
      }),
    ],
    [
      "write",
      light("write", (L) => {
        const pin = checkUnsigned(L, 1);
        const level = checkUnsigned(L, 2);
        checkId(L, pin);
        if (level !== HIGH && level !== LOW) argError(L, 2, "wrong level type");
        platformWrite(fw, pin, level);
        return 0;
      }),
    ],
    ["serout", light("serout", (L) => serout(fw, L))],
    [
      "trig",
      light("trig", (L) => {
        const pin = checkUnsigned(L, 1);
        if (!(exists(pin) && pin > 0)) argError(L, 1, "Invalid interrupt pin");
        const p = gpioPlatform(fw);
        let oldRef = p.cbRef[pin]!;
        const type = TRIG_TYPES[checkOption(L, 2, "none", TRIG_OPTIONS)]!;
        if (type === IntType.DISABLE) {
          p.cbRef[pin] = NOREF;
        } else if (L.nargs === 2 && oldRef !== NOREF) {
          oldRef = NOREF; // a type alone keeps the callback
        } else if (isFunction(L.arg(3))) {
          p.cbRef[pin] = fw.ref(L.arg(3));
        } else {
          // The C drops the old callback's ref but leaves it in gpio_cb_ref before raising.
          if (oldRef !== NOREF) fw.unref(oldRef);
          argError(L, 3, "invalid callback type");
        }
        if (oldRef !== NOREF) fw.unref(oldRef);
        p.clearQueued(pin);
        p.intrInit(pin, type);
        return 0;
      }),
    ],
    ["INT", INT],
    ["OUTPUT", OUTPUT],
    ["OPENDRAIN", OPENDRAIN],
    ["INPUT", INPUT],
    ["HIGH", HIGH],
    ["LOW", LOW],
    ["FLOAT", FLOAT],
    ["PULLUP", PULLUP],
  ],
  init(fw) {
    // luaopen_gpio: platform_gpio_init attaches the ISR.
    if (boardIfAny(fw) !== undefined) gpioPlatform(fw);
  },
};
