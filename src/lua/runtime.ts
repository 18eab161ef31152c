// A Lua universe ready to run code: the global state, its main thread, the globals table and
// the libraries of a profile (lua.h lua_newstate + lualib.h luaL_openlibs).

import { pcall } from "./calls.js";
import { LuaClosure, LuaNative } from "./func.js";
import { enterState, initHeap } from "./gc.js";
import { type BaseHost, baseLib, loadChunk } from "./lib/base.js";
import { coroutineLib } from "./lib/coroutine.js";
import { type DebugHost, debugLib } from "./lib/debug.js";
import { type IoHost, ioLib, stdinLine, stringBytes } from "./lib/io.js";
import { mathLib } from "./lib/math.js";
import { type OsHost, osLib } from "./lib/os.js";
import { type PackageHost, packageLib } from "./lib/package.js";
import { stringLib } from "./lib/string.js";
import { tableLib } from "./lib/table.js";
import { LuaError, LuaGlobal, LuaThread, MULTRET } from "./state.js";
import { LuaTable } from "./table.js";

/** The host machine's files, standard streams, clock and environment (the host profile). */
export type SystemHost = IoHost & OsHost;

export type StateHost = BaseHost & { package?: PackageHost; system?: SystemHost };

export interface StateOptions {
  /** The host profile (the standalone interpreter): the io and os libraries over host.system. */
  host?: boolean;
}

/** A host with no files: require finds only preloaded modules. */
const NO_FILES: PackageHost = {
  readable: () => false,
  readFile: () => ({ error: "No such file or directory" }),
  env: () => undefined,
};

/** A new state with the base and coroutine libraries. */
export function newState(host: StateHost, options: StateOptions = {}): LuaThread {
  const G = new LuaGlobal();
  const globals = new LuaTable();
  const L = new LuaThread(G, globals);
  G.mainThread = L;
  enterState(L); // the libraries' tables grow on this heap
  baseLib(globals, host);
  const coroutine = coroutineLib();
  globals.set("coroutine", coroutine);
  const pkg = packageLib(L, globals, host.package ?? NO_FILES);
  globals.set("package", pkg);
  if (G.registry.get("_LOADLIB") === undefined) {
    // luaopen_package's metatable for C library handles (luaL_newmetatable "_LOADLIB" with a
    // __gc): none can be loaded here, but 5.1 makes it, and it counts in the heap
    const loadlib = new LuaTable();
    loadlib.set("__gc", new LuaNative("gctm", () => 0));
    G.registry.set("_LOADLIB", loadlib);
  }
  const loaded = pkg.get("loaded") as LuaTable;
  loaded.set("coroutine", coroutine);
  const string = stringLib(L);
  globals.set("string", string);
  loaded.set("string", string);
  const table = tableLib();
  globals.set("table", table);
  loaded.set("table", table);
  let debugHost: DebugHost | undefined;
  if (options.host) {
    const system = host.system;
    if (system === undefined) throw new Error("the host profile needs host.system");
    const io = ioLib(G, system);
    globals.set("io", io);
    loaded.set("io", io);
    const os = osLib(system);
    globals.set("os", os);
    loaded.set("os", os);
    debugHost = {
      readLine: (L1) => stdinLine(L1, 249),
      writeError: (s) => system.stderr.write(stringBytes(s), 0),
    };
  }
  const math = mathLib();
  globals.set("math", math);
  loaded.set("math", math);
  const debug = debugLib(debugHost);
  globals.set("debug", debug);
  loaded.set("debug", debug);
  initHeap(L);
  return L;
}

/**
 * Loads and runs a chunk protected, as lua.c's dostring does; returns the error value (a
 * LuaError) or undefined. Results are discarded.
 */
export function runChunk(L: LuaThread, source: string, chunkName: string): LuaError | undefined {
  enterState(L);
  const f = loadChunk(L, source, chunkName, L.env);
  if (typeof f === "string") return new LuaError(f);
  const func = L.top;
  L.push(f);
  const err = pcall(L, func, MULTRET, 0);
  L.top = func;
  return err;
}

export { LuaClosure };
