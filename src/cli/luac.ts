// `nodemcu-emu luac`: the Lua 5.1 compiler's command line (luac.c of Lua 5.1.5, which NodeMCU's
// luac.cross shares for these options), writing NodeMCU `.lc` files by default or standard 5.1
// chunks with `--format standard`.

import { type ChunkFormat, NODEMCU_FLOAT, STANDARD_64 } from "../lua/chunk-format.js";
import { compile, LuaSyntaxError, NODEMCU_PARSE_OPTIONS } from "../lua/compile.js";
import { dump, LuaDumpError, stripDebug } from "../lua/dump.js";
import { listing } from "../lua/listing.js";
import { loadfileText } from "../lua/loadfile.js";
import { createABC, createABx, Op } from "../lua/opcodes.js";
import type { Proto } from "../lua/proto.js";
import { LuaUndumpError, undump } from "../lua/undump.js";
import { byteString, bytes, type CliIO, strerror } from "./io.js";

const PROGNAME = "nodemcu-emu luac";
/** luac.c's OUTPUT: the default output file, also the input when only -l or -p is given. */
const OUTPUT = "luac.out";
/** LUA_RELEASE and LUA_COPYRIGHT (lua.h), as `luac -v` prints them. */
const VERSION = "Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio";
/** LUAI_MAXCSTACK (luaconf.h): pmain's lua_checkstack(L, argc) fails beyond this many slots. */
const MAXCSTACK = 8000;
/** The first byte of LUA_SIGNATURE ("\033Lua"): what tells a precompiled chunk from source. */
const ESC = 0x1b;

/** Ends the command with an exit status, as exit() does in luac.c. */
class Exit {
  constructor(readonly status: number) {}
}

interface Options {
  listing: number;
  dumping: boolean;
  stripping: boolean;
  /** null: standard output (`-o -`). */
  output: string | null;
  format: "nodemcu" | "standard";
  sizeT: 4 | 8;
  endian: "little" | "big";
  /** --size-t or --endian given (they only apply to --format standard). */
  standardOnly: string | undefined;
  files: string[];
}

function usageText(): string {
  return (
    `usage: ${PROGNAME} [options] [filenames].\n` +
    "Available options are:\n" +
    "  -        process stdin\n" +
    "  -l       list\n" +
    `  -o name  output to file 'name' (default is "${OUTPUT}")\n` +
    "  -p       parse only\n" +
    "  -s       strip debug information\n" +
    "  -v       show version information\n" +
    "  --       stop handling options\n" +
    '  --format nodemcu|standard  bytecode format (default is "nodemcu": a NodeMCU .lc)\n' +
    "  --size-t 4|8               size_t of a standard chunk (default is 8)\n" +
    "  --endian little|big        byte order of a standard chunk (default is little)\n"
  );
}

class Luac {
  constructor(private readonly io: CliIO) {}

  private err(text: string): void {
    this.io.stderr(bytes(text));
  }

  /** luac.c fatal(): the message after the program name, then exit 1. */
  private fatal(message: string): never {
    this.err(`${PROGNAME}: ${message}\n`);
    throw new Exit(1);
  }

  /** luac.c usage(): an argument starting with '-' is an unknown option; then the option list. */
  private usage(message: string): never {
    this.err(
      message.startsWith("-")
        ? `${PROGNAME}: unrecognized option '${message}'\n`
        : `${PROGNAME}: ${message}\n`,
    );
    this.err(usageText());
    throw new Exit(1);
  }

  /** luac.c doargs(), plus the --format/--size-t/--endian options of this tool. */
  private parseArgs(argv: string[]): Options {
    const o: Options = {
      listing: 0,
      dumping: true,
      stripping: false,
      output: OUTPUT,
      format: "nodemcu",
      sizeT: 8,
      endian: "little",
      standardOnly: undefined,
      files: [],
    };
    let version = 0;
    let i = 0;
    const value = (name: string, allowed: readonly string[]): string => {
      const v = argv[++i];
      if (v === undefined || v === "") this.usage(`'${name}' needs argument`);
      if (!allowed.includes(v)) this.usage(`'${name}' needs ${allowed.map((a) => `'${a}'`).join(" or ")}`);
      return v;
    };
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith("-")) break; // end of options; a file name
      if (a === "--") {
        // end of options; skipped. luac.c also counts it towards -v so that `-v --` alone
        // still only prints the version.
        i++;
        if (version) version++;
        break;
      }
      if (a === "-") break; // end of options; stdin
      if (a === "-l") o.listing++;
      else if (a === "-o") {
        const out = argv[++i];
        if (out === undefined || out === "") this.usage("'-o' needs argument");
        o.output = out === "-" ? null : out;
      } else if (a === "-p") o.dumping = false;
      else if (a === "-s") o.stripping = true;
      else if (a === "-v") version++;
      else if (a === "--help") {
        this.io.stdout(bytes(usageText()));
        throw new Exit(0);
      } else if (a === "--format") o.format = value(a, ["nodemcu", "standard"]) as Options["format"];
      else if (a === "--size-t") {
        o.sizeT = Number(value(a, ["4", "8"])) as 4 | 8;
        o.standardOnly ??= a;
      } else if (a === "--endian") {
        o.endian = value(a, ["little", "big"]) as Options["endian"];
        o.standardOnly ??= a;
      } else this.usage(a);
    }
    if (o.standardOnly !== undefined && o.format !== "standard") {
      this.usage(`'${o.standardOnly}' needs '--format standard'`);
    }
    // Only -l or -p and no file: luac.c lists or checks its own default output file.
    if (i === argv.length && (o.listing || !o.dumping)) {
      o.dumping = false;
      o.files = [OUTPUT];
    } else {
      o.files = argv.slice(i);
    }
    if (version) {
      this.io.stdout(bytes(`${VERSION}\n`));
      // luac.c exits here when every argument was -v (or the -- after them).
      if (version === argv.length) throw new Exit(0);
    }
    return o;
  }

  /**
   * luaL_loadfile (lauxlib.c) and lua_load: "-" is stdin, named `=stdin`, a file is `@name`.
   * A first line starting with '#' is skipped and replaced by a newline, so line numbers stay
   * right. If the next byte is ESC, a named file is precompiled: it is read again from its
   * first ESC byte on (skipping a `#!` line) without the extra newline. lua_load then undumps
   * when the text starts with ESC (also on stdin) and compiles otherwise.
   */
  private load(file: string, nodemcu: boolean): Proto {
    const named = file !== "-";
    const chunkName = named ? `@${file}` : "=stdin";
    let data: Uint8Array;
    if (named) {
      try {
        data = this.io.readFile(file);
      } catch (e) {
        // fopen() succeeds on a directory and the read then fails (EISDIR).
        const what = (e as NodeJS.ErrnoException).code === "EISDIR" ? "read" : "open";
        this.fatal(`cannot ${what} ${file}: ${strerror(e)}`);
      }
    } else {
      data = this.io.stdin();
    }
    const text = loadfileText(byteString(data), named);
    try {
      if (text.charCodeAt(0) === ESC) return undump(bytes(text), chunkName);
      if (!nodemcu) return compile(text, chunkName);
      // luac.cross compiles with the firmware's limits and line info, then drops local and
      // upvalue names (lparser.c compile_stripdebug at LUAI_OPTIMIZE_DEBUG 1, user_config.h).
      return stripDebug(compile(text, chunkName, NODEMCU_PARSE_OPTIONS), 1);
    } catch (e) {
      if (e instanceof LuaSyntaxError || e instanceof LuaUndumpError) this.fatal(e.message);
      throw e;
    }
  }

  /**
   * luac.c combine(): one chunk is used as it is; several become the children of a new main
   * (source "=(luac)", 1 stack slot, no line info) whose code is CLOSURE 0 i; CALL 0 1 1 for
   * each file in order and a final RETURN 0 1.
   */
  private static combine(protos: Proto[]): Proto {
    if (protos.length === 1) return protos[0]!;
    const n = protos.length;
    const code = new Uint32Array(2 * n + 1);
    let pc = 0;
    for (let i = 0; i < n; i++) {
      code[pc++] = createABx(Op.CLOSURE, 0, i);
      code[pc++] = createABC(Op.CALL, 0, 1, 1);
    }
    code[pc++] = createABC(Op.RETURN, 0, 1, 0);
    return {
      source: "=(luac)",
      lineDefined: 0,
      lastLineDefined: 0,
      nups: 0,
      numParams: 0,
      isVararg: 0,
      maxStackSize: 1,
      code,
      k: [],
      p: protos,
      lineInfo: new Int32Array(0),
      locVars: [],
      upvalues: [],
    };
  }

  private static format(o: Options): ChunkFormat {
    if (o.format === "nodemcu") return NODEMCU_FLOAT;
    return { ...STANDARD_64, sizeofSizeT: o.sizeT, littleEndian: o.endian === "little" };
  }

  run(argv: string[]): number {
    const o = this.parseArgs(argv);
    if (o.files.length === 0) this.usage("no input files given");
    // pmain's lua_checkstack(L, argc), with the userdata argument already on the stack.
    if (o.files.length + 1 > MAXCSTACK) this.fatal("too many input files");
    const f = Luac.combine(o.files.map((file) => this.load(file, o.format === "nodemcu")));
    if (o.listing) this.io.stdout(bytes(listing(f, o.listing > 1)));
    if (o.dumping) {
      let chunk: Uint8Array;
      try {
        chunk = dump(f, Luac.format(o), o.stripping);
      } catch (e) {
        // Values the format cannot hold (luac.cross reports these for integer builds).
        if (e instanceof LuaDumpError) this.fatal(e.message);
        throw e;
      }
      if (o.output === null) this.io.stdout(chunk);
      else {
        try {
          this.io.writeFile(o.output, chunk);
        } catch (e) {
          this.fatal(`cannot open ${o.output}: ${strerror(e)}`);
        }
      }
    }
    return 0;
  }
}

/** Runs `nodemcu-emu luac` with `argv` (the arguments after `luac`); returns the exit status. */
export function runLuac(argv: string[], io: CliIO): number {
  try {
    return new Luac(io).run(argv);
  } catch (e) {
    if (e instanceof Exit) return e.status;
    throw e;
  }
}
