// Golden NodeMCU `.lc` files: testdata/nodemcu/<name>.lc and <name>.s.lc were written by the
// firmware's host cross compiler (luac.cross; luac.cross.int for the integer build, `-s` for the
// stripped ones) from testdata/nodemcu/<name>.lua. luac.cross compiles with the firmware's
// default LUAI_OPTIMIZE_DEBUG 1, which drops local and upvalue names but keeps line info.
//
// Set LUAC_CROSS (and LUAC_CROSS_INT) to the compilers to check the files against them again.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFile, haveLuac51, skipNote, withLuac51 } from "../test-support/luac51.js";
import { allProtos } from "../test-support/protos.js";
import { type ChunkFormat, NODEMCU_FLOAT, NODEMCU_INT, STANDARD_64 } from "./chunk-format.js";
import { compile, NODEMCU_PARSE_OPTIONS } from "./compile.js";
import { dump, stripDebug } from "./dump.js";
import { encodePackedLineInfo, packedLineInfoOf } from "./packed-lineinfo.js";
import { undump, undumpChunk } from "./undump.js";
import { verifyProto } from "./verify.js";

const DIR = fileURLToPath(new URL("./testdata/nodemcu/", import.meta.url));
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(DIR + file));

interface Golden {
  name: string;
  lc: string;
  stripped: string;
  format: ChunkFormat;
  envCompiler: string;
  /** Whether the firmware's line info is what encodePackedLineInfo gives for the same lines. */
  canonical: boolean;
}

const GOLDEN: Golden[] = [
  {
    name: "hello",
    lc: "hello.lc",
    stripped: "hello.s.lc",
    format: NODEMCU_FLOAT,
    envCompiler: "LUAC_CROSS",
    canonical: true,
  },
  {
    name: "lines",
    lc: "lines.lc",
    stripped: "lines.s.lc",
    format: NODEMCU_FLOAT,
    envCompiler: "LUAC_CROSS",
    canonical: true,
  },
  {
    name: "fixline",
    lc: "fixline.lc",
    stripped: "fixline.s.lc",
    format: NODEMCU_FLOAT,
    envCompiler: "LUAC_CROSS",
    canonical: false,
  },
  {
    name: "integer",
    lc: "integer.int.lc",
    stripped: "integer.int.s.lc",
    format: NODEMCU_INT,
    envCompiler: "LUAC_CROSS_INT",
    canonical: true,
  },
];

describe.each(GOLDEN)("golden $name", (g) => {
  const lc = read(g.lc);
  const stripped = read(g.stripped);

  it("loads as NodeMCU, verifies, and dumps back byte for byte", () => {
    const r = undumpChunk(lc, `@${g.lc}`);
    expect(r.format).toEqual(g.format);
    expect(r.size).toBe(lc.length);
    expect(verifyProto(r.proto)).toBeUndefined();
    expect(r.proto.source).toBe(`@${g.name}.lua`);
    expect(dump(r.proto, g.format, false)).toEqual(lc);

    const s = undumpChunk(stripped, `@${g.stripped}`);
    expect(s.format).toEqual(g.format);
    expect(s.proto.source).toBe("=?");
    expect(dump(s.proto, g.format, true)).toEqual(stripped);
    // luac.cross -s writes exactly what dumping with strip writes for the unstripped file.
    expect(dump(r.proto, g.format, true)).toEqual(stripped);
  });

  it("survives a trip through the standard format", () => {
    const p = undump(lc, "golden", { flavour: "nodemcu" });
    const back = undump(dump(p, STANDARD_64, false), "std", { flavour: "standard" });
    expect(dump(back, g.format, true)).toEqual(stripped);
    if (g.canonical) {
      expect(dump(back, g.format, false)).toEqual(lc);
    } else {
      // Same lines, but lcode.c split an item that the canonical encoding merges.
      const fromFile = allProtos(p);
      const fromStd = allProtos(back);
      expect(fromStd.map((q) => Array.from(q.lineInfo))).toEqual(fromFile.map((q) => Array.from(q.lineInfo)));
      const differs = fromFile.filter((q) => {
        const firmware = packedLineInfoOf(q);
        const canonical = encodePackedLineInfo(q.lineInfo);
        return firmware.length !== canonical.length || firmware.some((b, i) => b !== canonical[i]);
      });
      expect(differs.length).toBeGreaterThan(0);
      expect(dump(back, g.format, false)).not.toEqual(lc);
    }
  });

  it("is what our compiler writes when it compiles as the firmware does", () => {
    const source = readFileSync(`${DIR}${g.name}.lua`).toString("latin1");
    const p = compile(source, `@${g.name}.lua`, NODEMCU_PARSE_OPTIONS);
    expect(dump(stripDebug(p, 1), g.format, false)).toEqual(lc);
    expect(dump(p, g.format, true)).toEqual(stripped);
  });

  it.skipIf(!haveLuac51)(withLuac51("matches luac5.1 output of the same source dumped as NodeMCU"), () => {
    // luac5.1 keeps local and upvalue names; luac.cross drops them at compile time.
    const full = undump(compileFile(`${g.name}.lua`, DIR, false), "luac5.1");
    const mine = dump(stripDebug(full, 1), g.format, false);
    if (g.canonical) expect(mine).toEqual(lc);
    else expect(mine.length).toBeLessThan(lc.length);
    const strippedChunk = undump(compileFile(`${g.name}.lua`, DIR, true), "luac5.1 -s");
    expect(dump(strippedChunk, g.format, true)).toEqual(stripped);
  });

  const compiler = process.env[g.envCompiler];
  const live = `is what $${g.envCompiler} writes`;
  it.skipIf(compiler === undefined)(
    skipNote(live, compiler === undefined ? `${g.envCompiler} not set` : undefined),
    () => {
      expect(compileFile(`${g.name}.lua`, DIR, false, compiler)).toEqual(lc);
      expect(compileFile(`${g.name}.lua`, DIR, true, compiler)).toEqual(stripped);
    },
  );
});
