import { describe, expect, it } from "vitest";
import { testDevice } from "../test-support/device.js";

/** A booted board, its boot text taken. */
const board = (...args: Parameters<typeof testDevice>) => {
  const t = testDevice(...args);
  t.take();
  return t;
};

/** The lines a typed command printed, without its echo and the prompt. */
const lines = (out: string) => out.split("\r\n").slice(1, -1);

/** The error line of a REPL command that raised (its traceback follows). */
const err = (out: string) => lines(out).find((l) => l.startsWith("Lua error"));

describe("wifi", () => {
  it("has wifi.c's table in declaration order", () => {
    const t = board();
    const out = lines(t.type("for k,v in pairs(wifi) do print(k, type(v)=='number' and v or type(v)) end"));
    expect(out.slice(0, 16)).toEqual([
      "setmode\tfunction",
      "getmode\tfunction",
      "getdefaultmode\tfunction",
      "getchannel\tfunction",
      "getcountry\tfunction",
      "setcountry\tfunction",
      "setphymode\tfunction",
      "getphymode\tfunction",
      "setmaxtxpower\tfunction",
      "suspend\tfunction",
      "resume\tfunction",
      "nullmodesleep\tfunction",
      "sleeptype\tfunction",
      "sta\ttable",
      "ap\ttable",
      "eventmon\ttable",
    ]);
    expect(out.slice(16)).toContain("STA_GOTIP\t5");
    expect(
      lines(
        t.type(
          "print(wifi.eventmon.EVENT_MAX, wifi.eventmon.WIFI_MODE_CHANGED, wifi.eventmon.reason.NO_AP_FOUND)",
        ),
      ),
    ).toEqual(["10\t8\t201"]);
  });

  it("starts in the factory SOFTAP mode; setmode saves unless told not to", () => {
    const t = board();
    expect(lines(t.type("print(wifi.getmode(), wifi.getdefaultmode())"))).toEqual(["2\t2"]);
    expect(
      lines(t.type("print(wifi.setmode(wifi.STATION, false), wifi.getmode(), wifi.getdefaultmode())")),
    ).toEqual(["1\t1\t2"]);
    expect(lines(t.type("print(wifi.setmode(wifi.STATIONAP), wifi.getdefaultmode())"))).toEqual(["3\t3"]);
    t.type("node.restart()");
    t.device.advance(1e6);
    t.take();
    expect(lines(t.type("print(wifi.getmode())"))).toEqual(["3"]);
  });

  it("reports a mode change with old_mode/new_mode in a later task", () => {
    const t = board();
    t.type(
      "wifi.eventmon.register(wifi.eventmon.WIFI_MODE_CHANGED, function(T) print(T.old_mode, T.new_mode, T.old_auth_mode) end)",
    );
    expect(t.type("wifi.setmode(wifi.NULLMODE) print('set')")).toBe(
      "wifi.setmode(wifi.NULLMODE) print('set')\r\nset\r\n> 2\t0\tnil\r\n",
    );
  });

  it("raises wifi.c's errors", () => {
    const t = board();
    expect(err(t.type("wifi.setmode(4)"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'setmode' (Invalid mode)",
    );
    expect(err(t.type("wifi.setmode(1, 1)"))).toBe(
      "Lua error: \tstdin:1: bad argument #2 to 'setmode' (boolean expected, got number)",
    );
    expect(err(t.type("wifi.eventmon.register(11, print)"))).toBe(
      "Lua error: \tstdin:1: valid wifi events:0-10",
    );
    expect(err(t.type("wifi.setphymode(4)"))).toBe("Lua error: \tstdin:1: wrong arg type");
    expect(err(t.type("wifi.setmaxtxpower(83)"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'setmaxtxpower' (tx power out of range (0->82))",
    );
    expect(t.type("wifi.suspend({})")).toMatch(
      /^wifi.suspend\(\{\}\)\r\n\n The option "PMSLEEP_ENABLE" in "app\/include\/user_config.h" was disabled during FW build!\nLua error: \tstdin:1: wifi.suspend is unavailable\r\nstack traceback:/,
    );
  });

  it("settings: phy mode, tx power, sleep types, country, null mode sleep", () => {
    const t = board();
    expect(
      lines(t.type("print(wifi.getphymode(), wifi.setphymode(wifi.PHYMODE_G), wifi.getphymode())")),
    ).toEqual(["3\t2\t2"]);
    expect(lines(t.type("print(wifi.setmaxtxpower('82'))"))).toEqual(["82"]);
    expect(lines(t.type("print(wifi.sleeptype(), wifi.sleeptype(0), wifi.sta.sleeptype())"))).toEqual([
      "2\t0\t0",
    ]);
    expect(lines(t.type("print(wifi.nullmodesleep(), wifi.nullmodesleep(false))"))).toEqual(["true\tfalse"]);
    expect(lines(t.type("c = wifi.getcountry() print(c.country, c.start_ch, c.end_ch, c.policy)"))).toEqual([
      "CN\t1\t13\t0",
    ]);
    expect(
      lines(t.type("print(wifi.setcountry{country='us', end_ch=11, policy=wifi.COUNTRY_MANUAL})")),
    ).toEqual(["true"]);
    expect(lines(t.type("c = wifi.getcountry() print(c.country, c.start_ch, c.end_ch, c.policy)"))).toEqual([
      "US\t1\t11\t1",
    ]);
    expect(err(t.type("wifi.setcountry{country='usa'}"))).toBe(
      "Lua error: \tstdin:1: bad argument #1 to 'setcountry' (country: country code must be 2 chars)",
    );
  });
});
