// `nodemcu-emu lua`: the standalone interpreter of Lua 5.1.5 (lua.c): options -e, -l, -i, -v,
// `-` and `--`, the `arg` table, LUA_INIT, errors reported as `lua: msg` with a traceback on
// standard error, and the exit status. Everything runs under a native "pmain" frame, as in
// lua.c, so tracebacks end in `[C]: ?` as there.

import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { callWith, pcall } from "../lua/calls.js";
import { LuaNative } from "../lua/func.js";
import { loadChunk } from "../lua/lib/base.js";
import { closeFiles, type HostFile, type HostFileSystem, type OpenMode } from "../lua/lib/io.js";
import { LuaExit, systemTimeZone } from "../lua/lib/os.js";
import { loadfileText } from "../lua/loadfile.js";
import { newState, type SystemHost } from "../lua/runtime.js";
import { type LuaThread, MULTRET } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import { byteString, bytes, type CliIO, strerror } from "./io.js";

const PROGNAME = "lua";
const VERSION = "Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio";

function usage(): string {
  return (
    `usage: ${PROGNAME} [options] [script [args]].\n` +
    "Available options are:\n" +
    "  -e stat  execute string 'stat'\n" +
    "  -l name  require library 'name'\n" +
    "  -i       enter interactive mode after executing 'script'\n" +
    "  -v       show version information\n" +
    "  --       stop handling options\n" +
    "  -        execute stdin and stop handling options\n"
  );
}

/** collectargs: the index of the script argument, 0 for none, -1 for bad usage. */
function collectArgs(argv: string[], flags: { i: boolean; v: boolean; e: boolean }): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a[0] !== "-") return i;
    switch (a[1]) {
      case "-":
        if (a.length !== 2) return -1;
        return i + 1 < argv.length ? i + 1 : 0;
      case undefined:
        return i;
      case "i":
        if (a.length !== 2) return -1;
        flags.i = true;
        flags.v = true;
        break;
      case "v":
        if (a.length !== 2) return -1;
        flags.v = true;
        break;
      case "e":
      case "l":
        if (a[1] === "e") flags.e = true;
        if (a.length === 2) {
          i++;
          if (i >= argv.length) return -1;
        }
        break;
      default:
        return -1;
    }
  }
  return 0;
}

class Interpreter {
  private progname: string | undefined = PROGNAME;
  readonly L: LuaThread;

  constructor(
    private readonly io: CliIO,
    env: Record<string, string | undefined>,
    system: SystemHost,
  ) {
    const readFile = (name: string): string | { error: string } => {
      try {
        return byteString(io.readFile(name));
      } catch (e) {
        return { error: strerror(e) };
      }
    };
    this.L = newState(
      {
        write: (s) => io.stdout(bytes(s)),
        readFile,
        package: {
          readable: (name) => typeof readFile(name) === "string",
          readFile,
          env: (name) => env[name],
        },
        system,
      },
      { host: true },
    );
  }

  /** l_message: fprintf's %s ends the message at its first NUL byte. */
  private message(msg: string): void {
    const nul = msg.indexOf("\0");
    if (nul >= 0) msg = msg.slice(0, nul);
    this.io.stderr(bytes(this.progname ? `${this.progname}: ${msg}\n` : `${msg}\n`));
  }

  /** report: prints the error value on top of the stack, if any. */
  private report(status: boolean): boolean {
    const L = this.L;
    if (!status && L.top > L.base) {
      const v = L.stack[L.top - 1];
      if (v !== undefined) {
        const msg =
          typeof v === "string" ? v : typeof v === "number" ? String(v) : "(error object is not a string)";
        this.message(msg);
      }
      L.top--;
    }
    return status;
  }

  /** docall: calls the function below narg arguments with a traceback handler. */
  private docall(narg: number, clear: boolean): boolean {
    const L = this.L;
    const base = L.top - narg - 1;
    L.ensure(L.top + 1);
    for (let i = L.top; i > base; i--) L.stack[i] = L.stack[i - 1];
    L.stack[base] = tracebackHandler;
    L.top++;
    const err = pcall(L, base + 1, clear ? 0 : MULTRET, base);
    // remove the handler
    for (let i = base; i < L.top - 1; i++) L.stack[i] = L.stack[i + 1];
    L.top--;
    return err === undefined;
  }

  private load(chunk: string, name: string): boolean {
    const f = loadChunk(this.L, chunk, name, this.L.env);
    this.L.push(f as LuaValue);
    return typeof f !== "string";
  }

  private dostring(s: string, name: string): boolean {
    return this.report(this.load(s, name) && this.docall(0, true));
  }

  private loadfile(name: string | undefined): boolean {
    let data: Uint8Array;
    try {
      data = name === undefined ? this.io.stdin() : this.io.readFile(name);
    } catch (e) {
      this.L.push(
        `cannot ${(e as NodeJS.ErrnoException).code === "EISDIR" ? "read" : "open"} ${name}: ${strerror(e)}`,
      );
      return false;
    }
    const text = loadfileText(byteString(data), name !== undefined);
    return this.load(text, name === undefined ? "=stdin" : `@${name}`);
  }

  private dolibrary(name: string): boolean {
    const L = this.L;
    L.push(L.env.get("require"));
    L.push(name);
    return this.report(this.docall(1, true));
  }

  private handleScript(argv: string[], n: number): boolean {
    const L = this.L;
    const narg = argv.length - (n + 1);
    for (let i = n + 1; i < argv.length; i++) L.push(argv[i]);
    const argTable = new LuaTable(narg, n + 1);
    for (let i = 0; i < argv.length; i++) argTable.set(i - n, argv[i]);
    L.env.set("arg", argTable);
    let fname: string | undefined = argv[n];
    if (fname === "-" && argv[n - 1] !== "--") fname = undefined;
    const ok = this.loadfile(fname);
    // the chunk goes below its arguments
    const f = L.stack[L.top - 1];
    for (let i = L.top - 1; i > L.top - 1 - narg; i--) L.stack[i] = L.stack[i - 1];
    L.stack[L.top - 1 - narg] = f;
    if (ok) return this.report(this.docall(narg, false));
    L.top -= narg;
    return this.report(false);
  }

  /** pmain: everything lua.c does inside its protected main. */
  main(argv: string[], env: Record<string, string | undefined>, stdinIsTTY: boolean): boolean {
    const init = env["LUA_INIT"];
    if (init !== undefined) {
      const ok = init.startsWith("@")
        ? this.report(this.loadfile(init.slice(1)) && this.docall(0, true))
        : this.dostring(init, "=LUA_INIT");
      if (!ok) return false;
    }
    const flags = { i: false, v: false, e: false };
    const script = collectArgs(argv, flags);
    if (script < 0) {
      this.io.stderr(bytes(usage()));
      return false;
    }
    if (flags.v) this.message0(VERSION);
    const end = script > 0 ? script : argv.length;
    for (let i = 1; i < end; i++) {
      const a = argv[i]!;
      if (a[1] === "e" || a[1] === "l") {
        let v = a.slice(2);
        if (v === "") v = argv[++i]!;
        const ok = a[1] === "e" ? this.dostring(v, "=(command line)") : this.dolibrary(v);
        if (!ok) return false;
      }
    }
    if (script && !this.handleScript(argv, script)) return false;
    if (flags.i) {
      this.interactive = true;
      return true;
    }
    if (script === 0 && !flags.e && !flags.v && stdinIsTTY) {
      this.message0(VERSION);
      this.interactive = true;
      return true;
    }
    if (script === 0 && !flags.e && !flags.v) {
      return this.report(this.loadfile(undefined) && this.docall(0, true));
    }
    return true;
  }

  private message0(s: string): void {
    this.io.stderr(bytes(`${s}\n`));
  }

  /** Set by main when lua.c would go on with dotty(). */
  interactive = false;

  /** get_prompt: _PROMPT / _PROMPT2 when they convert to strings, else "> " / ">> ". */
  private prompt(first: boolean): string {
    const p = this.L.env.get(first ? "_PROMPT" : "_PROMPT2");
    if (typeof p === "string") return p;
    if (typeof p === "number") return String(p);
    return first ? "> " : ">> ";
  }

  /**
   * dotty's loadline: reads a statement, joining lines while the chunk is only incomplete (its
   * syntax error ends in '<eof>'); `=expr` means `return expr`. undefined at end of input.
   */
  async readStatement(
    readLine: (prompt: string) => Promise<string | undefined>,
  ): Promise<boolean | undefined> {
    let line = await readLine(this.prompt(true));
    if (line === undefined) return undefined;
    if (line.startsWith("=")) line = `return ${line.slice(1)}`;
    for (;;) {
      const f = loadChunk(this.L, line, "=stdin", this.L.env);
      if (typeof f !== "string" || !f.endsWith("'<eof>'")) {
        this.L.push(f as LuaValue);
        return typeof f !== "string";
      }
      const more = await readLine(this.prompt(false));
      if (more === undefined) return undefined;
      line = `${line}\n${more}`;
    }
  }

  /** One dotty round after loadline: run the statement, report errors, print its results. */
  runStatement(loaded: boolean): void {
    const L = this.L;
    const oldProgname = this.progname;
    this.progname = undefined; // dotty reports without the program name
    const base = L.top - 1;
    let ok = loaded && this.docall(0, false);
    this.report(loaded ? ok : false);
    if (ok && L.top > base) {
      // print the results
      L.ensure(L.top + 1);
      for (let i = L.top; i > base; i--) L.stack[i] = L.stack[i - 1];
      L.stack[base] = L.env.get("print");
      L.top++;
      const err = pcall(L, base, 0, 0);
      if (err !== undefined) {
        const v = L.stack[L.top - 1];
        this.message(`error calling 'print' (${typeof v === "string" ? v : String(v)})`);
        ok = false;
      }
    }
    L.top = base;
    this.progname = oldProgname;
  }
}

/** lua.c's traceback: adds debug.traceback's text to string messages. */
const tracebackHandler = new LuaNative("traceback", (L) => {
  const msg = L.arg(1);
  if (typeof msg !== "string" && typeof msg !== "number") return 1;
  const debug = L.env.get("debug");
  if (!(debug instanceof LuaTable)) return 1;
  const tb = debug.get("traceback");
  if (tb === undefined) return 1;
  callWith(L, tb, [msg, 2], 1);
  return 1;
});

/**
 * Runs `lua ARGS...`; resolves to the exit status. The io and os libraries use `system`: by
 * default this machine's files, standard input, environment and clock, with output through `io`.
 */
export async function runLua(
  argv: string[],
  io: CliIO,
  system: SystemHost = nodeSystem(io),
): Promise<number> {
  const interp = new Interpreter(io, process.env, system);
  const L = interp.L;
  let ok = false;
  L.push(
    new LuaNative("pmain", () => {
      ok = interp.main([PROGNAME, ...argv], process.env, io.stdinIsTTY ?? false);
      return 0;
    }),
  );
  let err: ReturnType<typeof pcall>;
  try {
    err = pcall(L, L.top - 1, 0, 0);
  } catch (e) {
    // os.exit: C's exit() flushes the open files and ends the program with the status
    if (!(e instanceof LuaExit)) throw e;
    closeFiles(L);
    return e.status & 0xff;
  }
  if (err === undefined && ok && interp.interactive) {
    const readLine = io.readLine ?? (async () => undefined);
    try {
      for (;;) {
        const loaded = await interp.readStatement(readLine);
        if (loaded === undefined) break;
        // each statement runs under a native frame, as inside lua.c's pmain
        const chunk = L.stack[--L.top];
        const func = L.top;
        L.push(
          new LuaNative("pmain", (L) => {
            L.push(chunk);
            interp.runStatement(loaded);
            return 0;
          }),
        );
        pcall(L, func, 0, 0);
        L.top = func;
      }
    } catch (e) {
      if (!(e instanceof LuaExit)) throw e;
      closeFiles(L);
      return e.status & 0xff;
    }
    io.stdout(bytes("\n"));
  }
  closeFiles(L); // lua_close
  if (err !== undefined) io.stderr(bytes(`${PROGNAME}: ${String(err.value)}\n`));
  return ok && err === undefined ? 0 : 1;
}

// ---- this machine, for the io and os libraries --------------------------------------------

/** A byte-string file name as a path (the bytes unchanged). */
const hostPath = (name: string): Buffer => Buffer.from(name, "latin1");

/** An open file descriptor: positional I/O on files and block devices, a stream otherwise. */
function fdFile(fd: number, append: boolean): HostFile {
  const st = fstatSync(fd);
  const seekable = st.isFile() || st.isBlockDevice() || st.isDirectory();
  return {
    seekable,
    read: (buf, pos) => readSync(fd, buf, 0, buf.length, seekable ? pos : null),
    write(data, pos) {
      for (let off = 0; off < data.length; ) {
        off += writeSync(fd, data, off, data.length - off, seekable && !append ? pos + off : null);
      }
    },
    size: () => fstatSync(fd).size,
    close: () => closeSync(fd),
  };
}

const NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomName = (): string =>
  Array.from({ length: 6 }, () => NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)]).join("");
const TMP = process.platform === "win32" ? tmpdir() : "/tmp";

/** The files of this machine through Node's fs, with fopen's and remove's semantics. */
export function nodeFileSystem(): HostFileSystem {
  return {
    open(name: string, m: OpenMode): HostFile {
      let flags = m.read && m.write ? constants.O_RDWR : m.write ? constants.O_WRONLY : constants.O_RDONLY;
      if (m.create) flags |= constants.O_CREAT;
      if (m.truncate) flags |= constants.O_TRUNC;
      if (m.append) flags |= constants.O_APPEND;
      if (m.exclusive) flags |= constants.O_EXCL;
      return fdFile(openSync(hostPath(name), flags, 0o666), m.append);
    },
    remove(name) {
      try {
        unlinkSync(hostPath(name));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EISDIR" && code !== "EPERM") throw e;
        rmdirSync(hostPath(name));
      }
    },
    rename: (from, to) => renameSync(hostPath(from), hostPath(to)),
    tmpname() {
      for (let tries = 0; ; tries++) {
        const name = `${TMP}/lua_${randomName()}`;
        try {
          closeSync(openSync(hostPath(name), "wx", 0o600));
          return name;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST" || tries > 100) throw e;
        }
      }
    },
    tmpfile() {
      for (let tries = 0; ; tries++) {
        const name = `${tmpdir()}/tmpf${randomName()}`;
        let fd: number;
        try {
          fd = openSync(name, "wx+", 0o600);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST" || tries > 100) throw e;
          continue;
        }
        let unlinked = true;
        try {
          unlinkSync(name); // gone from the directory; the descriptor keeps it until closed
        } catch {
          unlinked = false;
        }
        const f = fdFile(fd, false);
        return {
          ...f,
          close() {
            f.close();
            if (!unlinked) unlinkSync(name);
          },
        };
      }
    },
  };
}

/** Standard input read as it arrives (a terminal gives a line at a time). */
function stdinStream(): HostFile {
  let wait: Int32Array | undefined;
  return {
    seekable: false,
    read(buf) {
      for (;;) {
        try {
          return readSync(0, buf, 0, buf.length, null);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "EOF") return 0;
          if (code !== "EAGAIN") throw e;
          wait ??= new Int32Array(new SharedArrayBuffer(4));
          Atomics.wait(wait, 0, 0, 10); // non-blocking descriptor: wait for input
        }
      }
    },
    write() {
      throw Object.assign(new Error("EBADF"), { code: "EBADF" });
    },
    size() {
      throw Object.assign(new Error("ESPIPE"), { code: "ESPIPE" });
    },
    close() {},
  };
}

function outputStream(out: (data: Uint8Array) => void): HostFile {
  return {
    seekable: false,
    read() {
      throw Object.assign(new Error("EBADF"), { code: "EBADF" });
    },
    write: (data) => out(data.slice()),
    size() {
      throw Object.assign(new Error("ESPIPE"), { code: "ESPIPE" });
    },
    close() {},
  };
}

/** This machine as the host profile sees it, with standard output and error through `io`. */
export function nodeSystem(io: CliIO): SystemHost {
  return {
    fs: nodeFileSystem(),
    stdin: stdinStream(),
    stdout: outputStream((d) => io.stdout(d)),
    stderr: outputStream((d) => io.stderr(d)),
    getenv(name) {
      const v = process.env[Buffer.from(name, "latin1").toString()];
      return v === undefined ? undefined : Buffer.from(v).toString("latin1");
    },
    now: () => Date.now(),
    cpuTime() {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    },
    zone: systemTimeZone(),
  };
}
