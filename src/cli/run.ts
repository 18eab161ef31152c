// `nodemcu-emu run [folder] [options]`: boots a device whose flash is the folder and connects
// its UART0 to this terminal. With a TTY the terminal is the serial console, in real time (raw
// mode; Ctrl-T resets the board, Ctrl-] quits). Without one, stdin lines are typed at the prompt
// one at a time, each once the board is idle, so a scripted session gives the same transcript on
// every run.

import { fileURLToPath } from "node:url";
import { Device, type TaskReport } from "../firmware/device.js";
import { MemoryFlashStore } from "../firmware/flash-store.js";
import { BootReason } from "../firmware/module.js";
import { Spiffs } from "../firmware/spiffs.js";
import { startEmbeddedBroker } from "../host/embedded-broker.js";
import { FlashFolder } from "../host/flash-folder.js";
import { RealtimeRunner, waitOrWake } from "../host/realtime.js";
import { MODULES } from "../modules/index.js";
import { byteString, bytes, type CliIO } from "./io.js";

const USAGE =
  "usage: nodemcu-emu run [folder] [options]\n" +
  "Boots an emulated NodeMCU whose flash is the folder (default: the bundled example app).\n" +
  "  --virtual-time     deterministic time: jump to the next event\n" +
  "  --for DURATION     stop after this much device time (ms, s, m, h; e.g. 90s)\n" +
  "  --heap BYTES       heap left to Lua and the modules\n" +
  "  --flash-size SIZE  flash chip size (e.g. 4M, 1M, 512K)\n" +
  "  --modules a,b,c    the build's modules\n" +
  "  --seed N           chip id, MAC and random numbers\n" +
  "  --trace            per-task device time, heap and warnings on stderr\n" +
  "  --forward DEV:HOST a device server's port DEV listens on 127.0.0.1:HOST (repeatable)\n";

export interface RunOptions {
  folder?: string;
  virtualTime: boolean;
  forUs?: number;
  heap?: number;
  flashSize?: number;
  modules?: string[];
  seed?: number;
  trace: boolean;
  /** Device port → host port on 127.0.0.1 (--forward). */
  forward?: Record<number, number>;
}

/** `90s`, `1.5m`, `200ms`, `2h`, or plain milliseconds, as microseconds. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s);
  if (m === null) return undefined;
  const unit = { ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 }[m[2] ?? "ms"]!;
  return Math.round(Number(m[1]) * unit);
}

function parseSize(s: string): number | undefined {
  const m = /^(\d+)([KM]?)B?$/i.exec(s);
  if (m === null) return undefined;
  return Number(m[1]) * (m[2]?.toUpperCase() === "M" ? 1 << 20 : m[2]?.toUpperCase() === "K" ? 1024 : 1);
}

export function parseRunArgs(argv: string[]): RunOptions | string {
  const o: RunOptions = { virtualTime: false, trace: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (a) {
      case "--virtual-time":
        o.virtualTime = true;
        break;
      case "--trace":
        o.trace = true;
        break;
      case "--forward": {
        const m = /^(\d+):(\d+)$/.exec(value() ?? "");
        const dev = Number(m?.[1]);
        const host = Number(m?.[2]);
        if (m === null || !(dev > 0 && dev < 65536 && host > 0 && host < 65536))
          return "--forward wants DEVICEPORT:HOSTPORT";
        o.forward = { ...o.forward, [dev]: host };
        break;
      }
      case "--for": {
        const d = parseDuration(value() ?? "");
        if (d === undefined) return "--for needs a duration such as 500ms, 10s, 5m or 1h";
        o.forUs = d;
        break;
      }
      case "--heap": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 4096) return "--heap needs a number of bytes (at least 4096)";
        o.heap = n;
        break;
      }
      case "--flash-size": {
        const n = parseSize(value() ?? "");
        if (n === undefined || n < 512 * 1024) return "--flash-size needs a size such as 4M or 512K";
        o.flashSize = n;
        break;
      }
      case "--modules": {
        const list = (value() ?? "").split(",").filter((m) => m.length > 0);
        const unknown = list.filter((m) => !MODULES.has(m));
        if (unknown.length > 0)
          return `unknown module(s): ${unknown.join(", ")} (available: ${[...MODULES.keys()].join(",")})`;
        o.modules = list;
        break;
      }
      case "--seed": {
        const n = Number(value());
        if (!Number.isInteger(n)) return "--seed needs an integer";
        o.seed = n;
        break;
      }
      default:
        if (a.startsWith("-") || o.folder !== undefined) return `unknown option '${a}'`;
        o.folder = a;
    }
  }
  return o;
}

/** The bundled example app, copied into a flash in memory so the package stays as it is. */
function bundledApp(io: CliIO, extra: Record<string, string> = {}): MemoryFlashStore {
  const name = fileURLToPath(new URL("../../../examples/app/init.lua", import.meta.url));
  return new MemoryFlashStore({ "init.lua": io.readFile(name), ...extra });
}

/** `extra`: files added to the bundled app's flash (its config.lua with the broker's address). */
export function createDevice(
  o: RunOptions,
  io: CliIO,
  onOutput: (bytes: string) => void,
  extra: Record<string, string> = {},
): Device {
  const warn = (m: string) => io.stderr(bytes(`nodemcu-emu: ${m}\n`));
  const flashSize = o.flashSize ?? 4 << 20;
  const store =
    o.folder === undefined ? bundledApp(io, extra) : new FlashFolder(o.folder, { onWarning: warn });
  return new Device({
    fs: new Spiffs(store, { flashSize, onWarning: warn }),
    available: MODULES,
    flashSize,
    heapSize: o.heap,
    modules: o.modules,
    seed: o.seed,
    onOutput: (uart, b) => {
      if (uart === 0) onOutput(b);
    },
    onTask: o.trace ? (r) => io.stderr(bytes(traceLine(r))) : undefined,
    forward: o.forward,
    onNotice: (m) => io.stderr(bytes(`nodemcu-emu: ${m}\n`)),
  });
}

function traceLine(r: TaskReport): string {
  const t = (r.startUs / 1e6).toFixed(6);
  const warn = r.warnings.map((w) => `  WARNING: ${w}`).join("");
  return `[${t}] ${r.kind} ${(r.deviceUs / 1000).toFixed(3)} ms, heap ${r.heapFree}${warn}\n`;
}

export async function runDevice(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(bytes(USAGE));
    return 0;
  }
  const o = parseRunArgs(argv);
  if (typeof o === "string") {
    io.stderr(bytes(`nodemcu-emu run: ${o}\n${USAGE}`));
    return 1;
  }
  // the bundled app publishes its telemetry to a broker of its own, started here
  const broker = o.folder === undefined ? await startEmbeddedBroker() : undefined;
  const extra: Record<string, string> = {};
  if (broker !== undefined) {
    io.stderr(bytes(`nodemcu-emu: MQTT broker on mqtt://${broker.host}:${broker.port}\n`));
    extra["config.lua"] = `return { mqtt_host = "${broker.host}", mqtt_port = ${broker.port} }\n`;
  }
  try {
    let device: Device;
    try {
      device = createDevice(o, io, (b) => io.stdout(bytes(b)), extra);
    } catch (e) {
      io.stderr(bytes(`nodemcu-emu run: ${(e as Error).message}\n`));
      return 1;
    }
    try {
      return await (io.stdinIsTTY ? interactive(device, o) : scripted(device, o, io));
    } finally {
      device.powerOff(); // its sockets would keep the process alive
    }
  } finally {
    await broker?.close();
  }
}

/** Without a TTY: stdin lines at the prompt, one when the board is idle. */
async function scripted(device: Device, o: RunOptions, io: CliIO): Promise<number> {
  const lines = byteString(io.stdin())
    .split(/(?<=\n)/)
    .filter((l) => l.length > 0);
  device.powerOn();
  const end = o.forUs ?? Number.POSITIVE_INFINITY;
  const start = performance.now();
  /** Host milliseconds at which device time (across boots) reaches `us`, in real-time mode. */
  const wallMs = (us: number) => start + us / 1000 - performance.now();
  for (;;) {
    device.runReady();
    if (device.timeUs >= end) break;
    if (device.sched.hasTasks) continue; // a restart stopped the run: the new boot's tasks wait
    if (device.idle && lines.length > 0) {
      const l = lines.shift()!;
      device.receive(l.endsWith("\n") ? l : `${l}\n`);
      continue;
    }
    const base = device.timeUs - device.sched.nowUs;
    const due = device.sched.nextDue;
    if (due === undefined) {
      if (device.holds.size === 0) break; // nothing will ever happen again
      await waitOrWake(device, end === Number.POSITIVE_INFINITY ? 3_600_000 : wallMs(end));
      if (!o.virtualTime || device.sched.hasTasks)
        device.advanceTo(Math.max(device.sched.nowUs, (performance.now() - start) * 1000 - base));
      continue;
    }
    const target = Math.min(due, end - base);
    // outside events (sockets) arrive in host time: give them their chance before time jumps
    if (!o.virtualTime) await waitOrWake(device, wallMs(base + target));
    else if (device.holds.size > 0) await waitOrWake(device, 0);
    if (device.sched.hasTasks) continue;
    device.advanceTo(target);
  }
  return 0;
}

/** With a TTY: the terminal is the serial console in raw mode, in real time. */
async function interactive(device: Device, o: RunOptions): Promise<number> {
  const stdin = process.stdin;
  stdin.setRawMode?.(true);
  stdin.resume();
  process.stderr.write("nodemcu-emu: Ctrl-T resets the board, Ctrl-] quits\r\n");
  device.powerOn();
  const runner = new RealtimeRunner(device);
  runner.start();
  return new Promise<number>((resolve) => {
    const watch = setInterval(() => {
      if (o.forUs !== undefined && device.timeUs >= o.forUs) finish(0);
    }, 100);
    function finish(code: number): void {
      clearInterval(watch);
      runner.stop();
      stdin.setRawMode?.(false);
      stdin.pause();
      resolve(code);
    }
    stdin.on("data", (chunk: Buffer) => {
      const s = chunk.toString("latin1");
      if (s.includes("\x1d")) return finish(0);
      if (s.includes("\x14")) device.boot(BootReason.EXT_RESET);
      else device.receive(s);
    });
  });
}
