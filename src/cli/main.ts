#!/usr/bin/env node
// The `nodemcu-emu` executable.

import { runCli } from "./commands.js";
import { nodeIO } from "./io.js";

// A reader that goes away (`nodemcu-emu luac -l x.lua | head`) ends the output quietly, as
// SIGPIPE ends a C program, instead of an unhandled EPIPE error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}

// exitCode rather than process.exit(), so that output still queued on pipes is written.
process.exitCode = await runCli(process.argv.slice(2), nodeIO());
