// Running the reference compiler, luac5.1, and reading what it says.

import { spawn, spawnSync } from "node:child_process";

export type LuacResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** The luac5.1 command to use (LUAC overrides), or undefined when it cannot be run. */
export function findLuac(): string | undefined {
  const cmd = process.env["LUAC"] || "luac5.1";
  const r = spawnSync(cmd, ["-v"], { encoding: "latin1" });
  if (r.error || r.status !== 0 || !/Lua 5\.1/.test(`${r.stdout}${r.stderr}`)) return undefined;
  return cmd;
}

/**
 * Compiles `file` (relative to `cwd`, so the chunk name is `@file`) and returns the chunk luac5.1
 * writes, or its error message without the `luac5.1: ` prefix.
 */
export function runLuac(luac: string, cwd: string, file: string, strip: boolean): Promise<LuacResult> {
  const args = strip ? ["-s", "-o", "-", file] : ["-o", "-", file];
  return new Promise((resolve, reject) => {
    const child = spawn(luac, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("latin1");
      if (code === 0) {
        resolve({ ok: true, bytes: new Uint8Array(Buffer.concat(out)) });
        return;
      }
      let message = stderr.replace(/\n$/, "");
      const prefix = `${luac}: `;
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

/**
 * What luaL_loadfile hands the parser: a first line starting with '#' is dropped, but its
 * newline is kept so that line numbers stay right.
 */
export function loadfileSource(bytes: string): string {
  if (!bytes.startsWith("#")) return bytes;
  const nl = bytes.indexOf("\n");
  return nl < 0 ? "\n" : `\n${bytes.slice(nl + 1)}`;
}
