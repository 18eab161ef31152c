// Library specs made of Lua snippets, each run in-process and by lua5.1 (all of them in one lua5.1
// process, each as its own chunk), whose printed output, error messages included, must be the
// same. The core snippets also carry golden output (from lua5.1), so that they are checked where
// lua5.1 is not installed; with it, the goldens must still agree with it.

import { beforeAll, describe, expect, it } from "vitest";
import { newState, runChunk } from "../lua/runtime.js";
import { LUA51, NO_LUA51, runLua51Script } from "./lua51.js";

export interface Snippet {
  name: string;
  code: string;
  /** Checked against the golden output too. */
  core?: boolean;
}

export interface SnippetSuite {
  /** What the specs are about, e.g. "math library". */
  subject: string;
  cases: readonly Snippet[];
  /** Lua put before every snippet (one line, so that line numbers stay readable). */
  prelude: string;
  /** Lua that lua5.1 runs between two snippets, to give each the state a fresh one starts in. */
  between?: string;
  /** The recorded output of the core snippets, by name. */
  golden: Readonly<Record<string, string>>;
  /** The environment variable that has lua5.1's output of the core snippets printed afresh. */
  goldenVariable: string;
}

/** Output of a snippet run in-process in a fresh state (a top-level error is printed as lua5.1's side prints it). */
function runSnippet(prelude: string, s: Snippet): string {
  let out = "";
  const L = newState({
    write: (text) => {
      out += text;
    },
  });
  const err = runChunk(L, prelude + s.code, `=${s.name}`);
  if (err !== undefined) out += `error: ${typeof err.value === "string" ? err.value : String(err.value)}\n`;
  return out;
}

const SEPARATOR = "\x01end of case\x01";

/** A Lua long string holding s. */
function longString(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[\n${s}]${eq}]`;
}

/** Runs every snippet in one lua5.1 process; each one's output by name. */
function runSnippetsLua51(
  prelude: string,
  snippets: readonly Snippet[],
  between?: string,
): Map<string, string> {
  const list = snippets
    .map((s) => `{${JSON.stringify(s.name)}, ${longString(prelude + s.code)}}`)
    .join(",\n");
  const reset = between === undefined ? "" : `  if i > 1 then ${between} end\n`;
  const script = `local cases = {\n${list}\n}
for i, c in ipairs(cases) do
${reset}  local f, e = loadstring(c[2], "=" .. c[1])
  if f then
    local ok
    ok, e = pcall(f)
    if ok then e = nil end
  end
  if e ~= nil then print("error: " .. tostring(e)) end
  io.write("\\1end of case\\1\\n")
end
`;
  const outputs = runLua51Script(script).split(`${SEPARATOR}\n`);
  outputs.pop();
  if (outputs.length !== snippets.length)
    throw new Error(`lua5.1 ran ${outputs.length} of ${snippets.length} cases`);
  return new Map(snippets.map((s, i) => [s.name, outputs[i]!]));
}

/**
 * The specs of a suite: every snippet against lua5.1 (skipped without it), and the core ones
 * against the golden output, which must still be lua5.1's.
 */
export function describeSnippets(suite: SnippetSuite): void {
  const { subject, cases, prelude, golden } = suite;
  const core = cases.filter((s) => s.core);
  let fromLua: Map<string, string> | undefined;

  beforeAll(() => {
    if (LUA51 === undefined) return;
    fromLua = runSnippetsLua51(prelude, cases, suite.between);
    if (process.env[suite.goldenVariable]) {
      console.log(
        JSON.stringify(Object.fromEntries(core.map((s) => [s.name, fromLua!.get(s.name)])), null, 2),
      );
    }
  }, 30_000);

  const skipReason = LUA51 === undefined ? ` [skipped: ${NO_LUA51}]` : "";

  describe(`${subject} against lua5.1${skipReason}`, () => {
    for (const s of cases) {
      it.skipIf(LUA51 === undefined)(s.name, () => {
        expect(runSnippet(prelude, s)).toBe(fromLua!.get(s.name));
      });
    }
  });

  describe(`${subject} golden output (lua5.1's, recorded)`, () => {
    for (const s of core) {
      it(s.name, () => {
        expect(golden[s.name], `no golden output for ${s.name}`).toBeDefined();
        expect(runSnippet(prelude, s)).toBe(golden[s.name]);
      });
    }
    it.skipIf(LUA51 === undefined)(`is still lua5.1's${skipReason}`, () => {
      expect(Object.keys(golden).sort()).toEqual(core.map((s) => s.name).sort());
      for (const s of core) expect(golden[s.name], s.name).toBe(fromLua!.get(s.name));
    });
  });
}
