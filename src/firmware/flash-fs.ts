// The flash file system as the firmware's vfs layer sees it (app/platform/vfs.c over
// app/spiffs/spiffs.c): flat names, numbered descriptors, SPIFFS's page/block accounting.
// Names and contents are byte strings (one char per byte, latin1). Names are C strings: a NUL
// ends them. `/FLASH/x` names the same file as `x`; any other name starting with `/` names a
// drive that is not there, so every call given one fails (myspiffs_realm).

/** spiffs.c fs_mode2flag: the modes file.open accepts ("r" for anything else). */
export type OpenMode = "r" | "w" | "a" | "r+" | "w+" | "a+";

export type Whence = "set" | "cur" | "end";

/** fs_mode2flag over any mode string: an unknown mode opens read-only, as spiffs.c does. */
export function openMode(mode: string): OpenMode {
  switch (mode) {
    case "w":
    case "a":
    case "r+":
    case "w+":
    case "a+":
      return mode;
    default:
      return "r";
  }
}

export interface FsInfo {
  /** Bytes SPIFFS_info reports: total and used (file.fsinfo() returns total-used, used, total). */
  total: number;
  used: number;
}

export interface FlashFileSystem {
  /**
   * SPIFFS_mount after SPIFFS_probe_fs (myspiffs_mount(FALSE)): false when the flash holds no
   * file system (a fresh flash), in which case the firmware formats (see format()).
   */
  mount(): boolean;
  /** A descriptor, or undefined when the file cannot be opened (missing, 4 open, full, bad name). */
  open(name: string, mode: OpenMode): number | undefined;
  /** Closes a descriptor; closing one that is closed or unknown does nothing. */
  close(fd: number): void;
  /** Up to `n` bytes from the position; "" at the end of the file or when `fd` cannot read. */
  read(fd: number, n: number): string;
  /**
   * True when all of `data` was written. False when the flash is full, or `fd` is closed or was
   * not opened for writing; what was written before stays.
   */
  write(fd: number, data: string): boolean;
  /**
   * The new position, or undefined when it is invalid. A position past the end leaves the file
   * at its end and fails (SPIFFS_lseek); a negative one fails and leaves the position as it was.
   */
  seek(fd: number, whence: Whence, offset: number): number | undefined;
  flush(fd: number): boolean;
  exists(name: string): boolean;
  /** SPIFFS_remove: descriptors open on the file die with it. */
  remove(name: string): void;
  /** False when `from` is missing, `to` exists, or a name is bad. */
  rename(from: string, to: string): boolean;
  /** Size in bytes, or undefined when there is no such file. */
  size(name: string): number | undefined;
  /** SPIFFS_stat: the file's name as stored (without `/FLASH/`) and its size. */
  stat(name: string): { name: string; size: number } | undefined;
  /** Every file's name and size, in SPIFFS's listing order. */
  list(): [name: string, size: number][];
  /** SPIFFS_info, or undefined when no file system is mounted (file.fsinfo's error). */
  info(): FsInfo | undefined;
  /** Start address and size of the file system in flash (file.fscfg()). */
  config(): { address: number; size: number };
  /**
   * myspiffs_format: erases every sector of the file system and mounts it again; every open
   * descriptor dies. `sectors` is the number of 4 KB sectors erased (the firmware prints one `.`
   * per 16, starting with the first); ok is false when there is no room for a file system.
   */
  format(): { ok: boolean; sectors: number };
}
