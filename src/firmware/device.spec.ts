// The board as its serial port shows it: boot, the REPL's bytes, errors, restarts.

import { describe, expect, it } from "vitest";
import { testDevice } from "../test-support/device.js";
import { banner } from "./banner.js";

const crlf = (s: string) => s.replace(/\n/g, "\r\n");

describe("boot", () => {
  it("prints the banner, cannot open init.lua and the first prompt", () => {
    const t = testDevice();
    const mods = t.device.config.modules;
    expect(t.take()).toBe(`${crlf(banner(mods))}${crlf("cannot open init.lua: \n")}> `);
  });

  it("runs init.lua before the first prompt", () => {
    const t = testDevice({ "init.lua": 'print("hello from init")' });
    expect(t.take()).toMatch(/ on SDK [^\n]*\r\nhello from init\r\n> $/);
  });
});

describe("REPL", () => {
  it("echoes, prints results and prompts", () => {
    const t = testDevice();
    t.take();
    expect(t.type("=1+1")).toBe("=1+1\r\n2\r\n> ");
    expect(t.type("print(1, 'a')")).toBe("print(1, 'a')\r\n1\ta\r\n> ");
    expect(t.type("")).toBe("\r\n> ");
  });

  it("continues incomplete chunks with >>", () => {
    const t = testDevice();
    t.take();
    expect(t.type("for i = 1, 2 do")).toBe("for i = 1, 2 do\r\n>> ");
    expect(t.type("print(i)")).toBe("print(i)\r\n>> ");
    expect(t.type("end")).toBe("end\r\n1\r\n2\r\n> ");
  });

  it("reports errors with Lua error: and a traceback", () => {
    const t = testDevice();
    t.take();
    expect(t.type("foo()")).toBe(
      crlf(
        "foo()\nLua error: \tstdin:1: attempt to call global 'foo' (a nil value)\nstack traceback:\n\tstdin:1: in main chunk\n\t[C]: ?\n\t[C]: ?\n> ",
      ),
    );
  });

  it("shows the board's globals", () => {
    const t = testDevice();
    t.take();
    expect(t.type("print(rawget(_G, 'print'), type(print), getmetatable(_G) == _G)")).toBe(
      "print(rawget(_G, 'print'), type(print), getmetatable(_G) == _G)\r\nnil\tfunction\ttrue\r\n> ",
    );
    expect(t.type("node.x = 1")).toBe(
      "node.x = 1\r\nLua error: \tstdin:1: table is readonly\r\nstack traceback:\r\n\tstdin:1: in main chunk\r\n\t[C]: ?\r\n\t[C]: ?\r\n> ",
    );
    expect(t.type('=("%d-%s" % {1, "a"}), math.sin, io')).toMatch(/\r\n1-a\tnil\tnil\r\n> $/);
    // lua_Integer is 32 bits: 2^32 + 3 is 3
    expect(t.type("=string.rep('x', 2^32 + 3), debug.getinfo, require('node') == node")).toMatch(
      /\r\nxxx\tnil\ttrue\r\n> $/,
    );
    // LUAI_OPTIMIZE_DEBUG: locals lose their names, globals keep them
    expect(t.type("local t; t.x = 1")).toContain("Lua error: \tstdin:1: attempt to index a nil value\r\n");
  });
});

describe("restart", () => {
  it("takes effect after the running task", () => {
    const t = testDevice();
    t.take();
    const out = t.type("node.restart(); for i = 1, 3 do print('not quite yet -- ', i) end");
    expect(out).toContain("not quite yet -- \t3\r\n");
    expect(out).toContain(" powered by Lua 5.1.4 on SDK ");
    expect(t.type("=node.bootreason()")).toMatch(/\r\n2\t4\r\n> $/);
  });

  it("resets through the watchdog on an endless loop", () => {
    const t = testDevice();
    t.take();
    const out = t.type("while true do end");
    expect(out).toContain(" powered by Lua 5.1.4 on SDK ");
    expect(t.type("=node.bootreason()")).toMatch(/\r\n2\t3\r\n> $/);
  });
});

describe("errors in callbacks", () => {
  it("go to the default onerror: printed, then one restart 2 s later", () => {
    const t = testDevice();
    t.take();
    const out = t.type("node.task.post(function() error('boom') end)");
    const d = t.device;
    const boots = d.bootCount;
    d.advance(1_900_000);
    expect(out + t.take()).toContain(
      "stdin:1: boom\r\nstack traceback:\r\n\t[C]: in function 'error'\r\n\tstdin:1: in function <stdin:1>\r\n",
    );
    expect(d.bootCount).toBe(boots);
    d.advance(200_000);
    expect(d.bootCount).toBe(boots + 1);
    expect(t.type("=node.bootreason()")).toMatch(/\r\n2\t4\r\n> $/);
  });

  it("go to node.setonerror's handler, without a restart", () => {
    const t = testDevice();
    t.take();
    t.type("node.setonerror(function(s) print('caught: ' .. s:match('^[^\\n]*')) end)");
    const out = t.type("tmr.create():alarm(10, tmr.ALARM_SINGLE, function() error('late') end)");
    t.device.advance(3_000_000);
    expect(out + t.take()).toContain("caught: stdin:1: late\r\n");
    expect(t.device.bootCount).toBe(1);
  });

  it("of unprotected callbacks PANIC and reset through the watchdog", () => {
    const t = testDevice();
    t.take();
    const d = t.device;
    t.type("function bad() error('oops') end");
    d.fw.post(0, () => d.fw.callUnprotected(d.L.env.get("bad"), []));
    t.settle();
    expect(t.take()).toMatch(
      /^PANIC: unprotected error in call to Lua API \(stdin:1: oops\)\r\n\r\nNodeMCU /,
    );
    expect(t.type("=node.bootreason()")).toMatch(/\r\n2\t3\r\n> $/);
  });

  it("in init.lua are printed without a restart", () => {
    const t = testDevice({ "init.lua": "print('a')\nerror('init failed')" });
    expect(t.take()).toMatch(
      /\r\na\r\ninit.lua:2: init failed\r\nstack traceback:\r\n\t\[C\]: in function 'error'\r\n\tinit.lua:2: in main chunk\r\n\t\[C\]: \?\r\n> $/,
    );
    t.device.advance(5_000_000);
    expect(t.device.bootCount).toBe(1);
  });
});

describe("the task queues", () => {
  it("run HIGH before MEDIUM before LOW and refuse a ninth task", () => {
    const t = testDevice();
    t.take();
    expect(t.type("for p = 0, 2 do node.task.post(p, function(q) print(q) end) end")).toMatch(
      /\r\n> 2\r\n1\r\n0\r\n$/,
    );
    expect(t.type("for i = 1, 9 do node.task.post(function() end) end")).toContain(
      "Task queue overflow. Task not posted",
    );
  });
});

describe("the reboot loop of an init.lua that fails in a timer", () => {
  const INIT = "tmr.create():alarm(3000, tmr.ALARM_SINGLE, function() error('app crashed') end)";

  it("loops through reboots until file.remove('init.lua') is typed during the delay", () => {
    const t = testDevice({ "init.lua": INIT });
    const d = t.device;
    d.advance(5_100_000);
    expect(d.bootCount).toBe(2);
    d.advance(5_000_000);
    expect(d.bootCount).toBe(3);
    expect(t.take()).toContain("init.lua:1: app crashed");
    expect(t.type('file.remove("init.lua")')).toBe('file.remove("init.lua")\r\n> ');
    d.advance(5_100_000);
    expect(d.bootCount).toBe(4);
    expect(t.take()).toMatch(/cannot open init\.lua: \r\n> $/);
    d.advance(60_000_000);
    expect(d.bootCount).toBe(4);
  });
});

describe("node.output and node.input", () => {
  it("redirect print and the prompt into a pipe read by a MEDIUM task", () => {
    const t = testDevice();
    t.take();
    t.type("got = {} node.output(function(p) got[#got + 1] = p:read(1400) return false end, 0)");
    expect(t.type("print('hidden')")).toBe("print('hidden')\r\n");
    expect(t.type("node.output() print(table.concat(got, '|'))")).toBe(
      "node.output() print(table.concat(got, '|'))\r\n> |hidden\r\n> \r\n> ",
    );
  });

  it("keep the UART copy with serial_debug, and feed lines with node.input", () => {
    const t = testDevice();
    t.take();
    t.type("node.output(function(p) p:read(1400) return false end, 1)");
    expect(t.type("node.input('print(6*7)\\n')")).toBe("node.input('print(6*7)\\n')\r\n> 42\r\n> ");
  });
});

describe("--trace", () => {
  it("reports each task's device time and heap, slow tasks, and a registry that keeps growing", () => {
    const reports: { kind: string; deviceUs: number; warnings: string[] }[] = [];
    const t = testDevice({}, { onTask: (r) => reports.push(r) });
    t.take();
    t.type("for i = 1, 30000 do end");
    expect(reports.at(-1)!.warnings.join()).toMatch(/task took \d+\.\d ms \(SDK guideline: 15 ms\)/);
    t.type(
      "n = 0 tmr.create():alarm(100, tmr.ALARM_AUTO, function() n = n + 1 debug.getregistry()['leak' .. n] = {} end)",
    );
    t.device.advance(20_000_000);
    expect(reports.some((r) => r.warnings.some((w) => /^registry keeps growing: \d+ entries$/.test(w)))).toBe(
      true,
    );
    expect(reports.some((r) => r.warnings.some((w) => w.startsWith("global table")))).toBe(false);
  });
});

describe("memory", () => {
  it("starts with about 44 KB free and runs out where the board would", () => {
    const t = testDevice();
    t.take();
    const heap = Number(/\r\n(\d+)\r\n/.exec(t.type("=node.heap()"))![1]);
    expect(heap).toBeGreaterThan(43_000);
    expect(heap).toBeLessThan(46_000);
    expect(t.type("t = {} for i = 1, 1e6 do t[i] = {i} end")).toContain(
      "\r\nLua error: \tnot enough memory\r\n> ",
    );
    const [, n] = /\r\n(\d+)\r\n/.exec(t.type("=#t"))!;
    // each {i} costs a table (32) and an array slot of 16 bytes of its own, plus t's part
    expect(Number(n)).toBeGreaterThan(heap / 80);
    expect(Number(n)).toBeLessThan(heap / 40);
    t.type("t = nil collectgarbage()");
    expect(Number(/\r\n(\d+)\r\n/.exec(t.type("=node.heap()"))![1])).toBeGreaterThan(heap - 1024);
  });

  it("switches EGC modes with node.egc.setmode and checks its arguments", () => {
    const t = testDevice();
    t.take();
    expect(t.type("node.egc.setmode(node.egc.ON_MEM_LIMIT, -4096) print(node.egc.meminfo())")).toMatch(
      /\r\n\d+\t\d+\r\n> $/,
    );
    expect(t.type("node.egc.setmode(8)")).toContain("bad argument #1 to 'setmode' (invalid mode)");
    expect(t.type("node.egc.setmode(node.egc.ON_MEM_LIMIT)")).toContain(
      "bad argument #1 to 'setmode' (limit must be non-zero)",
    );
  });
});

describe("flash", () => {
  it("is formatted on the first boot of an erased chip, before the banner", async () => {
    const { Spiffs } = await import("./spiffs.js");
    const { MemoryFlashStore } = await import("./flash-store.js");
    const t = testDevice({}, { fs: new Spiffs(new MemoryFlashStore()) });
    const out = t.take();
    expect(out).toMatch(/^Formatting file system\. Please wait\.\.\.\r\n\.{55}\r\nNodeMCU 3\.0\.0\.0 \r\n/);
    t.device.requestRestart();
    t.settle();
    expect(t.take()).not.toContain("Formatting");
  });

  it("node.compile writes a stripped NodeMCU .lc that require prefers and runs", () => {
    const t = testDevice({ "m.lua": "local M = {} function M.f() return 'from m' end return M" });
    t.take();
    expect(t.type("node.compile('m.lua') print(file.exists('m.lc'), #file.getcontents('m.lc'))")).toMatch(
      /\r\ntrue\t\d+\r\n> $/,
    );
    expect(t.type("=file.getcontents('m.lc'):sub(1, 12) == '\\27Lua\\81\\0\\1\\4\\4\\4\\8\\0'")).toMatch(
      /\r\ntrue\r\n> $/,
    );
    t.type("file.remove('m.lua')");
    expect(t.type("=require('m').f()")).toMatch(/\r\nfrom m\r\n> $/);
    expect(t.type("node.compile('m.txt')")).toContain("stdin:1: not a .lua file");
  });
});

describe("time in a task", () => {
  it("tmr.delay takes device time without a watchdog reset; tmr.wdclr keeps a long loop alive", () => {
    const t = testDevice();
    t.take();
    expect(t.type("a = tmr.now() tmr.delay(2500000) print(tmr.now() - a >= 2500000)")).toContain(
      "\r\ntrue\r\n> ",
    );
    expect(t.device.bootCount).toBe(1);
    expect(t.type("for i = 1, 20 do for j = 1, 100000 do end tmr.wdclr() end print('alive')")).toContain(
      "\r\nalive\r\n> ",
    );
    expect(t.device.bootCount).toBe(1);
    t.type("for i = 1, 1000000 do end");
    expect(t.device.bootCount).toBe(2);
  });

  it("runs faster at 160 MHz", () => {
    const t = testDevice();
    t.take();
    const took = () =>
      Number(/\r\n(\d+)\r\n/.exec(t.type("a = tmr.now() for i = 1, 100000 do end print(tmr.now() - a)"))![1]);
    const slow = took();
    t.type("node.setcpufreq(node.CPU160MHZ)");
    expect(took()).toBeLessThan(slow * 0.7);
  });
});

describe("node.startup", () => {
  it("turns the banner off and runs another init command from the next boot on", () => {
    const t = testDevice({ "app.lua": "print('app')" });
    t.take();
    expect(t.type("node.startup({banner = false, command = '@app.lua'}) node.restart()")).toBe(
      "node.startup({banner = false, command = '@app.lua'}) node.restart()\r\n> app\r\n> ",
    );
    expect(t.type("=node.startup().banner, node.startup({}).command")).toMatch(
      /\r\nfalse\t@init\.lua\r\n> $/,
    );
  });
});

describe("bad input", () => {
  it("reports a malformed .lc and a syntax error in a file, and keeps going", () => {
    const t = testDevice({ "bad.lc": "\x1bLua\x51\x00\x01\x04\x04\x04\x08\x00\x05", "bad.lua": "x = = 1" });
    t.take();
    expect(t.type("dofile('bad.lc')")).toContain(
      "Lua error: \tbad.lc: unexpected end in precompiled chunk\r\n",
    );
    expect(t.type("=pcall(require, 'bad')")).toContain(
      "false\terror loading module 'bad' from file 'bad.lc':\r\n\tbad.lc: unexpected end in precompiled chunk\r\n",
    );
    expect(t.type("dofile('bad.lua')")).toContain("Lua error: \tbad.lua:1: unexpected symbol near '='\r\n");
    expect(t.type("=1")).toBe("=1\r\n1\r\n> ");
  });
});
