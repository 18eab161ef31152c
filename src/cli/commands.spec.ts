import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../test-support/memory-io.js";
import { runCli } from "./commands.js";

async function cli(argv: string[]) {
  const io = memoryIO();
  const status = await runCli(argv, io);
  return { status, out: io.out(), err: io.err() };
}

describe("nodemcu-emu", () => {
  it("--help lists the commands", async () => {
    const r = await cli(["--help"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^usage: nodemcu-emu <command>/);
    expect(r.out).toMatch(/\n {2}luac {5}compile Lua 5\.1/);
  });

  it("rejects a missing or unknown command", async () => {
    expect(await cli([])).toMatchObject({ status: 1, out: "" });
    const r = await cli(["frobnicate"]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^nodemcu-emu: unknown command 'frobnicate'\n/);
    expect((await cli(["toString"])).status).toBe(1);
  });

  it("dispatches to a command with the remaining arguments", async () => {
    expect(await cli(["luac", "-v"])).toMatchObject({
      status: 0,
      out: "Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio\n",
    });
  });

  // The built executable (npm ci builds it through `prepare`).
  const main = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
  it.skipIf(!existsSync(main))("runs as a program", () => {
    const r = spawnSync(process.execPath, [main, "luac", "-p", "-"], { input: "return 1 +" });
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toBe("nodemcu-emu luac: stdin:1: unexpected symbol near '<eof>'\n");
  });
});
