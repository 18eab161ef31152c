// The modules this emulator can build into a firmware, by name (app/include/user_modules.h's
// LUA_USE_MODULES_* catalog). A device's build is a list of these names.

import type { ModuleDef } from "../firmware/module.js";
import { adcModule } from "./adc.js";
import { bitModule } from "./bit.js";
import { encoderModule } from "./encoder.js";
import { gpioModule } from "./gpio.js";
import { nodeModule } from "./node.js";
import { rtcmemModule } from "./rtcmem.js";
import { structModule } from "./struct.js";
import { tmrModule } from "./tmr.js";
import { uartModule } from "./uart.js";

export const MODULES: ReadonlyMap<string, ModuleDef> = new Map(
  [
    adcModule,
    bitModule,
    encoderModule,
    gpioModule,
    nodeModule,
    rtcmemModule,
    structModule,
    tmrModule,
    uartModule,
  ].map((m) => [m.name, m]),
);
