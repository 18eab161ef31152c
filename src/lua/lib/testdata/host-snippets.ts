// Snippets of Lua run in one driver script, by lua5.1 (a real process in a fresh directory)
// and by a state of the host profile over an in-memory file system, for the io, os and debug
// library specs. Each snippet runs protected; its output (stdout and stderr, merged in order)
// is compared with lua5.1's, or with the committed golden output when lua5.1 is absent.

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../cli/io.js";
import { runLua } from "../../../cli/lua.js";
import { LUA51 } from "../../../test-support/lua51.js";
import type { SystemHost } from "../../runtime.js";
import { bytesString, HostError, inputStream, MemoryFileSystem, outputStream, stringBytes } from "../io.js";
import { type TimeZone, UTC_ZONE } from "../os.js";

export interface Snippet {
  name: string;
  code: string;
}

export interface SnippetOptions {
  /** Standard input of the whole driver (snippets that read it share it, in order). */
  stdin?: string;
  /** Environment variables (lua5.1 also gets PATH). */
  env?: Record<string, string>;
  /** TZ for lua5.1 and the matching zone for ours. */
  tz?: { name: string; zone: TimeZone };
}

/** A long-bracket level that does not occur in any snippet. */
function level(codes: string[]): string {
  let eq = "=";
  while (codes.some((c) => c.includes(`]${eq}]`) || c.includes(`[${eq}[`))) eq += "=";
  return eq;
}

/** The driver: each snippet loaded as chunk "=s" and run under pcall, after a marker line. */
export function driver(snippets: readonly Snippet[]): string {
  const eq = level(snippets.map((s) => s.code));
  const list = snippets.map((s) => `[${eq}[\n${s.code}]${eq}]`).join(",\n");
  return `io.stdout:setvbuf("no")
local S = {
${list}
}
for i = 1, #S do
  io.write("@@@snippet ", i, "\\n")
  local f, e = loadstring(S[i], "=s")
  if not f then print("syntax: " .. e)
  else
    local ok, e = pcall(f)
    if not ok then print("error: " .. tostring(e)) end
  end
  io.output(io.stdout)
  io.input(io.stdin)
end
`;
}

/** `%p` addresses ("table: 0x55...", "file (0x55...)"), which differ between runs and implementations. */
const maskPointers = (s: string): string => s.replace(/0x[0-9a-f]{8,}/g, "0x?");

/** Splits the driver's output by snippet. */
function split(out: string, snippets: readonly Snippet[]): Record<string, string> {
  const r: Record<string, string> = {};
  const parts = maskPointers(out).split(/@@@snippet (\d+)\n/);
  for (let i = 1; i + 1 < parts.length; i += 2) r[snippets[Number(parts[i]) - 1]!.name] = parts[i + 1]!;
  return r;
}

/** Runs the snippets under lua5.1 in a fresh directory; undefined when lua5.1 is absent. */
export function runReference(
  snippets: readonly Snippet[],
  opts: SnippetOptions = {},
): Record<string, string> | undefined {
  if (LUA51 === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "lua51-host-"));
  try {
    writeFileSync(join(dir, "driver.lua"), Buffer.from(driver(snippets), "latin1"));
    // stdout and stderr into one file (the driver makes stdout unbuffered), so that they
    // interleave as written
    const fd = openSync(join(dir, "out.txt"), "w");
    let r: ReturnType<typeof spawnSync>;
    try {
      r = spawnSync(LUA51, ["driver.lua"], {
        cwd: dir,
        argv0: "lua",
        input: Buffer.from(opts.stdin ?? "", "latin1"),
        stdio: ["pipe", fd, fd],
        env: { PATH: process.env["PATH"] ?? "", TZ: opts.tz?.name ?? "UTC", ...opts.env },
      });
    } finally {
      closeSync(fd);
    }
    if (r.error) throw r.error;
    return split(readFileSync(join(dir, "out.txt")).toString("latin1"), snippets);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A host profile over memory: the files, standard streams, a fixed clock and environment. */
export function memorySystem(
  out: (s: string) => void,
  opts: SnippetOptions = {},
): SystemHost & { fs: MemoryFileSystem } {
  const env = opts.env ?? {};
  return {
    fs: new MemoryFileSystem(),
    stdin: inputStream(opts.stdin ?? ""),
    stdout: outputStream(out),
    stderr: outputStream(out),
    // a process's environment holds the UTF-8 bytes of what it was given
    getenv: (name) =>
      env[name] === undefined ? undefined : Buffer.from(env[name]!, "utf8").toString("latin1"),
    now: () => 1234567890123,
    cpuTime: () => 0.25,
    zone: opts.tz?.zone ?? UTC_ZONE,
  };
}

/**
 * Runs the snippets in `nodemcu-emu lua driver.lua` (in process) over the in-memory host, so
 * that the driver's frames look as they do under lua5.1.
 */
export async function runOurs(
  snippets: readonly Snippet[],
  opts: SnippetOptions = {},
): Promise<Record<string, string>> {
  let out = "";
  const write = (d: Uint8Array) => {
    out += bytesString(d);
  };
  const system = memorySystem((s) => {
    out += s;
  }, opts);
  const script = driver(snippets);
  const io: CliIO = {
    readFile(name) {
      const data = name === "driver.lua" ? script : system.fs.readFile(name);
      if (data === undefined) throw new HostError("ENOENT");
      return stringBytes(data);
    },
    writeFile: () => {
      throw new HostError("EROFS");
    },
    stdin: () => new Uint8Array(0),
    stdout: write,
    stderr: write,
  };
  const status = await runLua(["driver.lua"], io, system);
  if (status !== 0) out += `driver status ${status}\n`;
  return split(out, snippets);
}

/** Golden outputs: read, and rewritten when UPDATE_GOLDEN is set and lua5.1 gave fresh ones. */
export function golden(file: URL, fresh: Record<string, string> | undefined): Record<string, string> {
  if (fresh !== undefined) {
    if (process.env["UPDATE_GOLDEN"]) writeFileSync(file, `${JSON.stringify(fresh, null, 1)}\n`, "latin1");
    return fresh;
  }
  return JSON.parse(readFileSync(file, "latin1")) as Record<string, string>;
}

/**
 * Lua source of `show(...)`: prints the values with strings quoted, so that nil, "" and numbers
 * are told apart; it writes with io.write, not print, since fputs would stop at a NUL.
 */
export const SHOW = `local function show(...)
  local s = ""
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if i > 1 then s = s .. ", " end
    if type(v) == "string" then s = s .. "'" .. v .. "'" else s = s .. tostring(v) end
  end
  io.write(s, "\\n")
end
`;
