// A test firmware (test-firmware.ts) wired to a simulated board (src/hw/board.ts), as the
// Device wires its own: the modules' boot-time init runs again once the board is there.

import type { ModuleDef } from "../firmware/module.js";
import { Board, type BoardConfig } from "../hw/board.js";
import { type TestFirmware, testFirmware } from "./test-firmware.js";

export type BoardFirmware = TestFirmware & { readonly board: Board };

export function boardFirmware(
  modules: ModuleDef[],
  config?: BoardConfig,
  board = new Board(config),
): BoardFirmware {
  const fw = Object.assign(testFirmware(modules), { board });
  for (const m of modules) m.init?.(fw);
  return fw;
}
