import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runLua } from "../../cli/lua.js";
import { haveLua51, NO_LUA51 } from "../../test-support/lua51.js";
import { memoryIO } from "../../test-support/memory-io.js";
import { newState, runChunk } from "../runtime.js";
import {
  breakDown,
  daysFromCivil,
  formatDate,
  LuaExit,
  mktime,
  namedTimeZone,
  systemTimeZone,
  UTC_ZONE,
} from "./os.js";
import { golden, memorySystem, runOurs, runReference, SHOW, type Snippet } from "./testdata/host-snippets.js";

const GOLDEN = new URL("./testdata/os-golden.json", import.meta.url);

const PRELUDE = `${SHOW}local function fields(t)
  if type(t) ~= "table" then return show(t) end
  show(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
end
`;

/** A Lua string literal of bytes, all as decimal escapes. */
const luaBytes = (s: string): string => `"${[...s].map((c) => `\\${c.charCodeAt(0)}`).join("")}"`;

// every byte after '%' (NUL ends a C string, so it is tested on its own)
const ALL_CONVERSIONS = Array.from({ length: 255 }, (_, i) => `%${String.fromCharCode(i + 1)}`).join("|");
const CONVERSIONS = [..."aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%"].map((c) => `%${c}`).join("|");

// biome-ignore format: a table
const TIMES = [
  0, 1234567890, -1, 951782400, 1e9, -2208988800, 253402300799, -62135596800, -62135596800 - 86400 * 400,
  4102444800, 1e11, -1e12, 1e15, -1e15, 1104451200, 1104537600, 1104710400, 1230508800, 1262476800, 1451520000,
  1451606400, 1483142400, 1514678400, 43200, 46800, 1.9, -0.5, 2 ** 31, -(2 ** 31) - 1,
];

const snippets: Snippet[] = [
  {
    name: "every conversion",
    code: `for _, t in ipairs{0, 1234567890} do
  io.write(os.date(${luaBytes(`!${ALL_CONVERSIONS}`)}, t), "\\n")
  io.write(os.date(${luaBytes(ALL_CONVERSIONS)}, t), "\\n")
end`,
  },
  {
    name: "conversions over time",
    code: `for _, t in ipairs{${TIMES.join(", ")}} do
  io.write(t, " ", os.date(${luaBytes(`!${CONVERSIONS}`)}, t), "\\n")
  io.write(t, " ", os.date(${luaBytes(CONVERSIONS)}, t), "\\n")
end`,
  },
  {
    name: "date tables",
    code: `for _, t in ipairs{${TIMES.join(", ")}} do fields(os.date("*t", t)) fields(os.date("!*t", t)) end
fields(os.date("*t", 1e20))
fields(os.date("!*t", 2^60))
fields(os.date("*t\\0ignored", 0))`,
  },
  {
    name: "date edge cases",
    code: `show(os.date(nil, 0), os.date("", 0), os.date("%", 0), os.date("a%", 0), os.date("%%", 0))
show(os.date("a\\0b%Y", 0), os.date("!", 0), os.date("!!%Y", 0), os.date("%Y", "86400"))
show(os.date("%Y", 1e20), os.date("%Y", 1e15), os.date("%Y", -1e15), os.date("%Y", 2^60), os.date("%Y", 0/0))
show(os.date("%Y-%m-%d", -1), os.date("%Y", 1.9), os.date("%S", -0.5))
show(pcall(os.date, "%Y", "x"))
show(pcall(os.date, {}))
show(type(os.date()), type(os.date("*t").isdst))`,
  },
  {
    name: "time from tables",
    code: `local T = {
  {year=2000, month=1, day=1}, {year=2000, month=13, day=1, hour=25, min=-1, sec=70},
  {year=1970, month=1, day=1, hour=0}, {year=1969, month=12, day=31, hour=23, min=59, sec=59},
  {year=1900, month=1, day=1}, {year="2000", month="2", day=" 3 "}, {year=2000.9, month=1.9, day=1.9},
  {year=-1e10, month=1, day=1}, {year=1e10, month=1, day=1}, {year=2000, month=1, day=1, isdst=true},
  {year=2000, month=1, day=1, isdst=false}, {year=2000, month=1, day=1, isdst=0}, {year=2000, month=0, day=0},
  {year=2000, month=-11, day=-400}, {year=2^31, month=1, day=1}, {year=1e300, month=1, day=1},
  {year=0/0, month=1, day=1}, {year=2000, month=1, day=1, hour=1e9}, {year=2000, month=2^40, day=1},
  {year=-1e6, month=1, day=1}, {year=2147485547, month=12, day=31, hour=23, min=59, sec=59},
  {year=1, month=1, day=1, hour=0}, {year=0, month=3, day=1}, {year=1600, month=2, day=29},
  {year=2100, month=2, day=29}, {year=2000, month=7, day=1, hour=12, isdst=true},
}
for _, t in ipairs(T) do show(os.time(t)) end
show(pcall(os.time, {}))
show(pcall(os.time, {day=1}))
show(pcall(os.time, {day=1, month=1}))
show(pcall(os.time, {year="x", month=1, day=1}))
show(pcall(os.time, 5))
show(type(os.time()), type(os.time(nil)))
local proxy = setmetatable({}, {__index = function(t, k) return ({year=2001, month=2, day=3, isdst=false})[k] end})
show(os.time(proxy))
local t = os.time{year=2009, month=2, day=13, hour=23, min=31, sec=30}
show(t, os.date("!%c", t), os.time(os.date("*t", t)) == t)`,
  },
  {
    name: "environment, locale, files",
    code: `show(os.getenv("LUA_TEST_VAR"), os.getenv("LUA_TEST_VAR\\0x"), os.getenv("NOT_SET_ANYWHERE"))
show(pcall(os.getenv))
show(os.setlocale(), os.setlocale("C"), os.setlocale(""), os.setlocale("xx"), os.setlocale("POSIX"))
show(os.setlocale(nil, "numeric"), os.setlocale("C", "time"), pcall(os.setlocale, "C", "bad"))
show(os.difftime(10, 3), os.difftime(10), os.difftime(10.7, 3.2), os.difftime("5", "2"), pcall(os.difftime))
show(os.remove("nonexistent"))
show(os.remove("/nonexistent/x"))
show(os.rename("nonexistent", "x"))
local f = io.open("ren.txt", "w") f:write("r") f:close()
show(os.rename("ren.txt", "/nonexistent/x"))
show(os.rename("ren.txt", "ren2.txt"), io.open("ren.txt"))
show(os.remove("ren2.txt"), os.remove("ren2.txt"))
local name = os.tmpname()
show(#name, name:sub(1, 9), io.open(name) ~= nil, os.remove(name))
show(type(os.clock()), pcall(os.remove), pcall(os.rename, "a"))`,
  },
];

const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/London", "Asia/Kolkata"];

// Around the 2009 changes of Berlin, New York and Sydney, and times of the local mean time era.
const zoneSnippet: Snippet = {
  name: "zone",
  code: `for _, t in ipairs{0, 1234567890, 1246567890, 1238288399, 1238288400, 1256432399, 1256432400, 1236495599,
    1236495600, 1257055199, 1257055200, 1254585599, 1254585600, 1238862599, 1238862600, -5e9, 1e11, -2208988800} do
  local z = os.date("%z", t)
  io.write(t, " ", os.date("%c|%s|%j|%U", t), " ", z, " ", os.date("%Z", t), "\\n")
  fields(os.date("*t", t))
  show(os.time(os.date("*t", t)) == t)
end
for _, d in ipairs{29, 25} do
  for _, h in ipairs{1, 2, 3} do
    local m = d == 29 and 3 or 10
    show(d, h, os.time{year=2009, month=m, day=d, hour=h, min=30},
      os.time{year=2009, month=m, day=d, hour=h, min=30, isdst=true},
      os.time{year=2009, month=m, day=d, hour=h, min=30, isdst=false})
  end
end
for _, m in ipairs{1, 4, 7, 10} do
  show(m, os.time{year=2009, month=m, day=1}, os.time{year=2009, month=m, day=1, isdst=true},
    os.time{year=2009, month=m, day=1, isdst=false}, os.time{year=1800, month=m, day=1})
end`,
};

const ENV = { LUA_TEST_VAR: "hello\x80" };

describe("os against lua5.1", () => {
  const reference: Record<string, string> = {};
  const ours: Record<string, string> = {};
  const all = snippets.map((s) => ({ name: s.name, code: PRELUDE + s.code }));
  const zone = [{ name: zoneSnippet.name, code: PRELUDE + zoneSnippet.code }];

  beforeAll(async () => {
    const fresh: Record<string, string> = {};
    const utc = runReference(all, { env: ENV });
    for (const [k, v] of Object.entries(utc ?? {})) fresh[`UTC/${k}`] = v;
    for (const [k, v] of Object.entries(await runOurs(all, { env: ENV }))) ours[`UTC/${k}`] = v;
    for (const name of ZONES) {
      const tz = { name, zone: namedTimeZone(name) };
      const r = runReference(zone, { tz });
      for (const [k, v] of Object.entries(r ?? {})) fresh[`${name}/${k}`] = v;
      for (const [k, v] of Object.entries(await runOurs(zone, { tz }))) ours[`${name}/${k}`] = v;
    }
    Object.assign(reference, golden(GOLDEN, utc === undefined ? undefined : fresh));
  });

  it.each(snippets.map((s) => `UTC/${s.name}`))("%s", (key) => {
    expect(ours[key]).toBe(reference[key]);
  });

  it.each(ZONES.map((z) => `${z}/zone`))("%s", (key) => {
    if (key.startsWith("Asia/Kolkata")) {
      // Intl has no abbreviations for this zone's past (MMT): compare all but %Z
      const strip = (s: string | undefined) =>
        s
          ?.split("\n")
          .map((l) => (l.includes("|") ? l.replace(/ \S+$/, "") : l))
          .join("\n");
      expect(strip(ours[key])).toBe(strip(reference[key]));
    } else expect(ours[key]).toBe(reference[key]);
  });

  it.skipIf(!haveLua51)(`golden output is up to date${haveLua51 ? "" : ` [skipped: ${NO_LUA51}]`}`, () => {
    expect(JSON.parse(readFileSync(GOLDEN, "latin1"))).toEqual(reference);
  });
});

function run(code: string) {
  let out = "";
  const system = memorySystem((s) => (out += s), { env: ENV });
  const L = newState({ write: (s) => (out += s), system }, { host: true });
  return { result: () => runChunk(L, code, "=t"), out: () => out, fs: system.fs };
}

describe("os in this host", () => {
  it("raises LuaExit for os.exit, through pcall, for the host to end the program", () => {
    const r = run(`print(pcall(os.exit, 3))`);
    expect(r.result).toThrow(LuaExit);
    expect(r.out()).toBe("");
    let status = -1;
    try {
      run("os.exit()").result();
    } catch (e) {
      status = (e as LuaExit).status;
    }
    expect(status).toBe(0);
    try {
      run("coroutine.wrap(function() os.exit(2.9) end)()").result();
    } catch (e) {
      status = (e as LuaExit).status;
    }
    expect(status).toBe(2);
  });

  it("ends `nodemcu-emu lua` with os.exit's status, after flushing the open files", async () => {
    const lua = async (code: string) => {
      let out = "";
      const system = memorySystem((t) => (out += t));
      const io = memoryIO();
      const status = await runLua(["-e", code], io, system);
      return { status, out: out + io.out() + io.err(), fs: system.fs };
    };
    let r = await lua(`io.output("x.txt") io.write("pending") print("bye") os.exit(3)`);
    expect([r.status, r.out, r.fs.readFile("x.txt")]).toEqual([3, "bye\n", "pending"]);
    r = await lua(`f = io.open("y.txt", "w") f:write("kept") pcall(os.exit, 256 + 7)`);
    expect([r.status, r.fs.readFile("y.txt")]).toEqual([7, "kept"]);
    r = await lua(`f = io.open("z.txt", "w") f:write("closed at the end")`);
    expect([r.status, r.fs.readFile("z.txt")]).toEqual([0, "closed at the end"]);
    r = await lua(`os.exit(true)`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/bad argument #1 to 'exit' \(number expected, got boolean\)/);
  });

  it("runs no commands", () => {
    const r = run(`print(os.execute()) print(pcall(os.execute, "ls"))`);
    expect(r.result()).toBeUndefined();
    expect(r.out()).toBe("0\nfalse\t'execute' not supported\n");
  });

  it("takes the clock, the time and the environment from the host", () => {
    const r = run(`print(os.clock(), os.time(), os.date("!%c"), os.getenv("LUA_TEST_VAR"))`);
    expect(r.result()).toBeUndefined();
    expect(r.out()).toBe("0.25\t1234567890\tFri Feb 13 23:31:30 2009\thello\xc2\x80\n");
  });

  it("makes temporary names that exist as empty files", () => {
    const r = run(`local a, b = os.tmpname(), os.tmpname() print(a ~= b, io.open(a):read("*a"))`);
    expect(r.result()).toBeUndefined();
    expect(r.out()).toBe("true\t\n");
  });
});

describe("the calendar", () => {
  it("counts days as the proleptic Gregorian calendar does", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(daysFromCivil(1, 1, 1)).toBe(-719162);
    expect(daysFromCivil(-4712, 1, 1)).toBe(38 - 2440588); // Julian day 38, the epoch being day 2440588
  });

  it("breaks down and rebuilds times in UTC", () => {
    for (const t of [0, 1234567890, -1, -62135596800, 253402300799, 1e15]) {
      const tm = breakDown(t, UTC_ZONE)!;
      expect(mktime(UTC_ZONE, { ...tm, isdst: -1 })).toBe(t);
    }
    expect(breakDown(2 ** 60, undefined)).toBeUndefined();
    expect(formatDate("%Y-%m-%d %H:%M:%S %Z", breakDown(1234567890, undefined)!, UTC_ZONE)).toBe(
      "2009-02-13 23:31:30 GMT",
    );
  });

  it("follows the process's zone for the system time zone", () => {
    const z = systemTimeZone().at(1234567890);
    expect(z.offset).toBe(-new Date(1234567890000).getTimezoneOffset() * 60);
  });

  it("knows named zones, their DST and their abbreviations", () => {
    const berlin = namedTimeZone("Europe/Berlin");
    expect(berlin.at(1234567890)).toEqual({ offset: 3600, isdst: false, name: "CET" });
    expect(berlin.at(1246567890)).toEqual({ offset: 7200, isdst: true, name: "CEST" });
    expect(berlin.at(-5e9).offset).toBe(3208); // local mean time
  });
});
