// An in-memory CliIO for specs: files in a Map, captured standard output and error.

import type { CliIO } from "../cli/io.js";

export interface MemoryIO extends CliIO {
  files: Map<string, Uint8Array>;
  /** Everything written to stdout / stderr so far, as byte strings. */
  out(): string;
  err(): string;
}

const errno = (code: string, path: string): Error => Object.assign(new Error(`${code}: ${path}`), { code });

/** `files` maps paths to contents (byte strings or bytes); a path ending in "/" is a directory. */
export function memoryIO(files: Record<string, string | Uint8Array> = {}, stdin = ""): MemoryIO {
  const map = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(files))
    map.set(k, typeof v === "string" ? Buffer.from(v, "latin1") : v);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("latin1");
  return {
    files: map,
    readFile(path) {
      if (map.has(`${path}/`)) throw errno("EISDIR", path);
      const data = map.get(path);
      if (data === undefined) throw errno("ENOENT", path);
      return data;
    },
    writeFile(path, data) {
      if (map.has(`${path}/`)) throw errno("EISDIR", path);
      if (path.startsWith("/readonly/")) throw errno("EACCES", path);
      map.set(path, data.slice());
    },
    stdin: () => {
      // Like a real stream: a second read finds it at its end.
      const data = Buffer.from(stdin, "latin1");
      stdin = "";
      return data;
    },
    stdout: (data) => {
      out.push(data.slice());
    },
    stderr: (data) => {
      err.push(data.slice());
    },
    out: () => text(out),
    err: () => text(err),
  };
}
