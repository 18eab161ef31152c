// The io library of the host profile (liolib.c of Lua 5.1.5 over glibc's stdio): file handles
// as userdata with the `FILE*` metatable, default input and output, reading by formats ("*n",
// "*l", "*a", counts) with the C library's quirks (fgets stops at NUL bytes, fscanf's number
// syntax), buffered writes as setvbuf sets them, seeking, and error returns
// `nil, "name: strerror", errno`. Files and the standard streams come from an IoHost, so a
// state reaches exactly the files its host lends it; popen is refused (no host processes).

import { LuaNative } from "../func.js";
import { chargeNative, chargeString, newUserdata } from "../gc.js";
import { formatNumber, NEGATIVE_NAN } from "../numfmt.js";
import type { LuaGlobal, LuaThread } from "../state.js";
import { strtod } from "../str2number.js";
import { LuaTable } from "../table.js";
import { LuaUserdata, type LuaValue, nextObjectId } from "../value.js";
import {
  argError,
  checkAny,
  checkString,
  error,
  optInteger,
  optString,
  toInteger,
  toStr,
  typeError,
} from "./aux.js";
import { pointerString } from "./base.js";

// ---- the host side ----------------------------------------------------------------------

/**
 * An open file of the host. Regular files are read and written at positions; streams
 * (standard input and output) ignore the positions and are not seekable. Data passed to
 * `write` is only valid during the call. Failures throw an error whose `code` is the errno
 * name ("ENOENT", "EBADF", ...), as Node's fs errors have.
 */
export interface HostFile {
  readonly seekable: boolean;
  /** Reads up to buf.length bytes at pos into buf; the count, 0 at the end of the file. */
  read(buf: Uint8Array, pos: number): number;
  /** Writes all of data at pos (files opened for appending write at their end). */
  write(data: Uint8Array, pos: number): void;
  /** The file's size in bytes (seekable files only). */
  size(): number;
  close(): void;
}

/** What fopen's mode string asks of open(2). */
export interface OpenMode {
  read: boolean;
  write: boolean;
  append: boolean;
  create: boolean;
  truncate: boolean;
  exclusive: boolean;
}

/** The file system a state may use; names are byte strings. */
export interface HostFileSystem {
  open(name: string, mode: OpenMode): HostFile;
  /** remove(3): unlinks a file or removes an empty directory. */
  remove(name: string): void;
  rename(from: string, to: string): void;
  /** A new, empty file with a unique name (mkstemp's "/tmp/lua_XXXXXX"); its name. */
  tmpname(): string;
  /** An anonymous file opened for update, gone when closed (tmpfile(3)). */
  tmpfile(): HostFile;
}

/** What the io library needs from its host. */
export interface IoHost {
  fs: HostFileSystem;
  stdin: HostFile;
  stdout: HostFile;
  stderr: HostFile;
}

/** An error for hosts to throw: `code` is the errno name. */
export class HostError extends Error {
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

// Linux errno numbers and glibc strerror texts.
const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  EIO: [5, "Input/output error"],
  EBADF: [9, "Bad file descriptor"],
  EAGAIN: [11, "Resource temporarily unavailable"],
  ENOMEM: [12, "Cannot allocate memory"],
  EACCES: [13, "Permission denied"],
  EBUSY: [16, "Device or resource busy"],
  EEXIST: [17, "File exists"],
  EXDEV: [18, "Invalid cross-device link"],
  ENOTDIR: [20, "Not a directory"],
  EISDIR: [21, "Is a directory"],
  EINVAL: [22, "Invalid argument"],
  ENFILE: [23, "Too many open files in system"],
  EMFILE: [24, "Too many open files"],
  ETXTBSY: [26, "Text file busy"],
  EFBIG: [27, "File too large"],
  ENOSPC: [28, "No space left on device"],
  ESPIPE: [29, "Illegal seek"],
  EROFS: [30, "Read-only file system"],
  EPIPE: [32, "Broken pipe"],
  ENAMETOOLONG: [36, "File name too long"],
  ENOTEMPTY: [39, "Directory not empty"],
  ELOOP: [40, "Too many levels of symbolic links"],
};

/** errno and strerror() of a host failure. */
export function errnoOf(e: unknown): { errno: number; text: string } {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && ERRNO[code]) {
    const [errno, text] = ERRNO[code]!;
    return { errno, text };
  }
  const errno = (e as { errno?: unknown } | undefined)?.errno;
  return {
    errno: typeof errno === "number" ? Math.abs(errno) : 5,
    text: e instanceof Error ? e.message : "Input/output error",
  };
}

/** A Lua string as a C string sees it: up to its first NUL byte. */
export function cString(s: string): string {
  const z = s.indexOf("\0");
  return z < 0 ? s : s.slice(0, z);
}

/** A byte string as bytes. */
export function stringBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** Bytes as a byte string. */
export function bytesString(b: Uint8Array, from = 0, to = b.length): string {
  let s = "";
  for (let i = from; i < to; i += 4096) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  }
  return s;
}

/** fopen's mode string (glibc: r, w or a, then up to six of "+xbmce"); undefined for EINVAL. */
export function parseMode(mode: string): OpenMode | undefined {
  const m: OpenMode = {
    read: false,
    write: false,
    append: false,
    create: false,
    truncate: false,
    exclusive: false,
  };
  switch (mode[0]) {
    case "r":
      m.read = true;
      break;
    case "w":
      m.write = m.create = m.truncate = true;
      break;
    case "a":
      m.write = m.create = m.append = true;
      break;
    default:
      return undefined;
  }
  for (let i = 1; i < 7 && i < mode.length; i++) {
    const c = mode[i];
    if (c === "\0") break;
    if (c === "+") m.read = m.write = true;
    else if (c === "x") m.exclusive = true;
  }
  return m;
}

// ---- stdio ------------------------------------------------------------------------------

/** fgets' chunk: LUAL_BUFFERSIZE (BUFSIZ) bytes, the last one for the NUL. */
const FGETS_CHUNK = 8191;
/** The buffer glibc gives a file (st_blksize). */
const BLOCK = 4096;

type BufMode = "no" | "full" | "line";

/** The C library's FILE: a host file with a read buffer, a write buffer and error state. */
export class CFile {
  readonly id = nextObjectId();
  /** ferror(). */
  error = false;
  /** The errno of the last failure. */
  lastError: unknown = undefined;
  /** Position of the next byte to read or write (seekable files). */
  pos = 0;
  private rbuf = new Uint8Array(0);
  private rpos = 0;
  private rlen = 0;
  private wbuf: Uint8Array | undefined;
  private wlen = 0;
  private wstart = 0;

  constructor(
    readonly host: HostFile,
    readonly readable: boolean,
    readonly writable: boolean,
    readonly append: boolean,
    public bufMode: BufMode,
    /** Shared errno (C's global). */
    private readonly errno: { value: unknown },
  ) {}

  private fail(e: unknown): false {
    this.error = true;
    this.lastError = e;
    this.errno.value = e;
    return false;
  }

  /** Makes sure unread bytes are buffered; false at the end of the file or on error. */
  private fill(): boolean {
    if (this.rpos < this.rlen) return true;
    if (!this.readable) return this.fail(new HostError("EBADF"));
    if (this.wlen > 0 && !this.flush()) return false;
    if (this.rbuf.length === 0) this.rbuf = new Uint8Array(BLOCK);
    let n: number;
    try {
      n = this.host.read(this.rbuf, this.pos);
    } catch (e) {
      return this.fail(e);
    }
    this.rpos = 0;
    this.rlen = n;
    return n > 0;
  }

  /** getc(): a byte, or -1 at the end or on error. */
  getc(): number {
    if (!this.fill()) return -1;
    this.pos++;
    return this.rbuf[this.rpos++]!;
  }

  /** ungetc() of the byte just read. */
  ungetc(): void {
    this.rpos--;
    this.pos--;
  }

  /** fgets(buf, limit + 1): up to limit bytes through a newline; undefined when nothing was read. */
  fgets(limit: number): string | undefined {
    let s = "";
    let n = 0;
    while (n < limit && this.fill()) {
      const end = Math.min(this.rlen, this.rpos + (limit - n));
      const nl = this.rbuf.subarray(this.rpos, end).indexOf(10);
      const stop = nl < 0 ? end : this.rpos + nl + 1;
      s += bytesString(this.rbuf, this.rpos, stop);
      n += stop - this.rpos;
      this.pos += stop - this.rpos;
      this.rpos = stop;
      if (nl >= 0) break;
    }
    return n === 0 ? undefined : s;
  }

  /** fread of up to n bytes (Infinity for all). */
  read(n: number): string {
    let s = "";
    while (n > 0 && this.fill()) {
      const k = Math.min(n, this.rlen - this.rpos);
      s += bytesString(this.rbuf, this.rpos, this.rpos + k);
      this.rpos += k;
      this.pos += k;
      n -= k;
    }
    return s;
  }

  /** fwrite: false (with errno set) on failure. */
  write(data: Uint8Array): boolean {
    if (!this.writable) return this.fail(new HostError("EBADF"));
    if (this.rpos < this.rlen) {
      this.rpos = this.rlen = 0; // the read-ahead is dropped; pos is already the logical position
    }
    if (this.bufMode === "no") {
      if (this.wlen > 0 && !this.flush()) return false;
      return this.writeThrough(data);
    }
    if (this.wlen === 0) this.wstart = this.pos;
    if (this.wbuf === undefined) this.wbuf = new Uint8Array(BLOCK);
    if (this.wlen + data.length > this.wbuf.length) {
      if (!this.flush()) return false;
      this.wstart = this.pos;
      if (data.length >= this.wbuf.length) {
        return this.writeThrough(data);
      }
    }
    this.wbuf.set(data, this.wlen);
    this.wlen += data.length;
    this.pos += data.length;
    if (this.bufMode === "line" && data.includes(10)) return this.flush();
    return true;
  }

  /** A write that bypasses the buffer (unbuffered files, blocks larger than the buffer). */
  private writeThrough(data: Uint8Array): boolean {
    try {
      this.host.write(data, this.pos);
    } catch (e) {
      return this.fail(e);
    }
    this.advanceAfterWrite(data.length);
    return true;
  }

  private advanceAfterWrite(n: number): void {
    if (!this.host.seekable) return;
    if (this.append) this.pos = this.host.size();
    else this.pos += n;
  }

  /** fflush. */
  flush(): boolean {
    if (this.wlen === 0) return true;
    const n = this.wlen;
    this.wlen = 0;
    try {
      this.host.write(this.wbuf!.subarray(0, n), this.wstart);
    } catch (e) {
      return this.fail(e);
    }
    if (this.append && this.host.seekable) this.pos = this.host.size();
    return true;
  }

  /** fseek + ftell: the new position, or undefined (errno set). */
  seek(whence: number, offset: number): number | undefined {
    if (!this.host.seekable) {
      this.fail(new HostError("ESPIPE"));
      return undefined;
    }
    if (!this.flush()) return undefined;
    let base = 0;
    try {
      base = whence === 0 ? 0 : whence === 1 ? this.pos : this.host.size();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
    const pos = base + offset;
    if (pos < 0 || !Number.isFinite(pos)) {
      this.fail(new HostError("EINVAL"));
      return undefined;
    }
    this.rpos = this.rlen = 0;
    this.pos = pos;
    return pos;
  }

  /** fclose: flushes and closes; false if either failed. */
  close(): boolean {
    let ok = this.flush();
    try {
      this.host.close();
    } catch (e) {
      ok = this.fail(e);
    }
    return ok;
  }

  setvbuf(mode: BufMode): boolean {
    if (!this.flush()) return false;
    // standard output and error stay unbuffered here: print writes to the host directly, and
    // must not overtake what io.write left in a buffer
    if (!this.host.seekable && this.writable) return true;
    this.bufMode = mode;
    return true;
  }
}

/**
 * fscanf(f, "%lf") as glibc's scanner does it: it takes the longest prefix that may form a
 * number (pushing back only the character that ends it), then converts it with strtod;
 * undefined on failure, with what was taken lost.
 */
export function scanNumber(f: CFile): number | undefined {
  let c = f.getc();
  while (c === 32 || (c >= 9 && c <= 13)) c = f.getc();
  if (c < 0) return undefined;
  let text = "";
  let sign = 0;
  const add = (ch: number) => {
    text += String.fromCharCode(ch);
  };
  const lower = (ch: number) => (ch >= 65 && ch <= 90 ? ch + 32 : ch);
  if (c === 43 || c === 45) {
    sign = 1;
    add(c);
    c = f.getc();
    if (c < 0) return undefined;
  }
  /** Matches a word's letters; a mismatched character is consumed (conv_error). */
  const word = (w: string): boolean => {
    for (let i = 1; i < w.length; i++) {
      c = f.getc();
      if (c < 0 || lower(c) !== w.charCodeAt(i)) return false;
      add(c);
    }
    return true;
  };
  if (lower(c) === 0x6e) {
    add(c);
    if (!word("nan")) return undefined;
    return text.charCodeAt(0) === 45 ? NEGATIVE_NAN : Number.NaN;
  }
  if (lower(c) === 0x69) {
    add(c);
    if (!word("inf")) return undefined;
    c = f.getc();
    if (c >= 0) {
      if (lower(c) === 0x69) {
        add(c);
        if (!word("inity")) return undefined;
      } else f.ungetc();
    }
    return text.charCodeAt(0) === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  let hex = false;
  let expChar = 0x65; // e
  let gotDigit = false;
  let gotDot = false;
  let gotE = false;
  if (c === 48) {
    add(c);
    c = f.getc();
    if (c >= 0 && lower(c) === 0x78) {
      add(c);
      hex = true;
      expChar = 0x70; // p
      c = f.getc();
    } else gotDigit = true;
  }
  const isHex = (ch: number) => (ch >= 48 && ch <= 57) || (lower(ch) >= 0x61 && lower(ch) <= 0x66);
  while (c >= 0) {
    if (c >= 48 && c <= 57) {
      add(c);
      gotDigit = true;
    } else if (!gotE && hex && isHex(c)) {
      add(c);
      gotDigit = true;
    } else if (gotE && lower(text.charCodeAt(text.length - 1)) === expChar && (c === 45 || c === 43)) {
      add(c);
    } else if (gotDigit && !gotE && lower(c) === expChar) {
      add(c);
      gotE = gotDot = true;
    } else if (!gotDot && c === 46) {
      add(c);
      gotDot = true;
    } else {
      f.ungetc();
      break;
    }
    c = f.getc();
  }
  if (text.length === sign || (hex && text.length === 2 + sign)) return undefined;
  const r = strtod(text);
  return r.end === 0 ? undefined : r.value;
}

// ---- the library ------------------------------------------------------------------------

/** luaL_checkoption: the index of the argument (or its default) in `names`. */
export function checkOption(
  L: LuaThread,
  narg: number,
  def: string | undefined,
  names: readonly string[],
): number {
  const name = def !== undefined ? optString(L, narg, def) : checkString(L, narg);
  const i = names.indexOf(name);
  if (i < 0) argError(L, narg, `invalid option '${name}'`);
  return i;
}

/** sizeof(FILE *) on the 32-bit machines whose heap is modelled: a file handle's payload. */
const SIZEOF_FILEP = 4;

const IO_INPUT = 1;
const IO_OUTPUT = 2;
const FNAMES = ["input", "output"];
/** The registry key of the file handle metatable (LUA_FILEHANDLE). */
export const FILEHANDLE = "FILE*";

interface IoState {
  /** The environment of the io functions: [1] input, [2] output, __close. */
  env: LuaTable;
  errno: { value: unknown };
  /** Files to flush and close when the state closes (C's exit and lua_close). */
  open: Set<CFile>;
  stdin: CFile;
  host: IoHost;
}

const states = new WeakMap<LuaGlobal, IoState>();

/** Reads a line of the state's standard input through its FILE (debug.debug's fgets). */
export function stdinLine(L: LuaThread, limit: number): string | undefined {
  return states.get(L.G)?.stdin.fgets(limit);
}

/** fflush(NULL): writes out what the state's open files hold in their buffers. */
export function flushFiles(L: LuaThread): void {
  const st = states.get(L.G);
  if (st === undefined) return;
  for (const f of st.open) f.flush();
}

/** Flushes and closes the files a state left open, as exit() and lua_close() do. */
export function closeFiles(L: LuaThread): void {
  const st = states.get(L.G);
  if (st === undefined) return;
  for (const f of st.open) f.close();
  st.open.clear();
}

export function ioLib(G: LuaGlobal, host: IoHost): LuaTable {
  const errno = { value: undefined as unknown };
  const env = new LuaTable(2, 1);
  const mt = new LuaTable();
  const open = new Set<CFile>();
  const stdin = new CFile(host.stdin, true, false, false, "full", errno);
  const st: IoState = { env, errno, open, stdin, host };
  states.set(G, st);
  G.registry.set(FILEHANDLE, mt);

  const nat = (name: string, fn: (L: LuaThread) => number, fenv: LuaTable | undefined = env) =>
    new LuaNative(name, fn, fenv);

  /** pushresult. */
  const pushResult = (L: LuaThread, ok: boolean, filename: string | undefined): number => {
    if (ok) {
      L.push(true);
      return 1;
    }
    const { errno: en, text } = errnoOf(errno.value);
    L.push(undefined);
    L.push(filename !== undefined ? `${filename}: ${text}` : text);
    L.push(en);
    return 3;
  };

  const isFile = (v: LuaValue): v is LuaUserdata =>
    v instanceof LuaUserdata && v.metatable === G.registry.get(FILEHANDLE);

  /** tofilep: luaL_checkudata(L, 1, "FILE*"). */
  const toFileP = (L: LuaThread): LuaUserdata => {
    const v = L.arg(1);
    if (
      !(v instanceof LuaUserdata) ||
      v.metatable === undefined ||
      v.metatable !== G.registry.get(FILEHANDLE)
    ) {
      return typeError(L, 1, FILEHANDLE);
    }
    return v;
  };

  const toFile = (L: LuaThread): CFile => {
    const f = toFileP(L).data as CFile | null;
    if (f === null) return error(L, "attempt to use a closed file");
    return f;
  };

  /** newfile with the file already open; io functions' env decides how it closes. */
  const newFile = (L: LuaThread, f: CFile): LuaUserdata => {
    const ud = newUserdata(L, SIZEOF_FILEP, f);
    ud.metatable = G.registry.get(FILEHANDLE) as LuaTable | undefined;
    ud.env = env;
    open.add(f);
    return ud;
  };

  const fopen = (name: string, mode: string): CFile | undefined => {
    const m = parseMode(mode);
    if (m === undefined) {
      errno.value = new HostError("EINVAL");
      return undefined;
    }
    try {
      return new CFile(host.fs.open(name, m), m.read, m.write, m.append, "full", errno);
    } catch (e) {
      errno.value = e;
      return undefined;
    }
  };

  /** fopen plus positioning: "a" starts at the end, as glibc's fopen puts it there. */
  const openFile = (name: string, mode: string): CFile | undefined => {
    const f = fopen(name, mode);
    if (f?.append && !f.readable && f.host.seekable) {
      try {
        f.pos = f.host.size();
      } catch {
        // left at 0
      }
    }
    return f;
  };

  /** aux_close: the __close function of the file's environment, called as liolib calls it. */
  const auxClose = (L: LuaThread, ud: LuaUserdata): number => {
    const cls = ud.env?.get("__close");
    L.top = L.base;
    L.push(ud);
    if (!(cls instanceof LuaNative)) return error(L, "attempt to call a nil value");
    return cls.fn(L);
  };

  const getIoFile = (L: LuaThread, findex: number): CFile => {
    const ud = env.getInt(findex);
    const f = ud instanceof LuaUserdata ? (ud.data as CFile | null) : null;
    if (f === null) return error(L, `standard ${FNAMES[findex - 1]} file is closed`);
    return f;
  };

  const gIoFile = (L: LuaThread, findex: number, mode: string): number => {
    const a = L.arg(1);
    if (a !== undefined) {
      const filename = toStr(a);
      if (filename !== undefined) {
        const name = cString(filename);
        const f = openFile(name, mode);
        if (f === undefined) argError(L, 1, `${name}: ${errnoOf(errno.value).text}`);
        env.setInt(findex, newFile(L, f));
      } else {
        toFile(L);
        env.setInt(findex, a);
      }
    }
    L.push(env.getInt(findex));
    return 1;
  };

  const readLine = (f: CFile): string | undefined => {
    // fgets chunks as read_line takes them: a NUL byte ends what strlen sees of a chunk
    let out = "";
    for (;;) {
      const p = f.fgets(FGETS_CHUNK);
      if (p === undefined) return out.length > 0 ? out : undefined;
      const z = p.indexOf("\0");
      const l = z < 0 ? p : p.slice(0, z);
      if (l.length === 0 || l.charCodeAt(l.length - 1) !== 10) out += l;
      else return out + l.slice(0, -1);
    }
  };

  const linesIterator = (L0: LuaThread, ud: LuaUserdata, toClose: boolean): LuaNative => {
    const it: LuaNative = new LuaNative(
      "?",
      (L) => {
        const f = ud.data as CFile | null;
        if (f === null) return error(L, "file is already closed");
        f.error = false;
        const line = readLine(f);
        if (f.error) return error(L, errnoOf(errno.value).text);
        if (line !== undefined) {
          chargeString(L, line);
          L.push(line);
          return 1;
        }
        if (toClose) {
          auxClose(L, ud);
          L.top = L.base;
        }
        return 0;
      },
      env,
      [ud, toClose],
    );
    chargeNative(L0, it);
    return it;
  };

  /** g_read: the formats from stack argument `first` on. */
  const gRead = (L: LuaThread, f: CFile, first: number): number => {
    const nargs = L.nargs - first + 1;
    f.error = false;
    const results: LuaValue[] = [];
    let success = true;
    if (nargs <= 0) {
      const line = readLine(f);
      success = line !== undefined;
      results.push(line ?? "");
    } else {
      for (let n = first; n < first + nargs && success; n++) {
        const fmt = L.arg(n);
        if (typeof fmt === "number") {
          const count = toInteger(fmt);
          if (count === 0) {
            const c = f.getc();
            if (c >= 0) f.ungetc();
            results.push("");
            success = c >= 0;
          } else {
            // size_t: a negative count is huge
            const s = f.read(count < 0 ? Number.POSITIVE_INFINITY : count);
            results.push(s);
            success = s.length === count || s.length > 0;
          }
        } else {
          const p = toStr(fmt);
          if (p === undefined || p[0] !== "*") argError(L, n, "invalid option");
          switch (p[1]) {
            case "n": {
              const v = scanNumber(f);
              results.push(v);
              success = v !== undefined;
              break;
            }
            case "l": {
              const line = readLine(f);
              results.push(line ?? "");
              success = line !== undefined;
              break;
            }
            case "a":
              results.push(f.read(Number.POSITIVE_INFINITY));
              break;
            default:
              argError(L, n, "invalid format");
          }
        }
      }
    }
    if (f.error) return pushResult(L, false, undefined);
    if (!success) results[results.length - 1] = undefined;
    L.ensure(L.top + results.length);
    for (const v of results) {
      if (typeof v === "string") chargeString(L, v);
      L.push(v);
    }
    return results.length;
  };

  /** g_write: the values from stack argument `arg` on. */
  const gWrite = (L: LuaThread, f: CFile, arg: number): number => {
    let status = true;
    for (let n = arg; n <= L.nargs; n++) {
      const v = L.arg(n);
      if (typeof v === "number") {
        status = status && f.write(stringBytes(formatNumber(v)));
      } else {
        const s = checkString(L, n);
        status = status && f.write(stringBytes(s));
      }
    }
    return pushResult(L, status, undefined);
  };

  // the functions that close each kind of file
  const fclose = nat("close", (L) => {
    const ud = toFileP(L);
    const f = ud.data as CFile | null;
    if (f === null) return error(L, "attempt to use a closed file");
    const ok = f.close();
    open.delete(f);
    ud.data = null;
    return pushResult(L, ok, undefined);
  });
  const noclose = nat("close", (L) => {
    L.push(undefined);
    L.push("cannot close standard file");
    return 2;
  });
  env.set("__close", fclose);

  const lib = new LuaTable();
  const fns: Record<string, (L: LuaThread) => number> = {
    close(L) {
      if (L.nargs === 0) L.push(env.getInt(IO_OUTPUT));
      toFile(L);
      return auxClose(L, L.arg(1) as LuaUserdata);
    },
    flush(L) {
      return pushResult(L, getIoFile(L, IO_OUTPUT).flush(), undefined);
    },
    input(L) {
      return gIoFile(L, IO_INPUT, "r");
    },
    lines(L) {
      if (L.nargs === 0) {
        const ud = env.getInt(IO_INPUT);
        L.push(ud);
        toFile(L);
        L.push(linesIterator(L, ud as LuaUserdata, false));
        return 1;
      }
      if (L.arg(1) === undefined) return typeError(L, 1, FILEHANDLE);
      const name = cString(checkString(L, 1));
      const f = openFile(name, "r");
      if (f === undefined) argError(L, 1, `${name}: ${errnoOf(errno.value).text}`);
      L.push(linesIterator(L, newFile(L, f), true));
      return 1;
    },
    open(L) {
      const name = cString(checkString(L, 1));
      const mode = cString(optString(L, 2, "r"));
      const f = openFile(name, mode);
      if (f === undefined) return pushResult(L, false, name);
      L.push(newFile(L, f));
      return 1;
    },
    output(L) {
      return gIoFile(L, IO_OUTPUT, "w");
    },
    popen(L) {
      checkString(L, 1);
      optString(L, 2, "r");
      return error(L, "'popen' not supported");
    },
    read(L) {
      return gRead(L, getIoFile(L, IO_INPUT), 1);
    },
    tmpfile(L) {
      let hf: HostFile;
      try {
        hf = host.fs.tmpfile();
      } catch (e) {
        errno.value = e;
        return pushResult(L, false, undefined);
      }
      L.push(newFile(L, new CFile(hf, true, true, false, "full", errno)));
      return 1;
    },
    type(L) {
      checkAny(L, 1);
      const v = L.arg(1);
      L.push(isFile(v) ? (v.data === null ? "closed file" : "file") : undefined);
      return 1;
    },
    write(L) {
      return gWrite(L, getIoFile(L, IO_OUTPUT), 1);
    },
  };
  for (const [name, fn] of Object.entries(fns)) lib.set(name, nat(name, fn));

  const methods: Record<string, (L: LuaThread) => number> = {
    close: fns["close"]!,
    flush(L) {
      return pushResult(L, toFile(L).flush(), undefined);
    },
    lines(L) {
      toFile(L);
      L.push(linesIterator(L, L.arg(1) as LuaUserdata, false));
      return 1;
    },
    read(L) {
      return gRead(L, toFile(L), 2);
    },
    seek(L) {
      const f = toFile(L);
      const op = checkOption(L, 2, "cur", ["set", "cur", "end"]);
      const offset = optInteger(L, 3, 0);
      const pos = f.seek(op, offset);
      if (pos === undefined) return pushResult(L, false, undefined);
      L.push(pos);
      return 1;
    },
    setvbuf(L) {
      const f = toFile(L);
      const op = checkOption(L, 2, undefined, ["no", "full", "line"]);
      optInteger(L, 3, 8192);
      return pushResult(L, f.setvbuf((["no", "full", "line"] as const)[op]!), undefined);
    },
    write(L) {
      return gWrite(L, toFile(L), 2);
    },
    __gc(L) {
      const ud = toFileP(L);
      if (ud.data !== null) auxClose(L, ud);
      return 0;
    },
    __tostring(L) {
      const f = toFileP(L).data as CFile | null;
      L.push(f === null ? "file (closed)" : `file (${pointerString(f as unknown as LuaValue)})`);
      return 1;
    },
  };
  mt.set("__index", mt);
  for (const [name, fn] of Object.entries(methods)) mt.set(name, nat(name, fn));

  // the standard files, which refuse to close
  const stdEnv = new LuaTable(0, 1);
  stdEnv.set("__close", noclose);
  const std = (f: CFile, k: number, name: string) => {
    const ud = new LuaUserdata(SIZEOF_FILEP, f);
    ud.metatable = mt;
    ud.env = stdEnv;
    if (k > 0) env.setInt(k, ud);
    lib.set(name, ud);
  };
  std(stdin, IO_INPUT, "stdin");
  std(new CFile(host.stdout, false, true, false, "no", errno), IO_OUTPUT, "stdout");
  std(new CFile(host.stderr, false, true, false, "no", errno), 0, "stderr");
  // popen has an environment of its own (its files would close with pclose)
  const popenEnv = new LuaTable(0, 1);
  popenEnv.set("__close", fclose);
  (lib.get("popen") as LuaNative).env = popenEnv;
  return lib;
}

// ---- an in-memory host ------------------------------------------------------------------

interface Inode {
  data: Uint8Array;
  size: number;
}

function fail(code: string, name: string): never {
  throw new HostError(code, `${code}: ${name}`);
}

/** A file handle on an inode: positional reads and writes, as a file descriptor gives. */
function inodeFile(inode: Inode, mode: OpenMode, name: string): HostFile {
  let closed = false;
  const check = () => {
    if (closed) fail("EBADF", name);
  };
  return {
    seekable: true,
    read(buf, pos) {
      check();
      if (!mode.read) fail("EBADF", name);
      const n = Math.max(0, Math.min(buf.length, inode.size - pos));
      buf.set(inode.data.subarray(pos, pos + n));
      return n;
    },
    write(data, pos) {
      check();
      if (!mode.write) fail("EBADF", name);
      if (mode.append) pos = inode.size;
      const end = pos + data.length;
      if (end > inode.data.length) {
        const grown = new Uint8Array(Math.max(end, inode.data.length * 2, 64));
        grown.set(inode.data.subarray(0, inode.size));
        inode.data = grown;
      }
      if (pos > inode.size) inode.data.fill(0, inode.size, pos);
      inode.data.set(data, pos);
      inode.size = Math.max(inode.size, end);
    },
    size() {
      check();
      return inode.size;
    },
    close() {
      check();
      closed = true;
    },
  };
}

/**
 * A file system in memory: files by name, a few directories ("/", "/tmp" and the current
 * one, "."), and Unix semantics for open files (removing or renaming a file leaves its open
 * handles working).
 */
export class MemoryFileSystem implements HostFileSystem {
  private readonly files = new Map<string, Inode>();
  readonly dirs = new Set<string>(["/", "/tmp", "."]);
  private tmpCount = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [name, content] of Object.entries(files)) this.writeFile(name, content);
  }

  /** A file's contents as a byte string, or undefined. */
  readFile(name: string): string | undefined {
    const inode = this.files.get(name);
    return inode === undefined ? undefined : bytesString(inode.data, 0, inode.size);
  }

  writeFile(name: string, content: string | Uint8Array): void {
    const data = typeof content === "string" ? stringBytes(content) : content.slice();
    this.files.set(name, { data, size: data.length });
  }

  /** The names of the files. */
  names(): string[] {
    return [...this.files.keys()];
  }

  private checkParent(name: string): void {
    const slash = name.lastIndexOf("/");
    if (slash < 0) return;
    const parent = slash === 0 ? "/" : name.slice(0, slash);
    if (this.dirs.has(parent)) return;
    fail(this.files.has(parent) ? "ENOTDIR" : "ENOENT", name);
  }

  open(name: string, mode: OpenMode): HostFile {
    if (name === "") fail("ENOENT", name);
    if (this.dirs.has(name)) {
      if (mode.write) fail("EISDIR", name);
      return {
        seekable: true,
        read: () => fail("EISDIR", name),
        write: () => fail("EBADF", name),
        size: () => 4096,
        close: () => {},
      };
    }
    this.checkParent(name);
    let inode = this.files.get(name);
    if (inode === undefined) {
      if (!mode.create) fail("ENOENT", name);
      inode = { data: new Uint8Array(0), size: 0 };
      this.files.set(name, inode);
    } else if (mode.create && mode.exclusive) fail("EEXIST", name);
    if (mode.truncate) inode.size = 0;
    return inodeFile(inode, mode, name);
  }

  remove(name: string): void {
    if (this.dirs.has(name)) {
      const prefix = name.endsWith("/") ? name : `${name}/`;
      const busy = [...this.files.keys(), ...this.dirs].some((n) => n.startsWith(prefix));
      if (busy || name === "/" || name === ".") fail(busy ? "ENOTEMPTY" : "EBUSY", name);
      this.dirs.delete(name);
      return;
    }
    this.checkParent(name);
    if (!this.files.delete(name)) fail("ENOENT", name);
  }

  rename(from: string, to: string): void {
    this.checkParent(from);
    const inode = this.files.get(from);
    if (inode === undefined) fail(this.dirs.has(from) ? "EXDEV" : "ENOENT", from);
    this.checkParent(to);
    if (this.dirs.has(to)) fail("EISDIR", to);
    this.files.delete(from);
    this.files.set(to, inode);
  }

  tmpname(): string {
    for (;;) {
      const name = `/tmp/lua_${(++this.tmpCount).toString(36).padStart(6, "0")}`;
      if (!this.files.has(name)) {
        this.files.set(name, { data: new Uint8Array(0), size: 0 });
        return name;
      }
    }
  }

  tmpfile(): HostFile {
    const mode = { read: true, write: true, append: false, create: true, truncate: true, exclusive: false };
    return inodeFile({ data: new Uint8Array(0), size: 0 }, mode, "tmpfile");
  }
}

/** A stream that reads `input` (a byte string), then reports the end. */
export function inputStream(input: string): HostFile {
  let pos = 0;
  return {
    seekable: false,
    read(buf) {
      const n = Math.min(buf.length, input.length - pos);
      for (let i = 0; i < n; i++) buf[i] = input.charCodeAt(pos + i);
      pos += n;
      return n;
    },
    write: () => fail("EBADF", "stdin"),
    size: () => fail("ESPIPE", "stdin"),
    close() {},
  };
}

/** A stream that passes what is written to `out` as byte strings. */
export function outputStream(out: (s: string) => void): HostFile {
  return {
    seekable: false,
    read: () => fail("EBADF", "stdout"),
    write(data) {
      out(bytesString(data));
    },
    size: () => fail("ESPIPE", "stdout"),
    close() {},
  };
}
