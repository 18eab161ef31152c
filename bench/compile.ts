// Compile throughput: our compiler (+ dump) against luac5.1 on the same generated source.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STANDARD_64 } from "../src/lua/chunk-format.js";
import { compile } from "../src/lua/compile.js";
import { dump } from "../src/lua/dump.js";
import { firstDifference } from "../src/lua/testdata/chunk-diff.js";
import { LUAC51, luac51 } from "../src/test-support/luac51.js";
import { type Benchmark, mbPerSecond, median, timeRuns } from "./bench.js";
import { generateLua } from "./lua-gen.js";

const SOURCE_BYTES = 4_000_000;
const REPS = 5;

const fmt = (x: number, digits = 1) => x.toFixed(digits);

export const compileBenchmark: Benchmark = {
  name: "compile",
  description: `compile + dump ${SOURCE_BYTES / 1e6} MB of generated Lua, against luac5.1 -s`,
  run() {
    const source = generateLua(SOURCE_BYTES, 1);
    const size = source.length;
    const dir = mkdtempSync(join(tmpdir(), "bench-compile-"));
    try {
      const file = join(dir, "big.lua");
      writeFileSync(file, source, "latin1");
      console.log(`compile: ${fmt(size / 1e6, 2)} MB of generated Lua, ${REPS} runs each, median`);

      // Chunk name as luac gives it, so that the stripped outputs can be compared.
      let ours: Uint8Array = new Uint8Array(0);
      const oursMs = median(
        timeRuns(REPS, 1, () => {
          ours = dump(compile(source, `@${file}`), STANDARD_64, true);
        }),
      );
      console.log(
        `  nodemcu-emu compile+dump  ${fmt(oursMs).padStart(8)} ms  ${fmt(mbPerSecond(size, oursMs), 2).padStart(7)} MB/s`,
      );

      const luac = LUAC51;
      if (luac === undefined) {
        console.log("  luac5.1: not installed, no comparison");
        return;
      }
      let failed = "";
      const luacMs = median(
        timeRuns(REPS, 0, () => {
          const r = luac51(["-s", "-o", "/dev/null", file]);
          if (r.status !== 0) failed = r.stderr;
        }),
      );
      if (failed) {
        console.log(`  ${luac} failed: ${failed.trim()}`);
        return;
      }
      console.log(
        `  ${`${luac} -s`.padEnd(24)}  ${fmt(luacMs).padStart(8)} ms  ${fmt(mbPerSecond(size, luacMs), 2).padStart(7)} MB/s`,
      );
      console.log(`  ratio (our time / luac's): ${fmt(oursMs / luacMs, 2)}`);

      // One untimed run to check that the work compared is the same work.
      const ref = join(dir, "ref.out");
      luac51(["-s", "-o", ref, file]);
      const at = firstDifference(readFileSync(ref), ours);
      console.log(
        `  output identical to ${luac}'s: ${at < 0 ? "yes" : `NO (first difference at byte ${at})`}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
