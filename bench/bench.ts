// What a benchmark is, and the timing helpers they share.

export interface Benchmark {
  /** The name to run it by: `npm run bench -- <name>`. */
  name: string;
  /** One line for the list of benchmarks. */
  description: string;
  /** Runs the benchmark and prints its results. */
  run(): Promise<void> | void;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `fn` `reps` times (after `warmup` untimed runs); returns each run's milliseconds. */
export function timeRuns(reps: number, warmup: number, fn: () => void): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

/** Throughput in MB/s (10^6 bytes per second). */
export const mbPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1e3);
