import { describe, expect, it } from "vitest";
import { openMode } from "./flash-fs.js";
import { MemoryFlashStore } from "./flash-store.js";
import { Spiffs, spiffsName } from "./spiffs.js";
import { filePages, spiffsGeometry, spiffsPartition } from "./spiffs-geometry.js";

const KB = 1024;

function mounted(files: Record<string, string> = {}, flashSize = 4 << 20): Spiffs {
  const fs = new Spiffs(new MemoryFlashStore(files), { flashSize });
  expect(fs.mount()).toBe(true);
  return fs;
}

/** A SPIFFS over an explicit partition of `size` bytes (node.setpartitiontable's spiffs_size). */
function sized(size: number): Spiffs {
  const fs = new Spiffs(new MemoryFlashStore({}), { flashSize: 4 << 20, spiffsSize: size });
  fs.mount();
  return fs;
}

describe("geometry", () => {
  it("places SPIFFS after IROM0 up to the system parameters, aligned to 0x2000", () => {
    expect(spiffsPartition({ flashSize: 4 << 20 })).toEqual({
      start: 0x96000,
      size: 0x400000 - 0x3000 - 0x96000,
    });
    const g = spiffsGeometry(spiffsPartition({ flashSize: 4 << 20 }))!;
    expect(g.address).toBe(0x96000);
    expect(g.size).toBe(0x3fc000 - 0x96000);
    expect(g.blockSize).toBe(8192);
    expect(spiffsGeometry(spiffsPartition({ flashSize: 4 << 20, irom0Size: 0x5f123 }))!.address).toBe(
      0x70000,
    );
  });

  it("uses 4 KB blocks under 32 KB and has no file system under 16 KB", () => {
    expect(spiffsGeometry({ start: 0x100000, size: 24 * KB })!.blockSize).toBe(4096);
    expect(spiffsGeometry({ start: 0x100000, size: 32 * KB })!.blockSize).toBe(8192);
    expect(spiffsGeometry({ start: 0x100000, size: 12 * KB })).toBeUndefined();
  });

  it("puts an explicit size at 1 MB when it fits", () => {
    expect(spiffsPartition({ flashSize: 4 << 20, spiffsSize: 512 * KB })).toEqual({
      start: 0x100000,
      size: 512 * KB,
    });
  });

  it("counts pages as spiffs_nucleus does (measured on the real spiffs)", () => {
    expect([0, 1, 251, 252, 26355, 26356, 57360, 57361].map(filePages)).toEqual([
      1, 2, 2, 3, 106, 108, 231, 231,
    ]);
  });
});

describe("fsinfo", () => {
  it("matches SPIFFS_info for an empty 4 MB board", () => {
    expect(mounted().info()).toEqual({ total: 3369424, used: 0 });
    expect(mounted().config()).toEqual({ address: 0x96000, size: 0x366000 });
  });

  it("matches SPIFFS_info for a 512 KB and a 64 KB file system", () => {
    expect(sized(512 * KB).info()).toEqual({ total: 482673, used: 0 });
    expect(sized(64 * KB).info()).toEqual({ total: 46937, used: 0 });
  });

  it("charges index and data pages per file", () => {
    const fs = mounted({ a: "", b: "x", c: "y".repeat(251), d: "z".repeat(252) });
    // 1 + 2 + 2 + 3 pages of 251 bytes, as the real spiffs reports for the same files
    expect(fs.info()!.used).toBe(8 * 251);
    fs.remove("d");
    expect(fs.info()!.used).toBe(5 * 251);
  });
});

describe("names", () => {
  it("strips /FLASH as myspiffs_realm does and refuses other drives", () => {
    expect(spiffsName("/FLASH/init.lua")).toBe("init.lua");
    expect(spiffsName("/FLASHinit.lua")).toBe("init.lua");
    expect(spiffsName("/SD0/x")).toBeUndefined();
    expect(spiffsName("a/b")).toBe("a/b");
    expect(spiffsName("a\0b")).toBe("a");
  });

  it("takes flat names of up to 31 bytes", () => {
    const fs = mounted();
    const long = "x".repeat(31);
    expect(fs.open(long, "w")).toBeDefined();
    expect(fs.open(`${long}y`, "w")).toBeUndefined();
    expect(fs.open("http/index.html", "w")).toBeDefined();
    expect(fs.exists("/FLASH/http/index.html")).toBe(true);
    expect(fs.open("/SD0/x", "w")).toBeUndefined();
    expect(fs.stat("/FLASH/http/index.html")).toEqual({ name: "http/index.html", size: 0 });
  });

  it("maps modes as fs_mode2flag", () => {
    expect(["r", "w", "a", "r+", "w+", "a+", "rw", "x", "wb", ""].map(openMode)).toEqual([
      "r",
      "w",
      "a",
      "r+",
      "w+",
      "a+",
      "r",
      "r",
      "r",
      "r",
    ]);
  });
});

describe("descriptors", () => {
  it("opens at most 4 files; remove and rename need a free descriptor too", () => {
    const fs = mounted({ x: "1" });
    const fds = [1, 2, 3, 4].map((i) => fs.open(`f${i}`, "w")!);
    expect(fs.open("f5", "w")).toBeUndefined();
    expect(fs.open("x", "r")).toBeUndefined();
    fs.remove("x");
    expect(fs.exists("x")).toBe(true);
    expect(fs.rename("x", "y")).toBe(false);
    fs.close(fds[0]!);
    expect(fs.open("f5", "w")).toBeDefined();
  });

  it("reads and writes as the modes allow", () => {
    const fs = mounted({ t: "hello" });
    const r = fs.open("t", "r")!;
    expect(fs.write(r, "x")).toBe(false);
    expect(fs.read(r, 3)).toBe("hel");
    expect(fs.read(r, 10)).toBe("lo");
    expect(fs.read(r, 10)).toBe("");
    fs.close(r);
    const w = fs.open("t", "w")!;
    expect(fs.read(w, 1)).toBe("");
    expect(fs.write(w, "abc")).toBe(true);
    fs.close(w);
    const a = fs.open("t", "a+")!;
    expect(fs.seek(a, "cur", 0)).toBe(0);
    expect(fs.write(a, "d")).toBe(true);
    expect(fs.seek(a, "set", 1)).toBe(1);
    expect(fs.write(a, "e")).toBe(true); // appends whatever the position
    expect(fs.seek(a, "set", 0)).toBe(0);
    expect(fs.read(a, 10)).toBe("abcde");
    const rw = fs.open("t", "r+")!;
    expect(fs.write(rw, "XY")).toBe(true);
    expect(fs.read(rw, 10)).toBe("cde");
    expect(fs.size("t")).toBe(5);
  });

  it("seeks as SPIFFS_lseek: past the end fails at the end, negative fails in place", () => {
    const fs = mounted({ t: "0123456789" });
    const fd = fs.open("t", "r")!;
    expect(fs.seek(fd, "set", 4)).toBe(4);
    expect(fs.seek(fd, "cur", -10)).toBeUndefined();
    expect(fs.seek(fd, "cur", 0)).toBe(4);
    expect(fs.seek(fd, "end", 1)).toBeUndefined();
    expect(fs.seek(fd, "cur", 0)).toBe(10);
    expect(fs.seek(fd, "end", -3)).toBe(7);
  });

  it("kills descriptors of a removed file and frees their slots", () => {
    const fs = mounted({ t: "abc" });
    const fds = [1, 2, 3].map(() => fs.open("t", "r")!);
    fs.remove("t");
    expect(fs.openCount()).toBe(0);
    expect(fs.read(fds[0]!, 1)).toBe("");
    expect(fs.flush(fds[0]!)).toBe(false);
  });

  it("renames, keeping open descriptors on the file", () => {
    const fs = mounted({ a: "1", b: "2" });
    const fd = fs.open("a", "r")!;
    expect(fs.rename("a", "b")).toBe(false);
    expect(fs.rename("a", "c")).toBe(true);
    expect(fs.read(fd, 5)).toBe("1");
    expect(fs.list()).toEqual([
      ["b", 1],
      ["c", 1],
    ]);
  });
});

describe("a full flash", () => {
  it("refuses the write that does not fit and keeps what was written", () => {
    const fs = sized(64 * KB); // 186 pages for files
    const fd = fs.open("big", "w")!;
    let written = 0;
    const chunk = "z".repeat(1000);
    while (fs.write(fd, chunk)) written += chunk.length;
    fs.close(fd);
    expect(fs.size("big")).toBe(written);
    // ideal collection: everything but one spare data page's worth, less the index pages
    expect(written).toBe(45000);
    const { total, used } = fs.info()!;
    expect(used).toBeLessThanOrEqual(total);
    // 182 pages used, 4 free: a file of 500 bytes takes 3, an empty one the last
    const small = fs.open("small", "w")!;
    expect(fs.write(small, "s".repeat(500))).toBe(true);
    fs.close(small);
    fs.close(fs.open("empty", "w")!);
    expect(fs.info()).toEqual({ total: 46937, used: 186 * 251 });
    expect(fs.open("more", "w")).toBeUndefined();
  });

  it("frees the pages of a removed file", () => {
    const fs = sized(64 * KB);
    const fd = fs.open("big", "w")!;
    expect(fs.write(fd, "q".repeat(60000))).toBe(false);
    expect(fs.write(fd, "q".repeat(40000))).toBe(true);
    fs.close(fd);
    fs.remove("big");
    expect(fs.info()!.used).toBe(0);
  });
});

describe("mount and format", () => {
  it("does not mount a fresh flash; format erases every sector and mounts", () => {
    const store = new MemoryFlashStore();
    const fs = new Spiffs(store);
    expect(fs.mount()).toBe(false);
    expect(fs.info()).toBeUndefined();
    expect(fs.open("x", "w")).toBeUndefined();
    expect(fs.format()).toEqual({ ok: true, sectors: 0x366000 / 4096 });
    expect(fs.info()!.used).toBe(0);
    const fd = fs.open("x", "w")!;
    fs.write(fd, "kept");
    // a new board on the same store finds the file system and the file
    const again = new Spiffs(store);
    expect(again.mount()).toBe(true);
    expect(again.size("x")).toBe(4);
  });

  it("format removes every file and closes every descriptor", () => {
    const fs = mounted({ a: "1", b: "2" });
    const fd = fs.open("a", "r")!;
    fs.format();
    expect(fs.list()).toEqual([]);
    expect(fs.read(fd, 1)).toBe("");
    expect(fs.openCount()).toBe(0);
  });

  it("has no file system when the flash leaves no room for one", () => {
    const fs = new Spiffs(new MemoryFlashStore({}), { flashSize: 512 * KB });
    expect(fs.mount()).toBe(false);
    expect(fs.format().ok).toBe(false);
  });

  it("skips stored files that do not fit, with a warning", () => {
    const warnings: string[] = [];
    const store = new MemoryFlashStore({ a: "x".repeat(30000), b: "y".repeat(30000) });
    const fs = new Spiffs(store, {
      flashSize: 4 << 20,
      spiffsSize: 64 * KB,
      onWarning: (m) => warnings.push(m),
    });
    expect(fs.mount()).toBe(true);
    expect(fs.list()).toEqual([["a", 30000]]);
    expect(warnings).toHaveLength(1);
  });
});
