// Where the content of the emulated SPIFFS lives between boots. The SPIFFS model (spiffs.ts)
// keeps the files in memory and writes every change through to a FlashStore, so what a program
// wrote survives a restart of the board and, with a host folder (src/host/flash-folder.ts), of
// the process. Names are flash names (byte strings of at most 31 bytes, no NUL).

/** What a store holds when the file system mounts. */
export interface StoredFlash {
  /** False for a flash that never held a file system (the firmware formats it at boot). */
  formatted: boolean;
  files: { name: string; data: Uint8Array }[];
}

export interface FlashStore {
  /** The stored files, read once when the file system mounts. */
  load(): StoredFlash;
  /** Writes `data` at `offset` of the file (which exists: see truncate). */
  write(name: string, offset: number, data: Uint8Array): void;
  /** Creates the file if missing and cuts it to `size` bytes. */
  truncate(name: string, size: number): void;
  remove(name: string): void;
  /** Renames a file; `to` does not exist. */
  rename(from: string, to: string): void;
  /** Removes every file and records that the flash now holds a file system. */
  format(): void;
}

/** A growable byte buffer: appends in place, so a file written line by line costs O(n). */
export class GrowableBytes {
  buf = new Uint8Array(0);
  size = 0;

  write(offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    if (end > this.buf.length) {
      const grown = new Uint8Array(Math.max(end, this.buf.length * 2, 64));
      grown.set(this.buf.subarray(0, this.size));
      this.buf = grown;
    }
    this.buf.set(data, offset);
    if (end > this.size) this.size = end;
  }

  truncate(size: number): void {
    if (size > this.size) this.write(this.size, new Uint8Array(size - this.size));
    else this.size = size;
  }

  get bytes(): Uint8Array {
    return this.buf.slice(0, this.size);
  }
}

/** A store in memory: for specs, and for a board with no host folder (lost with the process). */
export class MemoryFlashStore implements FlashStore {
  private readonly files = new Map<string, GrowableBytes>();
  private formatted: boolean;

  /** With no files given the flash is fresh (unformatted), as a newly flashed board's is. */
  constructor(files?: Record<string, string | Uint8Array>) {
    this.formatted = files !== undefined;
    for (const [name, data] of Object.entries(files ?? {})) {
      const b = new GrowableBytes();
      b.write(0, typeof data === "string" ? Buffer.from(data, "latin1") : data);
      this.files.set(name, b);
    }
  }

  load(): StoredFlash {
    return {
      formatted: this.formatted,
      files: [...this.files].map(([name, b]) => ({ name, data: b.bytes })),
    };
  }

  write(name: string, offset: number, data: Uint8Array): void {
    this.file(name).write(offset, data);
  }

  truncate(name: string, size: number): void {
    this.file(name).truncate(size);
  }

  remove(name: string): void {
    this.files.delete(name);
  }

  rename(from: string, to: string): void {
    const b = this.files.get(from);
    if (b === undefined) return;
    this.files.delete(from);
    this.files.set(to, b);
  }

  format(): void {
    this.files.clear();
    this.formatted = true;
  }

  /** A file's stored bytes as a byte string (for specs). */
  contents(name: string): string | undefined {
    const b = this.files.get(name);
    return b === undefined ? undefined : Buffer.from(b.bytes).toString("latin1");
  }

  private file(name: string): GrowableBytes {
    let b = this.files.get(name);
    if (b === undefined) this.files.set(name, (b = new GrowableBytes()));
    return b;
  }
}
