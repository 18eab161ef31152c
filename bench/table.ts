// Table operation throughput: LuaTable get/set with string and integer keys, growth, traversal
// and creation. Run after a build with `node dist/bench/table.js`.

import { pathToFileURL } from "node:url";
import { LuaTable, stringHash } from "../src/lua/table.js";
import type { LuaValue } from "../src/lua/value.js";
import { type Benchmark, median, timeRuns } from "./bench.js";

const REPS = 7;
const N = 10_000_000;

let sink: LuaValue;

function report(name: string, ops: number, fn: () => void): void {
  const ms = median(timeRuns(REPS, 2, fn));
  const mops = ops / 1e6 / (ms / 1e3);
  console.log(`  ${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${mops.toFixed(1).padStart(7)} M ops/s`);
}

export const tableBenchmark: Benchmark = {
  name: "table",
  description: "LuaTable get/set (string and integer keys), growth, next, creation",
  run() {
    console.log(`table: median of ${REPS} runs`);
    const names: string[] = [];
    for (let i = 0; i < 16; i++) names.push(`field${i}`);
    const hashes = names.map(stringHash);
    const obj = new LuaTable();
    names.forEach((s, i) => {
      obj.setStr(s, i);
    });

    report("getStr, hash given (16 keys)", N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        const j = i & 15;
        acc += obj.getStr(names[j]!, hashes[j]!) as number;
      }
      sink = acc;
    });
    report("setStr, hash given (16 keys)", N, () => {
      for (let i = 0; i < N; i++) {
        const j = i & 15;
        obj.setStr(names[j]!, i, hashes[j]!);
      }
    });
    report("get(string), hash looked up (16 keys)", N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += obj.get(names[i & 15]!) as number;
      sink = acc;
    });
    report("set(string, v), hash looked up (16 keys)", N, () => {
      for (let i = 0; i < N; i++) obj.set(names[i & 15]!, i);
    });

    const arr = new LuaTable();
    for (let i = 1; i <= 1024; i++) arr.setInt(i, i);
    report("getInt, array part (1024)", N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += arr.getInt((i & 1023) + 1) as number;
      sink = acc;
    });
    report("setInt, array part (1024)", N, () => {
      for (let i = 0; i < N; i++) arr.setInt((i & 1023) + 1, i);
    });
    report("get(number), array part (1024)", N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += arr.get((i & 1023) + 1) as number;
      sink = acc;
    });

    const sparse = new LuaTable();
    for (let i = 0; i < 1024; i++) sparse.setInt(i * 7919 + 100000, i);
    report("getInt, hash part (1024 sparse keys)", N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += sparse.getInt((i & 1023) * 7919 + 100000) as number;
      sink = acc;
    });
    report("setInt, hash part (1024 sparse keys)", N, () => {
      for (let i = 0; i < N; i++) sparse.setInt((i & 1023) * 7919 + 100000, i);
    });

    const M = 1_000_000;
    report("t[#t+1] = i, 0 to 1M", M, () => {
      const t = new LuaTable();
      for (let i = 0; i < M; i++) t.setInt(t.length() + 1, i);
      sink = t;
    });
    const keys: string[] = [];
    for (let i = 0; i < 100_000; i++) keys.push(`key${i}`);
    report("t[s] = i, 100k new string keys", keys.length, () => {
      const t = new LuaTable();
      for (let i = 0; i < keys.length; i++) t.set(keys[i]!, i);
      sink = t;
    });
    const big = new LuaTable();
    for (let i = 0; i < keys.length; i++) big.set(keys[i]!, i);
    report("next(t, k) over 100k string keys", keys.length, () => {
      let k: LuaValue;
      let n = 0;
      for (let p = big.nextIndex(big.findIndex(k)); p >= 0; p = big.nextIndex(big.findIndex(k))) {
        k = big.keyAt(p);
        n++;
      }
      sink = n;
    });
    const left = stringHash("left");
    const right = stringHash("right");
    report("new LuaTable(0, 2) + 2 setStr (tree nodes)", 1_000_000, () => {
      let t: LuaTable | undefined;
      for (let i = 0; i < 1_000_000; i++) {
        const n = new LuaTable(0, 2);
        n.setStr("left", t, left);
        n.setStr("right", i, right);
        t = i % 64 === 0 ? undefined : n;
      }
      sink = t;
    });
    if (sink === null) console.log(sink);
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) tableBenchmark.run();
