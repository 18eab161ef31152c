// A flat in-memory FlashFileSystem with no SPIFFS accounting, for device specs that are not
// about the file system (src/firmware/spiffs.ts is the board's).

import type { FlashFileSystem, OpenMode, Whence } from "../firmware/flash-fs.js";

export function memoryFs(
  files: Record<string, string> = {},
): FlashFileSystem & { files: Map<string, string> } {
  const store = new Map(Object.entries(files));
  const fds = new Map<number, { name: string; pos: number; append: boolean; write: boolean }>();
  let next = 1;
  return {
    files: store,
    mount: () => true,
    open(name: string, mode: OpenMode) {
      if (fds.size >= 4 || name.length === 0 || name.length > 31) return undefined;
      if (mode === "r" || mode === "r+") {
        if (!store.has(name)) return undefined;
      } else if (mode.startsWith("w") || !store.has(name)) store.set(name, "");
      const fd = next++;
      fds.set(fd, { name, pos: 0, append: mode.startsWith("a"), write: mode !== "r" });
      return fd;
    },
    close: (fd) => void fds.delete(fd),
    read(fd, n) {
      const f = fds.get(fd)!;
      const s = store.get(f.name)!.slice(f.pos, f.pos + n);
      f.pos += s.length;
      return s;
    },
    write(fd, data) {
      const f = fds.get(fd)!;
      if (!f.write) return false;
      const old = store.get(f.name)!;
      if (f.append) f.pos = old.length;
      store.set(f.name, old.slice(0, f.pos) + data + old.slice(f.pos + data.length));
      f.pos += data.length;
      return true;
    },
    seek(fd, whence: Whence, offset) {
      const f = fds.get(fd)!;
      const base = whence === "set" ? 0 : whence === "cur" ? f.pos : store.get(f.name)!.length;
      if (base + offset < 0) return undefined;
      f.pos = base + offset;
      return f.pos;
    },
    flush: () => true,
    exists: (name) => store.has(name),
    remove: (name) => void store.delete(name),
    rename(from, to) {
      const v = store.get(from);
      if (v === undefined || store.has(to)) return false;
      store.delete(from);
      store.set(to, v);
      return true;
    },
    size: (name) => store.get(name)?.length,
    stat(name) {
      const v = store.get(name);
      return v === undefined ? undefined : { name, size: v.length };
    },
    list: () => [...store].map(([k, v]) => [k, v.length]),
    info: () => ({ total: 3 << 20, used: 0 }),
    config: () => ({ address: 0x100000, size: 3 << 20 }),
    format() {
      store.clear();
      return { ok: true, sectors: 0 };
    },
  };
}
