import { describe, expect, it } from "vitest";
import type { Firmware } from "../firmware/module.js";
import { Board, boardIfAny, boardOf, INIT_VDD33 } from "./board.js";

describe("Board", () => {
  it("holds the ADC input, VDD33 and the init byte the ADC mode is read from at boot", () => {
    const b = new Board({ adc: 512, vdd33: 3280 });
    expect([b.adc, b.vdd33, b.adcMeasuresVdd33]).toEqual([512, 3280, false]);
    b.initByte107 = INIT_VDD33;
    expect(b.adcMeasuresVdd33).toBe(false);
    b.reset("restart");
    expect(b.adcMeasuresVdd33).toBe(true);
    expect(() => (b.adc = 1025)).toThrow(RangeError);
    expect(() => (b.vdd33 = -1)).toThrow(RangeError);
  });

  it("keeps RTC user memory across restarts but not power-on", () => {
    const b = new Board({ rtcmem: [7, -1] });
    expect([b.rtcmem[0], b.rtcmem[1], b.rtcmem.length]).toEqual([7, 0xffffffff, 128]);
    b.rtcmem[5] = 9;
    b.reset("restart");
    expect(b.rtcmem[5]).toBe(9);
    b.reset("deep-sleep-wake");
    expect([b.rtcmem[5], b.lastReset]).toEqual([9, "deep-sleep-wake"]);
    b.reset("power-on");
    expect([b.rtcmem[5], b.rtcmem[0]]).toEqual([0, 7]);
  });

  it("resets the pads to inputs", () => {
    const b = new Board();
    b.pins.setOutput(1, 1);
    b.reset("restart");
    expect(b.pins.state(1)).toMatchObject({ mode: "input", level: 0 });
  });

  it("is reached from a firmware through boardOf", () => {
    const board = new Board();
    const fw = { board } as unknown as Firmware;
    expect(boardOf(fw)).toBe(board);
    expect(boardIfAny({} as Firmware)).toBeUndefined();
    expect(() => boardOf({} as Firmware)).toThrow(/no board/);
  });
});
