// The subcommands of `nodemcu-emu`, one file each, loaded only when used.

import { bytes, type CliIO } from "./io.js";

export interface Command {
  /** One line for `nodemcu-emu --help`. */
  summary: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(argv: string[], io: CliIO): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  lua: {
    summary: "run Lua 5.1 scripts (options as the lua5.1 standalone interpreter)",
    run: async (argv, io) => (await import("./lua.js")).runLua(argv, io),
  },
  run: {
    summary: "boot an emulated NodeMCU board on a folder as its flash (default: the bundled app)",
    run: async (argv, io) => (await import("./run.js")).runDevice(argv, io),
  },
  luac: {
    summary: "compile Lua 5.1 source to bytecode, list it (options as luac / luac.cross)",
    run: async (argv, io) => (await import("./luac.js")).runLuac(argv, io),
  },
};

const help = (): string =>
  "usage: nodemcu-emu <command> [arguments]\n" +
  "A NodeMCU (ESP8266 Lua 5.1 firmware) on your PC.\n\n" +
  "Commands:\n" +
  Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}\n`)
    .join("") +
  "\nRun 'nodemcu-emu <command> --help' for a command's options.\n";

/** `nodemcu-emu ARGV...`: dispatches to a command; resolves to the exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const out = (s: string) => io.stdout(bytes(s));
  const err = (s: string) => io.stderr(bytes(s));
  if (name === "--help" || name === "-h" || name === "help") {
    out(help());
    return 0;
  }
  if (name === undefined) {
    err(help());
    return 1;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    err(`nodemcu-emu: unknown command '${name}'\n${help()}`);
    return 1;
  }
  return command.run(rest, io);
}
