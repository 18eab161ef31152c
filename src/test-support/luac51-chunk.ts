// Compiles Lua sources with Debian's luac5.1 (64-bit: size_t 8, little-endian, double) into
// chunk bytes, for specs that compare our dump and undump with it. Specs skip when it is absent.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const LUAC51_PATH = "/usr/bin/luac5.1";

export const haveLuac51: boolean = spawnSync(LUAC51_PATH, ["-v"]).status === 0;

export const NO_LUAC51 = `${LUAC51_PATH} is not installed (apt-get install lua5.1)`;

/** A test name that says why the test is skipped when luac5.1 is absent (use with it.skipIf(!haveLuac51)). */
export const withLuac51 = (name: string): string => (haveLuac51 ? name : `${name} [skipped: ${NO_LUAC51}]`);

/**
 * Runs `luac5.1 [-s] -o <tmp> <file>` in `cwd`, so the chunk's source is `@<file>`, and returns
 * the chunk. `compiler` may name another luac-compatible program (e.g. NodeMCU's luac.cross).
 */
export function compileFile(file: string, cwd: string, strip: boolean, compiler = LUAC51_PATH): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "luac51-"));
  try {
    const out = join(dir, "out.luac");
    const args = [...(strip ? ["-s"] : []), "-o", out, file];
    const r = spawnSync(compiler, args, { cwd });
    if (r.status !== 0)
      throw new Error(`${compiler} ${args.join(" ")} failed: ${r.stderr?.toString("latin1")}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles the byte string `source` as a file called `name` (so its chunk source is `@name`). */
export function compileSource(
  source: string,
  name: string,
  strip: boolean,
  compiler = LUAC51_PATH,
): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "luac51-src-"));
  try {
    writeFileSync(join(dir, name), Buffer.from(source, "latin1"));
    return compileFile(name, dir, strip, compiler);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
