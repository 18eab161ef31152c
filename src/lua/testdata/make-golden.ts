// Regenerates golden/ from luac5.1: see make-golden.sh.

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LUAC51, NO_LUAC51 } from "../../test-support/luac51.js";
import {
  caseDir,
  caseKey,
  clearGolden,
  corpusCases,
  generatedCases,
  runLuacOnCases,
  writeGenerated,
  writeGolden,
} from "./cases.js";

async function main(): Promise<number> {
  const testdata = resolve(process.argv[2] ?? ".");
  const luac = LUAC51;
  if (!luac) {
    console.error(NO_LUAC51);
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), "luac-golden-"));
  try {
    const cases = [...corpusCases(testdata), ...generatedCases()];
    writeGenerated(work, cases);
    const expected = await runLuacOnCases(
      luac,
      cases,
      (c) => caseDir(testdata, work, c),
      availableParallelism() * 2,
    );
    const golden = join(testdata, "golden");
    clearGolden(golden);
    let problems = 0;
    const counts = { accepted: 0, rejected: 0 };
    for (const c of cases) {
      const e = expected.get(caseKey(c))!;
      writeGolden(golden, c, e);
      counts[e.ok ? "accepted" : "rejected"]++;
      if (c.set === "corpus" && !e.ok) {
        console.error(`corpus file rejected: ${e.message}`);
        problems++;
      }
      if (c.set === "syntax" && e.ok) console.log(`note: syntax case accepted by luac5.1: ${c.file}`);
      if (process.env["VERBOSE"] && !e.ok) console.log(`${caseKey(c)}: ${e.message}`);
    }
    console.log(
      `${cases.length} cases: ${counts.accepted} compiled, ${counts.rejected} rejected; golden files in ${golden}`,
    );
    return problems ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
