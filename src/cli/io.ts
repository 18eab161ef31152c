// The outside world of a command: files and standard streams. Commands take this as a
// parameter so that specs can run them in memory.

import { readFileSync, writeFileSync } from "node:fs";
import { createInterface, type Interface } from "node:readline";

export interface CliIO {
  /** Whole file contents; throws a Node error with `code` (ENOENT, EISDIR, ...) on failure. */
  readFile(path: string): Uint8Array;
  /** Creates or replaces a file; throws a Node error with `code` on failure. */
  writeFile(path: string, data: Uint8Array): void;
  /** All of standard input. */
  stdin(): Uint8Array;
  stdout(data: Uint8Array): void;
  stderr(data: Uint8Array): void;
  /** Whether standard input is a terminal (the interpreter then goes interactive). */
  stdinIsTTY?: boolean;
  /** Shows a prompt and reads one line of standard input (without its newline); undefined at its end. */
  readLine?(prompt: string): Promise<string | undefined>;
}

/** A byte string (code units 0..255) as bytes. */
export const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");

/** Bytes as a byte string. */
export const byteString = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

// strerror() texts of glibc for the errors file access can give, so messages read as the C
// programs' do ("cannot open x.lua: No such file or directory").
const STRERROR: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  EROFS: "Read-only file system",
  EPIPE: "Broken pipe",
  ENAMETOOLONG: "File name too long",
  ELOOP: "Too many levels of symbolic links",
};

/** The strerror() text for a Node file-system error. */
export function strerror(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && STRERROR[e.code]) return STRERROR[e.code]!;
  return e instanceof Error ? e.message : String(err);
}

/** The real process's files and streams. */
export function nodeIO(): CliIO {
  return {
    readFile: (path) => readFileSync(path),
    writeFile: (path, data) => writeFileSync(path, data),
    stdin: () => readFileSync(0),
    stdout: (data) => {
      process.stdout.write(data);
    },
    stderr: (data) => {
      process.stderr.write(data);
    },
    stdinIsTTY: process.stdin.isTTY === true,
    readLine: lineReader(),
  };
}

/**
 * Reads lines from standard input after a prompt, as lua.c's lua_readline does with GNU
 * readline: on a terminal the line is edited there; otherwise it is echoed after the prompt.
 */
function lineReader(): (prompt: string) => Promise<string | undefined> {
  const tty = process.stdin.isTTY === true;
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let rl: Interface | undefined;
  let closed = false;
  const start = (): Interface => {
    const r = createInterface({
      input: process.stdin,
      output: tty ? process.stdout : undefined,
      terminal: tty,
    });
    r.on("line", (l) => {
      const line = Buffer.from(l, "utf8").toString("latin1");
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    });
    r.on("close", () => {
      closed = true;
      for (const w of waiting.splice(0)) w(undefined);
    });
    return r;
  };
  return (prompt) => {
    rl ??= start();
    if (tty) {
      rl.setPrompt(prompt);
      rl.prompt();
    } else process.stdout.write(prompt);
    const echo = (line: string | undefined) => {
      if (!tty && line !== undefined) process.stdout.write(Buffer.from(`${line}\n`, "latin1"));
      return line;
    };
    if (lines.length > 0) return Promise.resolve(echo(lines.shift()));
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => waiting.push((line) => resolve(echo(line))));
  };
}
