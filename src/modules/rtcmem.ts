// The rtcmem module (app/modules/rtcmem.c over app/include/rtc/rtcaccess.h): 32-bit reads and
// writes of the RTC user memory's 128 slots, which the board keeps across restarts and deep
// sleep. Values come back as the device's 32-bit lua_Integer, so 0xffffffff reads as -1.

import type { ModuleDef } from "../firmware/module.js";
import { boardOf, RTC_USER_SLOTS } from "../hw/board.js";
import { argError, checkInteger } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import { str2number } from "../lua/str2number.js";
import type { LuaValue } from "../lua/value.js";

/** LUAI_MAXCSTACK: lua_checkstack refuses to grow a C function's stack past this. */
const LUAI_MAXCSTACK = 8000;

/** lua_tointeger on the device: 0 for what is not a number, else a 32-bit int. */
const toInteger = (v: LuaValue): number => {
  const n = typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;
  return n === undefined ? 0 : n | 0;
};

export const rtcmemModule: ModuleDef = {
  name: "rtcmem",
  entries: (fw) => [
    [
      "read32",
      light("read32", (L) => {
        let idx = checkInteger(L, 1) | 0;
        let n = L.nargs < 2 ? 1 : toInteger(L.arg(2));
        if (n === 0 || L.nargs + n > LUAI_MAXCSTACK) return 0;
        const mem = boardOf(fw).rtcmem;
        let ret = 0;
        while (n > 0 && idx >= 0 && idx < RTC_USER_SLOTS) {
          L.push(mem[idx++]! | 0);
          --n;
          ++ret;
        }
        return ret;
      }),
    ],
    [
      "write32",
      light("write32", (L) => {
        let idx = checkInteger(L, 1) | 0;
        let n = L.nargs - 1;
        if (!(idx + n <= RTC_USER_SLOTS)) argError(L, 1, "RTC mem would overrun");
        const mem = boardOf(fw).rtcmem;
        let src = 2;
        while (n-- > 0) {
          // A negative index reaches the SDK's own RTC memory below the user slots, which is
          // not modelled: such writes are dropped.
          const v = toInteger(L.arg(src++)) >>> 0;
          if (idx >= 0) mem[idx] = v;
          idx++;
        }
        return 0;
      }),
    ],
  ],
};
