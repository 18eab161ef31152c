// The package library (loadlib.c of Lua 5.1.5): require with package.loaded, preload, the Lua
// file loader over package.path, module() and package.seeall. Native C libraries cannot be
// loaded here: the C loaders search package.cpath as 5.1 does but report that dynamic
// libraries are not enabled, as a 5.1 built without dlopen does.

import { callWith } from "../calls.js";
import { LuaClosure, LuaNative } from "../func.js";
import { loadfileText } from "../loadfile.js";
import { getStack } from "../stack-info.js";
import type { LuaThread } from "../state.js";
import { LuaTable } from "../table.js";
import { cString, type LuaValue, Tag, tagOf } from "../value.js";
import { checkString, checkTable, error, register, toStr } from "./aux.js";
import { loadChunk } from "./base.js";

/** luaconf.h LUA_PATH_DEFAULT / LUA_CPATH_DEFAULT as Debian's lua5.1 has them. */
export const LUA_PATH_DEFAULT =
  "./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;" +
  "/usr/local/lib/lua/5.1/?.lua;/usr/local/lib/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;" +
  "/usr/share/lua/5.1/?/init.lua";
export const LUA_CPATH_DEFAULT =
  "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/lib/lua/5.1/?.so;" +
  "/usr/local/lib/lua/5.1/loadall.so";
/** The message of ll_load when Lua is built without a dynamic library loader. */
const DLMSG = "dynamic libraries not enabled; check your Lua installation";

/** What require needs from the host: whether a file is readable, and its bytes. */
export interface PackageHost {
  readable(name: string): boolean;
  readFile(name: string): string | { error: string };
  /** LUA_PATH / LUA_CPATH, if set. */
  env(name: string): string | undefined;
}

/** Marks a module being loaded (ll_require's sentinel), to detect loops. */
const SENTINEL = new LuaNative("sentinel", () => 0);

/** setpath: the env var with ";;" standing for the default path. */
function setPath(host: PackageHost, envName: string, def: string): string {
  const p = host.env(envName);
  if (p === undefined) return def;
  return p.replaceAll(";;", `;${def};`);
}

/** luaL_findtable: walks a dotted name from t, creating tables; returns the clashing part. */
function findTable(t: LuaTable, fname: string): LuaTable | string {
  for (const part of fname.split(".")) {
    const v = t.get(part);
    if (v === undefined) {
      const nt = new LuaTable();
      t.set(part, nt);
      t = nt;
    } else if (v instanceof LuaTable) t = v;
    else return part;
  }
  return t;
}

export function packageLib(L: LuaThread, G: LuaTable, host: PackageHost): LuaTable {
  const pkg = new LuaTable();
  const loaded = new LuaTable();
  L.G.registry.set("_LOADED", loaded);

  const findFile = (L: LuaThread, name: string, pname: string): string | { tried: string } => {
    const path = pkg.get(pname);
    if (typeof path !== "string") error(L, `'package.${pname}' must be a string`);
    const file = name.replaceAll(".", "/");
    let tried = "";
    for (const template of path.split(";")) {
      if (template === "") continue;
      const filename = template.replaceAll("?", file);
      if (host.readable(filename)) return filename;
      tried += `\n\tno file '${filename}'`;
    }
    return { tried };
  };

  const loaderPreload = new LuaNative("loader_preload", (L) => {
    const name = cString(checkString(L, 1)); // a C string from here on
    const preload = pkg.get("preload");
    if (!(preload instanceof LuaTable)) error(L, "'package.preload' must be a table");
    const f = preload.get(name);
    L.push(f === undefined ? `\n\tno field package.preload['${name}']` : f);
    return 1;
  });
  const loaderLua = new LuaNative("loader_Lua", (L) => {
    const name = cString(checkString(L, 1)); // a C string from here on
    const found = findFile(L, name, "path");
    if (typeof found !== "string") {
      L.push(found.tried);
      return 1;
    }
    const data = host.readFile(found);
    let f: LuaClosure | string;
    if (typeof data !== "string") f = `cannot open ${found}: ${data.error}`;
    else f = loadChunk(L, loadfileText(data, true), `@${found}`, L.env);
    if (typeof f === "string") error(L, `error loading module '${name}' from file '${found}':\n\t${f}`);
    L.push(f);
    return 1;
  });
  const loaderC = new LuaNative("loader_C", (L) => {
    const name = cString(checkString(L, 1)); // a C string from here on
    const found = findFile(L, name, "cpath");
    if (typeof found !== "string") {
      L.push(found.tried);
      return 1;
    }
    return error(L, `error loading module '${name}' from file '${found}':\n\t${DLMSG}`);
  });
  const loaderCroot = new LuaNative("loader_Croot", (L) => {
    const name = cString(checkString(L, 1)); // a C string from here on
    const dot = name.indexOf(".");
    if (dot < 0) return 0;
    const found = findFile(L, name.slice(0, dot), "cpath");
    if (typeof found !== "string") {
      L.push(found.tried);
      return 1;
    }
    return error(L, `error loading module '${name}' from file '${found}':\n\t${DLMSG}`);
  });

  const loaders = new LuaTable();
  [loaderPreload, loaderLua, loaderC, loaderCroot].forEach((f, i) => {
    loaders.set(i + 1, f);
  });
  pkg.set("loaders", loaders);
  pkg.set("path", setPath(host, "LUA_PATH", LUA_PATH_DEFAULT));
  pkg.set("cpath", setPath(host, "LUA_CPATH", LUA_CPATH_DEFAULT));
  pkg.set("config", "/\n;\n?\n!\n-");
  pkg.set("loaded", loaded);
  pkg.set("preload", new LuaTable());

  register(pkg, {
    loadlib(L) {
      checkString(L, 1);
      checkString(L, 2);
      L.push(undefined);
      L.push(DLMSG);
      L.push("absent");
      return 3;
    },
    seeall(L) {
      const t = checkTable(L, 1);
      let mt = t.metatable;
      if (mt === undefined) {
        mt = new LuaTable(0, 1);
        t.metatable = mt;
      }
      mt.set("__index", L.env);
      return 0;
    },
  });

  register(G, {
    require(L) {
      const name = cString(checkString(L, 1)); // a C string from here on
      L.top = L.base + 1;
      const have = loaded.get(name);
      if (have !== undefined && have !== false) {
        if (have === SENTINEL) error(L, `loop or previous error loading module '${name}'`);
        L.push(have);
        return 1;
      }
      const ls = pkg.get("loaders");
      if (!(ls instanceof LuaTable)) error(L, "'package.loaders' must be a table");
      let msg = "";
      let loader: LuaValue;
      for (let i = 1; ; i++) {
        const f = ls.getInt(i);
        if (f === undefined) error(L, `module '${name}' not found:${msg}`);
        callWith(L, f, [name], 1);
        loader = L.stack[--L.top];
        if (tagOf(loader) === Tag.FUNCTION) break;
        const s = toStr(loader);
        if (s !== undefined) msg += s;
      }
      loaded.set(name, SENTINEL);
      callWith(L, loader, [name], 1);
      const res = L.stack[--L.top];
      if (res !== undefined) loaded.set(name, res);
      if (loaded.get(name) === SENTINEL) loaded.set(name, true);
      L.push(loaded.get(name));
      return 1;
    },
    module(L) {
      const modname = cString(checkString(L, 1)); // a C string from here on
      const n = L.nargs;
      let mod = loaded.get(modname);
      if (!(mod instanceof LuaTable)) {
        const t = findTable(L.env, modname);
        if (typeof t === "string") error(L, `name conflict for module '${modname}'`);
        mod = t;
        loaded.set(modname, mod);
      }
      if (mod.get("_NAME") === undefined) {
        mod.set("_M", mod);
        mod.set("_NAME", modname);
        const dot = modname.lastIndexOf(".");
        mod.set("_PACKAGE", dot < 0 ? "" : modname.slice(0, dot + 1));
      }
      // the calling Lua function gets the module as its environment
      const level = getStack(L, 1);
      const caller = level && !level.tail ? L.cis[level.ci]!.fn : undefined;
      if (!(caller instanceof LuaClosure)) error(L, "'module' not called from a Lua function");
      caller.env = mod;
      for (let i = 2; i <= n; i++) callWith(L, L.stack[L.base + i - 1], [mod], 0);
      return 0;
    },
  });
  loaded.set("_G", G);
  loaded.set("package", pkg);
  return pkg;
}
