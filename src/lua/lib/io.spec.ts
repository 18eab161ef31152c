import { beforeAll, describe, expect, it } from "vitest";
import { haveLua51, NO_LUA51 } from "../../test-support/lua51.js";
import { newState, runChunk } from "../runtime.js";
import {
  CFile,
  closeFiles,
  errnoOf,
  HostError,
  inputStream,
  MemoryFileSystem,
  parseMode,
  scanNumber,
  stringBytes,
} from "./io.js";
import { golden, memorySystem, runOurs, runReference, SHOW, type Snippet } from "./testdata/host-snippets.js";

const GOLDEN = new URL("./testdata/io-golden.json", import.meta.url);

const PRELUDE = `${SHOW}local function put(name, s) local f = assert(io.open(name, "wb")); f:write(s); assert(f:close()) end
`;

const NUMBERS = [
  "1ex",
  "0x",
  "-",
  ".",
  "1.5e+",
  "  12abc",
  "nan",
  "inf",
  "infinity",
  "-inf",
  "0x1P-2",
  "1e5",
  "0x1g",
  "nanx",
  "in",
  "  \n 7",
  "+.5",
  "1..2",
  "0x.8",
  "1e+5e",
  "NAN(123)",
  "nan(",
  "12345678901234567890123",
  "-0",
  "--1",
  "0xffP",
  "",
  "infix",
  ".e5",
  "e5",
  "0x1p",
  "12.5e-3x",
  "\t-0x10",
  "1,5",
  "nax",
  "ix",
  "infinx",
  "infinit",
  "-nan",
  "+inf",
  "-x",
  "0xg",
  "0x.g",
  "0x.",
  "1e",
  "1e+x",
  "1.e5",
  "00x1",
  "0X1P+1",
  ".5.5",
  "NaN",
  "InFiNiTy",
  "0x1.8p1",
  "1e-400",
  "1e400",
  "0x1p-2000",
  "1e5.5",
  "0x1e2",
  "0x1p+1e",
  "- 1",
  "+",
  "0",
  "9.",
];

const snippets: Snippet[] = [
  {
    name: "open errors",
    code: `show(io.open("nonexistent.txt"))
show(io.open("/nonexistent/dir/x", "w"))
show(io.open(".", "w"))
show(io.open("q.txt", "q"))
show(io.open("q.txt", ""))
show(io.open("nonexistent.txt", "r+"))
put("q.txt", "data")
local f = io.open("q.txt", "rw"); show(io.type(f), f:read("*a")); f:close()
f = io.open("q.txt\\0ignored"); show(io.type(f)); f:close()
show(pcall(io.open))
show(pcall(io.open, {}))
show(pcall(io.open, "q.txt", {}))`,
  },
  {
    name: "write and read back",
    code: `local f = assert(io.open("rw.txt", "w"))
show(f:write("line1\\n", 42, " ", 1.5, " ", -7, "\\n", "last"))
show(f:close())
f = io.open("rw.txt")
show(f:read("*l"))
show(f:read("*n", "*n", "*n"))
show(f:read(1))
show(f:read("*a"))
show(f:read("*a"))
show(f:read(0))
show(f:read("*l"))
show(f:read(1))
show(f:read("*n"))
show(f:read())
show(f:read("*l", "*a"))
f:close()`,
  },
  {
    name: "read numbers",
    code: `local cases = {${NUMBERS.map((s) => JSON.stringify(s)).join(", ")}}
for _, s in ipairs(cases) do
  put("n.txt", s)
  local f = io.open("n.txt")
  local n = f:read("*n")
  show(s, n, f:read("*a"))
  f:close()
end
put("n.txt", " 123.4\\t-56e-2  not a number\\nsecond line\\nthird line\\n\\nand the rest\\n")
local f = io.open("n.txt")
show(f:read(1, "*n", "*n", "*l", "*l", "*l", "*a", 10))
f:close()
put("n.txt", "1 2 x 3")
f = io.open("n.txt")
show(f:read("*n", "*n", "*n", "*n"))
show(f:read("*a"))
f:close()`,
  },
  {
    name: "read counts",
    code: `put("c.txt", "0123456789")
local f = io.open("c.txt")
show(f:read(0), f:read(3), f:read(2.9), f:read(0))
show(f:read(-1))
show(f:read(0), f:read(5), f:read(-1))
f:seek("set", 8)
show(f:read(5))
show(f:read(5))
f:seek("set")
show(f:read("*all"))
f:seek("set")
show(f:read("*line"), f:read("*number"))
show(pcall(f.read, f, "5"))
show(pcall(f.read, f, "*x"))
show(pcall(f.read, f, "*"))
show(pcall(f.read, f, {}))
show(pcall(f.read, f, nil))
show(pcall(function() return f:read("x") end))
show(pcall(function() return f:read(1, "*z") end))
show(pcall(io.read, "*x"))
show(pcall(io.read, "x"))
f:close()`,
  },
  {
    name: "lines",
    code: `put("l.txt", "one\\n\\nthree\\r\\nlast")
for l in io.lines("l.txt") do show(l) end
local it = io.lines("l.txt")
show(it(), it(), it(), it(), it())
show(pcall(it))
local f = io.open("l.txt")
for l in f:lines() do show(l) end
show(io.type(f), f:read("*a"))
f:close()
show(pcall(f.lines, f))
io.input("l.txt")
for l in io.lines() do show(l) end
io.close(io.input())
io.input(io.stdin)
show(pcall(io.lines, nil))
show(pcall(io.lines, "nonexistent.txt"))
show(pcall(io.lines, {}))
put("e.txt", "")
for l in io.lines("e.txt") do show("never", l) end
put("e.txt", "\\n")
for l in io.lines("e.txt") do show(l) end`,
  },
  {
    name: "NUL bytes in lines",
    code: `put("z.txt", "a\\0b\\nc\\nd\\0\\n\\0\\nlast")
for l in io.lines("z.txt") do show(l) end
local f = io.open("z.txt")
show(#f:read("*a"))
f:seek("set")
show(f:read(3), f:read("*l"))
f:close()`,
  },
  {
    name: "seek",
    code: `local f = io.open("s.txt", "w+")
show(f:seek(), f:write("hello world"), f:seek(), f:seek("cur", -5), f:read(2), f:seek("end"), f:seek("set"))
show(f:seek("set", -1))
show(f:seek("cur", -100))
show(f:seek("end", -3), f:read("*a"))
show(f:seek("set", 20), f:write("!"), f:seek("set", 9), f:read("*a"))
show(pcall(f.seek, f, "nowhere"))
show(pcall(function() return f:seek("nowhere") end))
show(pcall(f.seek, f, "set", "x"))
show(f:seek("set", "3"), f:read(2))
f:close()`,
  },
  {
    name: "modes",
    code: `put("m.txt", "hello\\n")
local f = io.open("m.txt", "a+")
show(f:seek(), f:read("*a"), f:write("x"), f:seek())
f:seek("set")
show(f:read("*a"))
f:close()
f = io.open("m.txt", "a")
show(f:seek(), f:read("*a"))
show(f:write("y"), f:seek())
f:close()
f = io.open("m.txt", "r")
show(f:write("z"))
show(f:read("*a"))
f:close()
f = io.open("m.txt", "w")
show(f:read("*a"))
show(f:read())
show(f:read(0))
f:close()
f = io.open("m.txt", "r+")
show(f:read("*a"), f:write("appended"), f:seek("set"), f:read("*a"))
f:close()
f = io.open("m.txt", "w+")
show(f:read("*a"), f:write("abc"), f:seek("cur"), f:seek("set"), f:read(1))
f:close()
f = io.open("m.txt", "rb")
show(f:read("*a"))
f:close()`,
  },
  {
    name: "buffering",
    code: `local f = assert(io.open("b.txt", "w"))
local fr = assert(io.open("b.txt", "r"))
show(f:setvbuf("full", 2000))
f:write("x")
show(fr:read("*all"))
f:close()
fr:seek("set")
show(fr:read("*all"))
f = assert(io.open("b.txt", "w"))
show(f:setvbuf("no"))
f:write("x")
fr:seek("set")
show(fr:read("*all"))
f:close()
f = assert(io.open("b.txt", "a"))
show(f:setvbuf("line"))
f:write("x")
fr:seek("set", 1)
show(fr:read("*all"))
f:write("a\\n")
fr:seek("set", 1)
show(fr:read("*all"))
f:write("b")
show(f:flush())
fr:seek("set")
show(fr:read("*all"))
f:close()
f = io.open("b.txt", "w")
f:write("unflushed")
fr:seek("set")
show(fr:read("*a"))
io.output(f)
show(io.flush())
io.output(io.stdout)
fr:seek("set")
show(fr:read("*a"))
show(pcall(f.setvbuf, f))
show(pcall(f.setvbuf, f, "sometimes"))
f:close(); fr:close()`,
  },
  {
    name: "large files",
    code: `io.output("big.txt")
for i = 1, 5001 do io.write("0123456789123") end
io.write("\\n12346")
io.close()
io.input("big.txt")
local x = io.read("*a")
io.input():seek("set", 0)
local y = io.read(30001) .. io.read(1005) .. io.read(0) .. io.read(1) .. io.read(100003)
show(x == y, #x)
io.input():seek("set", 0)
y = io.read()
show(#y, io.read(), io.read())
io.close(io.input())`,
  },
  {
    name: "closing",
    code: `show(io.close(io.stdin))
show(io.stdout:close())
show(io.stderr:close())
local f = io.open("cl.txt", "w")
show(io.type(f), tostring(f) == tostring(f))
show(f:close())
show(io.type(f), tostring(f))
show(pcall(f.close, f))
show(pcall(io.close, f))
show(pcall(function() return f:read() end))
show(pcall(function() return f:write("x") end))
show(pcall(f.seek, f))
show(pcall(io.close, nil))
show(pcall(io.close, {}))
io.output("cl.txt")
show(io.close())
show(pcall(io.write, "x"))
show(pcall(io.close))
io.output(io.stdout)
io.input("cl.txt")
io.close(io.input())
show(pcall(io.read))
show(pcall(io.lines))
io.input(io.stdin)
show(io.type(8), io.type({}), io.type(io.stdin), io.type(nil))
show(pcall(io.type))
local g = io.open("cl.txt")
getmetatable(g).__gc(g)
show(io.type(g))
getmetatable(io.stdout).__gc(io.stdout)
show(io.type(io.stdout))`,
  },
  {
    name: "default files",
    code: `show(io.input() == io.stdin, io.output() == io.stdout)
put("d.txt", "first\\nsecond\\n")
show(io.type(io.input("d.txt")), io.read())
local inp = io.input()
show(io.input(inp) == inp, io.read("*a"))
show(pcall(io.input, "nonexistent.txt"))
show(pcall(io.output, "/nonexistent/x"))
show(pcall(io.output, "."))
show(pcall(io.input, {}))
show(pcall(io.output, io.input()))
io.close(inp)
show(pcall(io.input, inp))
io.output(123)
io.write("to 123")
io.close()
io.input(123)
show(io.read("*a"))
io.close(io.input())
io.input(io.stdin)
show(io.output():write("via output()", "\\n"))
show(io.write(1, " ", -0.0, " ", 1/0, " ", -1/0, " ", 1e300, " ", 2^53, " ", 0.1, " ", 123456789012, "\\n"))
show(pcall(io.write, {}))
show(pcall(io.write, "a", nil))
show(pcall(function() return io.stdout:write(true) end))
show(io.stdout:read())
show(io.stdin:write("x"))
show(io.stdin:seek())`,
  },
  {
    name: "standard input",
    code: `show(io.read())
show(io.read("*n", "*n"))
show(io.read("*l"))
show(io.read(5))
for l in io.lines() do show(l) end
show(io.read(), io.read(0), io.read("*a"), io.read("*n"))`,
  },
  {
    name: "tmpfile and environments",
    code: `local t = io.tmpfile()
show(io.type(t), t:write("abc"), t:seek("set"), t:read("*a"))
t:close()
show(io.type(t))
local f = io.open("env.txt", "w")
show(type(debug.getfenv(f).__close), debug.getfenv(f) == debug.getfenv(io.write))
show(type(debug.getfenv(io.stdout).__close), debug.getfenv(io.stdout) == debug.getfenv(f))
show(debug.getfenv(io.write)[1] == io.input(), debug.getfenv(io.write)[2] == io.output())
show(debug.getregistry()["FILE*"] == getmetatable(f), getmetatable(f).__index == getmetatable(f))
f:close()
show(debug.getfenv(io.popen) == debug.getfenv(io.write), type(debug.getfenv(io.popen).__close))
show(tostring(io.stdout))`,
  },
  {
    name: "file names are C strings",
    code: `put("c1.txt", "x")
show(io.open("c1.txt\\0.other") ~= nil)
show(os.remove("c1.txt\\0zzz"))
show(io.open("c1.txt"))
show(pcall(io.lines, "c1\\0"))`,
  },
];

describe("io against lua5.1", () => {
  let reference: Record<string, string> = {};
  let ours: Record<string, string> = {};
  const stdin = "first line\n 12 0x1F rest of line\nabcdefg\nl1\nl2\n";
  beforeAll(async () => {
    const all = snippets.map((s) => ({ name: s.name, code: PRELUDE + s.code }));
    reference = golden(GOLDEN, runReference(all, { stdin }));
    ours = await runOurs(all, { stdin });
  });

  it.each(snippets.map((s) => s.name))("%s", (name) => {
    expect(ours[name]).toBe(reference[name]);
  });

  it.skipIf(!haveLua51)(
    `golden output is up to date${haveLua51 ? "" : ` [skipped: ${NO_LUA51}]`}`,
    async () => {
      const { readFileSync } = await import("node:fs");
      expect(JSON.parse(readFileSync(GOLDEN, "latin1"))).toEqual(reference);
    },
  );
});

/** Runs Lua code in a host-profile state; returns what it printed and the error, if any. */
function run(code: string, stdin = "") {
  let out = "";
  const system = memorySystem((s) => (out += s), { stdin });
  const L = newState({ write: (s) => (out += s), system }, { host: true });
  const err = runChunk(L, code, "=t");
  return { out, err: err === undefined ? undefined : String(err.value), L, fs: system.fs };
}

describe("io in this host", () => {
  it("refuses popen: no host processes", () => {
    expect(run(`print(pcall(io.popen, "ls"))`).out).toBe("false\t'popen' not supported\n");
    expect(run(`io.popen("ls")`).err).toBe("t:1: 'popen' not supported");
  });

  it("writes files into the host's file system, and closeFiles flushes what is left open", () => {
    const r = run(
      `f = io.open("kept.txt", "w"); f:write("pending"); g = io.open("done.txt", "w"); g:write("ok"); g:close()`,
    );
    expect(r.err).toBeUndefined();
    expect(r.fs.readFile("done.txt")).toBe("ok");
    expect(r.fs.readFile("kept.txt")).toBe("");
    closeFiles(r.L);
    expect(r.fs.readFile("kept.txt")).toBe("pending");
  });

  it("reads host files and keeps open files alive across remove and rename", () => {
    const r = run(`local f = io.open("a.txt", "w") f:write("x") f:flush()
      os.rename("a.txt", "b.txt") f:write("y") f:close()
      local g = io.open("b.txt") os.remove("b.txt") print(g:read("*a"), io.open("b.txt")) g:close()`);
    expect(r.out).toBe("xy\tnil\tb.txt: No such file or directory\t2\n");
  });

  it("keeps byte strings as bytes", () => {
    const r = run(`local f = io.open("bytes", "wb") f:write("\\0\\1\\255\\128") f:close()
      f = io.open("bytes", "rb") local s = f:read("*a") f:close() print(#s, s:byte(1, -1))`);
    expect(r.out).toBe("4\t0\t1\t255\t128\n");
  });
});

describe("the C library underneath", () => {
  it("parses fopen modes as glibc does", () => {
    expect(parseMode("r")).toMatchObject({ read: true, write: false });
    expect(parseMode("rb+")).toMatchObject({ read: true, write: true, truncate: false });
    expect(parseMode("w+x")).toMatchObject({ read: true, write: true, truncate: true, exclusive: true });
    expect(parseMode("a")).toMatchObject({ write: true, append: true, create: true });
    expect(parseMode("rw")).toMatchObject({ read: true, write: false });
    expect(parseMode("r123456+")).toMatchObject({ write: false }); // only six characters follow
    expect(parseMode("x")).toBeUndefined();
    expect(parseMode("")).toBeUndefined();
  });

  it("maps host errors to errno and strerror", () => {
    expect(errnoOf(new HostError("ENOENT"))).toEqual({ errno: 2, text: "No such file or directory" });
    expect(errnoOf(Object.assign(new Error("x"), { code: "ESPIPE" }))).toEqual({
      errno: 29,
      text: "Illegal seek",
    });
    expect(errnoOf(new Error("odd"))).toEqual({ errno: 5, text: "odd" });
  });

  it("scans numbers as fscanf %lf, leaving what it did not take", () => {
    const scan = (s: string) => {
      const f = new CFile(inputStream(s), true, false, false, "full", { value: undefined });
      const n = scanNumber(f);
      return [n, f.read(Number.POSITIVE_INFINITY)];
    };
    expect(scan("  -12.5e1xyz")).toEqual([-125, "xyz"]);
    expect(scan("0x1p4 ")).toEqual([16, " "]);
    expect(scan("1e+")).toEqual([1, ""]);
    expect(scan("--1")).toEqual([undefined, "-1"]);
    expect(scan("infinity!")).toEqual([Number.POSITIVE_INFINITY, "!"]);
  });

  it("buffers writes until full, a newline (line mode) or a flush", () => {
    const fs = new MemoryFileSystem();
    const mode = parseMode("w")!;
    const errno = { value: undefined as unknown };
    const f = new CFile(fs.open("f", mode), false, true, false, "full", errno);
    f.write(stringBytes("abc"));
    expect(fs.readFile("f")).toBe("");
    f.write(new Uint8Array(5000));
    expect(fs.readFile("f")?.length).toBe(5003);
    f.setvbuf("line");
    f.write(stringBytes("x"));
    expect(fs.readFile("f")?.length).toBe(5003);
    f.write(stringBytes("y\nz"));
    expect(fs.readFile("f")?.endsWith("xy\nz")).toBe(true);
    expect(f.close()).toBe(true);
  });

  it("fails a write on a stream opened for reading with EBADF", () => {
    const errno = { value: undefined as unknown };
    const f = new CFile(inputStream("x"), true, false, false, "full", errno);
    expect(f.write(stringBytes("y"))).toBe(false);
    expect(errnoOf(errno.value).errno).toBe(9);
    expect(f.seek(0, 0)).toBeUndefined();
    expect(errnoOf(errno.value).text).toBe("Illegal seek");
  });
});
