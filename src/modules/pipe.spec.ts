import { describe, expect, it } from "vitest";
import { testFirmware } from "../test-support/test-firmware.js";
import { pipeModule } from "./pipe.js";

const run = (src: string): string => testFirmware([pipeModule]).run(src);
const err = (src: string): string => run(src).replace(/^error: stdin:\d+: /, "");

describe("pipe objects", () => {
  it("are tables with the pipe metatable; #p is the raw length, nrec() the chunks", () => {
    expect(
      run("local p = pipe.create() print(type(p), #p, p:nrec(), tostring(p):match('^Pipe: 0x%x+$') ~= nil)"),
    ).toBe("table\t1\t0\ttrue\n");
    expect(
      run(
        "local p = pipe.create() p:write(('x'):rep(600)) print(#p, p:nrec(), #p[2], #p[3], #p[4], tostring(p[4]))",
      ),
    ).toBe(`4\t3\t256\t256\t88\t${"x".repeat(88)}\n`);
  });
  it("read(): a line without its newline by default; 'c' drops, 'c+' keeps, n bytes", () => {
    expect(
      run(
        `local p = pipe.create() p:write("ab\\ncd\\nef") print(p:read(), p:read("\\n+"), p:read(1), p:read(5), p:read())`,
      ),
    ).toBe("ab\tcd\n\te\tf\tnil\n");
    expect(run(`local p = pipe.create() p:write("a,b") print(p:read(","), p:read(","), p:read(","))`)).toBe(
      "a\tb\tnil\n",
    );
    expect(run(`local p = pipe.create() p:write("\\nx") print(#p:read())`)).toBe("0\n");
  });
  it("read across chunks and the chunk bookkeeping", () => {
    expect(
      run(`local p = pipe.create() p:write(("a"):rep(300) .. "\\n" .. ("b"):rep(10))
        local l = p:read() print(#l, p:nrec(), #p[2], p:read(), p:nrec())`),
    ).toBe(`300\t1\t10\t${"b".repeat(10)}\t0\n`);
  });
  it("write takes one string or number; nil and empty are ignored", () => {
    expect(
      run(
        `local p = pipe.create() p:write("a", "b") p:write(nil) p:write("") p:write(12.5) print(p:read(100))`,
      ),
    ).toBe("a12.5\n");
  });
  it("unread puts bytes back at the head, filling chunks from the right", () => {
    expect(
      run(`local p = pipe.create() p:write("world") p:unread("hello ") print(p:read(100), p:nrec())`),
    ).toBe("hello world\t0\n");
    expect(
      run(`local p = pipe.create() p:unread(("u"):rep(10)) p:write("w") print(p:nrec(), #p[2]) p:unread(("v"):rep(300))
        print(p:nrec(), #p[2], #p[3], p:read(1000) == ("v"):rep(300) .. ("u"):rep(10) .. "w")`),
    ).toBe("1\t11\n2\t55\t256\ttrue\n");
  });
  it("reader() iterates with the spec it was made with", () => {
    expect(run(`local p = pipe.create() p:write("1\\n2\\n3") for l in p:reader() do print(l) end`)).toBe(
      "1\n2\n3\n",
    );
    expect(
      run(`local p = pipe.create() p:write("abcde") local r = p:reader(2) print(r(), r(), r(), r())`),
    ).toBe("ab\tcd\te\tnil\n");
  });
  it("argument errors", () => {
    expect(err("pipe.create(1)")).toBe("bad argument #1 to 'create' (function expected, got number)");
    expect(err("pipe.create(print, 3)")).toBe("bad argument #2 to 'create' (invalid priority)");
    expect(err("pipe.create():read(0)")).toBe("bad argument #1 to 'read' (invalid chunk size)");
    expect(err("pipe.create():read('ab')")).toBe("bad argument #1 to 'read' (invalid delimiter)");
    expect(err("pipe.create():read({})")).toBe("bad argument #1 to 'read' (invalid delimiter)");
    expect(err("local p = pipe.create() p.read({})")).toBe("bad argument #1 to 'read' (pipe table)");
    expect(err("pipe.create():reader('xy')")).toBe("bad argument #1 to 'reader' (invalid delimiter)");
  });
});

describe("the reader task", () => {
  it("is posted on write and gets the pipe; false stops it", () => {
    const fw = testFirmware([pipeModule]);
    expect(
      fw.run(`p = pipe.create(function(q) print("cb", q == p, q:read(100)) return false end)
        p:write("a") p:write("b") print("written")`),
    ).toBe("written\ncb\ttrue\tab\n");
    expect(fw.run(`p:write("c")`)).toBe("cb\ttrue\tc\n");
  });
  it("true reposts while the pipe has data", () => {
    expect(run(`p = pipe.create(function(q) print(q:read(1)) return true end) p:write("xyz")`)).toBe(
      "x\ny\nz\n",
    );
  });
  it("nil reposts whenever the task was posted by a write: the reader runs on and on", () => {
    expect(
      run(`local n = 0 p = pipe.create(function(q) n = n + 1 print(n, q:read()) if n == 4 then return false end end)
        p:write("only\\n")`),
    ).toBe("1\tonly\n2\tnil\n3\tnil\n4\tnil\n");
  });
  it("a write inside the reader posts another task", () => {
    expect(
      run(`local n = 0 p = pipe.create(function(q) n = n + 1 print(n, q:read()) if n == 1 then q:write("again\\n") end return false end)
        p:write("first\\n")`),
    ).toBe("1\tfirst\n2\tagain\n");
  });
  it("runs at its priority; calling p.write without the pipe runs the reader at once", () => {
    const fw = testFirmware([pipeModule]);
    let prio = -1;
    const post = fw.post;
    fw.post = (p, f) => {
      prio = p;
      return post(p, f);
    };
    fw.run("p = pipe.create(function() return false end, 2) p:write('x')");
    expect(prio).toBe(2);
    expect(fw.run("p = pipe.create(function(q) print('direct', q == p) return false end) p.write(1)")).toBe(
      "direct\ttrue\n",
    );
  });
  it("reader errors go to the protected call's handler", () => {
    const fw = testFirmware([pipeModule]);
    fw.run("p = pipe.create(function() error('boom') end) p:write('x')");
    expect(fw.errors[0]).toMatch(/boom/);
  });
});
