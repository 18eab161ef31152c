// The contract between the firmware and its modules. A module is what app/include/module.h's
// NODEMCU_MODULE(cfg, "name", rotable, initfn) declares: a name, a ROM table built from its
// LROT_*ENTRY declaration list (in that order), and an init function run while the Lua state
// opens its libraries (luaopen_x, e.g. file's mount). Modules reach the board only through the
// Firmware services below, never through each other or the host.

import type { RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaValue } from "../lua/value.js";
import type { FlashFileSystem } from "./flash-fs.js";

/** SDK task priorities (app/platform/platform.c, node.task.*_PRIORITY). */
export const enum Priority {
  LOW = 0,
  MEDIUM = 1,
  HIGH = 2,
}

/** Why the board last started (node.bootreason()'s rawcode; rst_info.reason of the SDK). */
export const enum BootReason {
  POWER_ON = 0,
  HW_WDT = 1,
  EXCEPTION = 2,
  SOFT_WDT = 3,
  SOFT_RESTART = 4,
  DEEP_SLEEP_WAKE = 5,
  EXT_RESET = 6,
}

/** A pending SDK timer (os_timer_t), cancelled with Firmware.cancel. */
export interface TimerHandle {
  readonly dueUs: number;
}

/** What the running board offers a module. Valid for one boot: a restart makes a new one. */
export interface Firmware {
  /** The main thread of this boot's Lua state. */
  readonly L: LuaThread;
  /** Device time since boot, in microseconds (system_get_time, not masked). */
  now(): number;
  /**
   * Posts a task (task_post): `run` is called later, when no task runs and no higher priority
   * is waiting. False when that priority's queue (8 entries) is full.
   */
  post(priority: Priority, run: () => void): boolean;
  /** Arms a one-shot SDK timer: `fire` runs as an event between tasks, `delayUs` from now. */
  setTimer(delayUs: number, fire: () => void): TimerHandle;
  cancel(timer: TimerHandle): void;
  /**
   * luaL_pcallx: calls fn(...args) in a protected frame. An error becomes debug.traceback(err, 2)
   * and is handed to the registry's onerror in a HIGH task (print and restart in 2 s by default).
   * Returns true when the call succeeded.
   */
  pcallx(fn: LuaValue, args: readonly LuaValue[]): boolean;
  /**
   * lua_call from an SDK callback with no protected frame (net, mqtt, tls): an error prints
   * `PANIC: unprotected error in call to Lua API (msg)` and the watchdog resets the board.
   */
  callUnprotected(fn: LuaValue, args: readonly LuaValue[]): void;
  /** luaL_ref(L, LUA_REGISTRYINDEX): keeps a value alive (and visible to the collector). */
  ref(v: LuaValue): number;
  getRef(ref: number): LuaValue;
  unref(ref: number): void;
  /**
   * A C-side allocation (os_malloc/luaM_malloc from a module: timers, buffers, fds) charged to
   * the same heap as Lua's; raises `not enough memory` as the board's allocator would.
   */
  malloc(L: LuaThread, bytes: number): void;
  free(bytes: number): void;
  /** Text for the console: print's path (output_redirect), so node.output sees it. */
  print(s: string): void;
  /** Bytes straight to a UART (uart.write, dbg_printf/NODE_ERR on UART0): never redirected. */
  uartWrite(id: number, bytes: string): void;
  /** system_restart(): takes effect after the running task returns. */
  restart(reason?: BootReason): void;
  /**
   * Something outside the device (a socket, a DNS lookup, a broker) may still deliver events:
   * the board stays busy until the returned release function is called (the runner waits for
   * it instead of ending the run). Post the events with post() as they arrive.
   */
  hold(what: string): () => void;
  /** The network interfaces (shared by wifi, net, mqtt, http, sntp, tls). */
  readonly netif: NetIf;
  /** The SPIFFS flash file system. */
  readonly fs: FlashFileSystem;
  /** The board's configuration (plain data). */
  readonly config: Readonly<DeviceConfig>;
}

/** An IPv4 interface configuration (dotted quads). */
export interface IpInfo {
  ip: string;
  netmask: string;
  gateway: string;
}

/**
 * The board's network interfaces as the SDK keeps them (wifi sets them, net/mqtt/http read
 * them): the network is usable only while the station or the soft-AP has an address.
 */
export interface NetIf {
  /** The station's address once DHCP (or wifi.sta.setip) gave one; undefined before. */
  sta: IpInfo | undefined;
  /** The soft-AP's address while the AP is up. */
  ap: IpInfo | undefined;
  hostname: string;
  staMac: string;
  apMac: string;
}

/** A firmware module (one file per module under src/modules). */
export interface ModuleDef {
  readonly name: string;
  /** The module's ROM table entries in declaration order; functions made with rom.ts light(). */
  entries(fw: Firmware): RomEntry[];
  /** luaopen_x's side effects at boot (e.g. file mounts the file system), after the table exists. */
  init?(fw: Firmware): void;
}

/** The board and the build, as plain data. */
export interface DeviceConfig {
  /** Flash chip size in bytes (default 4 MB). */
  flashSize: number;
  /** The modules of the build, in the order of the banner's `modules:` line. */
  modules: string[];
  /** Free heap after boot (node.heap()), bytes. */
  heapSize: number;
  /** Seed for the chip id, MAC and anything else random about this board. */
  seed: number;
  /** CPU clock, 80 or 160 MHz. */
  cpuMHz: 80 | 160;
  /** Device TCP/UDP ports and the host ports (on 127.0.0.1) their servers listen on (--forward). */
  forward?: Readonly<Record<number, number>>;
}
