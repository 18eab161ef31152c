// A host folder as the board's flash: the FlashStore of the SPIFFS model (src/firmware/spiffs.ts)
// kept in one folder of this machine, so that the files a program writes survive restarts of
// the board and of the process, and the files a developer puts there (init.lua, ...) are on the
// board when it boots.
//
// - Layout: flat. Each flash file is one regular file directly in the folder, named as
//   flash-names.ts says (plain names as they are, other bytes as %XX). Subfolders are not part
//   of the flash.
// - Sandbox: a host path is always the folder plus one name that holds no separator and is not
//   `.` or `..`; files are opened with O_NOFOLLOW, and symbolic links in the folder are skipped
//   when loading, so nothing outside the folder is read or written through a link.
// - A fresh flash: a folder that does not exist holds no file system; formatting (which the
//   firmware does at the first boot) creates it. An existing folder, even an empty one, is a
//   formatted flash.
// - Every change is written through at once with synchronous calls. A host error (a disk full,
//   a link put in place of a file) is reported to onWarning; the board keeps its copy in memory.
// - The folder is read when the file system mounts (at boot); changes made on the host while
//   the board runs are seen after a restart.

import * as fs from "node:fs";
import * as path from "node:path";
import type { FlashStore, StoredFlash } from "../firmware/flash-store.js";
import { caseFreeHostName, flashName, hostName } from "./flash-names.js";

/** No flash is larger: a bigger host file is not read at all. */
const MAX_FILE_SIZE = 16 << 20;
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

export interface FlashFolderOptions {
  /** Told about files that are skipped and host writes that fail. */
  onWarning?: (message: string) => void;
}

export class FlashFolder implements FlashStore {
  readonly folder: string;
  /** flash name -> host file name, for the files the store holds. */
  private readonly hostNames = new Map<string, string>();
  /** lower-cased host name -> flash name, to keep names apart on case-insensitive folders. */
  private readonly folded = new Map<string, string>();

  constructor(
    folder: string,
    private readonly options: FlashFolderOptions = {},
  ) {
    this.folder = path.resolve(folder);
    if (fs.existsSync(this.folder) && !fs.statSync(this.folder).isDirectory()) {
      throw new Error(`${this.folder} is not a folder`);
    }
  }

  load(): StoredFlash {
    this.hostNames.clear();
    this.folded.clear();
    if (!fs.existsSync(this.folder)) return { formatted: false, files: [] };
    const files: { name: string; data: Uint8Array }[] = [];
    const entries = fs.readdirSync(this.folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isSymbolicLink()) {
        this.warn(`flash folder: ${e.name} is a symbolic link, skipped`);
        continue;
      }
      if (!e.isFile()) continue;
      const name = flashName(e.name);
      if (name === undefined) {
        this.warn(`flash folder: ${e.name} is not a flash file name (at most 31 bytes), skipped`);
        continue;
      }
      if (this.hostNames.has(name)) {
        this.warn(`flash folder: ${e.name} names the same flash file as another, skipped`);
        continue;
      }
      const data = this.readFile(e.name);
      if (data === undefined) continue;
      this.remember(name, e.name);
      files.push({ name, data });
    }
    return { formatted: true, files };
  }

  write(name: string, offset: number, data: Uint8Array): void {
    this.withFile(name, (fd) => {
      let done = 0;
      while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, offset + done);
    });
  }

  truncate(name: string, size: number): void {
    this.withFile(name, (fd) => fs.ftruncateSync(fd, size));
  }

  remove(name: string): void {
    const host = this.hostNames.get(name);
    if (host === undefined) return;
    this.forget(name);
    this.attempt(`remove ${host}`, () => fs.rmSync(this.pathOf(host), { force: true }));
  }

  rename(from: string, to: string): void {
    const old = this.hostNames.get(from);
    if (old === undefined) return;
    this.forget(from);
    const host = this.assign(to);
    this.attempt(`rename ${old}`, () => fs.renameSync(this.pathOf(old), this.pathOf(host)));
  }

  format(): void {
    this.attempt("create the folder", () => fs.mkdirSync(this.folder, { recursive: true }));
    for (const e of fs.readdirSync(this.folder, { withFileTypes: true })) {
      if (e.isFile() && flashName(e.name) !== undefined) {
        this.attempt(`remove ${e.name}`, () => fs.rmSync(this.pathOf(e.name), { force: true }));
      }
    }
    this.hostNames.clear();
    this.folded.clear();
  }

  /** The host path of a flash file (for tools and specs); undefined when there is none. */
  hostPath(name: string): string | undefined {
    const host = this.hostNames.get(name);
    return host === undefined ? undefined : this.pathOf(host);
  }

  private readFile(host: string): Uint8Array | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.pathOf(host), fs.constants.O_RDONLY | NOFOLLOW);
      const size = fs.fstatSync(fd).size;
      if (size > MAX_FILE_SIZE) {
        this.warn(`flash folder: ${host} is larger than any flash (${size} bytes), skipped`);
        return undefined;
      }
      return fs.readFileSync(fd);
    } catch (e) {
      this.warn(`flash folder: cannot read ${host}: ${(e as Error).message}`);
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Opens (creating) the host file of a flash file without following links, and runs `f`. */
  private withFile(name: string, f: (fd: number) => void): void {
    const host = this.hostNames.get(name) ?? this.assign(name);
    this.attempt(`write ${host}`, () => {
      const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | NOFOLLOW;
      const fd = fs.openSync(this.pathOf(host), flags, 0o644);
      try {
        f(fd);
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  /** A host name for a new flash file, apart from every other even where case does not count. */
  private assign(name: string): string {
    let host = hostName(name);
    const other = this.folded.get(host.toLowerCase());
    if (other !== undefined && other !== name) host = caseFreeHostName(name);
    this.remember(name, host);
    return host;
  }

  private remember(name: string, host: string): void {
    this.hostNames.set(name, host);
    this.folded.set(host.toLowerCase(), name);
  }

  private forget(name: string): void {
    const host = this.hostNames.get(name);
    if (host === undefined) return;
    this.hostNames.delete(name);
    this.folded.delete(host.toLowerCase());
  }

  /** The folder joined with one plain name: never a path outside the folder. */
  private pathOf(host: string): string {
    if (host === "" || host === "." || host === ".." || /[/\\]/.test(host)) {
      throw new Error(`not a name inside the flash folder: ${host}`);
    }
    return path.join(this.folder, host);
  }

  private attempt(what: string, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.warn(`flash folder: cannot ${what}: ${(e as Error).message}`);
    }
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }
}
