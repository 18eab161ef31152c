import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Spiffs } from "../firmware/spiffs.js";
import { FlashFolder } from "./flash-folder.js";
import { caseFreeHostName, flashName, hostName } from "./flash-names.js";

let tmp: string;
let dir: string;
let warnings: string[];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "flash-folder-"));
  dir = path.join(tmp, "flash");
  warnings = [];
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const folder = () => new FlashFolder(dir, { onWarning: (m) => warnings.push(m) });

function board(): Spiffs {
  const s = new Spiffs(folder());
  if (!s.mount()) s.format();
  return s;
}

function put(s: Spiffs, name: string, data: string): void {
  const fd = s.open(name, "w");
  expect(fd).toBeDefined();
  expect(s.write(fd!, data)).toBe(true);
  s.close(fd!);
}

function get(s: Spiffs, name: string): string | undefined {
  const fd = s.open(name, "r");
  if (fd === undefined) return undefined;
  const data = s.read(fd, 1 << 20);
  s.close(fd);
  return data;
}

describe("names", () => {
  it("keeps plain names and escapes the rest reversibly", () => {
    const names = [
      "init.lua",
      "http/index.html",
      "..",
      ".",
      "",
      "a:b",
      "100%",
      "x.",
      "sp ",
      "\x01\xff",
      "../x",
      "/abs",
    ];
    for (const n of names) {
      const h = hostName(n);
      expect(h).not.toMatch(/[/\\]/);
      expect([".", "..", ""]).not.toContain(h);
      expect(flashName(h)).toBe(n);
      expect(flashName(caseFreeHostName(n))).toBe(n);
    }
    expect(hostName("init.lua")).toBe("init.lua");
    expect(hostName("http/index.html")).toBe("http%2Findex.html");
    expect(hostName("../x")).toBe("..%2Fx");
    expect(caseFreeHostName("testFILE2")).toBe("test%46%49%4C%452");
  });

  it("reads host names in UTF-8 and refuses names too long for SPIFFS", () => {
    expect(flashName("café")).toBe("caf\xc3\xa9");
    expect(flashName("x".repeat(32))).toBeUndefined();
    expect(flashName("a%00")).toBeUndefined();
    expect(flashName("50%off")).toBe("50%off");
  });
});

describe("a host folder as flash", () => {
  it("is a fresh flash until formatted, which creates the folder", () => {
    const s = new Spiffs(folder());
    expect(s.mount()).toBe(false);
    expect(s.format().ok).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it("writes through and reads back after a restart", () => {
    const s = board();
    put(s, "init.lua", 'print("hi")\n');
    put(s, "http/index.html", "<html>");
    put(s, "bin", "\x00\xff\x80");
    const fd = s.open("log", "a")!;
    s.write(fd, "one\n");
    expect(fs.readFileSync(path.join(dir, "log"), "latin1")).toBe("one\n");
    s.write(fd, "two\n");
    s.close(fd);
    expect(fs.readFileSync(path.join(dir, "init.lua"), "utf8")).toBe('print("hi")\n');
    expect(fs.readFileSync(path.join(dir, "http%2Findex.html"), "utf8")).toBe("<html>");
    const again = board();
    expect(get(again, "log")).toBe("one\ntwo\n");
    expect(get(again, "bin")).toBe("\x00\xff\x80");
    expect(
      again
        .list()
        .map(([n]) => n)
        .sort(),
    ).toEqual(["bin", "http/index.html", "init.lua", "log"]);
  });

  it("finds the files the user put in the folder, with their sizes", () => {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "init.lua"), "print(1)\n");
    fs.writeFileSync(path.join(dir, "x".repeat(40)), "too long a name");
    fs.mkdirSync(path.join(dir, "sub"));
    const s = board();
    expect(s.list()).toEqual([["init.lua", 9]]);
    expect(warnings.some((w) => w.includes("x".repeat(40)))).toBe(true);
  });

  it("removes, renames, truncates and formats on the host", () => {
    const s = board();
    put(s, "a", "12345");
    put(s, "b", "x");
    expect(s.rename("a", "c/d")).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(["b", "c%2Fd"]);
    s.remove("b");
    expect(fs.readdirSync(dir)).toEqual(["c%2Fd"]);
    s.close(s.open("c/d", "w")!);
    expect(fs.statSync(path.join(dir, "c%2Fd")).size).toBe(0);
    fs.writeFileSync(path.join(dir, "x".repeat(40)), "not flash");
    s.format();
    expect(fs.readdirSync(dir)).toEqual(["x".repeat(40)]);
  });

  it("stays inside the folder: ../ names, absolute names", () => {
    const s = board();
    put(s, "../escape", "no");
    put(s, "..", "no");
    expect(s.open("/etc/passwd", "w")).toBeUndefined();
    expect(fs.readdirSync(tmp)).toEqual(["flash"]);
    expect(fs.readdirSync(dir).sort()).toEqual(["%2E%2E", "..%2Fescape"]);
  });

  it("neither reads nor writes through symbolic links", () => {
    const outside = path.join(tmp, "outside.txt");
    fs.writeFileSync(outside, "secret");
    fs.mkdirSync(dir);
    fs.symlinkSync(outside, path.join(dir, "link"));
    const s = board();
    expect(s.exists("link")).toBe(false);
    expect(warnings.some((w) => w.includes("symbolic link"))).toBe(true);
    // the board makes its own "link": the host write refuses to go through the link
    put(s, "link", "overwritten?");
    expect(fs.readFileSync(outside, "utf8")).toBe("secret");
    expect(warnings.some((w) => w.includes("cannot write link"))).toBe(true);
  });

  it("keeps names apart that differ only in case", () => {
    const s = board();
    put(s, "testfile2", "a");
    put(s, "testFILE2", "b");
    expect(fs.readdirSync(dir).sort()).toEqual(["test%46%49%4C%452", "testfile2"]);
    const again = board();
    expect(get(again, "testFILE2")).toBe("b");
    expect(get(again, "testfile2")).toBe("a");
  });

  it("refuses a path that is a file", () => {
    fs.writeFileSync(dir, "");
    expect(() => new FlashFolder(dir)).toThrow(/not a folder/);
  });
});
