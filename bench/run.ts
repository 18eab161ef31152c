// Runs the benchmarks: all of them, or those named on the command line.
// `npm run bench`, `npm run bench -- compile`, `npm run bench -- --list`.

import type { Benchmark } from "./bench.js";
import { compileBenchmark } from "./compile.js";
import { firmwareBenchmark } from "./firmware.js";
import { interpreterBenchmark } from "./interpreter.js";
import { memoryBenchmark } from "./memory.js";
import { networkBenchmark } from "./network.js";

const BENCHMARKS: Benchmark[] = [
  compileBenchmark,
  interpreterBenchmark,
  memoryBenchmark,
  firmwareBenchmark,
  networkBenchmark,
];

async function main(args: string[]): Promise<number> {
  if (args.includes("--list") || args.includes("--help")) {
    for (const b of BENCHMARKS) console.log(`${b.name.padEnd(12)} ${b.description}`);
    return 0;
  }
  const chosen = args.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => args.includes(b.name));
  const unknown = args.filter((a) => !BENCHMARKS.some((b) => b.name === a));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(", ")} (try --list)`);
    return 1;
  }
  for (const b of chosen) await b.run();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
