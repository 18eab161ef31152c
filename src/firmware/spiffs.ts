// The board's SPIFFS as the vfs layer reaches it: app/spiffs/spiffs.c (myspiffs_realm,
// fs_mode2flag, myspiffs_format, the vfs wrappers) over the SPIFFS library in app/spiffs
// (spiffs_hydrogen.c: SPIFFS_open/read/write/lseek/remove/rename/info). The files live in memory
// and every change is written through to a FlashStore; space is counted in SPIFFS pages as
// spiffs-geometry.ts explains.
//
// Behaviour kept from the sources:
// - Names are C strings of at most SPIFFS_OBJ_NAME_LEN - 1 = 31 bytes ("strlen(path) >
//   SPIFFS_OBJ_NAME_LEN - 1" fails with SPIFFS_ERR_NAME_TOO_LONG), flat, `/` allowed inside.
//   myspiffs_realm strips `/FLASH` (it compares only those 5 letters, then skips one `/`), and a
//   leading `/` with any other drive name reaches no file system.
// - SPIFFS_MAX_OPEN_FILES 4 (spiffs_fds holds 4 spiffs_fd). SPIFFS_open, SPIFFS_remove and
//   SPIFFS_rename each take a free descriptor first (spiffs_fd_find_new), so with 4 files open
//   remove and rename fail too. Removing a file releases the descriptors open on it
//   (spiffs_cb_object_event with SPIFFS_EV_IX_DEL sets their file_nbr to 0); later calls on them
//   fail.
// - Open: without CREAT a missing file fails; CREAT makes a file (spiffs_object_create checks
//   for one free page); TRUNC cuts an existing file to 0; the position starts at 0 even for
//   append modes. A write in an append mode first moves the position to the end.
// - Read needs SPIFFS_O_RDONLY in the flags ("r", "r+", "w+", "a+"), write SPIFFS_O_WRONLY.
// - SPIFFS_lseek: a negative target fails; a target past the end moves to the end and fails.
// - Space (spiffs_gc_check): a write that modifies existing bytes asks for m + 251 bytes of free
//   pages, the part that appends for a + 251, where free pages = capacity - allocated. The model
//   assumes garbage collection reclaims every deleted page. The real collector cannot always do
//   that (rewritten index pages pile up as deleted pages it fails to clean in time), so a real
//   board reports a full flash earlier. Filling one file with 1000-byte writes, the spiffs
//   sources built for the host stop at 43000 bytes of a 64 KB file system, 442000 of 512 KB and
//   908000 of 1 MB, where this model stops at 45000, 478000 and 972000 (256-byte writes: real
//   416256 of 512 KB). fsinfo's numbers for a given set of files match exactly.
//   A refused write writes nothing of its part, so what was written before stays.
// - SPIFFS_unmount (called by myspiffs_format) closes every descriptor.

import type { FlashFileSystem, FsInfo, OpenMode, Whence } from "./flash-fs.js";
import { type FlashStore, GrowableBytes } from "./flash-store.js";
import {
  DATA_PAGE_SIZE,
  filePages,
  type PartitionOptions,
  SECTOR_SIZE,
  type SpiffsGeometry,
  spiffsGeometry,
  spiffsPartition,
} from "./spiffs-geometry.js";

/** SPIFFS_OBJ_NAME_LEN - 1 (FS_OBJ_NAME_LEN of user_config.h). */
export const MAX_NAME_LENGTH = 31;
/** SPIFFS_MAX_OPEN_FILES of nodemcu's spiffs_config. */
export const MAX_OPEN_FILES = 4;

interface SpiffsFile {
  name: string;
  data: GrowableBytes;
}

interface Descriptor {
  /** undefined once the file was removed or the file system formatted. */
  file: SpiffsFile | undefined;
  pos: number;
  readable: boolean;
  writable: boolean;
  append: boolean;
}

const FLAGS: Record<
  OpenMode,
  { read: boolean; write: boolean; create: boolean; trunc: boolean; append: boolean }
> = {
  r: { read: true, write: false, create: false, trunc: false, append: false },
  w: { read: false, write: true, create: true, trunc: true, append: false },
  a: { read: false, write: true, create: true, trunc: false, append: true },
  "r+": { read: true, write: true, create: false, trunc: false, append: false },
  "w+": { read: true, write: true, create: true, trunc: true, append: false },
  "a+": { read: true, write: true, create: true, trunc: false, append: true },
};

export interface SpiffsOptions extends PartitionOptions {
  /** Told about stored files that cannot be mounted (no room left for them). */
  onWarning?: (message: string) => void;
}

/** The name SPIFFS sees: a C string, with myspiffs_realm's `/FLASH` drive removed. */
export function spiffsName(name: string): string | undefined {
  const nul = name.indexOf("\0");
  if (nul >= 0) name = name.slice(0, nul);
  if (!name.startsWith("/")) return name;
  if (name.slice(1, 6) !== "FLASH") return undefined;
  return name.startsWith("/", 6) ? name.slice(7) : name.slice(6);
}

export class Spiffs implements FlashFileSystem {
  readonly geometry: SpiffsGeometry | undefined;
  private mounted = false;
  private readonly files = new Map<string, SpiffsFile>();
  private readonly fds = new Map<number, Descriptor>();
  private nextFd = 1;
  /** stats_p_allocated: pages the files occupy. */
  private allocated = 0;

  constructor(
    private readonly store: FlashStore,
    private readonly options: SpiffsOptions = { flashSize: 4 << 20 },
  ) {
    this.geometry = spiffsGeometry(spiffsPartition(options));
  }

  mount(): boolean {
    if (this.mounted) return true;
    if (this.geometry === undefined) return false;
    const stored = this.store.load();
    if (!stored.formatted) return false;
    this.files.clear();
    this.allocated = 0;
    for (const { name, data } of stored.files) {
      const pages = filePages(data.length);
      if (name.length > MAX_NAME_LENGTH || name.includes("\0") || this.files.has(name)) {
        this.options.onWarning?.(`flash: not a SPIFFS name, skipped: ${JSON.stringify(name)}`);
      } else if (this.allocated + pages > this.geometry.capacityPages) {
        this.options.onWarning?.(
          `flash: no room for ${JSON.stringify(name)} (${data.length} bytes), skipped`,
        );
      } else {
        const bytes = new GrowableBytes();
        bytes.write(0, data);
        this.files.set(name, { name, data: bytes });
        this.allocated += pages;
      }
    }
    this.mounted = true;
    return true;
  }

  format(): { ok: boolean; sectors: number } {
    this.unmount();
    const g = this.geometry;
    if (g === undefined) return { ok: false, sectors: 0 };
    this.store.format();
    this.files.clear();
    this.allocated = 0;
    this.mounted = true;
    return { ok: true, sectors: (g.blocks * g.blockSize) / SECTOR_SIZE };
  }

  open(name: string, mode: OpenMode): number | undefined {
    const n = this.nameOf(name);
    if (n === undefined || this.openCount() >= MAX_OPEN_FILES) return undefined;
    const flags = FLAGS[mode];
    let file = this.files.get(n);
    if (file === undefined) {
      if (!flags.create || this.freePages() < 1) return undefined;
      file = { name: n, data: new GrowableBytes() };
      this.files.set(n, file);
      this.allocated += filePages(0);
      this.store.truncate(n, 0);
    } else if (flags.trunc) {
      this.resize(file, 0);
      this.store.truncate(n, 0);
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { file, pos: 0, readable: flags.read, writable: flags.write, append: flags.append });
    return fd;
  }

  close(fd: number): void {
    this.fds.delete(fd);
  }

  read(fd: number, n: number): string {
    const d = this.fds.get(fd);
    if (d?.file === undefined || !d.readable || n <= 0) return "";
    const { data } = d.file;
    const end = Math.min(data.size, d.pos + n);
    if (end <= d.pos) return "";
    const s = Buffer.from(data.buf.subarray(d.pos, end)).toString("latin1");
    d.pos = end;
    return s;
  }

  write(fd: number, s: string): boolean {
    const d = this.fds.get(fd);
    if (d?.file === undefined || !d.writable) return false;
    const file = d.file;
    if (d.append) d.pos = file.data.size;
    const bytes = Buffer.from(s, "latin1");
    // spiffs_hydro_write: first the bytes that overwrite, then the bytes that append
    const modify = Math.max(0, Math.min(file.data.size - d.pos, bytes.length));
    if (modify > 0) {
      if (!this.room(modify)) return false;
      this.put(file, d.pos, bytes.subarray(0, modify));
      d.pos += modify;
    }
    const rest = bytes.length - modify;
    if (rest > 0) {
      const grow = filePages(d.pos + rest) - filePages(file.data.size);
      if (!this.room(rest) || grow > this.freePages()) return false;
      this.allocated += grow;
      this.put(file, d.pos, bytes.subarray(modify));
      d.pos += rest;
    }
    return true;
  }

  seek(fd: number, whence: Whence, offset: number): number | undefined {
    const d = this.fds.get(fd);
    if (d?.file === undefined) return undefined;
    const size = d.file.data.size;
    const target = offset + (whence === "set" ? 0 : whence === "cur" ? d.pos : size);
    if (target < 0) return undefined;
    if (target > size) {
      d.pos = size;
      return undefined;
    }
    d.pos = target;
    return target;
  }

  flush(fd: number): boolean {
    return this.fds.get(fd)?.file !== undefined;
  }

  exists(name: string): boolean {
    return this.stat(name) !== undefined;
  }

  size(name: string): number | undefined {
    return this.stat(name)?.size;
  }

  stat(name: string): { name: string; size: number } | undefined {
    const n = this.nameOf(name);
    const file = n === undefined ? undefined : this.files.get(n);
    return file === undefined ? undefined : { name: file.name, size: file.data.size };
  }

  remove(name: string): void {
    const n = this.nameOf(name);
    const file = n === undefined ? undefined : this.files.get(n);
    if (file === undefined || this.openCount() >= MAX_OPEN_FILES) return;
    for (const d of this.fds.values()) if (d.file === file) d.file = undefined;
    this.files.delete(file.name);
    this.allocated -= filePages(file.data.size);
    this.store.remove(file.name);
  }

  rename(from: string, to: string): boolean {
    const a = this.nameOf(from);
    const b = this.nameOf(to);
    if (a === undefined || b === undefined) return false;
    const file = this.files.get(a);
    if (file === undefined || this.files.has(b) || this.openCount() >= MAX_OPEN_FILES) return false;
    // the index header is written anew under the new name: the file moves to the end of a listing
    this.files.delete(a);
    file.name = b;
    this.files.set(b, file);
    this.store.rename(a, b);
    return true;
  }

  list(): [name: string, size: number][] {
    return [...this.files.values()].map((f): [string, number] => [f.name, f.data.size]);
  }

  info(): FsInfo | undefined {
    if (!this.mounted || this.geometry === undefined) return undefined;
    return { total: this.geometry.totalBytes, used: this.allocated * DATA_PAGE_SIZE };
  }

  config(): { address: number; size: number } {
    return { address: this.geometry?.address ?? 0, size: this.geometry?.size ?? 0 };
  }

  /** Descriptors that hold one of SPIFFS's 4 slots. */
  openCount(): number {
    let n = 0;
    for (const d of this.fds.values()) if (d.file !== undefined) n++;
    return n;
  }

  private unmount(): void {
    for (const d of this.fds.values()) d.file = undefined;
    this.mounted = false;
  }

  /** A mounted file system's name for `name`, if it can name a file at all. */
  private nameOf(name: string): string | undefined {
    if (!this.mounted) return undefined;
    const n = spiffsName(name);
    return n === undefined || n.length > MAX_NAME_LENGTH ? undefined : n;
  }

  private freePages(): number {
    return (this.geometry?.capacityPages ?? 0) - this.allocated;
  }

  /** spiffs_gc_check(fs, len + SPIFFS_DATA_PAGE_SIZE) with every deleted page reclaimed. */
  private room(len: number): boolean {
    return len + DATA_PAGE_SIZE <= this.freePages() * DATA_PAGE_SIZE;
  }

  private put(file: SpiffsFile, pos: number, bytes: Uint8Array): void {
    file.data.write(pos, bytes);
    this.store.write(file.name, pos, bytes);
  }

  private resize(file: SpiffsFile, size: number): void {
    this.allocated += filePages(size) - filePages(file.data.size);
    file.data.truncate(size);
    // a rewritten index header takes a new page: the file moves to the end of a listing
    this.files.delete(file.name);
    this.files.set(file.name, file);
  }
}
