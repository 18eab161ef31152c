// The flash file system as the firmware's vfs layer sees it (app/platform/vfs.c over
// app/spiffs/spiffs.c): flat names, numbered descriptors, SPIFFS's page/block accounting.
// Names and contents are byte strings (one char per byte, latin1).

/** spiffs.c fs_mode2flag: the modes file.open accepts ("r" for anything else). */
export type OpenMode = "r" | "w" | "a" | "r+" | "w+" | "a+";

export type Whence = "set" | "cur" | "end";

export interface FsInfo {
  /** Bytes SPIFFS_info reports: total and used (file.fsinfo() returns total-used, used, total). */
  total: number;
  used: number;
}

export interface FlashFileSystem {
  /** A descriptor, or undefined when the file cannot be opened (missing, 4 open, full, bad name). */
  open(name: string, mode: OpenMode): number | undefined;
  close(fd: number): void;
  /** Up to `n` bytes from the position; "" at the end of the file. */
  read(fd: number, n: number): string;
  /** False when the flash is full (what was written before the failure stays). */
  write(fd: number, data: string): boolean;
  /** The new position, or undefined for an invalid one. */
  seek(fd: number, whence: Whence, offset: number): number | undefined;
  flush(fd: number): boolean;
  exists(name: string): boolean;
  remove(name: string): void;
  rename(from: string, to: string): boolean;
  /** Size in bytes, or undefined when there is no such file. */
  size(name: string): number | undefined;
  /** Every file's name and size, in SPIFFS's listing order. */
  list(): [name: string, size: number][];
  info(): FsInfo;
  /** Start address and size of the file system in flash (file.fscfg()). */
  config(): { address: number; size: number };
  /** Erases everything (file.format()). */
  format(): void;
}
