// A mosquitto broker for specs: Debian's binary (skipped when it is not installed), started on
// a free port of 127.0.0.1 with a generated configuration and its persistence file in a
// temporary directory, so that sessions survive a restart of the broker as on a real one.

import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CANDIDATES = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"];

/** The mosquitto binary, or undefined when it is not installed. */
export const mosquittoBinary: string | undefined = CANDIDATES.find((p) => existsSync(p));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

export class Mosquitto {
  private proc: ChildProcess | undefined = undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "nodemcu-emu-mosquitto-"));

  private constructor(readonly port: number) {
    // started as root, mosquitto drops to its own user, which must be able to save its file
    chmodSync(this.dir, 0o777);
    writeFileSync(
      join(this.dir, "mosquitto.conf"),
      [
        `listener ${port} 127.0.0.1`,
        "allow_anonymous true",
        "persistence true",
        `persistence_location ${this.dir}/`,
        "log_dest none",
        "",
      ].join("\n"),
    );
  }

  static async start(): Promise<Mosquitto> {
    const m = new Mosquitto(await freePort());
    await m.up();
    return m;
  }

  /** Starts the broker (again, on the same port and persistence file). */
  async up(): Promise<void> {
    if (mosquittoBinary === undefined) throw new Error("mosquitto is not installed");
    this.proc = spawn(mosquittoBinary, ["-c", join(this.dir, "mosquitto.conf")], { stdio: "ignore" });
    for (let i = 0; i < 200; i++) {
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("mosquitto did not start");
  }

  /** Stops the broker as a service stop does (SIGTERM: it saves its sessions and closes). */
  async down(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p === undefined || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGTERM");
    });
  }

  /** Stops it and removes its temporary directory. */
  async stop(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
