// The modules this emulator can build into a firmware, by name (app/include/user_modules.h's
// LUA_USE_MODULES_* catalog). A device's build is a list of these names.

import type { ModuleDef } from "../firmware/module.js";
import { adcModule } from "./adc.js";
import { bitModule } from "./bit.js";
import { cryptoModule } from "./crypto.js";
import { encoderModule } from "./encoder.js";
import { fileModule } from "./file.js";
import { gpioModule } from "./gpio.js";
import { httpModule } from "./http.js";
import { mqttModule } from "./mqtt.js";
import { netModule } from "./net.js";
import { nodeModule } from "./node.js";
import { pipeModule } from "./pipe.js";
import { rtcmemModule } from "./rtcmem.js";
import { rtctimeModule } from "./rtctime.js";
import { sjsonModule } from "./sjson.js";
import { sntpModule } from "./sntp.js";
import { structModule } from "./struct.js";
import { tlsModule } from "./tls.js";
import { tmrModule } from "./tmr.js";
import { uartModule } from "./uart.js";
import { wifiModule } from "./wifi.js";

export const MODULES: ReadonlyMap<string, ModuleDef> = new Map(
  [
    adcModule,
    bitModule,
    cryptoModule,
    encoderModule,
    fileModule,
    gpioModule,
    httpModule,
    mqttModule,
    netModule,
    nodeModule,
    pipeModule,
    rtcmemModule,
    rtctimeModule,
    sjsonModule,
    sntpModule,
    structModule,
    tlsModule,
    tmrModule,
    uartModule,
    wifiModule,
  ].map((m) => [m.name, m]),
);
