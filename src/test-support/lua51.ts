// The reference interpreter, PUC-Rio lua 5.1 (Debian's lua5.1), for differential specs: it runs
// with argv[0] "lua" so that its messages read as ours do (`lua: x.lua:1: ...`). The command is
// `lua5.1` from PATH, or what the LUA environment variable names.

import { spawn, spawnSync } from "node:child_process";

/** The lua5.1 command (LUA overrides), or undefined when it cannot be run. */
function findLua(): string | undefined {
  const cmd = process.env["LUA"] || "lua5.1";
  const r = spawnSync(cmd, ["-v"], { encoding: "latin1" });
  if (r.error || r.status !== 0 || !/Lua 5\.1/.test(`${r.stdout}${r.stderr}`)) return undefined;
  return cmd;
}

export const LUA51: string | undefined = findLua();
export const haveLua51 = LUA51 !== undefined;
export const NO_LUA51 = "lua5.1 is not installed (apt-get install lua5.1, or set LUA to its path)";

export interface LuaRun {
  status: number;
  /** Byte strings. */
  stdout: string;
  stderr: string;
}

/** The environment lua5.1 runs in: PATH, TZ=UTC and `env`. */
const luaEnv = (env: Record<string, string>): Record<string, string> => ({
  PATH: process.env["PATH"] ?? "",
  TZ: "UTC",
  ...env,
});

/** Runs `lua5.1 args...` in cwd, with argv[0] "lua". */
export function runLua51(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<LuaRun> {
  const cmd = LUA51;
  if (cmd === undefined) return Promise.reject(new Error(NO_LUA51));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      argv0: "lua",
      env: luaEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000, // a program that never ends must not outlive the spec
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        status: code ?? -1,
        stdout: Buffer.concat(out).toString("latin1"),
        stderr: Buffer.concat(err).toString("latin1"),
      }),
    );
  });
}

/**
 * Runs a Lua program (a byte string) as `lua5.1 -`, from its standard input, and returns what it
 * wrote to stdout (a byte string); throws when lua5.1 cannot run or exits with an error.
 */
export function runLua51Script(script: string): string {
  const cmd = LUA51;
  if (cmd === undefined) throw new Error(NO_LUA51);
  const r = spawnSync(cmd, ["-"], {
    argv0: "lua",
    env: luaEnv({}),
    input: Buffer.from(script, "latin1"),
    maxBuffer: 1 << 28,
    timeout: 120_000,
    killSignal: "SIGKILL",
  });
  if (r.error || r.status !== 0) throw new Error(`${cmd} failed: ${r.error ?? r.stderr.toString("latin1")}`);
  return r.stdout.toString("latin1");
}

/** Replaces `%p` addresses, which differ between runs and implementations. */
export const maskPointers = (s: string): string => s.replace(/0x[0-9a-f]+/g, "0x?");
