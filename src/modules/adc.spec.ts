import { describe, expect, it } from "vitest";
import { Board, INIT_VDD33 } from "../hw/board.js";
import { boardFirmware } from "../test-support/board-firmware.js";
import { adcModule } from "./adc.js";

describe("adc", () => {
  it("has adc.c's table in declaration order", () => {
    const fw = boardFirmware([adcModule]);
    expect(fw.run("for k, v in pairs(adc) do print(k, v) end").replace(/function: [^\n]*/g, "f")).toBe(
      "read\tf\nreadvdd33\tf\nforce_init_mode\tf\nINIT_ADC\t0\nINIT_VDD33\t255\n",
    );
  });

  it("reads the TOUT pin, and 65535 for VDD33, in ADC mode", () => {
    const fw = boardFirmware([adcModule], { adc: 700, vdd33: 3312 });
    expect(fw.run("print(adc.read(0), adc.readvdd33())")).toBe("700\t65535\n");
    fw.board.adc = 12;
    expect(fw.run("print(adc.read(0))")).toBe("12\n");
  });

  it("reads VDD33, and 65535 for the pin, in VDD33 mode", () => {
    const fw = boardFirmware([adcModule], { adc: 700, vdd33: 3312, initByte107: INIT_VDD33 });
    expect(fw.run("print(adc.read(0), adc.readvdd33())")).toBe("65535\t3312\n");
  });

  it("rewrites the init byte, which takes effect at the next boot", () => {
    const board = new Board({ adc: 5 });
    const fw = boardFirmware([adcModule], undefined, board);
    expect(fw.run("print(adc.force_init_mode(adc.INIT_ADC))")).toBe("false\n");
    expect(fw.run("print(adc.force_init_mode(adc.INIT_VDD33))")).toBe("true\n");
    expect(fw.run("print(adc.read(0), adc.force_init_mode(-1))")).toBe("5\tfalse\n"); // -1 is 0xff
    board.reset("restart");
    const fw2 = boardFirmware([adcModule], undefined, board);
    expect(fw2.run("print(adc.read(0), adc.readvdd33())")).toBe("65535\t3300\n");
    expect(fw2.run("print(adc.force_init_mode(256))")).toBe("true\n"); // 256 is 0 as a uint8_t
  });

  it("raises adc.c's errors", () => {
    const fw = boardFirmware([adcModule]);
    expect(fw.run("adc.read(1)")).toBe("error: stdin:1: adc 1 does not exist");
    expect(fw.run("adc.read(-1)")).toBe("error: stdin:1: adc -1 does not exist");
    expect(fw.run("adc.read()")).toBe(
      "error: stdin:1: bad argument #1 to 'read' (number expected, got no value)",
    );
    expect(fw.run("adc.force_init_mode(1)")).toBe(
      "error: stdin:1: bad argument #1 to 'force_init_mode' (Invalid mode)",
    );
    expect(fw.run("adc.force_init_mode('x')")).toBe(
      "error: stdin:1: bad argument #1 to 'force_init_mode' (number expected, got string)",
    );
  });
});
