// The tmr module through Lua, on the test firmware's manual clock (boot at 0 µs). Expected
// values follow tmr.c and the SDK's os_timer rules.

import { describe, expect, it } from "vitest";
import { type TestFirmware, testFirmware } from "../test-support/test-firmware.js";
import { type TmrHost, tmrModule } from "./tmr.js";

const fresh = (): TestFirmware => testFirmware([tmrModule]);
const fw = fresh();
const run = (src: string): string => fw.run(src);

describe("tmr module table", () => {
  it("has tmr.c's LROT entries in declaration order, without suspend/resume", () => {
    expect(run("local t = {} for k in pairs(tmr) do t[#t + 1] = k end print(table.concat(t, ' '))")).toBe(
      "delay now wdclr softwd time ccount create ALARM_SINGLE ALARM_SEMI ALARM_AUTO\n",
    );
    expect(run("print(tmr.ALARM_SINGLE, tmr.ALARM_AUTO, tmr.ALARM_SEMI)")).toBe("0\t1\t2\n");
  });

  it("gives timers the tmr_dyn metatable, registered as tmr.timer, whose __index is itself", () => {
    const src = `local mt = getmetatable(tmr.create())
      local t = {} for k in pairs(mt) do t[#t + 1] = k end print(table.concat(t, ' '))
      print(mt.__index == mt, debug.getregistry()["tmr.timer"] == mt, type(tmr.create()))`;
    expect(run(src)).toBe(
      "__gc __index register alarm start stop unregister state interval\ntrue\ttrue\tuserdata\n",
    );
  });

  it("charges sizeof(tmr_t) = 36 bytes plus the Udata header for each timer", () => {
    expect(
      run(
        "local a = collectgarbage('count') local t = tmr.create() print((collectgarbage('count') - a) * 1024)",
      ),
    ).toBe("56\n");
  });
});

describe("timer methods", () => {
  it("checks register's arguments as tmr.c does", () => {
    const f = "local t = tmr.create() local f = function() end ";
    expect(run(`${f}t:register(0, 0, f)`)).toBe(
      "error: stdin:1: bad argument #1 to 'register' (Range: 1-0x68D7A3)",
    );
    expect(run(`${f}t.register(t, 0x68D7A4, 0, f)`)).toBe(
      "error: stdin:1: bad argument #2 to 'register' (Range: 1-0x68D7A3)",
    );
    expect(run(`${f}t:register(-1, 0, f)`)).toBe(
      "error: stdin:1: bad argument #1 to 'register' (Range: 1-0x68D7A3)",
    );
    expect(run(`${f}t:register(1, 3, f)`)).toBe(
      "error: stdin:1: bad argument #2 to 'register' (Invalid mode)",
    );
    expect(run(`${f}t:register(1, 0, 'f')`)).toBe(
      "error: stdin:1: bad argument #3 to 'register' (Must be function)",
    );
    expect(run(`${f}t:register('x', 0, f)`)).toBe(
      "error: stdin:1: bad argument #1 to 'register' (number expected, got string)",
    );
    // the mode is a uint8_t: 257 is ALARM_AUTO
    expect(run(`${f}t:register(0x68D7A3, 257, f) print(t:state())`)).toBe("false\t1\n");
    expect(run(`${f}t:alarm(0, 0, f)`)).toBe(
      "error: stdin:1: bad argument #1 to 'alarm' (Range: 1-0x68D7A3)",
    );
  });

  it("checks the object as luaL_checkudata does", () => {
    expect(run("tmr.create().start(1)")).toBe(
      "error: stdin:1: bad argument #1 to 'start' (tmr.timer expected, got number)",
    );
    expect(run("local t = tmr.create() t.stop()")).toBe(
      "error: stdin:1: bad argument #1 to 'stop' (tmr.timer expected, got no value)",
    );
    expect(run("local t = tmr.create() t:start('yes')")).toBe(
      "error: stdin:1: bad argument #1 to 'start' (boolean expected)",
    );
  });

  it("reports start and stop results and the state", () => {
    const src = `local t = tmr.create()
      print(t:state(), t:stop())
      print(t:register(100, tmr.ALARM_SEMI, function() print('fired') end), t:state())
      print(t:start(), t:state())
      print(t:start(), t:start(true), t:state())
      print(t:stop(), t:stop(), t:state())
      t:unregister() print(t:state())`;
    expect(run(src)).toBe(
      "nil\tfalse\nnil\tfalse\t2\ntrue\ttrue\t2\nfalse\ttrue\ttrue\t2\ntrue\tfalse\tfalse\t2\nnil\n",
    );
  });

  it("keeps tmr.c's mode byte: stop() on an unregistered timer leaves it reporting (false, 3)", () => {
    expect(run("local t = tmr.create() t:stop() print(t:state())")).toBe("false\t3\n");
  });

  it("alarm registers and starts, returning true; on a running timer it re-registers and restarts", () => {
    const g = fresh();
    const src = `t = tmr.create()
      print(t:alarm(1000, tmr.ALARM_AUTO, function() print('old') end))
      tmr.create():alarm(500, tmr.ALARM_SINGLE, function()
        print(t:alarm(1000, tmr.ALARM_SINGLE, function() print('new', tmr.now()) end))
      end)`;
    expect(g.run(src)).toBe("true\ntrue\nnew\t1500000\n");
  });

  it("unregister disarms a running timer and drops its callback", () => {
    expect(
      run(
        "local t = tmr.create() t:alarm(10, tmr.ALARM_AUTO, function() print('x') end) t:unregister() print(t:state())",
      ),
    ).toBe("nil\n");
  });
});

describe("modes", () => {
  it("SINGLE: fires once with the timer, refs gone before the call, state nil after", () => {
    const g = fresh();
    const src = `local t = tmr.create()
      t:alarm(200, tmr.ALARM_SINGLE, function(tp) print('fired', tp == t, tmr.now(), tp:state()) end)`;
    expect(g.run(src)).toBe("fired\ttrue\t200000\tnil\n");
    // an OFF timer has no idle flag, so start() says it is running
    expect(
      g.run(
        "local t = tmr.create() t:alarm(5, 0, function() end) tmr.create():alarm(10, 0, function() print(t:start(), t:state()) end)",
      ),
    ).toBe("false\tnil\n");
  });

  it("SEMI: idle after firing with the callback kept; start re-arms it", () => {
    const g = fresh();
    const src = `local n = 0
      tmr.create():alarm(100, tmr.ALARM_SEMI, function(t)
        n = n + 1
        print(n, tmr.now(), t:state())
        if n < 3 then print(t:start()) end
      end)`;
    expect(g.run(src)).toBe("1\t100000\tfalse\t2\ntrue\n2\t200000\tfalse\t2\ntrue\n3\t300000\tfalse\t2\n");
  });

  it("AUTO: repeats at the interval until stopped", () => {
    const g = fresh();
    const src = `local n = 0
      tmr.create():alarm(300, tmr.ALARM_AUTO, function(t)
        n = n + 1
        print(n, tmr.now(), t:state())
        if n == 4 then print(t:stop()) end
      end)`;
    expect(g.run(src)).toBe(
      "1\t300000\ttrue\t1\n2\t600000\ttrue\t1\n3\t900000\ttrue\t1\n4\t1200000\ttrue\t1\ntrue\n",
    );
  });

  it("interval changes the period; a running timer is re-armed from now", () => {
    const g = fresh();
    const src = `t = tmr.create()
      t:alarm(1000, tmr.ALARM_SINGLE, function() print('t', tmr.now()) end)
      tmr.create():alarm(200, tmr.ALARM_SINGLE, function() t:interval(500) end)`;
    expect(g.run(src)).toBe("t\t700000\n");
    const idle = `local u = tmr.create() u:register(1000, tmr.ALARM_SINGLE, function() print('u', tmr.now()) end)
      u:interval(50) u:start()`;
    expect(g.run(idle)).toBe("u\t750000\n");
    expect(g.run("local u = tmr.create() u:interval(50) print(u:state())")).toBe("nil\n");
    expect(g.run("tmr.create():interval(0)")).toBe(
      "error: stdin:1: bad argument #1 to 'interval' (Range: 1-0x68D7A3)",
    );
  });

  it("runs callbacks through pcallx: an error is reported and an AUTO timer goes on", () => {
    const g = fresh();
    const src = `local n = 0
      tmr.create():alarm(10, tmr.ALARM_AUTO, function(t)
        n = n + 1 if n == 2 then t:unregister() end
        error('boom ' .. n)
      end)`;
    expect(g.run(src)).toBe("");
    expect(g.errors).toEqual(["stdin:4: boom 1", "stdin:4: boom 2"]);
  });
});

describe("garbage collection", () => {
  it("collects an unreferenced idle timer and unregisters it (__gc), releasing its callback", () => {
    const src = `local w = setmetatable({}, {__mode = 'v'})
      do
        local f = function() end
        local t = tmr.create()
        t:register(100, tmr.ALARM_SEMI, f)
        w.t, w.f = t, f
      end
      collectgarbage() collectgarbage()
      print(w.t, w.f)`;
    expect(run(src)).toBe("nil\tnil\n");
  });

  it("keeps a running timer alive through its self reference until it has fired", () => {
    const g = fresh();
    const src = `w = setmetatable({}, {__mode = 'v'})
      tmr.create():alarm(100, tmr.ALARM_SEMI, function() print('fired') end)
      w.a = tmr.create() w.a:alarm(100, tmr.ALARM_AUTO, function(t) print('auto') t:stop() end)
      collectgarbage()
      print(w.a ~= nil)`;
    expect(g.run(src)).toBe("true\nfired\nauto\n");
    expect(g.run("collectgarbage() print(w.a)")).toBe("nil\n");
  });
});

describe("module functions", () => {
  it("delay checks its range and busy-waits in 1 s slices, feeding the watchdog after each", () => {
    expect(run("tmr.delay(0)")).toBe("error: stdin:1: bad argument #1 to 'delay' (wrong arg range)");
    expect(run("tmr.delay(-5)")).toBe("error: stdin:1: bad argument #1 to 'delay' (wrong arg range)");
    expect(run("tmr.delay(100) tmr.wdclr() print('ok')")).toBe("ok\n");
    const g = fresh();
    const calls: string[] = [];
    const host: Partial<TmrHost> = {
      busyWait: (us) => calls.push(`wait ${us}`),
      feedWatchdog: () => calls.push("feed"),
      rtcSeconds: () => 42,
    };
    Object.assign(g, host);
    g.run("tmr.delay(2500000) tmr.wdclr() print(tmr.time())");
    expect(calls).toEqual(["wait 1000000", "feed", "wait 1000000", "feed", "wait 500000", "feed", "feed"]);
    expect(g.output.join("")).toBe("42\n");
  });

  it("now keeps 31 bits of the µs counter; time counts seconds; ccount is a signed 32-bit cycle count", () => {
    const g = fresh();
    const src = `tmr.create():alarm(2200000, tmr.ALARM_SINGLE, function()
        print(tmr.now(), tmr.time(), tmr.ccount())
      end)`;
    // 2.2e9 µs & 0x7fffffff; 2.2e9 µs * 80 cycles cut to int32
    expect(g.run(src)).toBe(`52516352\t2200\t${(2.2e9 * 80) | 0}\n`);
    expect((2.2e9 * 80) | 0).toBe(-93659136);
  });

  it("softwd restarts the board when a 1 s tick (from boot) takes the count below 0", () => {
    const g = fresh();
    g.run("tmr.create():alarm(1500, tmr.ALARM_SINGLE, function() tmr.softwd(1) end)");
    // ticks at 2 s (0) and 3 s (-1)
    expect([g.restarts, g.now()]).toEqual([1, 3_000_000]);
    const h = fresh();
    h.run("tmr.softwd(2) tmr.create():alarm(1500, tmr.ALARM_SINGLE, function() tmr.softwd(2) end)");
    expect([h.restarts, h.now()]).toEqual([1, 4_000_000]);
  });

  it("softwd with a negative value disables the watchdog", () => {
    const g = fresh();
    g.run("tmr.softwd(22) tmr.softwd(0) tmr.softwd(-1) tmr.softwd(-22)");
    expect([g.restarts, g.now()]).toEqual([0, 0]);
    g.run("tmr.softwd(1) tmr.create():alarm(1500, 0, function() tmr.softwd(-1) end)");
    expect([g.restarts, g.now()]).toEqual([0, 1_500_000]);
  });
});
