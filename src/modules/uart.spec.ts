// UART0 as the board's serial port shows it: the input driver's line discipline
// (app/driver/input.c) and the uart module (app/modules/uart.c).

import { describe, expect, it } from "vitest";
import { testDevice } from "../test-support/device.js";
import { prng } from "../test-support/prng.js";

function board() {
  const t = testDevice();
  t.take();
  const raw = (bytes: string): string => {
    t.device.receive(bytes);
    t.settle();
    return t.take();
  };
  return { ...t, raw };
}

describe("the input driver", () => {
  it("erases with BS and DEL, and folds CR LF and LF CR into one line end", () => {
    const t = board();
    expect(t.raw("=1+x\b2\r\n")).toBe("=1+x\b \b2\r\n3\r\n> ");
    expect(t.raw("=3\x7f4\n\r")).toBe("=3\b \b4\r\n4\r\n> ");
    expect(t.raw("\b\b")).toBe("");
    expect(t.raw("\r\r")).toBe("\r\n> \r\n> ");
  });

  it("keeps only the tail of a line over 255 bytes", () => {
    const t = board();
    const line = `${"x".repeat(255)}print('tail')`;
    expect(t.raw(`${line}\r`)).toBe(`${line}\r\ntail\r\n> `);
  });

  it("survives garbage on the serial line and still answers", () => {
    const t = board();
    const rnd = prng(7);
    for (let round = 0; round < 20; round++) {
      let junk = "";
      for (let i = 0; i < 200; i++) junk += String.fromCharCode(Math.floor(rnd() * 256));
      t.raw(junk);
    }
    t.raw("\r"); // whatever chunk the junk left pending ends with this line or the next
    t.raw("end end end ]] ]=] ]==] \" ' \r");
    expect(t.raw("\r=6*7\r")).toMatch(/42\r\n> $/);
  });

  it("uses _PROMPT and _PROMPT2", () => {
    const t = board();
    expect(t.type("_PROMPT = '$ ' _PROMPT2 = '+ '")).toBe("_PROMPT = '$ ' _PROMPT2 = '+ '\r\n$ ");
    expect(t.type("if true then")).toBe("if true then\r\n+ ");
    expect(t.raw("\r")).toBe("\r\n+ ");
  });
});

/** What uart.on("data") with no callback does, done from the host while Lua cannot type. */
function toRepl(t: ReturnType<typeof board>): void {
  t.device.uartIn.setup(true, 0, "");
  t.device.fw.uartData = undefined;
}

describe("uart", () => {
  it("writes raw bytes and numbers, and refuses numbers over 255", () => {
    const t = board();
    expect(t.type("uart.write(0, 'a\\n', 66, '\\r')")).toBe("uart.write(0, 'a\\n', 66, '\\r')\r\na\nB\r> ");
    expect(t.type("uart.write(0, 256)")).toContain("Lua error: \tstdin:1: invalid number\r\n");
    expect(t.type("uart.write(2, 'x')")).toContain("Lua error: \tstdin:1: uart 2 does not exist\r\n");
  });

  it("turns the echo off with uart.setup's sixth argument, and reports its configuration", () => {
    const t = board();
    expect(t.type("=uart.setup(0, 9600, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)")).toBe(
      "=uart.setup(0, 9600, 8, uart.PARITY_NONE, uart.STOPBITS_1, 0)\r\n9600\r\n> ",
    );
    expect(t.raw("=uart.getconfig(0)\r")).toBe("9600\t8\t0\t1\r\n> ");
    expect(t.raw("=uart.setup(1, 12345, 9, 7, 7)\r")).toBe("12345\r\n> ");
    expect(t.raw("=uart.getconfig(1)\r")).toBe("9600\t8\t0\t1\r\n> ");
  });

  it("hands raw data to uart.on in chunks, to an end character or per byte, without echo", () => {
    const t = board();
    t.type("got = {} uart.on('data', 4, function(d) got[#got + 1] = d end, 0)");
    expect(t.raw("abcdefgh12")).toBe("");
    expect(t.raw("34")).toBe("");
    toRepl(t); // back to the interpreter, as uart.on("data") with no function does
    expect(t.type("=table.concat(got, ',')")).toBe("=table.concat(got, ',')\r\nabcd,efgh,1234\r\n> ");
    t.type("got = {} uart.on('data', '\\n', function(d) got[#got + 1] = d end, 0)");
    expect(t.raw("x\ny\nz")).toBe("");
    toRepl(t);
    expect(t.type("=#got, got[1] == 'x\\n', got[2] == 'y\\n'")).toBe(
      "=#got, got[1] == 'x\\n', got[2] == 'y\\n'\r\n2\ttrue\ttrue\r\n> ",
    );
    t.type("got = {} uart.on('data', 0, function(d) got[#got + 1] = d end, 0)");
    t.raw("ab");
    toRepl(t);
    expect(t.type("=#got, got[2]")).toBe("=#got, got[2]\r\n2\tb\r\n> ");
  });

  it("sees each line in run_input mode before Lua does", () => {
    const t = board();
    t.type("lines = {} uart.on('data', function(l) lines[#lines + 1] = l end)");
    expect(t.type("=#lines")).toBe("=#lines\r\n1\r\n> ");
    expect(t.type("uart.on('data') =#lines")).toContain("Lua error");
    expect(t.type("uart.on('data')")).toBe("uart.on('data')\r\n> ");
    expect(t.type("=#lines")).toBe("=#lines\r\n3\r\n> ");
    expect(t.type("uart.on('x')")).toContain("bad argument #1 to 'on' (method not supported)");
    expect(t.type("uart.on('data', 256, print)")).toContain("bad argument #2 to 'on' (wrong arg range)");
    expect(t.type("uart.on('data', 'ab', print)")).toContain("stdin:1: wrong arg range");
  });
});
