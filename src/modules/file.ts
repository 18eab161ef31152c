// The file module (app/modules/file.c) over the board's SPIFFS (Firmware.fs, see
// src/firmware/spiffs.ts): module-level calls on the "current" file, file objects with the ROM
// metatable "file.obj", whole-file helpers, listing, stat and the file system calls. FatFS
// (file.mount, file.chdir, BUILD_FATFS) is not in the default build and not here.
//
// Kept from file.c:
// - file.open unrefs the previous current file before anything else, sets the current
//   descriptor (file_fd) to the result even when the open fails (then 0: "open a file first"),
//   and holds the new object in the registry (file_fd_ref) until the next open or a close.
// - file.close (and obj:close) always drops file_fd_ref but leaves file_fd as it was: after
//   file.close(), module-level calls reach a closed descriptor and fail (nil), as on the board
//   where file_fd points to a freed vfs_file.
// - Only open, exists, remove, rename and getcontents/putcontents check the basename
//   (vfs_basename: after the last `/`, else after the last `:`) for <= 31 bytes; stat checks the
//   whole name. Embedded NULs fail the check (strlen(fname) == len).
// - read: a number argument is a count (luaL_checkinteger into an int: 0 or less reads nothing
//   and returns ""), any string must have one byte (the delimiter, kept in the result),
//   anything else reads FILE_READ_CHUNK = 1024 bytes. Nothing read at all gives nil.
// - getcontents and putcontents go through file_open and file_close: they replace the current
//   file and leave none.
// - list calls string.match(name, pattern) per name with lua_pcall from C, so a pattern error
//   carries no position.
// - format prints one `.` per 16 erased sectors then `format done.`, both with dbg_printf (UART0,
//   never redirected); the mount at boot prints `Formatting file system. Please wait...` first
//   when the flash holds no file system (do_flash_mount). node.startup{delay_mount=true} is not
//   modelled: the file system mounts at boot.
// - vfs_open mallocs a struct myvfs_file (vfs_file: fs_type + fns pointer, then the s16 SPIFFS
//   handle: 12 bytes) per open file; it is charged to the heap until the file is closed.

import { openMode } from "../firmware/flash-fs.js";
import type { Firmware, ModuleDef } from "../firmware/module.js";
import { throwError } from "../lua/debug-info.js";
import { chargeString, chargeTable, newUserdata } from "../lua/gc.js";
import { argError, checkString, error, optString, typeError } from "../lua/lib/aux.js";
import { LuaLibError } from "../lua/lib/errors.js";
import { checkOption } from "../lua/lib/io.js";
import { strFind } from "../lua/lib/pattern.js";
import { light, ROM_SELF, type RomEntry, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { LuaUserdata, Tag, tagOf } from "../lua/value.js";
import { checkInt32 } from "./int32.js";

/** FILE_READ_CHUNK. */
const READ_CHUNK = 1024;
/** LUAI_MAXINT32: what getcontents asks file_g_read for. */
const MAXINT32 = 0x7fffffff;
/** FS_OBJ_NAME_LEN. */
const NAME_LEN = 31;
/** sizeof(file_fd_ud): the userdata payload. */
const FD_UD_SIZE = 4;
/** sizeof(struct myvfs_file) on the ESP8266, malloc'd by myspiffs_vfs_open. */
const VFS_FILE_SIZE = 12;
/** The luaL_checkudata names. */
export const FILE_OBJ = "file.obj";
export const FILE_VOL = "file.vol";

/** A file object's payload (file_fd_ud): its descriptor, 0 once closed. */
interface FileUd {
  fd: number;
}

/** file.c's statics, one set per boot. */
interface FileState {
  /** file_fd: the current descriptor, 0 for none. */
  fd: number;
  /** file_fd_ref. */
  ref: number | undefined;
  /** rtc_cb_ref. */
  rtcRef: number | undefined;
  objMeta: RomTable;
  volMeta: RomTable;
  entries: RomEntry[];
}

const states = new WeakMap<Firmware, FileState>();

/** vfs_basename. */
function basename(path: string): string {
  const slash = path.lastIndexOf("/");
  if (slash >= 0) return path.slice(slash + 1);
  const colon = path.lastIndexOf(":");
  return colon >= 0 ? path.slice(colon + 1) : path;
}

/** luaL_checklstring plus file.c's "filename invalid" check of the basename. */
function checkName(L: LuaThread, narg: number, whole = false): string {
  const name = checkString(L, narg);
  const checked = whole ? name : basename(name);
  if (name.includes("\0") || checked.length > NAME_LEN) argError(L, narg, "filename invalid");
  return name;
}

/** A C string argument (luaL_optstring's char *): up to its first NUL. */
const cstr = (s: string): string => {
  const z = s.indexOf("\0");
  return z < 0 ? s : s.slice(0, z);
};

/** An argument after lua_settop(L, n): a missing one is nil, and its type error says so. */
function settopArg(L: LuaThread, narg: number): void {
  if (L.arg(narg) === undefined) argError(L, narg, "string expected, got nil");
}

function pushOk(L: LuaThread, ok: boolean): number {
  L.push(ok ? true : undefined);
  return 1;
}

function makeState(fw: Firmware): FileState {
  const { fs } = fw;
  const isUserdata = (L: LuaThread, n: number): boolean => n <= L.nargs && tagOf(L.arg(n)) === Tag.USERDATA;

  /** luaL_checkudata(L, n, "file.obj"). */
  const checkObj = (L: LuaThread, n: number): FileUd => {
    const v = L.arg(n);
    if (v instanceof LuaUserdata && v.metatable !== undefined && v.metatable === L.G.registry.get(FILE_OBJ)) {
      return v.data as FileUd;
    }
    return typeError(L, n, FILE_OBJ);
  };

  /** get_file_obj: an object's descriptor and the next argument, or the current file's. */
  const fileArg = (L: LuaThread): [fd: number, argpos: number] =>
    isUserdata(L, 1) ? [checkObj(L, 1).fd, 2] : [st.fd, 1];

  const closeUd = (ud: FileUd): void => {
    if (ud.fd === 0) return;
    fs.close(ud.fd);
    fw.free(VFS_FILE_SIZE);
    ud.fd = 0;
  };

  const dropRef = (): void => {
    if (st.ref !== undefined) fw.unref(st.ref);
    st.ref = undefined;
  };

  /** file_open's work after its argument checks: the object, or undefined. */
  const openFile = (L: LuaThread, name: string, mode: string): LuaUserdata | undefined => {
    fw.malloc(L, VFS_FILE_SIZE);
    const fd = fs.open(name, openMode(cstr(mode)));
    st.fd = fd ?? 0;
    if (fd === undefined) {
      fw.free(VFS_FILE_SIZE);
      return undefined;
    }
    const ud = newUserdata(L, FD_UD_SIZE, { fd } satisfies FileUd);
    ud.metatable = st.objMeta;
    st.ref = fw.ref(ud);
    return ud;
  };

  /** file_g_read: up to n bytes, stopping after endChar; undefined when nothing was read. */
  const gRead = (L: LuaThread, n: number, endChar: string | undefined, fd: number): string | undefined => {
    if (!fd) return error(L, "open a file first");
    let out = "";
    for (let j = 0; j < n; j += READ_CHUNK) {
      const want = Math.min(READ_CHUNK, n - j);
      const s = fs.read(fd, want);
      if (s === "") {
        if (j > 0) break;
        return undefined;
      }
      const at = endChar === undefined ? -1 : s.indexOf(endChar);
      if (at >= 0) {
        out += s.slice(0, at + 1);
        // reposition after the end char found
        fs.seek(fd, "cur", at + 1 - s.length);
        break;
      }
      out += s;
      if (s.length < want) break;
    }
    return out;
  };

  const pushRead = (L: LuaThread, s: string | undefined): number => {
    if (s !== undefined) chargeString(L, s);
    L.push(s);
    return 1;
  };

  const close = (L: LuaThread): number => {
    let ud: FileUd;
    if (!isUserdata(L, 1)) {
      if (st.ref === undefined) return 0;
      const v = fw.getRef(st.ref);
      if (!(v instanceof LuaUserdata)) return 0;
      ud = v.data as FileUd;
    } else {
      ud = checkObj(L, 1);
    }
    closeUd(ud);
    dropRef();
    return 0;
  };

  const read = (L: LuaThread): number => {
    const [fd, argpos] = fileArg(L);
    let n = READ_CHUNK;
    let endChar: string | undefined;
    const v = L.arg(argpos);
    if (typeof v === "number") {
      n = checkInt32(L, argpos);
    } else if (typeof v === "string") {
      if (v.length !== 1) return error(L, "wrong arg range");
      endChar = v;
    }
    return pushRead(L, gRead(L, n, endChar, fd));
  };

  const readline = (L: LuaThread): number => {
    const [fd] = fileArg(L);
    return pushRead(L, gRead(L, READ_CHUNK, "\n", fd));
  };

  const write = (L: LuaThread): number => {
    const [fd, argpos] = fileArg(L);
    if (!fd) return error(L, "open a file first");
    return pushOk(L, fs.write(fd, checkString(L, argpos)));
  };

  const writeline = (L: LuaThread): number => {
    const [fd, argpos] = fileArg(L);
    if (!fd) return error(L, "open a file first");
    return pushOk(L, fs.write(fd, checkString(L, argpos)) && fs.write(fd, "\n"));
  };

  const seek = (L: LuaThread): number => {
    const [fd, argpos] = fileArg(L);
    if (!fd) return error(L, "open a file first");
    const op = checkOption(L, argpos, "cur", ["set", "cur", "end"]);
    // luaL_optlong: a 32-bit long
    const offset = L.arg(argpos + 1) === undefined ? 0 : checkInt32(L, argpos + 1);
    const pos = fs.seek(fd, (["set", "cur", "end"] as const)[op]!, offset);
    L.push(pos);
    return 1;
  };

  const flush = (L: LuaThread): number => {
    const [fd] = fileArg(L);
    if (!fd) return error(L, "open a file first");
    return pushOk(L, fs.flush(fd));
  };

  const gc = (L: LuaThread): number => {
    closeUd(checkObj(L, 1));
    return 0;
  };

  const open = (L: LuaThread): number => {
    dropRef();
    const name = checkName(L, 1);
    const mode = optString(L, 2, "r");
    L.push(openFile(L, name, mode));
    return 1;
  };

  const list = (L: LuaThread): number => {
    const pattern = L.arg(1) === undefined ? undefined : checkString(L, 1);
    if (fs.info() === undefined) return 0; // vfs_opendir failed
    const t = new LuaTable();
    for (const [name, size] of fs.list()) {
      if (pattern !== undefined) {
        let m: unknown;
        try {
          m = strFind(name, pattern, 1, false, false);
        } catch (e) {
          if (e instanceof LuaLibError) throwError(L, e.message);
          throw e;
        }
        if (m === undefined) continue;
      }
      const key = name.slice(0, NAME_LEN);
      chargeString(L, key);
      t.set(key, size);
    }
    chargeTable(L, t);
    L.push(t);
    return 1;
  };

  const exists = (L: LuaThread): number => {
    L.push(fs.exists(checkName(L, 1)));
    return 1;
  };

  const remove = (L: LuaThread): number => {
    fs.remove(checkName(L, 1));
    return 0;
  };

  const rename = (L: LuaThread): number => {
    const from = checkName(L, 1);
    const to = checkName(L, 2);
    L.push(fs.rename(from, to));
    return 1;
  };

  const stat = (L: LuaThread): number => {
    const s = fs.stat(checkName(L, 1, true));
    if (s === undefined) {
      L.push(undefined);
      return 1;
    }
    const t = new LuaTable(0, 7);
    chargeTable(L, t);
    t.set("size", s.size);
    t.set("name", s.name.slice(0, NAME_LEN));
    for (const k of ["is_dir", "is_rdonly", "is_hidden", "is_sys", "is_arch"]) t.set(k, false);
    // no time stamps on SPIFFS: FILE_TIMEDEF_*
    const tm = new LuaTable(0, 6);
    chargeTable(L, tm);
    for (const [k, v] of [
      ["year", 1970],
      ["mon", 1],
      ["day", 1],
      ["hour", 0],
      ["min", 0],
      ["sec", 0],
    ] as const) {
      tm.set(k, v);
    }
    t.set("time", tm);
    L.push(t);
    return 1;
  };

  const getcontents = (L: LuaThread): number => {
    dropRef();
    settopArg(L, 1);
    const ud = openFile(L, checkName(L, 1), "r");
    if (ud === undefined) return 0;
    const data = gRead(L, MAXINT32, undefined, (ud.data as FileUd).fd);
    closeUd(ud.data as FileUd);
    dropRef();
    return pushRead(L, data);
  };

  const putcontents = (L: LuaThread): number => {
    dropRef();
    settopArg(L, 1);
    const ud = openFile(L, checkName(L, 1), "w+");
    if (ud === undefined) {
      L.push(undefined);
      return 1;
    }
    const { fd } = ud.data as FileUd;
    settopArg(L, 2); // the file stays open and current, as file_write raises inside file_putfile
    const ok = fs.write(fd, checkString(L, 2));
    closeUd(ud.data as FileUd);
    dropRef();
    return pushOk(L, ok);
  };

  const fsinfo = (L: LuaThread): number => {
    const info = fs.info();
    if (info === undefined) return error(L, "file system failed");
    const { total, used } = info;
    if (total > 0x7fffffff || used > 0x7fffffff || used > total) return error(L, "file system error");
    L.push(total - used);
    L.push(used);
    L.push(total);
    return 3;
  };

  const fscfg = (L: LuaThread): number => {
    const { address, size } = fs.config();
    L.push(address);
    L.push(size);
    return 2;
  };

  const format = (L: LuaThread): number => {
    close(L);
    if (!formatFlash(fw)) return error(L, "Failed to format file system");
    fw.uartWrite(0, "format done.\n");
    return 0;
  };

  const on = (L: LuaThread): number => {
    checkOption(L, 1, "rtc", ["rtc"]);
    if (st.rtcRef !== undefined) fw.unref(st.rtcRef);
    const cb = L.arg(2);
    if (L.nargs >= 2 && tagOf(cb) === Tag.FUNCTION) st.rtcRef = fw.ref(cb);
    else if (L.nargs >= 2 && cb === undefined) st.rtcRef = undefined;
    else return error(L, "Callback should be function or nil");
    return 0;
  };

  const umount = (L: LuaThread): number => {
    const v = L.arg(1);
    if (!(v instanceof LuaUserdata) || v.metatable !== L.G.registry.get(FILE_VOL)) typeError(L, 1, FILE_VOL);
    L.push(false); // myspiffs_vfs_umount: not implemented
    return 1;
  };

  const fn = {
    close: light("close", close),
    read: light("read", read),
    readline: light("readline", readline),
    write: light("write", write),
    writeline: light("writeline", writeline),
    seek: light("seek", seek),
    flush: light("flush", flush),
  };
  const st: FileState = {
    fd: 0,
    ref: undefined,
    rtcRef: undefined,
    objMeta: new RomTable([
      ["__gc", light("__gc", gc)],
      ["__index", ROM_SELF],
      ["close", fn.close],
      ["read", fn.read],
      ["readline", fn.readline],
      ["write", fn.write],
      ["writeline", fn.writeline],
      ["seek", fn.seek],
      ["flush", fn.flush],
    ]),
    volMeta: new RomTable([
      ["__index", ROM_SELF],
      ["umount", light("umount", umount)],
    ]),
    entries: [
      ["list", light("list", list)],
      ["open", light("open", open)],
      ["close", fn.close],
      ["write", fn.write],
      ["writeline", fn.writeline],
      ["read", fn.read],
      ["readline", fn.readline],
      ["format", light("format", format)],
      ["fscfg", light("fscfg", fscfg)],
      ["remove", light("remove", remove)],
      ["seek", fn.seek],
      ["flush", fn.flush],
      ["rename", light("rename", rename)],
      ["exists", light("exists", exists)],
      ["getcontents", light("getcontents", getcontents)],
      ["putcontents", light("putcontents", putcontents)],
      ["fsinfo", light("fsinfo", fsinfo)],
      ["on", light("on", on)],
      ["stat", light("stat", stat)],
    ],
  };
  return st;
}

function stateOf(fw: Firmware): FileState {
  let st = states.get(fw);
  if (st === undefined) states.set(fw, (st = makeState(fw)));
  return st;
}

/** The dots myspiffs_format's erase callback prints: one for every 16th sector, from the first. */
export const formatDots = (sectors: number): string => ".".repeat(Math.ceil(sectors / 16));

/** vfs_format with its progress dots and NODE_ERR messages; false when it failed. */
function formatFlash(fw: Firmware): boolean {
  const { ok, sectors } = fw.fs.format();
  fw.uartWrite(0, formatDots(sectors));
  if (!ok) {
    fw.uartWrite(0, "\n*** ERROR ***: unable to format. FS might be compromised.\n");
    fw.uartWrite(0, "It is advised to re-flash the NodeMCU image.\n");
  }
  return ok;
}

export const fileModule: ModuleDef = {
  name: "file",
  entries: (fw) => stateOf(fw).entries,
  init(fw) {
    // luaopen_file: do_flash_mount, then luaL_rometatable for file.vol and file.obj
    if (!fw.fs.mount()) {
      fw.uartWrite(0, "Formatting file system. Please wait...\n");
      formatFlash(fw);
    }
    const st = stateOf(fw);
    fw.L.G.registry.set(FILE_VOL, st.volMeta);
    fw.L.G.registry.set(FILE_OBJ, st.objMeta);
  },
};
