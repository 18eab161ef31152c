import { describe, expect, it } from "vitest";
import { MemoryFlashStore } from "../firmware/flash-store.js";
import { Spiffs } from "../firmware/spiffs.js";
import { type TestFirmware, testFirmware } from "../test-support/test-firmware.js";
import { fileModule, formatDots } from "./file.js";

function board(
  files: Record<string, string> = {},
): TestFirmware & { store: MemoryFlashStore; spiffs: Spiffs } {
  const store = new MemoryFlashStore(files);
  const spiffs = new Spiffs(store);
  return Object.assign(testFirmware([fileModule], spiffs), { store, spiffs });
}

describe("mount at boot", () => {
  it("formats a fresh flash with the firmware's message and dots", () => {
    const store = new MemoryFlashStore();
    const fw = testFirmware([fileModule], new Spiffs(store));
    // 0x366000 bytes = 870 sectors: a dot at sectors 0, 16, ..., 864
    expect(fw.output.join("")).toBe(`Formatting file system. Please wait...\n${".".repeat(55)}`);
    expect(formatDots(870)).toHaveLength(55);
    expect(fw.run("print(file.fsinfo())")).toBe("3369424\t0\t3369424\n");
  });

  it("mounts a formatted flash silently", () => {
    const fw = board({ "init.lua": "print(1)" });
    expect(fw.output).toEqual([]);
    expect(fw.run("print(file.exists('init.lua'), file.list()['init.lua'])")).toBe("true\t8\n");
  });
});

describe("open, read, write, close", () => {
  it("writes and reads back through the current file and objects", () => {
    const fw = board();
    expect(
      fw.run(`
        print(type(file.open("a.txt", "w")))
        print(file.write("hello "), file.writeline("world"), file.flush())
        file.close()
        local f = file.open("a.txt")
        print(f:read(3), f:read(), f:read())
        f:close()
        print(file.getcontents("a.txt"))`),
    ).toBe("userdata\ntrue\ttrue\ttrue\nhel\tlo world\n\tnil\nhello world\n\n");
  });

  it("reads 1024 bytes by default, to a delimiter, and nil at the end", () => {
    const fw = board({ t: `${"x".repeat(1100)}\nabc;def` });
    expect(
      fw.run(`
        local f = file.open("t")
        print(#f:read(), #f:readline(), f:read(";"), f:read(100), f:read(), f:read(0), f:read(-1))`),
    ).toBe("1024\t77\tabc;\tdef\tnil\t\t\n");
    expect(fw.run(`file.open("t") print(pcall(file.read, "ab"))`)).toBe("false\twrong arg range\n");
    expect(fw.run(`print(file.open("t"):read("5"))`)).toMatch(/^x{1024}$/m);
  });

  it("raises `open a file first` without a current file", () => {
    const fw = board();
    expect(fw.run("file.read()")).toBe("error: stdin:1: open a file first");
    for (const f of ["readline()", "write('x')", "writeline('x')", "seek()", "flush()"]) {
      expect(fw.run(`file.${f}`)).toBe("error: stdin:1: open a file first");
    }
    expect(fw.run("file.open('missing') file.read()")).toBe("error: stdin:1: open a file first");
    expect(fw.run("local f = file.open('x', 'w') f:close() f:read()")).toBe(
      "error: stdin:1: open a file first",
    );
    expect(fw.run("file.close()")).toBe("");
  });

  it("fails quietly on a closed current file after file.close()", () => {
    const fw = board({ t: "abc" });
    expect(fw.run("file.open('t') file.close() print(file.read(), file.seek('set'), file.flush())")).toBe(
      "nil\tnil\tnil\n",
    );
  });

  it("opens with the modes of fs_mode2flag and positions as SPIFFS", () => {
    const fw = board({ t: "testcontent" });
    expect(
      fw.run(
        "for _, m in ipairs{'r','w','a','r+','w+','a+'} do file.putcontents('t', 'testcontent') file.open('t', m) file.write('') print(m, file.seek()) file.close() end",
      ),
    ).toBe("r\t0\nw\t0\na\t11\nr+\t0\nw+\t0\na+\t11\n");
    expect(fw.run("print(file.open('nope'), file.open('nope', 'r+'), file.open('new', 'xyz'))")).toBe(
      "nil\tnil\tnil\n",
    );
  });

  it("seeks with set, cur and end and refuses bad positions", () => {
    const fw = board({ t: "0123456789" });
    expect(
      fw.run(
        "local f = file.open('t') print(f:seek('set', 3), f:seek(), f:seek('end'), f:seek('end', -4), f:read(2), f:seek('set', -1), f:seek('cur', 100), f:seek())",
      ),
    ).toBe("3\t3\t10\t6\t67\tnil\tnil\t10\n");
    expect(fw.run("file.open('t') file.seek('bad')")).toBe(
      "error: stdin:1: bad argument #1 to 'seek' (invalid option 'bad')",
    );
    expect(fw.run("local f = file.open('t') f:seek('bad')")).toBe(
      "error: stdin:1: bad argument #1 to 'seek' (invalid option 'bad')",
    );
  });

  it("allows 4 open files", () => {
    const fw = board();
    expect(
      fw.run("fs = {} for i = 1, 5 do fs[i] = file.open('f'..i, 'w') end print(fs[4] ~= nil, fs[5])"),
    ).toBe("true\tnil\n");
    expect(fw.run("fs[1]:close() print(file.open('f5', 'w') ~= nil)")).toBe("true\n");
  });

  it("closes a collected file object (__gc) and returns its memory", () => {
    const fw = board({ t: "x" });
    let cHeap = 0;
    const { malloc, free } = fw;
    fw.malloc = (L, n) => {
      cHeap += n;
      malloc(L, n);
    };
    fw.free = (n) => {
      cHeap -= n;
      free(n);
    };
    fw.run("for i = 1, 3 do file.open('t') end");
    expect(fw.spiffs.openCount()).toBe(3);
    expect(cHeap).toBe(36);
    fw.run("file.close() collectgarbage()");
    expect(fw.spiffs.openCount()).toBe(0);
    expect(cHeap).toBe(0);
  });

  it("checks file objects as luaL_checkudata does", () => {
    const fw = board({ t: "x" });
    expect(fw.run("local f = file.open('t') f.read(newproxy())")).toBe(
      "error: stdin:1: bad argument #1 to 'read' (file.obj expected, got userdata)",
    );
    expect(fw.run("local f = file.open('t') f.close(newproxy())")).toBe(
      "error: stdin:1: bad argument #1 to 'close' (file.obj expected, got userdata)",
    );
    expect(fw.run("local f = file.open('t') print(getmetatable(f).read({}))")).toBe("x\n");
    expect(fw.run("print(debug.getregistry()['file.obj'].__index == debug.getregistry()['file.obj'])")).toBe(
      "true\n",
    );
    expect(fw.run("getmetatable(file.open('t')).x = 1")).toBe("error: stdin:1: table is readonly");
  });
});

describe("whole files and names", () => {
  it("puts and gets contents with NUL bytes; nothing for a missing file", () => {
    const fw = board();
    expect(
      fw.run(
        `print(file.putcontents("t", "a\\0b"), #file.getcontents("t"), select('#', file.getcontents("none")))`,
      ),
    ).toBe("true\t3\t0\n");
    expect(fw.store.contents("t")).toBe("a\0b");
    expect(fw.run(`file.putcontents("e", "") print(file.getcontents("e"))`)).toBe("nil\n");
    expect(fw.run("file.getcontents()")).toBe(
      "error: stdin:1: bad argument #1 to 'getcontents' (string expected, got nil)",
    );
    expect(fw.run("file.putcontents('x')")).toBe(
      "error: stdin:1: bad argument #2 to 'putcontents' (string expected, got nil)",
    );
  });

  it("checks the basename for 31 bytes, stat the whole name", () => {
    const fw = board();
    const n31 = "x".repeat(31);
    expect(fw.run(`print(file.open("${n31}", "w") ~= nil)`)).toBe("true\n");
    expect(fw.run(`file.open("${n31}y", "w")`)).toBe(
      "error: stdin:1: bad argument #1 to 'open' (filename invalid)",
    );
    expect(fw.run(`print(file.open("dir/${n31}", "w"))`)).toBe("nil\n");
    expect(fw.run(`file.exists("a\\0b")`)).toBe(
      "error: stdin:1: bad argument #1 to 'exists' (filename invalid)",
    );
    expect(fw.run(`file.remove("${n31}y")`)).toBe(
      "error: stdin:1: bad argument #1 to 'remove' (filename invalid)",
    );
    expect(fw.run(`file.rename("a", "${n31}y")`)).toBe(
      "error: stdin:1: bad argument #2 to 'rename' (filename invalid)",
    );
    expect(fw.run(`file.stat("d/${"x".repeat(30)}")`)).toBe(
      "error: stdin:1: bad argument #1 to 'stat' (filename invalid)",
    );
    expect(fw.run(`print(file.exists("/FLASH/${n31}"), file.exists("/SD0/x"))`)).toBe("true\tfalse\n");
    expect(fw.run("file.open()")).toBe(
      "error: stdin:1: bad argument #1 to 'open' (string expected, got no value)",
    );
  });

  it("removes, renames and tells existence", () => {
    const fw = board({ a: "1", b: "2" });
    expect(fw.run("print(file.remove('a'), file.exists('a'), file.remove('a'))")).toBe("nil\tfalse\n");
    expect(fw.run("print(file.rename('b', 'c'), file.rename('b', 'd'), file.exists('c'))")).toBe(
      "true\tfalse\ttrue\n",
    );
    expect(fw.run("file.putcontents('b', 'x') print(file.rename('b', 'c'))")).toBe("false\n");
  });

  it("lists with Lua patterns", () => {
    const fw = board({ "testfile1&": "testfile1&", testFILE2: "testFILE2", "http/x.html": "<>" });
    expect(fw.run("for k, v in pairs(file.list('testfile%.*')) do print(k, v) end")).toBe("testfile1&\t10\n");
    expect(fw.run("for k, v in pairs(file.list('^%l*%u+%d%.-')) do print(k, v) end")).toBe("testFILE2\t9\n");
    expect(
      fw.run("local n = 0 for k in pairs(file.list()) do n = n + 1 end print(n, file.list()['http/x.html'])"),
    ).toBe("3\t2\n");
    expect(fw.run("file.list('%')")).toBe("error: malformed pattern (ends with '%')");
  });

  it("stats with the default time stamp", () => {
    const fw = board({ t: "12345678" });
    expect(
      fw.run(
        "local s = file.stat('/FLASH/t') print(s.size, s.name, s.is_dir, s.is_rdonly, s.is_hidden, s.is_sys, s.is_arch) local t = s.time print(t.year, t.mon, t.day, t.hour, t.min, t.sec) print(file.stat('none'))",
      ),
    ).toBe("8\tt\tfalse\tfalse\tfalse\tfalse\tfalse\n1970\t1\t1\t0\t0\t0\nnil\n");
  });
});

describe("file system calls", () => {
  it("fsinfo, fscfg", () => {
    const fw = board({ a: "x".repeat(300) });
    expect(fw.run("print(file.fsinfo())")).toBe(`${3369424 - 3 * 251}\t${3 * 251}\t3369424\n`);
    expect(fw.run("print(string.format('0x%x %d', file.fscfg()))")).toBe(`0x96000 ${0x366000}\n`);
  });

  it("format prints dots and `format done.` and closes the current file", () => {
    const fw = board({ a: "1" });
    expect(fw.run("f = file.open('a') file.format() print(file.exists('a'), file.read())")).toBe(
      `${".".repeat(55)}format done.\nfalse\tnil\n`,
    );
  });

  it("on('rtc') takes a function or nil", () => {
    const fw = board();
    expect(fw.run("file.on('rtc', function() end) file.on('rtc', nil)")).toBe("");
    expect(fw.run("file.on('rtc')")).toBe("error: stdin:1: Callback should be function or nil");
    expect(fw.run("file.on('x', print)")).toBe(
      "error: stdin:1: bad argument #1 to 'on' (invalid option 'x')",
    );
  });

  it("write returns nil on a full flash and keeps what was written", () => {
    const store = new MemoryFlashStore({});
    const fw = testFirmware([fileModule], new Spiffs(store, { flashSize: 4 << 20, spiffsSize: 64 * 1024 }));
    expect(
      fw.run(
        "local f = file.open('big', 'w') local n = 0 while f:write(('z'):rep(1000)) do n = n + 1 end f:close() print(n, #file.getcontents('big'))",
      ),
    ).toBe("45\t45000\n");
    expect(store.contents("big")).toHaveLength(45000);
  });

  it("has the functions of file.c in declaration order", () => {
    const fw = board();
    expect(fw.run("local t = {} for k in pairs(file) do t[#t+1] = k end print(table.concat(t, ' '))")).toBe(
      "list open close write writeline read readline format fscfg remove seek flush rename exists getcontents putcontents fsinfo on stat\n",
    );
  });
});
