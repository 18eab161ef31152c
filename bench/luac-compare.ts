// Acceptance check of the compiler against luac5.1 on real code: every .lua file under the given
// directories is compiled by luac5.1 (unstripped and -s) and by compile() + dump(STANDARD_64),
// and the chunks must be identical; for files luac5.1 rejects, the error messages must agree.
//
//   node dist/bench/luac-compare.js [--jobs N] [--luac CMD] [--details N] [--mutations N] DIR...
//
// Chunk names are the paths relative to each DIR (luac5.1 runs with DIR as its working
// directory). With --mutations N, each file luac5.1 accepts is also checked in 2N damaged
// variants (cut off at N evenly spaced bytes, and with one of N evenly spaced lines deleted),
// which exercises the error messages. Exits with status 1 when anything differs.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { STANDARD_64 } from "../src/lua/chunk-format.js";
import { compile, LuaSyntaxError } from "../src/lua/compile.js";
import { dump } from "../src/lua/dump.js";
import { loadfileText } from "../src/lua/loadfile.js";
import type { Proto } from "../src/lua/proto.js";
import { describeChunkDiff, firstDifference } from "../src/lua/testdata/chunk-diff.js";
import { LUAC51, mapPool, runLuac51 } from "../src/test-support/luac51.js";
import { errorText } from "../src/test-support/text.js";

interface Options {
  dirs: string[];
  jobs: number;
  luac: string | undefined;
  details: number;
  mutations: number;
}

function parseArgs(argv: string[]): Options | string {
  const o: Options = {
    dirs: [],
    jobs: Math.max(2, availableParallelism() * 2),
    luac: undefined,
    details: 20,
    mutations: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--jobs") o.jobs = Number(value());
    else if (a === "--luac") o.luac = value();
    else if (a === "--details") o.details = Number(value());
    else if (a === "--mutations") o.mutations = Number(value());
    else if (a === "--help" || a === "-h") return "usage";
    else if (a.startsWith("--")) return `unknown option ${a}`;
    else o.dirs.push(a);
  }
  if (o.dirs.length === 0) return "usage";
  if (!(o.jobs >= 1)) return "--jobs must be a positive number";
  if (!(o.mutations >= 0)) return "--mutations must be a number";
  return o;
}

function luaFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) =>
      x.name < y.name ? -1 : 1,
    )) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".lua") && (entry.isFile() || statSync(p).isFile()))
        out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

type Outcome =
  | { kind: "binary" }
  | { kind: "identical" }
  | { kind: "mismatch"; unstripped: string | undefined; stripped: string | undefined; offset: number }
  | { kind: "compileError"; message: string }
  | { kind: "rejectedAgree" }
  | { kind: "rejectedDisagree"; luac: string; ours: string };

async function compareOne(luac: string, root: string, file: string): Promise<Outcome> {
  const bytes = readFileSync(join(root, file)).toString("latin1");
  if (loadfileText(bytes, true).startsWith("\x1b")) return { kind: "binary" };
  const chunkName = `@${file}`;
  const full = await runLuac51(luac, root, file, false);
  let proto: Proto | undefined;
  let error: unknown;
  try {
    proto = compile(loadfileText(bytes, true), chunkName);
  } catch (e) {
    error = e;
  }
  if (!full.ok) {
    const ours = proto
      ? "(compiled without error)"
      : error instanceof LuaSyntaxError
        ? error.message
        : `(threw ${errorText(error)})`;
    return ours === full.message
      ? { kind: "rejectedAgree" }
      : { kind: "rejectedDisagree", luac: full.message, ours };
  }
  if (!proto) return { kind: "compileError", message: errorText(error) };
  const stripped = await runLuac51(luac, root, file, true);
  if (!stripped.ok) return { kind: "compileError", message: `luac5.1 -s failed: ${stripped.message}` };
  const diffOf = (expected: Uint8Array, strip: boolean): { text: string | undefined; offset: number } => {
    let actual: Uint8Array;
    try {
      actual = dump(proto, STANDARD_64, strip);
    } catch (e) {
      return { text: `dump() threw ${errorText(e)}`, offset: 0 };
    }
    return { text: describeChunkDiff(expected, actual), offset: firstDifference(expected, actual) };
  };
  const u = diffOf(full.bytes, false);
  const s = diffOf(stripped.bytes, true);
  if (!u.text && !s.text) return { kind: "identical" };
  return { kind: "mismatch", unstripped: u.text, stripped: s.text, offset: u.text ? u.offset : s.offset };
}

interface Item {
  root: string;
  file: string;
  /** What the item is, in reports: the file's path, or a description of the variant. */
  label: string;
}

const run = (luac: string, items: Item[], jobs: number): Promise<Outcome[]> =>
  mapPool(items, jobs, (w) =>
    compareOne(luac, w.root, w.file).catch(
      (e): Outcome => ({ kind: "compileError", message: `harness: ${errorText(e)}` }),
    ),
  );

/** Prints the counts and the problems; returns the number of problems. */
function report(title: string, items: Item[], outcomes: Outcome[], details: number): number {
  const count = (k: Outcome["kind"]): number => outcomes.filter((o) => o.kind === k).length;
  const binary = count("binary");
  const accepted = count("identical") + count("mismatch") + count("compileError");
  const rejected = count("rejectedAgree") + count("rejectedDisagree");
  const sameU = outcomes.filter(
    (o) => o.kind === "identical" || (o.kind === "mismatch" && !o.unstripped),
  ).length;
  const sameS = outcomes.filter(
    (o) => o.kind === "identical" || (o.kind === "mismatch" && !o.stripped),
  ).length;
  const line = (label: string, n: number | string): void => console.log(`${label.padEnd(30)}${n}`);
  line(`${title}:`, `${items.length}${binary ? ` (${binary} precompiled, skipped)` : ""}`);
  line("accepted by luac5.1:", accepted);
  line("  identical unstripped:", sameU);
  line("  identical stripped:", sameS);
  line("  mismatches:", count("mismatch"));
  line("  rejected by compile():", count("compileError"));
  line("rejected by luac5.1:", rejected);
  line("  same error message:", count("rejectedAgree"));
  line("  different message:", count("rejectedDisagree"));
  let shown = 0;
  outcomes.forEach((o, i) => {
    const label = items[i]!.label;
    if (o.kind === "mismatch") {
      const which = [o.unstripped ? "unstripped" : "", o.stripped ? "stripped" : ""]
        .filter(Boolean)
        .join("+");
      console.log(`\nMISMATCH ${label} (${which}, first differing byte ${o.offset})`);
      if (shown++ < details) console.log(o.unstripped ?? o.stripped);
    } else if (o.kind === "compileError") {
      console.log(`\nCOMPILE ERROR ${label}: luac5.1 accepts it, compile() says ${o.message}`);
    } else if (o.kind === "rejectedDisagree") {
      console.log(`\nMESSAGE ${label}\n  luac5.1:   ${o.luac}\n  compile(): ${o.ours}`);
    }
  });
  console.log("");
  return count("mismatch") + count("compileError") + count("rejectedDisagree");
}

/** Damaged copies of a source: cut off at `n` evenly spaced bytes, and with one of `n` lines deleted. */
function mutate(source: string, n: number): { what: string; source: string }[] {
  const out: { what: string; source: string }[] = [];
  for (let i = 1; i <= n; i++) {
    const at = Math.floor((source.length * i) / (n + 1));
    out.push({ what: `cut at byte ${at}`, source: source.slice(0, at) });
  }
  const lines = source.split("\n");
  for (let i = 1; i <= n && lines.length > 1; i++) {
    const drop = Math.floor(((lines.length - 1) * i) / (n + 1));
    out.push({ what: `line ${drop + 1} deleted`, source: lines.filter((_, j) => j !== drop).join("\n") });
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === "string") {
    if (parsed !== "usage") console.error(parsed);
    console.error("usage: luac-compare [--jobs N] [--luac CMD] [--details N] [--mutations N] DIR...");
    return 2;
  }
  const luac = parsed.luac ?? LUAC51;
  if (!luac) {
    console.error("luac5.1 not found: install it (Debian package lua5.1) or pass --luac CMD");
    return 2;
  }
  const started = Date.now();
  const items: Item[] = [];
  for (const d of parsed.dirs) {
    const root = resolve(d);
    for (const file of luaFiles(root)) items.push({ root, file, label: join(root, file) });
  }
  const outcomes = await run(luac, items, parsed.jobs);
  let problems = report("files", items, outcomes, parsed.details);
  if (parsed.mutations > 0) {
    const tmp = mkdtempSync(join(tmpdir(), "luac-compare-"));
    try {
      const variants: Item[] = [];
      items.forEach((it, i) => {
        const o = outcomes[i]!;
        if (o.kind === "binary" || o.kind === "rejectedAgree" || o.kind === "rejectedDisagree") return;
        const source = readFileSync(join(it.root, it.file)).toString("latin1");
        for (const m of mutate(source, parsed.mutations)) {
          const root = join(tmp, String(variants.length));
          mkdirSync(dirname(join(root, it.file)), { recursive: true });
          writeFileSync(join(root, it.file), Buffer.from(m.source, "latin1"));
          variants.push({ root, file: it.file, label: `${it.label} (${m.what})` });
        }
      });
      problems += report(
        "damaged variants",
        variants,
        await run(luac, variants, parsed.jobs),
        parsed.details,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return problems > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
