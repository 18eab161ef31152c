// The interpreter against lua5.1: each program of bench/lua runs under `nodemcu-emu lua` and
// under lua5.1, alternating, several times; the medians, their ratio, and the geometric mean
// of the ratios are printed, and the outputs of the two must agree.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Benchmark, median } from "./bench.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PROGRAMS = join(ROOT, "bench", "lua");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const REPS = 3;

/** Targets: at most this ratio per program (coroutine ping-pong has its own), and for the mean. */
const TARGET_MEAN = 1.5;

function timeCommand(cmd: string, args: string[]): { ms: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: PROGRAMS, encoding: "latin1", maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

export const interpreterBenchmark: Benchmark = {
  name: "interpreter",
  description: "Lua programs under nodemcu-emu lua and lua5.1, alternating; ratios and geometric mean",
  run() {
    const lua = spawnSync("lua5.1", ["-v"]).status === 0 ? "lua5.1" : undefined;
    const files = readdirSync(PROGRAMS)
      .filter((f) => f.endsWith(".lua"))
      .sort();
    console.log(`interpreter: ${files.length} programs, ${REPS} runs each, median wall time`);
    const ratios: number[] = [];
    for (const f of files) {
      const ours: number[] = [];
      const theirs: number[] = [];
      let same = true;
      for (let r = 0; r < REPS; r++) {
        const a = timeCommand(process.execPath, [CLI, "lua", f]);
        ours.push(a.ms);
        if (lua) {
          const b = timeCommand(lua, [f]);
          theirs.push(b.ms);
          same &&= a.out === b.out;
        }
      }
      const o = median(ours);
      if (!lua) {
        console.log(`  ${f.padEnd(18)} ${o.toFixed(0).padStart(7)} ms`);
        continue;
      }
      const t = median(theirs);
      ratios.push(o / t);
      console.log(
        `  ${f.padEnd(18)} ours ${o.toFixed(0).padStart(6)} ms  lua5.1 ${t.toFixed(0).padStart(6)} ms  ` +
          `ratio ${(o / t).toFixed(2).padStart(5)}${same ? "" : "  OUTPUT DIFFERS"}`,
      );
    }
    if (ratios.length > 0) {
      const gm = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
      console.log(`  geometric mean ratio ${gm.toFixed(2)} (target ${TARGET_MEAN})`);
    } else console.log("  lua5.1 not installed: no comparison");
  },
};
