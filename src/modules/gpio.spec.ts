import { describe, expect, it } from "vitest";
import { boardFirmware } from "../test-support/board-firmware.js";
import { gpioModule } from "./gpio.js";

const setup = () => boardFirmware([gpioModule]);

describe("gpio", () => {
  it("has gpio.c's table, in declaration order, without pulse", () => {
    const fw = setup();
    const out = fw.run("for k, v in pairs(gpio) do print(k, type(v) == 'number' and v or type(v)) end");
    expect(out.split("\n").slice(0, -1)).toEqual([
      "mode\tfunction",
      "read\tfunction",
      "write\tfunction",
      "serout\tfunction",
      "trig\tfunction",
      "INT\t2",
      "OUTPUT\t1",
      "OPENDRAIN\t3",
      "INPUT\t0",
      "HIGH\t1",
      "LOW\t0",
      "FLOAT\t0",
      "PULLUP\t1",
    ]);
  });

  it("writes outputs and reads inputs on the board's pads", () => {
    const fw = setup();
    expect(fw.run("gpio.mode(1, gpio.OUTPUT) gpio.write(1, gpio.HIGH) print(gpio.read(1))")).toBe("1\n");
    expect(fw.board.pins.level(1)).toBe(1);
    fw.board.pins.drive(2, 1);
    expect(fw.run("gpio.mode(2, gpio.INPUT) print(gpio.read(2))")).toBe("1\n");
    expect(fw.run("gpio.mode(5, gpio.INPUT, gpio.PULLUP) print(gpio.read(5))")).toBe("1\n");
    expect(fw.run("gpio.mode(5, gpio.INPUT, gpio.FLOAT) print(gpio.read(5))")).toBe("0\n");
    // any pullup other than FLOAT means PULLUP
    expect(fw.run("gpio.mode(6, gpio.INPUT, 7) print(gpio.read(6))")).toBe("1\n");
    expect(fw.board.pins.state(6).pullup).toBe(true);
  });

  it("turns the output on when writing an input, as GPIO_OUTPUT_SET does", () => {
    const fw = setup();
    fw.run("gpio.mode(7, gpio.INPUT) gpio.write(7, 1)");
    expect(fw.board.pins.state(7)).toMatchObject({ mode: "output", level: 1 });
  });

  it("drives open drain low or lets the pull-up win", () => {
    const fw = setup();
    expect(fw.run("gpio.mode(6, gpio.OPENDRAIN, gpio.PULLUP) gpio.write(6, 0) print(gpio.read(6))")).toBe(
      "0\n",
    );
    expect(fw.run("gpio.write(6, 1) print(gpio.read(6))")).toBe("1\n");
    fw.board.pins.drive(6, 0);
    expect(fw.run("print(gpio.read(6))")).toBe("0\n");
  });

  it("treats pin 0 (GPIO16) as input or push-pull output, without pull-up or interrupt", () => {
    const fw = setup();
    expect(fw.run("gpio.mode(0, gpio.OPENDRAIN) gpio.write(0, 1) print(gpio.read(0))")).toBe("1\n");
    expect(fw.board.pins.state(0).mode).toBe("output");
    expect(fw.run("gpio.mode(0, gpio.INPUT, gpio.PULLUP) print(gpio.read(0))")).toBe("0\n");
    expect(fw.run("gpio.mode(0, gpio.INT)")).toBe("error: stdin:1: bad argument #1 to 'mode' (Invalid pin)");
    // writing an input GPIO16 makes it an output (platform_gpio_write: gpio16_output_conf)
    fw.run("gpio.write(0, 1)");
    expect(fw.board.pins.state(0).mode).toBe("output");
  });

  it("raises gpio.c's errors", () => {
    const fw = setup();
    const err = (s: string) => fw.run(s);
    expect(err("gpio.mode(13, gpio.OUTPUT)")).toBe("error: stdin:1: bad argument #1 to 'mode' (Invalid pin)");
    expect(err("gpio.mode(-1, gpio.OUTPUT)")).toBe("error: stdin:1: bad argument #1 to 'mode' (Invalid pin)");
    expect(err("gpio.mode(1, 4)")).toBe("error: stdin:1: bad argument #2 to 'mode' (wrong arg type)");
    expect(err("gpio.mode(1)")).toBe(
      "error: stdin:1: bad argument #2 to 'mode' (number expected, got no value)",
    );
    expect(err("gpio.mode(1, 1, 'x')")).toBe(
      "error: stdin:1: bad argument #3 to 'mode' (number expected, got string)",
    );
    expect(err("gpio.read(13)")).toBe("error: stdin:1: gpio 13 does not exist");
    expect(err("gpio.read(-2)")).toBe("error: stdin:1: gpio -2 does not exist");
    expect(err("gpio.write(20, 1)")).toBe("error: stdin:1: gpio 20 does not exist");
    expect(err("gpio.write(1, 2)")).toBe("error: stdin:1: bad argument #2 to 'write' (wrong level type)");
    expect(err("gpio.write(1)")).toBe(
      "error: stdin:1: bad argument #2 to 'write' (number expected, got no value)",
    );
    expect(err("gpio.trig(0, 'up', print)")).toBe(
      "error: stdin:1: bad argument #1 to 'trig' (Invalid interrupt pin)",
    );
    expect(err("gpio.trig(13)")).toBe("error: stdin:1: bad argument #1 to 'trig' (Invalid interrupt pin)");
    expect(err("gpio.trig(1, 'sideways', print)")).toBe(
      "error: stdin:1: bad argument #2 to 'trig' (invalid option 'sideways')",
    );
    expect(err("gpio.trig(1, 'up')")).toBe(
      "error: stdin:1: bad argument #3 to 'trig' (invalid callback type)",
    );
    expect(err("gpio.trig(1, 'up', 5)")).toBe(
      "error: stdin:1: bad argument #3 to 'trig' (invalid callback type)",
    );
  });
});

describe("gpio.trig", () => {
  it("calls back with level, time and event count from a HIGH task", () => {
    const fw = setup();
    fw.run(`gpio.mode(1, gpio.INT)
      gpio.trig(1, "up", function(level, when, count) print("cb", level, when, count) end)`);
    fw.board.pins.drive(1, 1);
    fw.board.pins.drive(1, 0);
    fw.board.pins.drive(1, 1);
    expect(fw.output).toEqual([]);
    fw.drain();
    // two rising edges, one callback: the second was counted while the first was queued
    expect(fw.output.join("")).toBe("cb\t1\t0\t2\n");
  });

  it("reports elided events in the count", () => {
    const fw = setup();
    fw.run(`gpio.mode(2, gpio.INT) gpio.trig(2, "both", function(l, w, c) print(l, w, c) end)`);
    fw.board.pins.drive(2, 1);
    fw.board.pins.drive(2, 0);
    fw.board.pins.drive(2, 1);
    fw.drain();
    expect(fw.output.join("")).toBe("1\t0\t3\n");
  });

  it("keeps the old callback when given a type only, and 'none' removes it", () => {
    const fw = setup();
    fw.run(`gpio.mode(1, gpio.INT) gpio.trig(1, "down", function(l) print("cb", l) end)`);
    fw.run(`gpio.trig(1, "up")`);
    fw.output.length = 0;
    fw.board.pins.drive(1, 1);
    fw.drain();
    expect(fw.output.join("")).toBe("cb\t1\n");
    fw.run(`gpio.trig(1)`);
    fw.output.length = 0;
    fw.board.pins.drive(1, 0);
    fw.board.pins.drive(1, 1);
    fw.drain();
    expect(fw.output).toEqual([]);
    expect(fw.run(`gpio.trig(1, "up")`)).toBe(
      "error: stdin:1: bad argument #3 to 'trig' (invalid callback type)",
    );
  });

  it("re-arms level interrupts after the callback", () => {
    const fw = setup();
    fw.run(`n = 0 gpio.mode(3, gpio.INT)
      gpio.trig(3, "low", function(l) n = n + 1 if n == 3 then gpio.trig(3, "none") end end)`);
    fw.board.pins.drive(3, 0);
    fw.drain();
    expect(fw.run("print(n)")).toBe("3\n");
  });

  it("does not re-arm a level interrupt whose callback failed", () => {
    const fw = setup();
    fw.run(`n = 0 gpio.mode(3, gpio.INT) gpio.trig(3, "high", function() n = n + 1 error("boom") end)`);
    expect(fw.run("print(n)")).toBe("1\n");
    expect(fw.errors).toHaveLength(1);
    expect(fw.errors[0]).toContain("boom");
  });

  it("passes the ISR's time, 31 bits, rebuilt from 24", () => {
    const fw = setup();
    fw.run(`gpio.mode(1, gpio.INT) gpio.trig(1, "up", function(l, w) print(w) end)`);
    const at = 0x87654321 + 2 ** 32; // device time past the uint32 wrap
    const clock = fw as unknown as { now: () => number };
    clock.now = () => at;
    fw.board.pins.drive(1, 1);
    clock.now = () => at + 0x10; // the task runs a little later
    fw.drain();
    expect(fw.output.join("")).toBe(`${0x07654321}\n`);
  });

  it("sees its own writes on an INT pin, whose output a write turns on", () => {
    const fw = setup();
    expect(
      fw.run(
        `gpio.mode(4, gpio.INT) gpio.trig(4, "both", function(l) print("edge", l) end) gpio.write(4, 0)`,
      ),
    ).toBe("edge\t0\n");
  });

  it("leaves the callback alone in INT mode and drops it in other modes", () => {
    const fw = setup();
    fw.run(`gpio.mode(1, gpio.INT) gpio.trig(1, "up", function() print("cb") end) gpio.mode(1, gpio.INPUT)`);
    fw.board.pins.drive(1, 1);
    fw.drain();
    expect(fw.output).toEqual([]);
    expect(fw.run(`gpio.trig(1, "down")`)).toBe(
      "error: stdin:1: bad argument #3 to 'trig' (invalid callback type)",
    );
  });

  it("counts events while the HIGH queue is full and posts on the next one", () => {
    const fw = setup();
    fw.run(`gpio.mode(1, gpio.INT) gpio.trig(1, "both", function(l, w, c) print(l, c) end)`);
    for (let i = 0; i < 8; i++) fw.post(2, () => {});
    fw.board.pins.drive(1, 1); // queue full: not posted
    fw.drain();
    expect(fw.output).toEqual([]);
    fw.board.pins.drive(1, 0);
    fw.drain();
    expect(fw.output.join("")).toBe("0\t2\n");
  });
});

describe("gpio.serout", () => {
  it("toggles synchronously after each delay, repeating", () => {
    const fw = setup();
    const seen: string[] = [];
    fw.board.pins.onChange((c) => seen.push(`${c.level}@${c.at}`));
    fw.run("gpio.mode(1, gpio.OUTPUT) gpio.serout(1, gpio.HIGH, {30, 70}, 2)");
    expect(seen).toEqual(["1@0", "0@30", "1@100", "0@130"]);
  });

  it("runs async on a timer and calls back at LOW priority", () => {
    const fw = setup();
    const seen: string[] = [];
    fw.board.pins.onChange((c) => seen.push(`${c.level}@${fw.now()}`));
    fw.run(`gpio.mode(1, gpio.OUTPUT)
      gpio.serout(1, gpio.HIGH, {5000, 995000}, 2, function() print("done") end)`);
    expect(seen).toEqual(["1@0", "0@5000", "1@1000000", "0@1005000"]);
    expect(fw.output.join("")).toBe("done\n");
    expect(fw.now()).toBe(2000000);
    // a number as 5th argument: async without a callback
    expect(fw.run("gpio.serout(1, 0, {10}, 1, 1)")).toBe("");
    expect(fw.board.pins.level(1)).toBe(0);
  });

  it("never moves pin 0, which is not on the GPIO registers", () => {
    const fw = setup();
    fw.run("gpio.mode(0, gpio.OUTPUT) gpio.write(0, 0) gpio.serout(0, 1, {10, 10})");
    expect(fw.board.pins.level(0)).toBe(0);
  });

  it("raises serout's errors", () => {
    const fw = setup();
    expect(fw.run("gpio.serout(13, 1, {1})")).toBe(
      "error: stdin:1: bad argument #1 to 'serout' (Invalid pin)",
    );
    expect(fw.run("gpio.serout(1, 2, {1})")).toBe(
      "error: stdin:1: bad argument #2 to 'serout' (Wrong level type)",
    );
    expect(fw.run("gpio.serout(1, 1, 5)")).toBe(
      "error: stdin:1: bad argument #3 to 'serout' (Invalid delay_times)",
    );
    expect(fw.run("local t = {} for i = 1, 256 do t[i] = 1 end gpio.serout(1, 1, t)")).toBe(
      "error: stdin:1: bad argument #3 to 'serout' (Invalid delay_times)",
    );
    expect(fw.run("gpio.serout(1, 1, {1, 'x'})")).toBe(
      "error: stdin:1: bad argument #-1 to 'serout' (number expected, got string)",
    );
  });

  it("resets the board rather than busy-wait for ever", () => {
    const fw = setup();
    fw.run("gpio.mode(1, gpio.OUTPUT) gpio.serout(1, 1, {1, 1}, 0)");
    expect(fw.restarts).toBe(1);
  });
});
