// --trace's leak detector: a table that keeps growing while the app runs (the registry holding
// callback references nobody releases, globals created by mistake) is what runs a board out of
// memory after hours. Sampled every few tasks; a warning when a table has set a new record size
// in each of the last few samples.

import type { LuaTable } from "../lua/table.js";

const SAMPLE_EVERY = 10;
const RISES = 5;

export class GrowthWatch {
  private tasks = 0;
  private readonly record = new Map<string, { max: number; rises: number }>();

  /** Called after each task; returns warnings for tables that keep growing. */
  sample(tables: Record<string, LuaTable>): string[] {
    if (++this.tasks % SAMPLE_EVERY !== 0) return [];
    const out: string[] = [];
    for (const [name, t] of Object.entries(tables)) {
      let n = 0;
      for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) n++;
      const r = this.record.get(name) ?? { max: n, rises: 0 };
      if (n > r.max) {
        r.max = n;
        r.rises++;
        if (r.rises >= RISES) out.push(`${name} keeps growing: ${n} entries`);
      } else if (n < r.max) r.rises = 0;
      this.record.set(name, r);
    }
    return out;
  }
}
