// The modules this emulator can build into a firmware, by name (app/include/user_modules.h's
// LUA_USE_MODULES_* catalog). A device's build is a list of these names.

import type { ModuleDef } from "../firmware/module.js";
import { bitModule } from "./bit.js";
import { encoderModule } from "./encoder.js";
import { nodeModule } from "./node.js";
import { tmrModule } from "./tmr.js";

export const MODULES: ReadonlyMap<string, ModuleDef> = new Map(
  [bitModule, encoderModule, nodeModule, tmrModule].map((m) => [m.name, m]),
);
