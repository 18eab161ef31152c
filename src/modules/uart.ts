// The uart module (app/modules/uart.c, app/platform/platform.c platform_uart_setup, the receive
// side in app/driver/input.c): UART0 is the console, UART1 transmits only. Writes are raw bytes
// (platform_uart_send, no "\n" translation); uart.on("data") hooks the input driver.

import type { BoardFirmware } from "../firmware/board-firmware.js";
import type { Firmware, ModuleDef } from "../firmware/module.js";
import { LINE_BUFFER } from "../firmware/uart-input.js";
import { argError, checkString, error, typeError } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import { Tag, tagOf } from "../lua/value.js";
import { checkInt32, optInt32 } from "./int32.js";

/** platform_uart_setup's accepted rates; anything else becomes 9600. */
const BIT_RATES = new Set([
  300, 600, 1200, 2400, 4800, 9600, 19200, 31250, 38400, 57600, 74880, 115200, 230400, 256000, 460800, 921600,
  1843200, 3686400,
]);

interface UartConfig {
  baud: number;
  databits: number;
  parity: number;
  stopbits: number;
}

export const uartModule: ModuleDef = {
  name: "uart",
  entries(fw: Firmware): RomEntry[] {
    const device = (fw as BoardFirmware).device;
    // uart_init(BIT_RATE_115200) at every boot (user_main.c): 8N1
    const config: UartConfig[] = [0, 1].map(() => ({ baud: 115200, databits: 8, parity: 0, stopbits: 1 }));
    let receiveRef: number | undefined;

    const checkId = (L: Parameters<typeof checkInt32>[0], narg: number): number => {
      const id = checkInt32(L, narg);
      if (id !== 0 && id !== 1) error(L, `uart ${id >>> 0} does not exist`);
      return id;
    };

    return [
      [
        "setup",
        light("setup", (L) => {
          const id = checkId(L, 1);
          const baud = checkInt32(L, 2) >>> 0;
          const databits = checkInt32(L, 3) >>> 0;
          const parity = checkInt32(L, 4) >>> 0;
          const stopbits = checkInt32(L, 5) >>> 0;
          if (
            tagOf(L.arg(6)) === Tag.NUMBER ||
            (typeof L.arg(6) === "string" && !Number.isNaN(Number(L.arg(6))))
          ) {
            device.uartIn.echo = checkInt32(L, 6) !== 0;
          }
          config[id] = {
            baud: BIT_RATES.has(baud) ? baud : 9600,
            databits: databits >= 5 && databits <= 8 ? databits : 8,
            parity: parity === 1 || parity === 2 ? parity : 0,
            stopbits: stopbits === 2 || stopbits === 3 ? stopbits : 1,
          };
          L.push(baud);
          return 1;
        }),
      ],
      [
        "getconfig",
        light("getconfig", (L) => {
          const c = config[checkId(L, 1)]!;
          L.push(c.baud);
          L.push(c.databits);
          L.push(c.parity);
          L.push(c.stopbits);
          return 4;
        }),
      ],
      [
        "write",
        light("write", (L) => {
          const id = checkId(L, 1);
          let out = "";
          for (let s = 2; s <= L.nargs; s++) {
            const v = L.arg(s);
            if (typeof v === "number") {
              const n = checkInt32(L, s) >>> 0;
              if (n > 255) error(L, "invalid number");
              out += String.fromCharCode(n);
            } else if (typeof v === "string") out += v;
            else typeError(L, s, "string");
          }
          fw.uartWrite(id, out);
          return 0;
        }),
      ],
      [
        "on",
        light("on", (L) => {
          const method = L.arg(1);
          if (!(typeof method === "string" || typeof method === "number") || String(method) !== "data") {
            argError(L, 1, "method not supported");
          }
          let stack = 2;
          let dataLen = -1;
          let endChar = "";
          let runInput = true;
          const a = L.arg(stack);
          if (typeof a === "number") {
            dataLen = checkInt32(L, stack);
            if (!(dataLen >= 0 && dataLen < LINE_BUFFER)) argError(L, stack, "wrong arg range");
            stack++;
          } else if (typeof a === "string") {
            const end = checkString(L, stack);
            endChar = end[0] ?? "\0";
            stack++;
            if (end.length !== 1) error(L, "wrong arg range");
          }
          const fn = L.arg(stack);
          if (receiveRef !== undefined) fw.unref(receiveRef);
          receiveRef = undefined;
          if (tagOf(fn) === Tag.FUNCTION) {
            const ri = L.arg(stack + 1);
            if (typeof ri === "number" && optInt32(L, stack + 1, 1) === 0) runInput = false;
            receiveRef = fw.ref(fn);
          }
          const bf = fw as BoardFirmware;
          if (receiveRef === undefined) {
            bf.uartData = undefined;
            device.uartIn.setup(true, 0, "");
          } else {
            const ref = receiveRef;
            bf.uartData = (data) => void fw.pcallx(fw.getRef(ref), [data]);
            device.uartIn.setup(runInput, dataLen, endChar);
          }
          return 0;
        }),
      ],
      [
        "alt",
        light("alt", (L) => {
          checkInt32(L, 1); // the pins move; nothing else changes for the emulated UART
          return 0;
        }),
      ],
      [
        "fifodepth",
        light("fifodepth", (L) => {
          const id = optInt32(L, 1, 0);
          if (id !== 0 && id !== 1) argError(L, 1, "Bad UART id; must be 0 or 1");
          const dir = optInt32(L, 2, 0);
          if (dir !== 0 && dir !== 1) argError(L, 2, "Bad direction; must be DIR_RX or DIR_TX");
          L.push(0); // the emulated FIFOs drain at once
          return 1;
        }),
      ],
      ["STOPBITS_1", 1],
      ["STOPBITS_1_5", 3],
      ["STOPBITS_2", 2],
      ["PARITY_NONE", 0],
      ["PARITY_EVEN", 1],
      ["PARITY_ODD", 2],
      ["DIR_RX", 0],
      ["DIR_TX", 1],
    ];
  },
};
