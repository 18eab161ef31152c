import { describe, expect, it } from "vitest";
import { boardFirmware } from "../test-support/board-firmware.js";
import { rtcmemModule } from "./rtcmem.js";

describe("rtcmem", () => {
  it("has rtcmem.c's table", () => {
    const fw = boardFirmware([rtcmemModule]);
    expect(fw.run("for k in pairs(rtcmem) do print(k) end")).toBe("read32\nwrite32\n");
  });

  it("writes and reads 32-bit slots, signed as the device's lua_Integer", () => {
    const fw = boardFirmware([rtcmemModule]);
    expect(fw.run("rtcmem.write32(42, 2, 5, 7) print(rtcmem.read32(42, 3))")).toBe("2\t5\t7\n");
    expect(fw.run("rtcmem.write32(0, 53) print(rtcmem.read32(0))")).toBe("53\n");
    expect(fw.run("rtcmem.write32(1, 4294967295, -2, 2^32 + 3, 'x', '9') print(rtcmem.read32(1, 5))")).toBe(
      "-1\t-2\t3\t0\t9\n",
    );
    expect(fw.board.rtcmem[1]).toBe(0xffffffff);
  });

  it("returns only the slots in range, and nothing out of range", () => {
    const fw = boardFirmware([rtcmemModule]);
    fw.board.rtcmem[127] = 8;
    expect(fw.run("print(select('#', rtcmem.read32(126, 5)), rtcmem.read32(127))")).toBe("2\t8\n");
    expect(fw.run("print(select('#', rtcmem.read32(128)), select('#', rtcmem.read32(-1)))")).toBe("0\t0\n");
    expect(fw.run("print(select('#', rtcmem.read32(0, 0)), select('#', rtcmem.read32(0, -3)))")).toBe(
      "0\t0\n",
    );
    expect(fw.run("print(select('#', rtcmem.read32(0, 'x')), select('#', rtcmem.read32(0, 9000)))")).toBe(
      "0\t0\n",
    );
  });

  it("survives a restart but not power-on", () => {
    const fw = boardFirmware([rtcmemModule]);
    fw.run("rtcmem.write32(10, 77)");
    fw.board.reset("restart");
    const fw2 = boardFirmware([rtcmemModule], undefined, fw.board);
    expect(fw2.run("print(rtcmem.read32(10))")).toBe("77\n");
    fw.board.reset("power-on");
    expect(fw2.run("print(rtcmem.read32(10))")).toBe("0\n");
  });

  it("refuses writes past the end", () => {
    const fw = boardFirmware([rtcmemModule]);
    expect(fw.run("rtcmem.write32(127, 1, 2)")).toBe(
      "error: stdin:1: bad argument #1 to 'write32' (RTC mem would overrun)",
    );
    expect(fw.run("rtcmem.write32(128)")).toBe(""); // nothing to write: 128 + 0 <= 128
    expect(fw.run("rtcmem.write32(129)")).toBe(
      "error: stdin:1: bad argument #1 to 'write32' (RTC mem would overrun)",
    );
    expect(fw.run("rtcmem.write32()")).toBe(
      "error: stdin:1: bad argument #1 to 'write32' (number expected, got no value)",
    );
    expect(fw.run("rtcmem.write32(-1, 5, 6) print(rtcmem.read32(0))")).toBe("6\n");
  });
});
