import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { haveLuac51, luac51, maskAddresses, PROGNAME } from "../test-support/luac51.js";
import { memoryIO } from "../test-support/memory-io.js";
import { hexBytes } from "../test-support/text.js";
import { runLuac } from "./luac.js";

function luac(argv: string[], files: Record<string, string | Uint8Array> = {}, stdin = "") {
  const io = memoryIO(files, stdin);
  const status = runLuac(argv, io);
  return { status, out: io.out(), err: io.err(), files: io.files };
}

const hex = (b: Uint8Array | undefined) => hexBytes(b ?? [], "");
const VERSION = "Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio\n";
const USAGE_HEAD = "usage: nodemcu-emu luac [options] [filenames].\nAvailable options are:\n";

const A_LUA = "local t = {}\nfunction t.f(x) return x * 2 end\nprint(t.f(21))\n";
const B_LUA = "#!/usr/bin/env lua\nlocal s = 'b' .. 1\nreturn s\n";

describe("luac options", () => {
  it("-v alone prints the version and stops", () => {
    expect(luac(["-v"])).toMatchObject({ status: 0, out: VERSION, err: "" });
    expect(luac(["-v", "--"])).toMatchObject({ status: 0, out: VERSION, err: "" });
  });

  it("-v with files prints the version and goes on", () => {
    const r = luac(["-v", "a.lua"], { "a.lua": A_LUA });
    expect(r).toMatchObject({ status: 0, out: VERSION, err: "" });
    expect(r.files.has("luac.out")).toBe(true);
  });

  it("reports usage errors with the option list, exit status 1", () => {
    const none = luac([]);
    expect(none.status).toBe(1);
    expect(none.err).toMatch(/^nodemcu-emu luac: no input files given\nusage: nodemcu-emu luac/);
    expect(luac(["-x"]).err).toMatch(/^nodemcu-emu luac: unrecognized option '-x'\nusage: /);
    expect(luac(["-o"]).err).toMatch(/^nodemcu-emu luac: '-o' needs argument\nusage: /);
    expect(luac(["--size-t", "4", "a.lua"]).err).toMatch(
      /^nodemcu-emu luac: '--size-t' needs '--format standard'\n/,
    );
    expect(luac(["--format", "x", "a.lua"]).err).toMatch(
      /^nodemcu-emu luac: '--format' needs 'nodemcu' or 'standard'\n/,
    );
    expect(luac(["--format"]).status).toBe(1);
  });

  it("--help prints the option list on stdout", () => {
    const r = luac(["--help"]);
    expect(r.status).toBe(0);
    expect(r.out.startsWith(USAGE_HEAD)).toBe(true);
    expect(r.out).toContain("--format nodemcu|standard");
  });

  it("reports files it cannot read", () => {
    expect(luac(["nope.lua"])).toMatchObject({
      status: 1,
      err: "nodemcu-emu luac: cannot open nope.lua: No such file or directory\n",
    });
    expect(luac(["dir"], { "dir/": "" }).err).toBe("nodemcu-emu luac: cannot read dir: Is a directory\n");
  });

  it("reports syntax errors and writes nothing", () => {
    const r = luac(["ok.lua", "bad.lua"], { "ok.lua": A_LUA, "bad.lua": "x = = 1\n" });
    expect(r).toMatchObject({
      status: 1,
      out: "",
      err: "nodemcu-emu luac: bad.lua:1: unexpected symbol near '='\n",
    });
    expect(r.files.has("luac.out")).toBe(false);
  });

  it("reports an output file it cannot open", () => {
    expect(luac(["-o", "/readonly/x.lc", "a.lua"], { "a.lua": A_LUA }).err).toBe(
      "nodemcu-emu luac: cannot open /readonly/x.lc: Permission denied\n",
    );
  });

  it("refuses more input files than luac's stack check allows", () => {
    const names = Array.from({ length: 8000 }, (_, i) => `f${i}.lua`);
    expect(luac(names).err).toBe("nodemcu-emu luac: too many input files\n");
    expect(luac(names.slice(1)).err).toBe(
      "nodemcu-emu luac: cannot open f1.lua: No such file or directory\n",
    );
  });

  it("-p only parses; -l lists and still writes luac.out; -l alone lists luac.out", () => {
    const parsed = luac(["-p", "a.lua"], { "a.lua": A_LUA });
    expect(parsed).toMatchObject({ status: 0, out: "", err: "" });
    expect(parsed.files.has("luac.out")).toBe(false);

    const listed = luac(["-l", "a.lua"], { "a.lua": A_LUA });
    expect(listed.out).toMatch(/^\nmain <a\.lua:0,0> \(\d+ instructions, \d+ bytes at 0x[0-9a-f]+\)\n/);
    expect(listed.out).not.toContain("constants (");
    const lc = listed.files.get("luac.out")!;
    expect(lc).toBeDefined();

    const again = luac(["-l"], { "luac.out": lc });
    expect(again).toMatchObject({ status: 0, err: "" });
    expect(maskAddresses(again.out)).toBe(maskAddresses(listed.out));
    expect(luac(["-l", "-l", "a.lua"], { "a.lua": A_LUA }).out).toContain("constants (");
  });

  it("skips a first line starting with # and keeps line numbers", () => {
    const r = luac(["-l", "-p", "b.lua"], { "b.lua": B_LUA });
    expect(r.out).toContain('\t1\t[2]\tLOADK    \t0 -1\t; "b"\n');
  });

  it("reads stdin for -, named =stdin", () => {
    const r = luac(["-l", "-p", "-"], {}, "return 1\n");
    expect(r.out).toMatch(/^\nmain <stdin:0,0> /);
    expect(luac(["-p", "-"], {}, "return +").err).toBe(
      "nodemcu-emu luac: stdin:1: unexpected symbol near '+'\n",
    );
  });

  it("-- ends the options", () => {
    expect(luac(["-p", "--", "-l"], { "-l": "return 1" })).toMatchObject({ status: 0, out: "", err: "" });
  });

  it("writes NodeMCU chunks by default, standard ones with --format standard", () => {
    const files = { "a.lua": A_LUA };
    expect(hex(luac(["a.lua"], files).files.get("luac.out")).slice(0, 24)).toBe("1b4c75615100010404040800");
    const std = (...opts: string[]) =>
      hex(luac(["--format", "standard", ...opts, "-o", "x", "a.lua"], files).files.get("x")).slice(0, 24);
    expect(std()).toBe("1b4c75615100010408040800");
    expect(std("--size-t", "4")).toBe("1b4c75615100010404040800");
    expect(std("--endian", "big", "--size-t", "8")).toBe("1b4c75615100000408040800");
  });

  it("-o - writes the chunk to stdout", () => {
    const r = luac(["-s", "-o", "-", "a.lua"], { "a.lua": A_LUA });
    expect(hex(Buffer.from(r.out, "latin1")).slice(0, 8)).toBe("1b4c7561");
    expect(r.files.size).toBe(1);
  });
});

describe.skipIf(!haveLuac51)("luac compared with luac5.1", () => {
  const dir = mkdtempSync(join(tmpdir(), "luac-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    "a.lua": A_LUA,
    "b.lua": B_LUA,
    "c.lua": "local function f(...) return select('#', ...) end\nreturn f(1, nil, 3)\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, "latin1");
  const names = Object.keys(files);

  it("lists several files combined into one main", () => {
    const ref = luac51(["-l", "-l", "-p", ...names], { cwd: dir });
    const ours = luac(["--format", "standard", "-l", "-l", "-p", ...names], files);
    expect(maskAddresses(ours.out)).toBe(maskAddresses(ref.stdout));
  });

  it.each([[[]], [["-s"]]])("writes the same standard chunk for several files (%j)", (opts: string[]) => {
    luac51([...opts, "-o", "ref.out", ...names], { cwd: dir });
    const ours = luac(["--format", "standard", ...opts, ...names], files);
    expect(hex(ours.files.get("luac.out"))).toBe(hex(readFileSync(join(dir, "ref.out"))));
  });

  it("lists a precompiled chunk, also behind a #! line", () => {
    luac51(["-o", "pre.out", "c.lua"], { cwd: dir });
    const chunk = readFileSync(join(dir, "pre.out"));
    const ref = luac51(["-l", "-l", "pre.out"], { cwd: dir });
    const withHashLine = Buffer.concat([Buffer.from("#!/usr/bin/lua\n"), chunk]);
    for (const input of [chunk, withHashLine]) {
      const ours = luac(["-l", "-l", "pre.out"], { "pre.out": input });
      expect(ours.err).toBe("");
      expect(maskAddresses(ours.out)).toBe(maskAddresses(ref.stdout));
    }
  });

  it.each([
    [["-x"], {}],
    [["-o"], {}],
    [[], {}],
    [["missing.lua"], {}],
    [["-p", "bad.lua"], { "bad.lua": "local x = 1 +\n" }],
    [["-l", "hdr.out"], { "hdr.out": "\x1bLua\x52\0\x01\x04\x08\x04\x08\0" }],
    [["-l", "short.out"], { "short.out": "#!x\n\x1bLua\x51\0\x01\x04\x08\x04\x08\0\0\0" }],
  ])("prints the same error for %j", (argv: string[], extra: Record<string, string>) => {
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text, "latin1");
    const ref = luac51(argv, { cwd: dir });
    const ours = luac(argv, extra);
    expect(ours.status).toBe(ref.status);
    // Ours adds its own options at the end of the usage text.
    expect(ours.err.startsWith(ref.stderr.replaceAll(PROGNAME, "nodemcu-emu luac"))).toBe(true);
  });
});
