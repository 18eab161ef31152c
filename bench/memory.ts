// Heap accounting against a 32-bit Lua 5.1: bench/memory/objects.lua prints the bytes each kind
// of object costs under `nodemcu-emu lua`, next to Debian's i386 lua5.1 run under qemu when it
// is installed in /opt/lua32 (see shared/reference/lua51-reference-data.md), with the deviation.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Benchmark } from "./bench.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCRIPT = join(ROOT, "bench", "memory", "objects.lua");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const LUA32 = "/opt/lua32/root/usr/bin/lua5.1";

function figures(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of out.split("\n")) {
    const match = /^(.*?)\s+(-?[\d.]+)$/.exec(line);
    if (match) m.set(match[1]!, Number(match[2]));
  }
  return m;
}

export const memoryBenchmark: Benchmark = {
  name: "memory",
  description: "bytes per object after full collections, against 32-bit lua5.1 (qemu) when installed",
  run() {
    const ours = spawnSync(process.execPath, [CLI, "lua", SCRIPT], { encoding: "latin1" });
    if (ours.status !== 0) throw new Error(ours.stderr);
    const mine = figures(ours.stdout);
    let ref: Map<string, number> | undefined;
    if (existsSync(LUA32)) {
      const r = spawnSync("qemu-i386", ["-L", "/opt/lua32/root", LUA32, SCRIPT], { encoding: "latin1" });
      if (r.status === 0) ref = figures(r.stdout);
    }
    console.log(
      `memory: bytes per object (${ref ? "32-bit lua5.1 under qemu alongside" : "no 32-bit lua5.1 installed"})`,
    );
    for (const [name, v] of mine) {
      const r = ref?.get(name);
      const dev =
        r === undefined
          ? ""
          : `  32-bit ${r.toFixed(3).padStart(10)}  ${(((v - r) / r) * 100).toFixed(2).padStart(6)}%`;
      console.log(`  ${name.padEnd(32)} ${v.toFixed(3).padStart(10)}${dev}`);
    }
  },
};
