// The prototype compiler (jit.ts): programs give the same output, errors, positions and hook
// events compiled as interpreted; frames resume after calls and yields; deep tail calls and
// recursion keep the interpreter's limits.

import { afterEach, describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import type { LuaClosure } from "./func.js";
import { compileProto, jitSource } from "./jit.js";
import { RomTable } from "./rom.js";
import { newState, runChunk } from "./runtime.js";
import { setJit } from "./vm.js";

/** Runs src with compilation on or off: what it printed, then the error, if any. */
function run(src: string, jit: boolean): string {
  setJit(jit);
  let out = "";
  const L = newState({ write: (s: string) => (out += s) });
  L.env.set("rom", new RomTable([["a", 1]]));
  const err = runChunk(L, src, "=prog");
  return err === undefined ? out : `${out}error: ${String(err.value)}\n`;
}

/** The same program compiled and interpreted: the outputs must agree (and are returned). */
function same(src: string): string {
  const interpreted = run(src, false);
  const compiled = run(src, true);
  expect(compiled).toBe(interpreted);
  return compiled;
}

afterEach(() => setJit(true));

/** Calls a function often enough to compile it, then once more through `body`. */
const hot = (fn: string, body: string) => `${fn}\nfor i = 1, 5 do pcall(f, i) end\n${body}`;

describe("compiled prototypes", () => {
  it.each([
    [
      "arithmetic and comparisons",
      "local function f(a, b) return a + b, a - b, a * b, a / b, a % b, a ^ b, -a, a < b, a <= b, a == b end",
    ],
    ["string coercion", "local function f(a) return a .. 1, '10' + a, a * '2', #('x' .. a) end"],
    [
      "tables and lengths",
      "local function f(n) local t = {n, n + 1, x = n} t[#t + 1] = t.x t.y = t[1] return #t, t.y, t[3] end",
    ],
    ["varargs", "local function f(...) local a, b = ... return select('#', ...), a, b, ... end"],
    [
      "closures and upvalues",
      "local function f(n) local c = 0 local function g() c = c + n return c end g() g() return c, g() end",
    ],
    [
      "numeric and generic for",
      "local function f(n) local s = 0 for i = n, 1, -0.5 do s = s + i end for k, v in pairs({n, n}) do s = s + k * v end return s end",
    ],
    [
      "logic and tests",
      "local function f(a) local x = a and a > 2 or nil local y = not a return x, y, a ~= 3 and 'ne' or 'eq' end",
    ],
  ])("%s agree", (_name, fn) => {
    same(hot(fn, "for i = 1, 40 do print(f(i)) end print(f(0), f(-3))"));
  });

  it.each([
    ["index nil local", "local function f(x) local t return t.x end"],
    ["arithmetic on a global", "local function f(x) return x + undefinedglobal end"],
    ["arithmetic on a field", "local function f(x) local t = {} return t.a * 2 end"],
    ["call a nil field", "local function f(x) local t = {} t.m() end"],
    ["compare", "local function f(x) return {} < x end"],
    ["concatenate", "local function f(x) return 'a' .. {} end"],
    ["for limit", "local function f(x) for i = 1, 'z' do end end"],
    ["method on a number", "local function f(x) return x:m() end"],
    ["nil index store", "local function f(x) local t = {} t[nil] = 1 end"],
    ["readonly ROM table", "local function f(x) rom.b = x end"],
    ["length of a number", "local function f(x) return #x end"],
  ])("%s: same message and line", (_name, fn) => {
    const src = `${fn}\nfor i = 1, 5 do pcall(f, i) end\nprint(pcall(f, 1))\nf(2)`;
    const out = same(src);
    expect(out).toMatch(/error: prog:\d+:/);
  });

  it("runs metamethods from compiled frames", () => {
    const fn = `
local mt = {}
mt.__index = function(t, k) return k .. '!' end
mt.__newindex = function(t, k, v) rawset(t, k, v * 2) end
mt.__eq = function() return true end
mt.__lt = function() return true end
mt.__le = function() return false end
mt.__concat = function(a, b) return 'cat' end
mt.__add = function(a, b) return 42 end
mt.__len = function() return 7 end
mt.__call = function(self, x) return 'called', x end
local function f(n)
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  a.v = n
  return a.foo, a.v, a == b, a < b, a <= b, a .. 'x', a + 1, 1 + a, a(n)
end`;
    same(hot(fn, "for i = 1, 20 do print(f(i)) end"));
  });

  it("sees locals changed by metamethods through upvalues and debug.setlocal", () => {
    const fn = `
local function f(n)
  local x = n
  local mt = {}
  mt.__index = function() x = x + 100 return 1 end
  mt.__add = function() x = x * 2 return 0 end
  mt.__lt = function() debug.setlocal(2, 1, -1) return true end
  mt.__newindex = function() x = 'str' end
  local t = setmetatable({}, mt)
  local a = x + 1
  local b = t.foo
  local c = x + 1
  local d = t + 1
  local e = x
  local lt = t < t
  local g = n
  t.k = 1
  return a, b, c, d, e, lt, g, x
end`;
    same(hot(fn, "for i = 1, 10 do print(f(i)) end"));
  });

  it("inherits methods through __index tables", () => {
    const fn = `
local Base = {} Base.__index = Base
function Base.new(x) return setmetatable({x = x}, Base) end
function Base:get() return self.x end
local Derived = setmetatable({}, {__index = Base}) Derived.__index = Derived
function Derived:twice() return self:get() * 2 end
local function f(n) local d = setmetatable(Base.new(n), Derived) d.y = n return d:twice(), d:get(), d.y, d.missing end`;
    same(hot(fn, "for i = 1, 20 do print(f(i)) end"));
  });

  it("resumes compiled frames after yields", () => {
    const src = `
local function gen(n)
  for i = 1, n do
    local x = coroutine.yield(i)
    if x then coroutine.yield('got ' .. x) end
  end
  return 'done'
end
for r = 1, 4 do
  local co = coroutine.wrap(gen)
  local out = {}
  out[#out + 1] = co(6)
  for i = 1, 8 do out[#out + 1] = tostring(co(i % 3 == 0 and i or nil)) end
  print(table.concat(out, ' '))
end
local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) error('boom ' .. b) end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 2))
print(coroutine.resume(co))`;
    expect(same(src)).toContain("boom 2");
  });

  it("runs compiled callees directly and leaves them to the dispatch loop when they call or yield", () => {
    const src = `
local function leaf(x) return x * 2 end
local function yields(x) local y = coroutine.yield(x) return y + leaf(x) end
local function middle(x) return yields(x) + 1 end
local function bad(x) return x.field end
local co = coroutine.wrap(function(n)
  local acc = 0
  for i = 1, n do acc = acc + leaf(i) + yields(i) + middle(i) end
  return acc
end)
local r = co(12)
while type(r) == 'number' and r <= 12 do r = co(r) end
print(r)
for i = 1, 5 do pcall(bad, {}) end
print(xpcall(function() return leaf(1) + bad(nil) end, debug.traceback))`;
    expect(same(src)).toContain("attempt to index local 'x'");
  });

  it("keeps tail calls flat and reports stack overflow as the interpreter does", () => {
    const src = `
local function loop(n) if n == 0 then return 'bottom' end return loop(n - 1) end
print(loop(100000))
local function deep(n) return 1 + deep(n + 1) end
print(pcall(deep, 1))
local function cdeep(n) return tostring(setmetatable({}, {__tostring = function() return cdeep(n + 1) end})) end
local ok, e = pcall(cdeep, 1)
print(ok, (string.gsub(e, 'prog:%d+: ', '')))
local mt = {} mt.__index = function(t, k) local a = setmetatable({}, mt) return a[k] .. 'x' end
print(pcall(function() return setmetatable({}, mt).foo end))`;
    const out = same(src);
    expect(out).toContain("bottom");
    expect(out).toContain("stack overflow");
    expect(out).toContain("prog:9: C stack overflow");
  });

  it("hands frames to the interpreter while line hooks run", () => {
    const src = `
local function f(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end
for i = 1, 10 do f(i) end
local lines = {}
debug.sethook(function(_, l) lines[#lines + 1] = l end, 'l')
f(3)
debug.sethook()
print(table.concat(lines, ' '))
local count = 0
debug.sethook(function() count = count + 1 end, '', 7)
f(50)
debug.sethook()
print(count)`;
    const out = same(src);
    expect(out.split("\n")[0]).toMatch(/^\d+( \d+)+$/);
  });

  it("reports calls and returns of compiled frames to call and return hooks", () => {
    const src = `
local function leaf(x) return x + 1 end
local function tail(x) return leaf(x) end
local function f(n) local s = 0 for i = 1, n do s = s + tail(i) + math.abs(-i) end return s end
for i = 1, 10 do f(3) end
local events = {}
debug.sethook(function(e) local info = debug.getinfo(2, 'nS') events[#events + 1] = e .. ':' .. tostring(info.name) .. ':' .. info.what end, 'cr')
f(2)
debug.sethook()
print(table.concat(events, ' '))`;
    expect(same(src)).toContain("tail return");
  });

  it("compiles what runs often and leaves the rest to the interpreter", () => {
    const p = compile("local function f(x) return x end", "=c");
    expect(jitSource(p)).toContain("switch (pc)");
    expect(compileProto(p.p[0]!)).toBeTypeOf("function");
    setJit(true);
    const L = newState({ write: () => {} });
    const src =
      "function once(x) return x end function often(x) return x end once(1) for i = 1, 3 do often(i) end";
    expect(runChunk(L, src, "=c")).toBeUndefined();
    const fn = (name: string) => L.env.get(name) as LuaClosure;
    expect(fn("often").p.jit).toBeTypeOf("function");
    expect(fn("once").p.jit).toBeUndefined();
  });
});
