// `nodemcu-emu run` without a terminal: a scripted session on a host folder as the flash.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { memoryIO } from "../test-support/memory-io.js";
import { parseDuration, parseRunArgs, runDevice } from "./run.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), "nodemcu-run-"));
  dirs.push(d);
  for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v, "latin1");
  return d;
}

async function run(args: string[], stdin: string): Promise<{ out: string; err: string; code: number }> {
  const io = memoryIO({}, stdin);
  const code = await runDevice(args, io);
  return { out: io.out(), err: io.err(), code };
}

const SESSION = "=1+1\nfor i = 1, 2 do\nprint(i)\nend\nfoo()\nnode.restart()\n=node.bootreason()\n";

describe("nodemcu-emu run", () => {
  it("types stdin at the prompt, a line when the board is idle, the same way every time", async () => {
    const dir = folder({ "init.lua": "print('init')" });
    const a = await run([dir, "--virtual-time", "--for", "10s"], SESSION);
    const b = await run([dir, "--virtual-time", "--for", "10s"], SESSION);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).toContain(
      "init\r\n> =1+1\r\n2\r\n> for i = 1, 2 do\r\n>> print(i)\r\n>> end\r\n1\r\n2\r\n> foo()\r\n",
    );
    expect(a.out).toContain("Lua error: \tstdin:1: attempt to call global 'foo' (a nil value)\r\n");
    expect(a.out.match(/powered by Lua 5\.1\.4/g)).toHaveLength(2);
    expect(a.out.endsWith("> =node.bootreason()\r\n2\t4\r\n> ")).toBe(true);
  });

  it("keeps what the app writes in the folder, formats a folder that is not there", async () => {
    const dir = join(folder(), "fresh");
    const first = await run([dir, "--virtual-time"], "file.putcontents('x.txt', 'kept')\n");
    expect(first.out).toMatch(/^Formatting file system/);
    expect(readFileSync(join(dir, "x.txt"), "latin1")).toBe("kept");
    const second = await run([dir, "--virtual-time"], "=file.getcontents('x.txt')\n");
    expect(second.out).not.toContain("Formatting");
    expect(second.out).toContain("\r\nkept\r\n> ");
  });

  it("checks its options", async () => {
    expect(parseDuration("90s")).toBe(90e6);
    expect(parseDuration("1.5m")).toBe(90e6);
    expect(parseDuration("250")).toBe(250e3);
    expect(parseRunArgs(["--for", "soon"])).toMatch(/--for needs a duration/);
    expect(parseRunArgs(["--modules", "node,wifi2"])).toMatch(/unknown module\(s\): wifi2/);
    expect(parseRunArgs(["a", "b"])).toBe("unknown option 'b'");
    expect(parseRunArgs(["--forward", "80:8080", "--forward", "23:2323"])).toMatchObject({
      forward: { 80: 8080, 23: 2323 },
    });
    expect(parseRunArgs(["--forward", "80"])).toMatch(/--forward wants DEVICEPORT:HOSTPORT/);
    const r = await run(["--heap", "12"], "");
    expect(r.code).toBe(1);
    expect(r.err).toContain("--heap needs a number of bytes");
  });

  it("stops when stdin has ended and nothing is scheduled, or at --for with timers running", async () => {
    const idle = await run([folder(), "--virtual-time"], "");
    expect(idle.out.endsWith("> ")).toBe(true);
    const dir = folder({
      "init.lua": "n = 0 tmr.create():alarm(1000, tmr.ALARM_AUTO, function() n = n + 1 end)",
    });
    const timed = await run([dir, "--virtual-time", "--for", "1h"], "");
    expect(timed.code).toBe(0);
  });
});
