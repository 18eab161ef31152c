// The differential test cases (corpus files, generated limit cases, syntax-error snippets), what
// luac5.1 makes of each, and the golden files that record it for machines without luac5.1.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { type LuacResult, mapPool, runLuac51 } from "../../test-support/luac51.js";
import { limitCases } from "./limits.js";
import { SYNTAX_ERROR_CASES } from "./syntax-errors.js";

export type CaseSet = "corpus" | "limits" | "syntax";

export interface TestCase {
  set: CaseSet;
  /** File name, `x.lua`; the chunk name is `@x.lua`. */
  file: string;
  /** File contents as a byte string. */
  source: string;
}

/** What luac5.1 produced: both chunks, or the error message (without the program name). */
export type Expected =
  | { ok: true; unstripped: Uint8Array; stripped: Uint8Array }
  | { ok: false; message: string };

export const caseKey = (c: TestCase): string => `${c.set}/${c.file}`;

/** The hand-written corpus files in `testdata/corpus`, sorted by name. */
export function corpusCases(testdataDir: string): TestCase[] {
  const dir = join(testdataDir, "corpus");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".lua"))
    .sort()
    .map((file) => ({
      set: "corpus" as const,
      file,
      source: readFileSync(join(dir, file)).toString("latin1"),
    }));
}

/** The generated limit cases and the syntax-error snippets. */
export function generatedCases(): TestCase[] {
  return [
    ...limitCases().map((c) => ({ set: "limits" as const, file: `${c.name}.lua`, source: c.source })),
    ...SYNTAX_ERROR_CASES.map(([name, source]) => ({ set: "syntax" as const, file: `${name}.lua`, source })),
  ];
}

/**
 * The directory luac5.1 must run in for a case: the corpus directory for corpus files, else
 * `workDir/<set>`, where the generated files are written by `writeGenerated`.
 */
export function caseDir(testdataDir: string, workDir: string, c: TestCase): string {
  return c.set === "corpus" ? join(testdataDir, "corpus") : join(workDir, c.set);
}

export function writeGenerated(workDir: string, cases: readonly TestCase[]): void {
  for (const c of cases) {
    if (c.set === "corpus") continue;
    const dir = join(workDir, c.set);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, c.file), Buffer.from(c.source, "latin1"));
  }
}

/** Runs luac5.1 on every case (unstripped, then stripped if that worked), `jobs` at a time. */
export async function runLuacOnCases(
  luac: string,
  cases: readonly TestCase[],
  dirOf: (c: TestCase) => string,
  jobs: number,
): Promise<Map<string, Expected>> {
  const results = await mapPool(cases, jobs, async (c): Promise<Expected> => {
    const full: LuacResult = await runLuac51(luac, dirOf(c), c.file, false);
    if (!full.ok) return { ok: false, message: full.message };
    const stripped = await runLuac51(luac, dirOf(c), c.file, true);
    if (!stripped.ok)
      throw new Error(`luac5.1 -s rejects ${c.file} but luac5.1 accepts it: ${stripped.message}`);
    return { ok: true, unstripped: full.bytes, stripped: stripped.bytes };
  });
  return new Map(cases.map((c, i) => [caseKey(c), results[i]!]));
}

// Golden files: golden/<set>/<file>.out.gz and <file>.s.out.gz (unstripped and stripped chunks,
// gzip-compressed), or golden/<set>/<file>.err (the message and a newline, Latin-1).

const goldenBase = (goldenDir: string, c: TestCase): string => join(goldenDir, c.set, c.file);

export function readGolden(goldenDir: string, c: TestCase): Expected | undefined {
  const base = goldenBase(goldenDir, c);
  if (existsSync(`${base}.err`)) {
    return { ok: false, message: readFileSync(`${base}.err`).toString("latin1").replace(/\n$/, "") };
  }
  if (existsSync(`${base}.out.gz`) && existsSync(`${base}.s.out.gz`)) {
    return {
      ok: true,
      unstripped: new Uint8Array(gunzipSync(readFileSync(`${base}.out.gz`))),
      stripped: new Uint8Array(gunzipSync(readFileSync(`${base}.s.out.gz`))),
    };
  }
  return undefined;
}

export function clearGolden(goldenDir: string): void {
  rmSync(goldenDir, { recursive: true, force: true });
}

export function writeGolden(goldenDir: string, c: TestCase, e: Expected): void {
  const base = goldenBase(goldenDir, c);
  mkdirSync(join(goldenDir, c.set), { recursive: true });
  if (e.ok) {
    writeFileSync(`${base}.out.gz`, gzipSync(e.unstripped, { level: 9 }));
    writeFileSync(`${base}.s.out.gz`, gzipSync(e.stripped, { level: 9 }));
  } else {
    writeFileSync(`${base}.err`, Buffer.from(`${e.message}\n`, "latin1"));
  }
}

export function sameExpected(x: Expected, y: Expected): boolean {
  if (x.ok !== y.ok) return false;
  if (!x.ok || !y.ok) return !x.ok && !y.ok && x.message === y.message;
  return Buffer.from(x.unstripped).equals(y.unstripped) && Buffer.from(x.stripped).equals(y.stripped);
}
