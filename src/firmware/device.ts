// One emulated ESP8266 running NodeMCU (DESIGN.md "Devices are values"): its configuration,
// clock and task queues, flash, UART0 and the Lua state of the current boot. Everything the
// firmware does between tasks lives here: boot (app/user/user_main.c, app/lua53/lua.c pmain),
// running tasks to completion under the watchdog, restarts after the running task, the UART
// receive handler and the interactive interpreter's one line per LOW task (lua.c dojob).

import { Board, type BoardConfig } from "../hw/board.js";
import { Radio, type RadioWorld } from "../hw/radio.js";
import { callWith, pcall } from "../lua/calls.js";
import { LuaNative } from "../lua/func.js";
import { EgcMode } from "../lua/gc.js";
import { loadChunk, tostring } from "../lua/lib/base.js";
import { loadfileText } from "../lua/loadfile.js";
import { RomTable } from "../lua/rom.js";
import { LuaError, type LuaThread, MULTRET } from "../lua/state.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { toInt32 } from "../modules/int32.js";
import { chipId } from "../modules/node.js";
import { createPipe, pipeWrite } from "../modules/pipe.js";
import { banner } from "./banner.js";
import { BoardFirmware } from "./board-firmware.js";
import {
  BUDGET_SLICE,
  TASK_GUIDELINE_US,
  TASK_OVERHEAD_US,
  US_PER_INSTRUCTION,
  WATCHDOG_US,
} from "./cost-model.js";
import type { FlashFileSystem } from "./flash-fs.js";
import { GrowthWatch } from "./growth.js";
import { getGlobal, readWhole, TRACEBACK_HANDLER } from "./lua-calls.js";
import { type DeviceLua, newDeviceLua } from "./lua-env.js";
import { BootReason, type DeviceConfig, type ModuleDef, type NetIf, Priority } from "./module.js";
import { Scheduler } from "./scheduler.js";
import { UartInput } from "./uart-input.js";

/** What stops the running task and resets the board (watchdog, PANIC, a restart in a loop). */
export class BoardReset extends Error {
  constructor(readonly reason: BootReason) {
    super(`board reset (reason ${reason})`);
  }
}

export interface DeviceOptions extends Partial<DeviceConfig> {
  fs: FlashFileSystem;
  /** What is wired to the board (pins, ADC input); a bare board by default. */
  board?: BoardConfig;
  /** The radio world (access points, soft-AP clients); the default accepts whatever the app configures. */
  radio?: RadioWorld;
  /** The modules that can be built in, by name (src/modules/index.ts). */
  available: ReadonlyMap<string, ModuleDef>;
  /** UART0/1 transmit: the bytes the board sends, as a byte string. */
  onOutput?: (uart: number, bytes: string) => void;
  /** Per-task report (--trace). */
  onTask?: (report: TaskReport) => void;
  /** Host-side notices (not UART): e.g. which 127.0.0.1 port a device server listens on. */
  onNotice?: (msg: string) => void;
}

export interface TaskReport {
  kind: string;
  startUs: number;
  deviceUs: number;
  heapFree: number;
  warnings: string[];
}

/** The default build's modules (app/include/user_modules.h) that exist in this emulator. */
export const DEFAULT_MODULES = ["adc", "bit", "file", "gpio", "mqtt", "net", "node", "tmr", "uart", "wifi"];

/**
 * The heap the SDK leaves to Lua and the modules. With the default build's state after boot,
 * node.heap() reads about 44 KB, as on a board (docs/lfs.md:25).
 */
export const DEFAULT_HEAP = 50 * 1024;

/** Startup options node.startup() keeps in the RTC config record (survive restarts). */
export interface StartupOptions {
  banner: boolean;
  frequency: 80 | 160;
  delayMount: boolean;
  command: string;
}

export class Device {
  readonly config: DeviceConfig;
  readonly fs: FlashFileSystem;
  readonly uartIn = new UartInput();
  readonly board: Board;
  /** The radio world and the SDK's saved wifi parameters: kept across restarts. */
  readonly radio: Radio;
  startup: StartupOptions = { banner: true, frequency: 80, delayMount: false, command: "@init.lua" };
  bootReason: BootReason = BootReason.POWER_ON;
  bootCount = 0;
  /** Device microseconds across boots (the host's virtual time line). */
  private elapsedBefore = 0;
  sched = new Scheduler();
  lua!: DeviceLua;
  fw!: BoardFirmware;
  private readonly available: ReadonlyMap<string, ModuleDef>;
  private readonly onOutput: (uart: number, bytes: string) => void;
  private readonly onTask: ((r: TaskReport) => void) | undefined;
  readonly onNotice: ((msg: string) => void) | undefined;
  /** Outside event sources the board waits for (Firmware.hold), by what they are. */
  readonly holds = new Map<number, string>();
  private nextHold = 1;
  /** Called when an outside event posts a task while nothing runs (the runner wakes up). */
  onWake: (() => void) | undefined = undefined;
  /** Bytes module code holds on the heap (timers, buffers, fds). */
  cBytes = 0;
  private restartReason: BootReason | undefined;
  private readonly stdin: string[] = [];
  private stdinPosted = false;
  private rxPosted = false;
  /** The prompt has been printed and no line is being processed. */
  atPrompt = false;
  /** lua.c's pending multi-line chunk (MLref). */
  private pendingChunk: string | undefined;
  /** A task is running: its start and the watchdog's last feed. */
  private taskStart = 0;
  private wdtFed = 0;
  private inTask = false;
  private taskWarnings: string[] = [];
  private growth = new GrowthWatch();

  constructor(opts: DeviceOptions) {
    this.config = {
      flashSize: opts.flashSize ?? 4 * 1024 * 1024,
      modules: opts.modules ?? DEFAULT_MODULES.filter((m) => opts.available.has(m)),
      heapSize: opts.heapSize ?? DEFAULT_HEAP,
      seed: opts.seed ?? 0,
      cpuMHz: opts.cpuMHz ?? 80,
      forward: opts.forward,
    };
    for (const m of this.config.modules) {
      if (!opts.available.has(m)) throw new Error(`module '${m}' is not available in this emulator`);
    }
    this.fs = opts.fs;
    this.board = new Board(opts.board);
    this.radio = new Radio(opts.radio, this.config.seed);
    this.available = opts.available;
    this.onOutput = opts.onOutput ?? (() => {});
    this.onTask = opts.onTask;
    this.onNotice = opts.onNotice;
  }

  get L(): LuaThread {
    return this.lua.L;
  }

  /** Device time on the host's time line (µs since power-on, across restarts). */
  get timeUs(): number {
    return this.elapsedBefore + this.sched.nowUs;
  }

  /** Powers the board off: whatever the running boot holds on the host (sockets) is let go. */
  powerOff(): void {
    this.fw?.endBoot();
    this.holds.clear();
  }

  /** Powers the board on: boots from flash. */
  powerOn(): void {
    this.boot(BootReason.POWER_ON);
  }

  // -------------------------------------------------------------------------------------------
  // UART0

  /** Raw bytes to a UART (uart.write: platform_uart_send, no translation). */
  uartWrite(id: number, bytes: string): void {
    this.onOutput(id, bytes);
  }

  /**
   * uart0_putc's console path: '\n' becomes "\r\n" and '\r' is dropped. print, the prompt and
   * echo come this way, and so does dbg_printf (banner, PANIC, format messages), whose ROM putc
   * does the same, but is never redirected by node.output.
   */
  consoleWrite(s: string): void {
    this.onOutput(0, s.replace(/\r/g, "").replace(/\n/g, "\r\n"));
  }

  /** output_redirect (node.c:371-393): print and the prompt, through node.output if set. */
  print(s: string): void {
    const redirect = this.fw.outputRedirect;
    if (redirect === undefined) this.consoleWrite(s);
    else redirect(s);
  }

  /** Bytes arrive on UART0 RX: the ISR posts the input handler as a HIGH task. */
  receive(bytes: string): void {
    this.uartIn.receive(bytes);
    this.postRx();
    this.onWake?.();
  }

  private postRx(): void {
    if (this.rxPosted) return;
    this.rxPosted = this.sched.post(Priority.HIGH, () => {
      this.rxPosted = false;
      this.runTask("uart", () => {
        const sink = {
          echo: (s: string) => this.consoleWrite(s),
          line: (line: string) => this.input(`${line}\n`),
          prompt: () => this.prompt(this.pendingChunk === undefined),
          data: this.fw.uartData,
        };
        while (this.uartIn.process(sink)) {}
      });
    });
  }

  /** lua_input_string / node.input: text into the interpreter's stdin, one line per LOW task. */
  input(text: string): void {
    const lines = text.split(/(?<=\n)/);
    for (const l of lines) {
      if (this.stdin.length > 0 && !this.stdin[this.stdin.length - 1]!.endsWith("\n")) {
        this.stdin[this.stdin.length - 1] += l;
      } else this.stdin.push(l);
    }
    this.postStdin();
  }

  private postStdin(): void {
    if (this.stdinPosted || this.stdin.length === 0 || !this.stdin[0]!.endsWith("\n")) return;
    this.stdinPosted = this.sched.post(Priority.LOW, () => {
      this.stdinPosted = false;
      const line = this.stdin.shift();
      if (line !== undefined) {
        this.atPrompt = false;
        // the pipe's reader task calls l_read_stdin, which calls dojob: two C frames under the
        // chunk, the `[C]: ?` lines at the end of a REPL traceback
        this.runTask("stdin", () => this.inNativeFrames(2, () => this.dojob(line.slice(0, -1))));
      }
      this.postStdin();
    });
  }

  private prompt(first: boolean): string {
    const L = this.lua.L;
    const p = getGlobal(L, first ? "_PROMPT" : "_PROMPT2");
    if (typeof p === "string") return p;
    if (typeof p === "number") return tostring(L, p) as string;
    return first ? "> " : ">> ";
  }

  /** lua.c dojob: compile the line (joined to a pending chunk), run it, print, prompt. */
  private dojob(line: string): void {
    const L = this.lua.L;
    let chunk: string;
    if (this.pendingChunk !== undefined) chunk = `${this.pendingChunk}\n${line}`;
    else chunk = line.startsWith("=") ? `return ${line.slice(1)}` : line;
    const f = loadChunk(L, chunk, "=stdin", L.env);
    if (typeof f === "string" && f.endsWith("'<eof>'")) {
      this.pendingChunk = chunk;
    } else {
      this.pendingChunk = undefined;
      const base = L.top;
      let err: LuaValue;
      let failed = false;
      if (typeof f === "string") {
        err = f;
        failed = true;
      } else {
        L.push(f);
        const e = this.docall(base);
        if (e !== undefined) {
          err = e.value;
          failed = true;
        }
      }
      if (failed) {
        L.top = base;
        if (err !== undefined) this.luaPrint(["Lua error: ", err]);
      } else {
        const results = L.stack.slice(base, L.top);
        L.top = base;
        if (results.length > 0) this.luaPrint(results);
      }
    }
    const p = this.prompt(this.pendingChunk === undefined);
    this.print(p);
    this.atPrompt = true;
  }

  /** Runs `body` from inside `n` nested C functions, as the firmware's call chain has them. */
  private inNativeFrames(n: number, body: () => void): void {
    const L = this.lua.L;
    let f = new LuaNative("?", () => {
      body();
      return 0;
    });
    for (let i = 1; i < n; i++) {
      const inner = f;
      f = new LuaNative("?", (L1) => {
        callWith(L1, inner, [], 0);
        return 0;
      });
    }
    const base = L.top;
    callWith(L, f, [], 0);
    L.top = base;
  }

  /** lua.c docall: the function at `func` called with debug.traceback(msg, 2) as handler. */
  docall(func: number): LuaError | undefined {
    const L = this.lua.L;
    L.stack.splice(func, 0, TRACEBACK_HANDLER);
    L.top++;
    const err = pcall(L, func + 1, MULTRET, func);
    L.stack.splice(func, 1);
    L.top--;
    if (err !== undefined) this.lua.L.G.heap.fullGC(L);
    return err;
  }

  /** lua_pcall(f, ...) with no message handler; the error, if any, is returned. */
  luaCall(f: LuaValue, args: readonly LuaValue[]): LuaError | undefined {
    const L = this.lua.L;
    const base = L.top;
    L.push(f);
    for (const a of args) L.push(a);
    const err = pcall(L, base, 0, 0);
    L.top = base;
    return err;
  }

  /** l_print: the global print called protected with these values. */
  luaPrint(values: LuaValue[]): void {
    const err = this.luaCall(getGlobal(this.lua.L, "print"), values);
    if (err !== undefined) this.consoleWrite(`error calling 'print' (${String(err.value)})\n`);
  }

  /**
   * node.output([fn[, serial_debug]]) (node.c:396-413): print and the prompt go into a pipe whose
   * reader `fn` runs as a MEDIUM task, and to UART0 as well unless serial_debug is 0.
   */
  nodeOutput(L: LuaThread): number {
    const fn = L.arg(1);
    const sd = L.arg(2);
    let serialDebug = !(typeof sd === "number" && toInt32(sd) === 0);
    const registry = L.G.registry;
    if (tagOf(fn) === Tag.FUNCTION) {
      const pipe = createPipe(this.fw, L, fn, Priority.MEDIUM);
      registry.set("stdout", pipe);
      this.fw.outputRedirect = (s) => {
        if (serialDebug) this.consoleWrite(s);
        try {
          pipeWrite(this.lua.L, pipe, s);
        } catch (e) {
          if (!(e instanceof LuaError)) throw e;
          // output_redirect: reported straight to the UART, then system_restart()
          this.consoleWrite(
            `error calling stdout:write(${typeof e.value === "string" ? e.value : "(null)"})\n`,
          );
          this.requestRestart();
        }
      };
    } else {
      registry.set("stdout", undefined);
      serialDebug = true;
      this.fw.outputRedirect = undefined;
    }
    return 0;
  }

  // -------------------------------------------------------------------------------------------
  // Tasks, time and the watchdog

  /**
   * Runs one task to completion under the watchdog and the cost model. A BoardReset ends it
   * and resets the board; any other host exception is a bug and propagates.
   */
  runTask(kind: string, body: () => void): void {
    const G = this.lua.L.G;
    const start = this.sched.nowUs;
    this.taskStart = start;
    this.wdtFed = start;
    this.inTask = true;
    this.taskWarnings = [];
    G.budget = BUDGET_SLICE;
    this.sched.nowUs += TASK_OVERHEAD_US;
    try {
      body();
      this.chargeInstructions();
    } catch (e) {
      if (e instanceof BoardReset) this.restartReason = e.reason;
      else if (this.onNotice !== undefined) {
        // a fault of the emulator itself: the board goes down as on an exception, the host
        // process stays up and says what happened
        this.onNotice(
          `internal error, the board restarts: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        this.restartReason = BootReason.EXCEPTION;
      } else throw e;
    } finally {
      this.inTask = false;
      G.budget = Number.POSITIVE_INFINITY;
    }
    const deviceUs = this.sched.nowUs - start;
    if (this.onTask !== undefined) {
      const warnings = this.taskWarnings;
      if (deviceUs > TASK_GUIDELINE_US)
        warnings.push(`task took ${(deviceUs / 1000).toFixed(1)} ms (SDK guideline: 15 ms)`);
      const heapFree = this.heapFree();
      if (heapFree < 4096) warnings.push(`heap low: ${heapFree} bytes free`);
      const L = this.lua.L;
      warnings.push(...this.growth.sample({ registry: L.G.registry, "global table": L.env }));
      this.onTask({ kind, startUs: this.elapsedBefore + start, deviceUs, heapFree, warnings });
    }
    if (this.restartReason !== undefined) {
      const reason = this.restartReason;
      this.restartReason = undefined;
      this.boot(reason);
    }
  }

  /**
   * The budget ran out (or the task ended): the instructions become device time, and the
   * watchdog looks at how long the task has gone unfed.
   */
  private chargeInstructions(watch = true): void {
    const G = this.lua.L.G;
    const used = BUDGET_SLICE - G.budget;
    G.budget = BUDGET_SLICE;
    if (used > 0) this.sched.nowUs += used * US_PER_INSTRUCTION[this.config.cpuMHz];
    if (watch && this.inTask && this.sched.nowUs - this.wdtFed > WATCHDOG_US) {
      throw new BoardReset(BootReason.SOFT_WDT);
    }
  }

  /**
   * Busy time inside a task (tmr.delay's os_delay_us): the clock moves. tmr.delay feeds the
   * watchdog around every second of it (tmr.c), so the model does not reset the board inside a
   * delay; the Lua code around it is held to the watchdog as usual.
   */
  busyWait(us: number): void {
    this.chargeInstructions();
    this.sched.nowUs += us;
  }

  feedWatchdog(): void {
    this.chargeInstructions(false);
    this.wdtFed = this.sched.nowUs;
  }

  /** system_restart(): after the running task returns. */
  requestRestart(reason: BootReason = BootReason.SOFT_RESTART): void {
    if (this.inTask) this.restartReason ??= reason;
    else this.boot(reason);
  }

  /** A task is running (its start, device µs since boot). */
  get taskStartedUs(): number | undefined {
    return this.inTask ? this.taskStart : undefined;
  }

  heapFree(): number {
    return Math.max(0, this.config.heapSize - this.lua.L.G.heap.totalBytes - this.cBytes);
  }

  /** Sets the Lua allocator's limit to what module allocations leave. */
  updateHeapLimit(): void {
    this.lua.L.G.heap.limit = this.config.heapSize - this.cBytes;
  }

  /**
   * Runs what is due now: every queued task, then timers due at this time, until nothing is
   * left to do at the current time. Returns the number of tasks and timers run.
   */
  runReady(untilUs = Number.POSITIVE_INFINITY): number {
    let n = 0;
    const boot = this.bootCount;
    for (; this.sched.nowUs <= untilUs && this.bootCount === boot; ) {
      const task = this.sched.nextTask();
      if (task !== undefined) {
        task();
        n++;
        continue;
      }
      const timer = this.sched.dueTimer();
      if (timer === undefined) return n;
      timer();
      n++;
    }
    return n;
  }

  /**
   * Runs everything up to device time `untilUs` (since boot), jumping between events. Stops early
   * when the board restarts (its clock starts again at 0): see advance().
   */
  advanceTo(untilUs: number): void {
    const boot = this.bootCount;
    for (;;) {
      this.runReady(untilUs);
      if (this.bootCount !== boot) return;
      const due = this.sched.nextDue;
      // a task may have run past untilUs: what is due then waits for the next call
      if (due === undefined || due > untilUs || this.sched.nowUs > untilUs) break;
      if (due > this.sched.nowUs) this.sched.nowUs = due;
    }
    if (this.sched.nowUs < untilUs) this.sched.nowUs = untilUs;
  }

  /** Advances by `us` of device time across restarts (a restart starts the clock at 0). */
  advance(us: number): void {
    const end = this.timeUs + us;
    while (this.timeUs < end) {
      const bootCount = this.bootCount;
      this.advanceTo(end - this.elapsedBefore);
      if (this.bootCount === bootCount) break;
    }
  }

  /** Nothing to do now: at the prompt, no task queued, no timer due, no input waiting. */
  get idle(): boolean {
    const due = this.sched.nextDue;
    return (
      this.atPrompt &&
      !this.sched.hasTasks &&
      (due === undefined || due > this.sched.nowUs) &&
      this.stdin.length === 0 &&
      !this.uartIn.pending
    );
  }

  /** Whether anything at all is scheduled (tasks, timers, outside events held for). */
  get busy(): boolean {
    return (
      this.sched.hasTasks ||
      this.sched.timerCount > 0 ||
      this.uartIn.pending ||
      this.stdin.length > 0 ||
      this.holds.size > 0
    );
  }

  /** The interfaces after a boot: no addresses, the factory MACs, the default hostname. */
  freshNetif(): NetIf {
    const id = chipId(this.config.seed);
    const hex = (n: number) => n.toString(16).padStart(2, "0");
    const tail = [id >>> 16, (id >>> 8) & 0xff, id & 0xff];
    // Espressif's OUI and the chip id; the soft-AP's MAC is the station's with bit 1 set
    const mac = (first: number) => [first, 0x3f, 0x83, ...tail].map(hex).join(":");
    return {
      sta: undefined,
      ap: undefined,
      hostname: `NODE-${tail.map(hex).join("").toUpperCase()}`,
      staMac: mac(0x5c).replace(/^5c:3f:83/, "5c:cf:7f"),
      apMac: mac(0x5e).replace(/^5e:3f:83/, "5e:cf:7f"),
    };
  }

  /** Firmware.hold: the board waits for `what` until the release is called. */
  hold(what: string): () => void {
    const id = this.nextHold++;
    this.holds.set(id, what);
    return () => void this.holds.delete(id);
  }

  // -------------------------------------------------------------------------------------------
  // Boot

  /** Discards the Lua state and boots again from flash (user_init → lua_main → pmain). */
  boot(reason: BootReason): void {
    this.elapsedBefore += this.sched.nowUs;
    this.board.reset(
      reason === BootReason.POWER_ON
        ? "power-on"
        : reason === BootReason.DEEP_SLEEP_WAKE
          ? "deep-sleep-wake"
          : "restart",
    );
    this.sched = new Scheduler();
    this.bootReason = reason;
    this.bootCount++;
    this.holds.clear(); // a restart drops every connection
    this.growth = new GrowthWatch();
    this.cBytes = 0;
    this.stdin.length = 0;
    this.stdinPosted = false;
    this.rxPosted = false;
    this.pendingChunk = undefined;
    this.atPrompt = false;
    this.uartIn.echo = true;
    this.uartIn.setup(true, 0, "");
    if (this.startup.frequency !== this.config.cpuMHz) this.config.cpuMHz = this.startup.frequency;
    this.fw?.endBoot();
    this.fw = new BoardFirmware(this);
    const fw = this.fw;
    const defs = this.config.modules.map((name) => this.available.get(name)!);
    const roms = defs.map((def) => [def.name, new RomTable(def.entries(fw))] as const);
    this.lua = newDeviceLua(
      (s) => this.print(s),
      { read: (name) => readWhole(this.fs, name), exists: (name) => this.fs.exists(name) },
      roms,
    );
    fw.L = this.lua.L;
    const L = this.lua.L;
    const heap = L.G.heap;
    L.G.onBudget = () => this.chargeInstructions();
    this.updateHeapLimit();
    this.runTask("boot", () => {
      heap.stop();
      this.mountFlash();
      for (const def of defs) def.init?.(fw);
      heap.setEmergencyMode(EgcMode.ALWAYS, 4096); // lua.c pmain: lua_setegcmode(L, EGC_ALWAYS, 4096)
      heap.restart();
      this.input(" \n"); // queue CR to issue the first prompt
      if (this.startup.banner) this.consoleWrite(banner(this.config.modules));
      this.inNativeFrames(1, () => this.runInit()); // pmain, a C function under docall
    });
  }

  /**
   * luaopen_file's mount (file.c:33-42): a flash that holds no file system is formatted first,
   * with spiffs.c's progress dots (one per 16 erased sectors, the first included) on UART0.
   */
  private mountFlash(): void {
    if (this.fs.mount()) return;
    this.consoleWrite("Formatting file system. Please wait...\n");
    const { sectors } = this.fs.format();
    this.consoleWrite(".".repeat(Math.ceil(sectors / 16)));
  }

  /** pmain's init string: `@file` through loadfile, anything else as a chunk named =INIT. */
  private runInit(): void {
    const L = this.lua.L;
    const init = this.startup.command;
    let f: LuaValue;
    if (init.startsWith("@")) {
      const name = init.slice(1);
      const text = readWhole(this.fs, name);
      f =
        text === undefined
          ? `cannot open ${name}: `
          : loadChunk(L, loadfileText(text, true), `@${name}`, L.env);
    } else f = loadChunk(L, init, "=INIT", L.env);
    const base = L.top;
    if (typeof f === "string") {
      this.luaPrint([f]);
      return;
    }
    L.push(f);
    const err = this.docall(base);
    if (err !== undefined) {
      L.top = base;
      this.luaPrint([err.value]);
    }
    L.top = base;
  }
}
