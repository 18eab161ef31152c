import { describe, expect, it } from "vitest";
import { memoryIO } from "../test-support/memory-io.js";
import { runLua } from "./lua.js";

/** A memory IO whose readLine serves `lines` as lua.c sees piped input: prompt, then the echoed line. */
function interactiveIO(lines: string[]) {
  const io = memoryIO();
  io.readLine = async (prompt) => {
    const line = lines.shift();
    io.stdout(Buffer.from(line === undefined ? prompt : `${prompt}${line}\n`, "latin1"));
    return line;
  };
  return io;
}

describe("nodemcu-emu lua, interactive", () => {
  // The transcript is what `lua5.1 -i` prints for the same piped input.
  it("reads statements, continues incomplete ones, prints results and reports errors", async () => {
    const io = interactiveIO([
      "x = 1",
      "=x + 1",
      "for i=1,2 do",
      "print(i)",
      "end",
      'error("boom")',
      '= 1, nil, "s"',
      "local t = {} t.x.y = 1",
      "x = = 2",
    ]);
    expect(await runLua(["-i"], io)).toBe(0);
    expect(io.out()).toBe(
      "> x = 1\n> =x + 1\n2\n> for i=1,2 do\n>> print(i)\n>> end\n1\n2\n" +
        '> error("boom")\n> = 1, nil, "s"\n1\tnil\ts\n> local t = {} t.x.y = 1\n> x = = 2\n> \n',
    );
    expect(io.err()).toBe(
      "Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio\n" +
        "stdin:1: boom\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: ?\n" +
        "stdin:1: attempt to index field 'x' (a nil value)\nstack traceback:\n\tstdin:1: in main chunk\n\t[C]: ?\n" +
        "stdin:1: unexpected symbol near '='\n",
    );
  });

  it("uses _PROMPT and _PROMPT2", async () => {
    const io = interactiveIO(["_PROMPT = 'L> ' _PROMPT2 = '..'", "if true then", "end"]);
    await runLua(["-i"], io);
    expect(io.out()).toBe("> _PROMPT = 'L> ' _PROMPT2 = '..'\nL> if true then\n..end\nL> \n");
  });
});
