// Differential tests of the compiler against PUC-Rio luac 5.1: every corpus file must compile to
// the same bytes, stripped and unstripped, and every limit or syntax-error case must give the
// same result (the same bytes, or the same message). With luac5.1 installed the expected output
// comes from running it (LUAC picks another binary); without it, from testdata/golden/
// (regenerate with testdata/make-golden.sh). DIFFERENTIAL_GOLDEN=1 uses the golden files even
// when luac5.1 is present.

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LUAC51 } from "../test-support/luac51.js";
import { errorText } from "../test-support/text.js";
import { STANDARD_64 } from "./chunk-format.js";
import { compile, LuaSyntaxError } from "./compile.js";
import { dump } from "./dump.js";
import { loadfileText } from "./loadfile.js";
import type { Proto } from "./proto.js";
import {
  caseDir,
  caseKey,
  corpusCases,
  type Expected,
  generatedCases,
  readGolden,
  runLuacOnCases,
  sameExpected,
  type TestCase,
  writeGenerated,
} from "./testdata/cases.js";
import { describeChunkDiff } from "./testdata/chunk-diff.js";

const testdata = join(dirname(fileURLToPath(import.meta.url)), "testdata");
const golden = join(testdata, "golden");
const cases: TestCase[] = [...corpusCases(testdata), ...generatedCases()];
const luac = process.env["DIFFERENTIAL_GOLDEN"] ? undefined : LUAC51;

let fromLuac: Map<string, Expected> | undefined;
let workDir: string | undefined;

beforeAll(async () => {
  if (!luac) return;
  workDir = mkdtempSync(join(tmpdir(), "luac-differential-"));
  writeGenerated(workDir, cases);
  const dir = workDir;
  fromLuac = await runLuacOnCases(
    luac,
    cases,
    (c) => caseDir(testdata, dir, c),
    Math.min(8, availableParallelism() * 2),
  );
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function expectedFor(c: TestCase): Expected {
  const e = fromLuac ? fromLuac.get(caseKey(c)) : readGolden(golden, c);
  if (!e) {
    throw new Error(
      `no expected output for ${caseKey(c)}: luac5.1 is not installed and there is no golden file ` +
        "(run src/lua/testdata/make-golden.sh where luac5.1 is installed)",
    );
  }
  return e;
}

function check(c: TestCase): void {
  const expected = expectedFor(c);
  const chunkName = `@${c.file}`;
  let proto: Proto | undefined;
  let error: unknown;
  try {
    proto = compile(loadfileText(c.source, true), chunkName);
  } catch (e) {
    error = e;
  }
  if (!expected.ok) {
    if (proto)
      throw new Error(`luac5.1 rejects ${c.file}:\n  ${expected.message}\nbut compile() accepted it`);
    if (!(error instanceof LuaSyntaxError)) {
      throw new Error(
        `compile() should throw LuaSyntaxError(${JSON.stringify(expected.message)}) but threw ${errorText(error)}\n${(error as Error)?.stack ?? ""}`,
      );
    }
    expect(error.message).toBe(expected.message);
    return;
  }
  if (!proto) {
    throw new Error(
      `luac5.1 compiles ${c.file} but compile() threw ${errorText(error)}\n${(error as Error)?.stack ?? ""}`,
    );
  }
  const problems: string[] = [];
  for (const strip of [false, true]) {
    const what = strip ? "stripped (luac5.1 -s)" : "unstripped";
    let actual: Uint8Array;
    try {
      actual = dump(proto, STANDARD_64, strip);
    } catch (e) {
      problems.push(`${what}: dump() threw ${errorText(e)}`);
      continue;
    }
    const diff = describeChunkDiff(strip ? expected.stripped : expected.unstripped, actual);
    if (diff) problems.push(`${what}: ${diff}`);
  }
  if (problems.length) throw new Error(`${c.file} differs from luac5.1:\n${problems.join("\n\n")}`);
}

for (const set of ["corpus", "limits", "syntax"] as const) {
  describe(`luac5.1 differential: ${set}`, () => {
    for (const c of cases.filter((x) => x.set === set)) {
      it(c.file, () => check(c));
    }
  });
}

describe("luac5.1 differential: golden files", () => {
  it.runIf(luac !== undefined)("agree with what luac5.1 produces", () => {
    const stale = cases.filter((c) => {
      const g = readGolden(golden, c);
      return !g || !sameExpected(g, fromLuac!.get(caseKey(c))!);
    });
    expect(stale.map(caseKey), "stale or missing golden files: run src/lua/testdata/make-golden.sh").toEqual(
      [],
    );
  });
});
