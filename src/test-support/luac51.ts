// The reference compiler, PUC-Rio luac 5.1 (Debian's luac5.1: Lua 5.1.5, 64-bit, size_t 8, little
// endian, double numbers), for the specs, benchmarks and scripts that compare against it. The
// command is `luac5.1` from PATH, or what the LUAC environment variable names. Specs that need
// it are skipped when it cannot be run.

import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The luac5.1 command to use (LUAC overrides), or undefined when it cannot be run. */
export function findLuac(): string | undefined {
  const cmd = process.env["LUAC"] || "luac5.1";
  const r = spawnSync(cmd, ["-v"], { encoding: "latin1" });
  if (r.error || r.status !== 0 || !/Lua 5\.1/.test(`${r.stdout}${r.stderr}`)) return undefined;
  return cmd;
}

/** The luac5.1 command found when this module was loaded. */
export const LUAC51: string | undefined = findLuac();

export const haveLuac51: boolean = LUAC51 !== undefined;

/** Why specs that need luac5.1 are skipped. */
export const NO_LUAC51 = "luac5.1 is not installed (apt-get install lua5.1, or set LUAC to its path)";

/** `name`, and when `why` is given, that the test is skipped and why. */
export const skipNote = (name: string, why: string | undefined): string =>
  why === undefined ? name : `${name} [skipped: ${why}]`;

/** A test name that says why the test is skipped when luac5.1 is absent (use with it.skipIf(!haveLuac51)). */
export const withLuac51 = (name: string): string => skipNote(name, haveLuac51 ? undefined : NO_LUAC51);

/**
 * luac names itself in its messages by its argv[0], which is set to PROGNAME, so that the
 * messages do not depend on how the command was found.
 */
export const PROGNAME = "LUAC";

function command(compiler: string | undefined): string {
  const cmd = compiler ?? LUAC51;
  if (cmd === undefined) throw new Error(NO_LUAC51);
  return cmd;
}

export interface RunResult {
  status: number;
  /** Byte strings. */
  stdout: string;
  stderr: string;
}

/**
 * Runs luac5.1 (or `options.compiler`, a luac-compatible program) with `args` and waits for it;
 * `input` is a byte string for its stdin.
 */
export function luac51(
  args: readonly string[],
  options: { cwd?: string; input?: string; compiler?: string } = {},
): RunResult {
  const r = spawnSync(command(options.compiler), args, {
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

/**
 * Runs `luac5.1 [-s] -o <tmp> <file>` in `cwd`, so the chunk's source is `@<file>`, and returns
 * the chunk. `compiler` may name another luac-compatible program (e.g. NodeMCU's luac.cross).
 */
export function compileFile(file: string, cwd: string, strip: boolean, compiler?: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "luac51-"));
  try {
    const out = join(dir, "out.luac");
    const args = [...(strip ? ["-s"] : []), "-o", out, file];
    const r = luac51(args, { cwd, compiler });
    if (r.status !== 0) throw new Error(`${command(compiler)} ${args.join(" ")} failed: ${r.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles the byte string `source` as a file called `name` (so its chunk source is `@name`). */
export function compileSource(source: string, name: string, strip: boolean, compiler?: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "luac51-src-"));
  try {
    writeFileSync(join(dir, name), Buffer.from(source, "latin1"));
    return compileFile(name, dir, strip, compiler);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type LuacResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/**
 * Compiles `file` with the command `luac` (relative to `cwd`, so the chunk name is `@file`) without
 * waiting for it, and gives the chunk it writes, or its error message without the program name.
 */
export function runLuac51(luac: string, cwd: string, file: string, strip: boolean): Promise<LuacResult> {
  const args = strip ? ["-s", "-o", "-", file] : ["-o", "-", file];
  const options: SpawnOptions = { argv0: PROGNAME, cwd, stdio: ["ignore", "pipe", "pipe"] };
  return new Promise((resolve, reject) => {
    const child = spawn(luac, args, options);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        resolve({ ok: true, bytes: new Uint8Array(Buffer.concat(out)) });
        return;
      }
      let message = Buffer.concat(err).toString("latin1").replace(/\n$/, "");
      const prefix = `${PROGNAME}: `;
      if (message.startsWith(prefix)) message = message.slice(prefix.length);
      if (!message) {
        reject(new Error(`${luac} ${args.join(" ")} failed (exit ${code}) without a message`));
        return;
      }
      resolve({ ok: false, message });
    });
  });
}

/** Maps `fn` over `items` with at most `limit` calls running at once; keeps the order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
