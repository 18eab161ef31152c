// Runs the reference compiler, Debian's luac5.1 (PUC-Rio Lua 5.1.5, 64-bit: size_t 8, little
// endian), for specs that compare against it. Specs skip when it is not installed.

import { spawnSync } from "node:child_process";

export const LUAC51 = "/usr/bin/luac5.1";

function present(): boolean {
  const r = spawnSync(LUAC51, ["-v"]);
  return r.status === 0;
}

export const haveLuac51 = present();

export interface RunResult {
  status: number;
  /** Byte strings. */
  stdout: string;
  stderr: string;
}

/** Messages name the program by its argv[0], which is given here as PROGNAME. */
export const PROGNAME = "LUAC";

export function luac51(args: string[], options: { cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(LUAC51, args, {
    argv0: PROGNAME,
    cwd: options.cwd,
    input: options.input === undefined ? undefined : Buffer.from(options.input, "latin1"),
    maxBuffer: 1 << 28,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout.toString("latin1"), stderr: r.stderr.toString("latin1") };
}

/** Replaces print.c's %p addresses, which differ from run to run. */
export const maskAddresses = (s: string): string => s.replace(/0x[0-9a-f]+/g, "0x?");
