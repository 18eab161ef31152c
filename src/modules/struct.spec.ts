// The struct module through Lua. Expected bytes are written out by hand from struct.c's rules
// for the ESP8266 (4-byte int/long/size_t, little endian, 8-byte maximum alignment), and floats
// are checked against Node's DataView encodings.

import { describe, expect, it } from "vitest";
import { testFirmware } from "../test-support/test-firmware.js";
import { structModule } from "./struct.js";

const fw = testFirmware([structModule]);
const run = (src: string): string => fw.run(src);
/** Prints the hex of struct.pack(args). */
const hex = (args: string): string =>
  run(
    `print((string.gsub(struct.pack(${args}), '.', function(c) return string.format('%02x', c:byte()) end)))`,
  );
/** Prints every result of struct.unpack(args). */
const un = (args: string): string => run(`print(struct.unpack(${args}))`);

describe("struct.pack", () => {
  it("has the ROM table of struct.c in declaration order", () => {
    expect(run("local t = {} for k in pairs(struct) do t[#t + 1] = k end print(table.concat(t, ' '))")).toBe(
      "pack unpack size\n",
    );
  });

  it("packs integers of the device's sizes, little endian by default", () => {
    expect(hex("'bBhHlLTiI', -1, 255, -2, 0x1234, -3, 0xdeadbeef, 7, 1, 2")).toBe(
      "ffff" + "feff3412" + "fdffffffefbeadde07000000" + "0100000002000000\n",
    );
    expect(hex("'>hiI2', 0x0102, 0x03040506, 0x0708")).toBe("0102030405060708\n");
    expect(hex("'<i3>i3', 0x010203, 0x010203")).toBe("030201010203\n");
  });

  it("takes integers as the device's luaL_checkinteger does (int32, truncated)", () => {
    expect(hex("'<I4I4I4i4', 2^32 - 1, 2^32, 2^32 + 1, -1.9")).toBe(
      "ffffffff" + "00000000" + "01000000" + "ffffffff\n",
    );
    expect(hex("'<I4I4', 2^63, 0/0")).toBe("ffffffffffffffff\n");
    expect(hex("'<b', 300")).toBe("2c\n");
  });

  it("writes no bytes past the fourth of an integer, even for negative numbers", () => {
    expect(hex("'<i8', -1")).toBe("ffffffff00000000\n");
    expect(hex("'>i8', -2")).toBe("00000000fffffffe\n");
    expect(hex("'<I6', 2^40")).toBe("000000000000\n");
  });

  it("floats and doubles, either byte order", () => {
    const f = (v: number, le: boolean): string => {
      const dv = new DataView(new ArrayBuffer(4));
      dv.setFloat32(0, v, le);
      return Buffer.from(dv.buffer).toString("hex");
    };
    const d = (v: number, le: boolean): string => {
      const dv = new DataView(new ArrayBuffer(8));
      dv.setFloat64(0, v, le);
      return Buffer.from(dv.buffer).toString("hex");
    };
    expect(hex("'<fd>fd', 0.1, 0.1, -2.5, 1e300")).toBe(
      `${f(0.1, true)}${d(0.1, true)}${f(-2.5, false)}${d(1e300, false)}\n`,
    );
    expect(hex("'f', 1e300")).toBe(`${f(Number.POSITIVE_INFINITY, true)}\n`);
  });

  it("strings: s adds a zero, c takes n bytes or the whole string for c0", () => {
    expect(hex("'sc2c0c', 'ab', 'xyz', 'q', 'w'")).toBe("616200" + "7879" + "71" + "77\n");
    expect(hex("'s', 'a\\0b'")).toBe("610062" + "00\n");
    expect(run("struct.pack('c4', 'abc')")).toBe(
      "error: stdin:1: bad argument #3 to 'pack' (string too short)",
    );
    expect(run("struct.pack('bc4', 1, 'abc')")).toBe(
      "error: stdin:1: bad argument #4 to 'pack' (string too short)",
    );
  });

  it("aligns with ! and pads with x", () => {
    expect(hex("'!<bi', 1, 2")).toBe("01000000" + "02000000\n");
    expect(hex("'!<bd', 1, 0")).toBe(`01${"00".repeat(7)}${"00".repeat(8)}\n`);
    expect(hex("'!2<bibh', 1, 2, 3, 4")).toBe("0100" + "02000000" + "0300" + "0400\n");
    expect(hex("'<bxh', 1, 2")).toBe("01000200\n");
    expect(hex("'!<bc3h', 1, 'abc', 2")).toBe("01616263" + "0200\n");
    // a size that is no power of 2 aligns by struct.c's formula: (3 - (1 & 2)) & 2 = 2
    expect(hex("'!4<bi3', 1, 2")).toBe("010000" + "020000\n");
  });

  it("ignores spaces and stops at a NUL in the format", () => {
    expect(hex("'< b  h', 1, 2")).toBe("010200\n");
    expect(hex("'b\\0h', 1, 2")).toBe("01\n");
  });

  it("raises struct.c's errors", () => {
    expect(run("struct.pack('y', 1)")).toBe(
      "error: stdin:1: bad argument #1 to 'pack' (invalid format option 'y')",
    );
    expect(run("struct.pack('x3')")).toBe(
      "error: stdin:1: bad argument #1 to 'pack' (invalid format option '3')",
    );
    expect(run("struct.pack('i33', 1)")).toBe("error: stdin:1: integral size 33 is larger than limit of 32");
    expect(run("struct.pack('!3')")).toBe("error: stdin:1: alignment 3 is not a power of 2");
    expect(run("struct.pack('!0')")).toBe("error: stdin:1: alignment 0 is not a power of 2");
    expect(run("struct.pack('c99999999999')")).toBe("error: stdin:1: integral size overflow");
    expect(run("struct.pack('i')")).toBe(
      "error: stdin:1: bad argument #2 to 'pack' (number expected, got no value)",
    );
    expect(run("struct.pack('bs', 1, {})")).toBe(
      "error: stdin:1: bad argument #3 to 'pack' (string expected, got table)",
    );
    expect(run("struct.pack()")).toBe(
      "error: stdin:1: bad argument #1 to 'pack' (string expected, got no value)",
    );
  });
});

describe("struct.unpack", () => {
  it("unpacks integers, signed and unsigned, and returns the next position", () => {
    expect(un("'bBhH', '\\255\\255\\254\\255\\254\\255'")).toBe("-1\t255\t-2\t65534\t7\n");
    expect(un("'<iI>iI', '\\255\\255\\255\\255\\255\\255\\255\\255\\0\\0\\0\\1\\128\\0\\0\\0'")).toBe(
      "-1\t4294967295\t1\t2147483648\t17\n",
    );
    expect(un("'<lLT', string.rep('\\255', 12)")).toBe("-1\t4294967295\t4294967295\t13\n");
  });

  it("unpacks integers wider than 4 bytes in 64 bits, as doubles outside int32", () => {
    expect(un("'<i8', '\\255\\255\\255\\255\\255\\255\\255\\255'")).toBe("-1\t9\n");
    expect(un("'<I8', '\\0\\0\\0\\0\\1\\0\\0\\0'")).toBe("4294967296\t9\n");
    expect(un("'<i6', '\\0\\0\\0\\0\\0\\128'")).toBe("-1.4073748835533e+14\t7\n");
    // getinteger returns int64_t even for unsigned formats, so I8 cannot exceed 2^63 - 1
    expect(un("'<I8', string.rep('\\255', 8)")).toBe("-1\t9\n");
    expect(un("'>I8', '\\128' .. string.rep('\\0', 7)")).toBe("-9.2233720368548e+18\t9\n");
    // only the last 8 bytes read survive the shifts: for '<' those are the low-order ones
    expect(un("'<I9', '\\1\\0\\0\\0\\0\\0\\0\\0\\2'")).toBe("1\t10\n");
    expect(un("'>I9', '\\2\\0\\0\\0\\0\\0\\0\\0\\1'")).toBe("1\t10\n");
    // i9's sign mask is __ashldi3(~0, 71): 0xffffff80 in the high word, so bit 39 sets it
    expect(un("'>i9', '\\0\\0\\0\\0\\128\\0\\0\\0\\0'")).toBe("-549755813888\t10\n");
    expect(un("'<i0I0', ''")).toBe("0\t0\t1\n");
  });

  it("unpacks floats and doubles", () => {
    expect(run("print(struct.unpack('<fd', struct.pack('<fd', 0.1, 0.1)))")).toBe(
      "0.10000000149012\t0.1\t13\n",
    );
    expect(run("print(struct.unpack('>d', struct.pack('>d', -1e300)))")).toBe("-1e+300\t9\n");
  });

  it("strings: s up to a zero, c of n bytes, c0 sized by the previous result", () => {
    expect(un("'sc2', 'ab\\0xyz'")).toBe("ab\txy\t6\n");
    expect(un("'bc0b', '\\3abcd\\9'")).toBe("abc\t100\t6\n");
    expect(un("'c0', '12'")).toBe("error: stdin:1: bad argument #2 to 'unpack' (data string too short)");
    expect(un("'s', 'abc'")).toBe("error: stdin:1: unfinished string in data");
    expect(un("'c0', 'abc'")).toBe("error: stdin:1: format `c0' needs a previous size");
  });

  it("aligns and starts at an offset", () => {
    expect(un("'!<bi', '\\1\\0\\0\\0\\2\\0\\0\\0'")).toBe("1\t2\t9\n");
    expect(un("'b', 'abc', 2")).toBe("98\t3\n");
    expect(un("'b', 'abc', 3.9")).toBe("99\t4\n");
    expect(un("'', 'abc', 10")).toBe("10\n");
    expect(un("'b', 'abc', 4")).toBe("error: stdin:1: bad argument #2 to 'unpack' (data string too short)");
    expect(un("'b', 'abc', -1")).toBe("error: stdin:1: bad argument #2 to 'unpack' (data string too short)");
  });

  it("an offset of 0 wraps to the byte before the data: the top byte of the string's length", () => {
    expect(un("'b', 'abc', 0")).toBe("0\t1\n");
    expect(un("'I4', 'abc', -3")).toBe("3\t1\n");
    // every option checks the position, so a '<' at a wrapped position is refused
    expect(un("'<I4', 'abc', -3")).toBe(
      "error: stdin:1: bad argument #2 to 'unpack' (data string too short)",
    );
    expect(un("'x', 'abc', 0")).toBe("1\n");
  });

  it("raises struct.c's errors", () => {
    expect(un("'i', 'abc'")).toBe("error: stdin:1: bad argument #2 to 'unpack' (data string too short)");
    expect(un("'q', 'abc'")).toBe("error: stdin:1: bad argument #1 to 'unpack' (invalid format option 'q')");
    expect(un("'b', 'abc', 'x'")).toBe(
      "error: stdin:1: bad argument #3 to 'unpack' (number expected, got string)",
    );
    expect(un("'b'")).toBe("error: stdin:1: bad argument #2 to 'unpack' (string expected, got no value)");
    expect(run("struct.unpack(string.rep('b', 8000), string.rep('x', 8000))")).toBe(
      "error: stdin:1: stack overflow (too many results)",
    );
    expect(run("print(select('#', struct.unpack(string.rep('b', 7996), string.rep('x', 8000))))")).toBe(
      "7997\n",
    );
  });
});

describe("struct.size", () => {
  it("sums sizes and alignment", () => {
    expect(
      run("print(struct.size('bhilTfdc3x'), struct.size('!bd'), struct.size('!4bd'), struct.size('i32'))"),
    ).toBe("31\t16\t12\t32\n");
    expect(run("print(struct.size(''), struct.size('<>  '), struct.size('!2bi'))")).toBe("0\t0\t6\n");
  });

  it("lets letters and digits that are no option pass, as struct.c does", () => {
    expect(run("print(struct.size('y'), struct.size('b3'), struct.size('bzZ9'))")).toBe("0\t1\t1\n");
    expect(run("struct.size('b?')")).toBe(
      "error: stdin:1: bad argument #1 to 'size' (invalid format option '?')",
    );
  });

  it("refuses options of no fixed size", () => {
    expect(run("struct.size('bs')")).toBe(
      "error: stdin:1: bad argument #1 to 'size' (option 's' has no fixed size)",
    );
    expect(run("struct.size('c0')")).toBe(
      "error: stdin:1: bad argument #1 to 'size' (option 'c0' has no fixed size)",
    );
    expect(run("struct.size('i40')")).toBe("error: stdin:1: integral size 40 is larger than limit of 32");
  });
});
