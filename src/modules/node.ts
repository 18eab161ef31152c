// The node module (app/modules/node.c): the board's identity, restart, startup options, the
// REPL's input/output redirection, tasks, the CPU clock, EGC modes, strip levels and compile.
// LFS, deep sleep and the partition table are not part of this emulated build: those functions
// raise an error naming themselves.

import { NODE_VERSION, RELEASE_BUILD } from "../firmware/banner.js";
import type { BoardFirmware } from "../firmware/board-firmware.js";
import { readWhole } from "../firmware/lua-calls.js";
import { stripProto } from "../firmware/lua-env.js";
import type { Firmware, ModuleDef } from "../firmware/module.js";
import { NODEMCU_FLOAT } from "../lua/chunk-format.js";
import { dump } from "../lua/dump.js";
import type { LuaClosure, NativeFn } from "../lua/func.js";
import { argError, checkString, error, typeError } from "../lua/lib/aux.js";
import { loadChunk } from "../lua/lib/base.js";
import { loadfileText } from "../lua/loadfile.js";
import { light, type RomEntry, RomTable } from "../lua/rom.js";
import { getStack } from "../lua/stack-info.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { checkInt32, optInt32 } from "./int32.js";

const push = (L: Parameters<NativeFn>[0], ...vs: LuaValue[]): number => {
  for (const v of vs) L.push(v);
  return vs.length;
};

/** A deterministic 32-bit value from the board's seed (chip id, MAC, hardware RNG). */
export function seeded(seed: number, salt: number): number {
  let x = (seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** system_get_chip_id(): the last three bytes of the factory MAC. */
export const chipId = (seed: number): number => seeded(seed, 1) & 0xffffff;

/** spi_flash_get_id(): a Winbond-style JEDEC id whose capacity byte is log2(size). */
export const flashId = (size: number): number => (Math.log2(size) << 16) | 0x40ef;

const notInBuild =
  (name: string, why: string): NativeFn =>
  (L) =>
    error(L, `${name} is not available: ${why}`);

export const nodeModule: ModuleDef = {
  name: "node",
  entries(fw: Firmware): RomEntry[] {
    const bf = fw as BoardFirmware;
    const dev = () => bf.device;
    let rng = seeded(fw.config.seed, 7);
    const random32 = (): number => {
      rng = (rng + 0x6d2b79f5) >>> 0;
      return seeded(rng, 3);
    };

    const task = new RomTable([
      [
        "post",
        light("post", (L) => {
          let n = 1;
          let priority = 1;
          if (tagOf(L.arg(1)) === Tag.NUMBER) {
            priority = checkInt32(L, 1) >>> 0;
            if (priority > 2) argError(L, 1, "invalid  priority");
            n++;
          }
          const fn = L.arg(n);
          if (tagOf(fn) !== Tag.FUNCTION) typeError(L, n, "function");
          // luaL_posttask: the function waits in the registry and is called with its priority
          const ref = fw.ref(fn);
          const posted = fw.post(priority, () => {
            const f = fw.getRef(ref);
            fw.unref(ref);
            fw.pcallx(f, [priority]);
          });
          if (!posted) {
            fw.unref(ref);
            error(L, "Task queue overflow. Task not posted");
          }
          return 0;
        }),
      ],
      ["LOW_PRIORITY", 0],
      ["MEDIUM_PRIORITY", 1],
      ["HIGH_PRIORITY", 2],
    ]);

    const egc = new RomTable([
      [
        "meminfo",
        light("meminfo", (L) => {
          const h = L.G.heap;
          return push(L, h.totalBytes, h.estimate);
        }),
      ],
      [
        "setmode",
        light("setmode", (L) => {
          const mode = checkInt32(L, 1) >>> 0;
          const limit = optInt32(L, 2, 0);
          if (mode > 7) argError(L, 1, "invalid mode");
          if (mode & 2 && limit === 0) argError(L, 1, "limit must be non-zero");
          L.G.heap.setEmergencyMode(mode, limit);
          return 0;
        }),
      ],
      ["NOT_ACTIVE", 0],
      ["ON_ALLOC_FAILURE", 1],
      ["ON_MEM_LIMIT", 2],
      ["ALWAYS", 4],
    ]);

    const lfsNone: NativeFn = (L) => push(L, undefined);
    const lfs = new RomTable([
      ["list", light("list", lfsNone)],
      ["get", light("get", lfsNone)],
      ["reload", light("reload", (L) => push(L, "No LFS partition allocated"))],
    ]);

    const info: NativeFn = (L) => {
      const opts = ["lfs", "hw", "sw_version", "build_config", "legacy"];
      const opt = L.arg(1) === undefined ? "legacy" : checkString(L, 1);
      const i = opts.indexOf(opt);
      if (i < 0) argError(L, 1, `invalid option '${opt}'`);
      const c = fw.config;
      const t = new LuaTable();
      const [major, minor, rev] = NODE_VERSION;
      switch (opts[i]) {
        case "lfs":
          t.set("lfs_size", 0);
          return push(L, t);
        case "hw":
          t.set("chip_id", chipId(c.seed));
          t.set("flash_id", flashId(c.flashSize));
          t.set("flash_size", c.flashSize / 1024);
          t.set("flash_mode", 0);
          t.set("flash_speed", 40000000);
          return push(L, t);
        case "sw_version":
          t.set("node_version_major", major);
          t.set("node_version_minor", minor);
          t.set("node_version_revision", rev);
          t.set("git_branch", RELEASE_BUILD.branch);
          t.set("git_commit_id", RELEASE_BUILD.commit);
          t.set("git_release", RELEASE_BUILD.release);
          t.set("git_commit_dts", RELEASE_BUILD.releaseDts);
          return push(L, t);
        case "build_config":
          t.set("ssl", RELEASE_BUILD.ssl);
          t.set("lfs_size", 0);
          t.set("modules", c.modules.join(","));
          t.set("number_type", RELEASE_BUILD.buildType);
          return push(L, t);
        default:
          fw.print(
            "Warning, deprecated API! node.info() without parameter. It will be removed in the next version. See documentation for details.\n",
          );
          return push(
            L,
            major,
            minor,
            rev,
            chipId(c.seed),
            flashId(c.flashSize),
            c.flashSize / 1024,
            0,
            40000000,
          );
      }
    };

    const startup: NativeFn = (L) => {
      const d = dev();
      const s = d.startup;
      if (L.nargs > 0) {
        const t = L.arg(1);
        if (!(t instanceof LuaTable)) return typeError(L, 1, "table");
        let entries = 0;
        for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
          const [k, v] = e;
          if (typeof k !== "string" && typeof k !== "number") continue;
          entries++;
          if (k === "command") {
            if (typeof v !== "string" && typeof v !== "number")
              error(L, "bad argument #-1 to 'startup' (string expected)");
            s.command = String(v);
          } else if (k === "banner") s.banner = v !== undefined && v !== false;
          else if (k === "frequency") s.frequency = v === 160 ? 160 : 80;
          else if (k === "delay_mount") s.delayMount = v !== undefined && v !== false;
        }
        if (entries === 0)
          d.startup = { banner: true, frequency: 80, delayMount: false, command: "@init.lua" };
      }
      const r = new LuaTable();
      r.set("banner", d.startup.banner);
      r.set("frequency", d.startup.frequency);
      r.set("delay_mount", d.startup.delayMount);
      r.set("command", d.startup.command);
      return push(L, r);
    };

    const compile: NativeFn = (L) => {
      const fname = checkString(L, 1);
      const basename = fname.slice(fname.lastIndexOf("/") + 1);
      if (basename.length > 31 || fname.includes("\0")) argError(L, 1, "filename invalid");
      if (fname.length < 4 || !fname.endsWith(".lua")) error(L, "not a .lua file");
      const text = readWhole(fw.fs, fname);
      const f =
        text === undefined
          ? `cannot open ${fname}: `
          : loadChunk(L, loadfileText(text, true), `@${fname}`, L.env);
      if (typeof f === "string") return error(L, f);
      const out = `${fname.slice(0, -2)}c`;
      const fd = fw.fs.open(out, "w+");
      if (fd === undefined) return error(L, "cannot open/write to file");
      const bytes = dump((f as LuaClosure).p, NODEMCU_FLOAT, true);
      const ok = fw.fs.write(fd, Buffer.from(bytes).toString("latin1")) && fw.fs.flush(fd);
      fw.fs.close(fd);
      if (!ok) error(L, "writing to file failed");
      return 0;
    };

    const stripdebug: NativeFn = (L) => {
      const d = dev();
      const n = L.nargs;
      let strip = 0;
      if (L.arg(1) !== undefined) {
        strip = checkInt32(L, 1);
        if (!(strip > 0 && strip < 4)) argError(L, 1, "Invalid strip level");
      }
      let fn = L.arg(2);
      if (typeof fn === "number") {
        const scope = checkInt32(L, 2);
        if (scope > 0) {
          const lv = getStack(L, scope);
          fn = lv === undefined ? undefined : L.cis[lv.ci]!.fn;
        }
      }
      const isFunc = tagOf(fn) === Tag.FUNCTION;
      if (n >= 2 && !isFunc) argError(L, 2, "not a valid function");
      if (isFunc) {
        const p = (fn as LuaClosure).p;
        if (p !== undefined) stripProto(p, strip === 0 ? d.lua.stripLevel : strip);
        return push(L, 0);
      }
      if (strip > 0) d.lua.stripLevel = strip;
      return push(L, d.lua.stripLevel);
    };

    const random: NativeFn = (L) => {
      let l: number;
      let u: number;
      switch (L.nargs) {
        case 0:
          return push(L, random32() / 2 ** 32);
        case 1:
          l = 1;
          u = checkInt32(L, 1);
          break;
        case 2:
          l = checkInt32(L, 1);
          u = checkInt32(L, 2);
          break;
        default:
          return error(L, "wrong number of arguments");
      }
      if (!(l <= u)) argError(L, 2, "interval is empty");
      return push(L, l + (random32() % (u - l + 1)));
    };

    return [
      ["heap", light("heap", (L) => push(L, dev().heapFree()))],
      ["info", light("info", info)],
      ["task", task],
      ["flashreload", light("flashreload", (L) => push(L, "No LFS partition allocated"))],
      ["flashindex", light("flashindex", lfsNone)],
      ["LFS", lfs],
      [
        "setonerror",
        light("setonerror", (L) => {
          const f = L.arg(1);
          L.G.registry.set("onerror", tagOf(f) === Tag.FUNCTION ? f : undefined);
          return 0;
        }),
      ],
      [
        "startupcommand",
        light("startupcommand", (L) => {
          dev().startup.command = checkString(L, 1);
          return push(L, true);
        }),
      ],
      ["startup", light("startup", startup)],
      [
        "restart",
        light("restart", () => {
          fw.restart();
          return 0;
        }),
      ],
      ["dsleep", light("dsleep", notInBuild("node.dsleep", "deep sleep is not emulated"))],
      ["dsleepMax", light("dsleepMax", (L) => push(L, 0x7fffffff * (0x1000 / 0x1000) * 4294.967295))],
      ["sleep", light("sleep", (L) => error(L, "node.sleep() is unavailable"))],
      ["chipid", light("chipid", (L) => push(L, chipId(fw.config.seed)))],
      ["flashid", light("flashid", (L) => push(L, flashId(fw.config.flashSize)))],
      ["flashsize", light("flashsize", (L) => push(L, fw.config.flashSize))],
      [
        "input",
        light("input", (L) => {
          dev().input(checkString(L, 1));
          return 0;
        }),
      ],
      ["output", light("output", (L) => dev().nodeOutput(L))],
      ["compile", light("compile", compile)],
      ["CPU80MHZ", 80],
      ["CPU160MHZ", 160],
      [
        "setcpufreq",
        light("setcpufreq", (L) => {
          const f = checkInt32(L, 1);
          const d = dev();
          d.config.cpuMHz = f === 160 ? 160 : 80;
          return push(L, d.config.cpuMHz);
        }),
      ],
      ["getcpufreq", light("getcpufreq", (L) => push(L, dev().config.cpuMHz))],
      [
        "bootreason",
        light("bootreason", (L) => {
          const reason = dev().bootReason;
          const raw = reason === 0 ? 1 : reason === 1 ? 4 : reason === 6 ? 3 : 2;
          if (reason !== 2) return push(L, raw, reason);
          return push(L, raw, reason, 0, 0, 0, 0, 0, 0);
        }),
      ],
      ["restore", light("restore", () => 0)],
      ["random", light("random", random)],
      ["stripdebug", light("stripdebug", stripdebug)],
      ["egc", egc],
      [
        "getpartitiontable",
        light("getpartitiontable", (L) => {
          const t = new LuaTable();
          const { address, size } = fw.fs.config();
          t.set("lfs_addr", 0);
          t.set("lfs_size", 0);
          t.set("spiffs_addr", address);
          t.set("spiffs_size", size);
          return push(L, t);
        }),
      ],
      [
        "setpartitiontable",
        light("setpartitiontable", notInBuild("node.setpartitiontable", "the partition table is fixed")),
      ],
    ];
  },
};
