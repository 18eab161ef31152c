import { describe, expect, it } from "vitest";
import { IntType, PIN_GPIO, type PinChange, Pins } from "./pins.js";

describe("Pins", () => {
  it("maps NodeMCU indexes to ESP GPIOs as pin_map.c", () => {
    expect(PIN_GPIO).toEqual([16, 5, 4, 0, 2, 14, 12, 13, 15, 3, 1, 9, 10]);
    expect(new Pins().state(7).gpio).toBe(13);
  });

  it("reads undriven pads through the pull-up or the board's resistors", () => {
    const pins = new Pins();
    expect(pins.level(1)).toBe(0);
    expect(pins.level(3)).toBe(1); // GPIO0's flash-button pull-up on the dev kit
    pins.configure(1, "input", true);
    expect(pins.level(1)).toBe(1);
    pins.configure(0, "input", true);
    expect(pins.level(0)).toBe(0); // GPIO16 has no pull-up
    expect(new Pins({ floatLevel: 1, floating: {} }).level(8)).toBe(1);
  });

  it("lets the outside drive inputs and the chip drive outputs", () => {
    const pins = new Pins({ external: { 2: 1 } });
    const seen: PinChange[] = [];
    const stop = pins.onChange((c) => seen.push(c));
    expect(pins.level(2)).toBe(1);
    pins.drive(2, 0, 5);
    pins.setOutput(5, 1);
    expect(pins.state(5).mode).toBe("output");
    pins.drive(5, 0); // the chip's driver wins
    expect(pins.level(5)).toBe(1);
    pins.configure(6, "opendrain", true);
    expect(pins.level(6)).toBe(0);
    pins.setOutput(6, 1);
    expect(pins.state(6).mode).toBe("opendrain");
    expect(pins.level(6)).toBe(1);
    pins.drive(6, 0);
    expect(pins.level(6)).toBe(0);
    stop();
    pins.release(6);
    expect(seen).toEqual([
      { pin: 2, level: 0, at: 5 },
      { pin: 5, level: 1 },
      { pin: 6, level: 1 },
      { pin: 6, level: 0 },
    ]);
    expect(() => pins.level(13)).toThrow(/no pin 13/);
  });

  it("raises edge interrupts on changes and level interrupts while the level holds", () => {
    const pins = new Pins();
    const fired: number[] = [];
    pins.attachInterrupt((p) => fired.push(p));
    pins.setInterrupt(1, IntType.POSEDGE);
    pins.drive(1, 1);
    pins.drive(1, 0);
    pins.setInterrupt(2, IntType.ANYEDGE);
    pins.drive(2, 1);
    pins.drive(2, 0);
    pins.setInterrupt(5, IntType.LOLEVEL); // already low: fires at once
    pins.setInterrupt(6, IntType.HILEVEL);
    pins.setInterrupt(7, IntType.NEGEDGE);
    pins.drive(7, 1);
    pins.drive(7, 0);
    pins.setInterrupt(0, IntType.ANYEDGE); // GPIO16 has no interrupt
    pins.drive(0, 1);
    expect(fired).toEqual([1, 2, 2, 5, 7]);
    pins.reset();
    expect(pins.state(1).intType).toBe(IntType.DISABLE);
    pins.drive(1, 1);
    expect(fired).toHaveLength(5);
  });
});
