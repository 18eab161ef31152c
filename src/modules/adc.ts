// The adc module (app/modules/adc.c): the TOUT pin's reading or the supply voltage, whichever
// byte 107 of the PHY init data selected at boot (the SDK's system_adc_read and
// system_get_vdd33 give 65535 for the other one), and force_init_mode to rewrite that byte.

import type { ModuleDef } from "../firmware/module.js";
import { boardOf, INIT_ADC, INIT_VDD33 } from "../hw/board.js";
import { argError, checkInteger, error } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";

/** NUM_ADC (app/platform/cpu_esp8266.h): one channel, id 0. */
const NUM_ADC = 1;

export const adcModule: ModuleDef = {
  name: "adc",
  entries: (fw) => [
    [
      "read",
      light("read", (L) => {
        const id = (checkInteger(L, 1) | 0) >>> 0;
        // MOD_CHECK_ID(adc, id): printed with %d
        if (!(id < NUM_ADC)) error(L, `adc ${id | 0} does not exist`);
        const board = boardOf(fw);
        L.push(board.adcMeasuresVdd33 ? 0xffff : board.adc & 0xffff);
        return 1;
      }),
    ],
    [
      "readvdd33",
      light("readvdd33", (L) => {
        const board = boardOf(fw);
        L.push(board.adcMeasuresVdd33 ? board.vdd33 : 0xffff);
        return 1;
      }),
    ],
    [
      "force_init_mode",
      light("force_init_mode", (L) => {
        const byte107 = checkInteger(L, 1) & 0xff; // stored in a uint8_t
        if (((byte107 + 1) & 0xff) >= 2) argError(L, 1, "Invalid mode");
        const board = boardOf(fw);
        // Already so: nothing written, no restart needed. Otherwise the flash sector is
        // rewritten now and the ADC follows it at the next boot.
        if (board.initByte107 === byte107) {
          L.push(false);
        } else {
          board.initByte107 = byte107;
          L.push(true);
        }
        return 1;
      }),
    ],
    ["INIT_ADC", INIT_ADC],
    ["INIT_VDD33", INIT_VDD33],
  ],
};
