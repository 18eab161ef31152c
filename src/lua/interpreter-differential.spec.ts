// The interpreter against PUC-Rio lua5.1: every program in testdata/run runs under
// `nodemcu-emu lua` (in process) and under lua5.1, and stdout, stderr (pointers masked) and the
// exit status must be identical. Without lua5.1 the committed golden results are used; with it,
// a separate test fails when they are stale (UPDATE_GOLDEN=1 rewrites them).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runLua } from "../cli/lua.js";
import { haveLua51, type LuaRun, maskPointers, runLua51 } from "../test-support/lua51.js";
import { memoryIO } from "../test-support/memory-io.js";

const DIR = fileURLToPath(new URL("./testdata/run/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./testdata/run-golden.json", import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".lua"))
  .sort();

const normalize = (r: LuaRun): LuaRun => ({
  ...r,
  stdout: maskPointers(r.stdout),
  stderr: maskPointers(r.stderr),
});

async function ours(file: string): Promise<LuaRun> {
  const io = memoryIO();
  io.readFile = (path: string) => readFileSync(join(DIR, path));
  const status = await runLua([file], io);
  return normalize({ status, stdout: io.out(), stderr: io.err() });
}

const reference = new Map<string, LuaRun>();

beforeAll(async () => {
  if (haveLua51) {
    const runs = await Promise.all(FILES.map((f) => runLua51([f], DIR)));
    FILES.forEach((f, i) => {
      reference.set(f, normalize(runs[i]!));
    });
    if (process.env["UPDATE_GOLDEN"])
      writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(reference), null, 1)}\n`, "latin1");
  } else {
    const golden = JSON.parse(readFileSync(GOLDEN, "latin1")) as Record<string, LuaRun>;
    for (const [k, v] of Object.entries(golden)) reference.set(k, v);
  }
}, 120_000); // lua5.1 runs once per program, all at once

describe("nodemcu-emu lua against lua5.1", () => {
  it.each(FILES)("%s", async (file) => {
    const want = reference.get(file);
    expect(want, `no reference result for ${file}`).toBeDefined();
    expect(await ours(file)).toEqual(want);
  });

  it.skipIf(!haveLua51)("golden results are up to date", () => {
    const golden = JSON.parse(readFileSync(GOLDEN, "latin1")) as Record<string, LuaRun>;
    expect(golden).toEqual(Object.fromEntries(reference));
  });
});
