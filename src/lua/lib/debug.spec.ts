import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { haveLua51, NO_LUA51 } from "../../test-support/lua51.js";
import type { LuaClosure } from "../func.js";
import { newState, runChunk } from "../runtime.js";
import { LuaThread } from "../state.js";
import type { LuaFunction } from "../value.js";
import { hookExec, inheritHooks, MASK_COUNT, MASK_LINE } from "./debug.js";
import { golden, memorySystem, runOurs, runReference, SHOW, type Snippet } from "./testdata/host-snippets.js";

const GOLDEN = new URL("./testdata/debug-golden.json", import.meta.url);

const PRELUDE = `${SHOW}local function info(t)
  if type(t) ~= "table" then return show(t) end
  local lines
  if t.activelines then
    lines = ""
    for l = 0, 200 do if t.activelines[l] then lines = lines .. " " .. l end end
  end
  show(t.source, t.short_src, t.linedefined, t.lastlinedefined, t.what, t.currentline, t.nups, t.name,
    t.namewhat, t.func ~= nil, lines)
end
`;

/** Snippets that work without the interpreter calling hooks. */
const snippets: Snippet[] = [
  {
    name: "getinfo of functions",
    code: `local up1, up2 = 1, 2
local function f(a, b)
  local c = up1 + up2
  return a
end
info(debug.getinfo(f))
info(debug.getinfo(f, "SlunLf"))
info(debug.getinfo(print))
info(debug.getinfo(print, "SlunLf"))
info(debug.getinfo(f, "L"))
info(debug.getinfo(f, "S"))
info(debug.getinfo(f, ""))
show(debug.getinfo(f, "f").func == f, debug.getinfo(print, "f").func == print)
show(pcall(debug.getinfo, f, "x"))
show(pcall(debug.getinfo, f, ">S"))
show(pcall(debug.getinfo, 1, "Sx"))
show(pcall(debug.getinfo))
show(pcall(debug.getinfo, {}))
show(pcall(debug.getinfo, "x"))
show(debug.getinfo(100), debug.getinfo(-1))
show(debug.getinfo("1", "l").currentline, debug.getinfo(1.9, "l").currentline)
info(debug.getinfo(loadstring("return 1")))
info(debug.getinfo(loadstring("\\n\\nreturn function() end\\n\\n", "@file.lua")()))
info(debug.getinfo(loadstring("x = 1", "=name")))`,
  },
  {
    name: "getinfo levels and names",
    code: `local function named() return debug.getinfo(1, "n") end
local t = {m = function(self) return debug.getinfo(1, "n") end}
function glob() return debug.getinfo(1, "n") end
local function nm(i) show(i.name, i.namewhat) end
nm(named())
nm(t:m())
nm(t.m(t))
nm(glob())
local up = named
local function viaup() local x = up() return x end
nm(viaup())
nm((function() return debug.getinfo(1, "n") end)())
local function tail() return named() end
nm(tail())
for k in function() nm(debug.getinfo(1, "n")) end do end
nm(setmetatable({}, {__index = function() return debug.getinfo(1, "n") end}).x)
nm(setmetatable({}, {__call = function() return debug.getinfo(1, "n") end})())
local function levels()
  for l = 0, 5 do
    local x = debug.getinfo(l, "nSl")
    if x then show(l, x.name, x.namewhat, x.what, x.short_src, x.currentline) else show(l, x) end
  end
end
levels()
pcall(levels)
local function deep() return debug.getinfo(2, "S").what end
local function tc() return deep() end
show(pcall(deep), tc())
local function lost(n) if n == 0 then levels() else return lost(n - 1) end end
lost(2)`,
  },
  {
    name: "getlocal and setlocal",
    code: `local function f(a, b, ...)
  local c = 3
  do local d = 4 show(debug.getlocal(1, 4)) end
  for i = 10, 11 do show(debug.getlocal(1, 4), debug.getlocal(1, 5), debug.getlocal(1, 6), debug.getlocal(1, 7)) break end
  show(debug.getlocal(1, 1), debug.getlocal(1, 2), debug.getlocal(1, 3))
  show(debug.setlocal(1, 3, "C"), c, debug.setlocal(1, 10, 1), debug.setlocal(1, 0, 1))
  show(debug.getlocal(1, 0), debug.getlocal(1, -1), debug.getlocal(1, 100))
  return c
end
show(f(1, 2, "v1", "v2"))
show(pcall(debug.getlocal, 50, 1))
show(pcall(debug.getlocal, 1))
show(pcall(debug.setlocal, 1, 1))
show(pcall(debug.getlocal, "x", 1))
show(debug.getlocal(0, 1))
show(debug.getlocal(0, 2))
show(debug.getlocal(0, 3))
local function g() return select(2, debug.getlocal(2, 3)), debug.getlocal(2, 4) end
local function h(a, b) return (a + 1) + g() end
show(h(10, 20))
local function k(a, b) return a + b + (g()) end
show(k(1, 2))
local function outer(x, y)
  local function inner() show(debug.getlocal(2, 1)) show(debug.getlocal(2, 2)) debug.setlocal(2, 2, "set") end
  inner()
  return y
end
show(outer("X", "Y"))
show(debug.getlocal(1, 1), debug.getlocal(1, 2))`,
  },
  {
    name: "upvalues",
    code: `local a, b, c = 1, 2, 3
local function foo1(x) b = x; return c end
local function foo2(x) a = x; return c + b end
show(debug.getupvalue(foo1, 0), debug.getupvalue(foo1, 1), debug.getupvalue(foo1, 2), debug.getupvalue(foo1, 3))
show(debug.getupvalue(foo2, 1), debug.getupvalue(foo2, 2), debug.getupvalue(foo2, 3))
show(debug.setupvalue(foo1, 1, "new"), b, select(2, debug.getupvalue(foo2, 3)), debug.setupvalue(foo1, 3, 0))
show(debug.getupvalue(print, 1), debug.setupvalue(print, 1, 1))
show(pcall(debug.getupvalue, 1, 1))
show(pcall(debug.getupvalue, foo1))
show(pcall(debug.setupvalue, foo1, 1))
show(debug.getupvalue(string.gmatch("a", "a"), 1))`,
  },
  {
    name: "metatables",
    code: `show(debug.getmetatable(1), debug.getmetatable(nil), debug.getmetatable("").__index == string)
local mt = {__index = function(n, k) return k .. n end, __metatable = "locked"}
show(debug.setmetatable(10, mt))
show((5).foo, getmetatable(7), debug.getmetatable(7) == mt)
show(debug.setmetatable(10, nil), debug.getmetatable(1))
show(pcall(debug.setmetatable, 1, 2))
show(pcall(debug.setmetatable, 1))
show(pcall(debug.getmetatable))
local t = setmetatable({}, {__metatable = "no"})
show(getmetatable(t), type(debug.getmetatable(t)), debug.setmetatable(t, nil), getmetatable(t))
debug.setmetatable(nil, {__index = function(_, k) return "nil." .. k end})
local n
show(n.field)
debug.setmetatable(nil, nil)
debug.setmetatable(print, {__index = {name = "fn"}})
show(print.name, math.sin.name)
debug.setmetatable(print, nil)
debug.setmetatable(true, {__tostring = function(b) return "bool" end})
show(tostring(true), tostring(false))
debug.setmetatable(true, nil)
show(tostring(true))`,
  },
  {
    name: "environments",
    code: `local function f() return x end
local env = {x = "from env"}
show(debug.setfenv(f, env) == f, f(), debug.getfenv(f) == env)
show(debug.getfenv(print) == _G, debug.getfenv(1), debug.getfenv(nil), debug.getfenv("s"))
show(pcall(debug.getfenv))
show(pcall(debug.setfenv, 3, {}))
show(pcall(debug.setfenv, f, 1))
show(pcall(debug.setfenv, f))
local co = coroutine.create(function() return x end)
show(debug.getfenv(co) == _G, debug.setfenv(co, env) == co, debug.getfenv(co) == env)
show(debug.setfenv(print, env) == print, debug.getfenv(print) == env)
debug.setfenv(print, _G)
show(type(debug.getfenv(io.stdout)))
show(type(debug.getregistry()), debug.getregistry() == debug.getregistry())`,
  },
  {
    name: "hook settings",
    code: `show(debug.gethook())
local function h() end
debug.sethook(h, "")
show(debug.gethook() == h, select(2, debug.gethook()))
debug.sethook(h, "", 5)
local f, m, c = debug.gethook()
debug.sethook()
show(f == h, m, c)
show(debug.gethook())
show(pcall(debug.sethook, 1))
show(pcall(debug.sethook, 1, "c"))
show(pcall(debug.sethook, h, "c", "x"))
show(pcall(debug.sethook, h))
local co = coroutine.create(function() end)
debug.sethook(co, h, "crl", 7)
local f, m, c = debug.gethook(co)
show(f == h, m, c, debug.gethook())
debug.sethook(co)
show(debug.gethook(co))
debug.sethook(co, h, "x", -1)
show(select(2, debug.gethook(co)))
debug.sethook(co, h, "lrc", 2^24 - 1)
show(select(2, debug.gethook(co)))`,
  },
  {
    name: "traceback",
    code: `show(debug.traceback("msg"))
show(debug.traceback("msg", 0))
show(debug.traceback("msg", 2))
show(debug.traceback("msg", 50))
show(debug.traceback())
show(debug.traceback(nil))
show(debug.traceback(print) == print, debug.traceback(print, 4) == print)
show(debug.traceback({}, "x"))
show(pcall(debug.traceback, "a", {}))
show(debug.traceback("a", "b", 3))
show(debug.traceback(12))
show(debug.traceback("lvl", "2"))
local function rec(n) if n == 0 then return debug.traceback("deep") end return (rec(n - 1)) end
show(rec(30))
local function tail(n) if n == 0 then return debug.traceback("tail") end return tail(n - 1) end
show(tail(3))
local co = coroutine.create(function(x) local y = coroutine.yield(x) error("oops") end)
show(debug.traceback(co))
coroutine.resume(co, 1)
show(debug.traceback(co))
show(debug.traceback(co, "msg"))
show(debug.traceback(co, "msg", 1))
coroutine.resume(co)
show(debug.traceback(co))
show(debug.traceback(coroutine.create(print)))`,
  },
  {
    name: "debug.debug",
    code: `debug.debug()
show(io.read())`,
  },
];

/** Snippets that need the interpreter's hooks. */
const hookSnippets: Snippet[] = [
  {
    name: "line hooks",
    code: `local function test(s)
  local lines = ""
  local function f(event, line) lines = lines .. " " .. line end
  local g = loadstring(s)
  debug.sethook(f, "l"); g(); debug.sethook()
  show(lines)
end
test([[if
math.sin(1)
then
  a=1
else
  a=2
end
]])
test([[--
if nil then
  a=1
else
  a=2
end
]])
test([[a=1
repeat
  a=a+1
until a==3
]])
test([[ do
  return
end
]])
test([[local a
a=1
while a<=3 do
  a=a+1
end
]])
test([[while math.sin(1) do
  if math.sin(1)
  then
    break
  end
end
a=1]])
test([[for i=1,3 do
  a=i
end
]])
test([[for i,v in pairs{'a','b'} do
  a=i..v
end
]])
test([[for i=1,4 do a=1 end]])
test([[local function f(x)
  return x
end
local y = f(1) +
  f(2)
]])`,
  },
  {
    name: "call and return hooks",
    code: `local events = ""
local function h(e, l)
  local i = debug.getinfo(2, "nS")
  events = events .. e .. ":" .. tostring(i.name) .. ":" .. i.what .. " "
end
local function f(a) return a end
local function g(...) local x = f(1) return f(x) end
local function t(n) if n > 0 then return t(n - 1) end return n end
debug.sethook(h, "cr")
g()
t(2)
pcall(error, "x")
pcall(function() error("y") end)
local ok = pcall(function() local z = f(nil) .. 1 end)
for k, v in pairs{1} do end
debug.sethook()
io.write(events, "\\n")`,
  },
  {
    name: "return hook line",
    code: `local lines = ""
local function r(e) lines = lines .. e .. ":" .. debug.getinfo(2, "l").currentline .. " " end
local function multi()
  local x = 1
  x = x + 1
  return x
end
debug.sethook(r, "r"); multi(); debug.sethook()
io.write(lines, "\\n")`,
  },
  {
    name: "count hooks",
    code: `local a = 0
debug.sethook(function(e) a = a + 1 end, "", 1)
a = 0; for i = 1, 1000 do end
debug.sethook()
show(a)
debug.sethook(function(e) a = a + 1 end, "", 4)
a = 0; for i = 1, 1000 do end
local f, m, c = debug.gethook()
debug.sethook()
show(a, m, c)
debug.sethook(function(e) a = a + 1 end, "", 4000)
a = 0; for i = 1, 1000 do end
debug.sethook()
show(a)
local ev = {}
debug.sethook(function(e, l) ev[#ev + 1] = e .. (l and ":" .. l or "") end, "l", 3)
local x = 1
x = x + 1; x = x + 1
x = x + 1
debug.sethook()
show(#ev, ev[1], ev[2], ev[3], ev[4], ev[5], ev[6])`,
  },
  {
    name: "hooks inside hooks",
    code: `local log = ""
local a = {}
function a:f(a, b, ...) local c = 13 end
debug.sethook(function(e)
  log = log .. e .. " "
  assert(not pcall(loadstring("a='joao'+1")))
  debug.sethook(function(e, l)
    local f, m, c = debug.gethook()
    log = log .. e .. ":" .. m .. ":" .. c .. ":" .. tostring(debug.getinfo(2, "l").currentline == l) .. " "
    debug.sethook(nil)
    local i = 1
    while true do
      local x, y = debug.getlocal(2, i)
      if x == nil then break end
      log = log .. x .. "=" .. tostring(y) .. " "
      i = i + 1
    end
  end, "l")
end, "c")
a:f(1, 2, 3, 4, 5)
io.write(log, "\\n")
show(debug.gethook())
local ok, e = pcall(function()
  debug.sethook(function() debug.sethook() error("in hook") end, "l")
  local x = 1
end)
debug.sethook()
show(ok, e)
local n = 0
debug.sethook(function() n = n + 1 end, "l")
local y = 1
y = 2
debug.sethook()
show(n)`,
  },
  {
    name: "hooks and coroutines",
    code: `local function h() end
debug.sethook(h, "c", 5)
local co1 = coroutine.create(function() end)
debug.sethook()
show(debug.gethook(co1))
local co = coroutine.create(function(x)
  local a = 1
  coroutine.yield(debug.getinfo(1, "l"))
  coroutine.yield(debug.getinfo(1, "l").currentline)
  return a
end)
local tr = {}
local foo = function(e, l) if l then tr[#tr + 1] = l end end
debug.sethook(co, foo, "lcr")
local _, l = coroutine.resume(co, 10)
local x = debug.getinfo(co, 1, "lfLS")
show(x.currentline == l.currentline, x.activelines[x.currentline], type(x.func))
show(debug.getinfo(co, 2))
show(debug.getlocal(co, 1, 1))
show(debug.getlocal(co, 1, 2))
show(debug.setlocal(co, 1, 2, "hi"))
show(debug.gethook(co) == foo, #tr, tr[1], tr[2])
show(pcall(coroutine.resume, co))
show(coroutine.resume(co))
show(#tr, tr[3], tr[4], debug.gethook(co) == foo, debug.gethook())
local function g(x) coroutine.yield(x) end
local function f(i)
  debug.sethook(function() end, "l")
  for j = 1, 1000 do g(i + j) end
end
local co2 = coroutine.wrap(f)
show(co2(10), pcall(co2), pcall(co2))`,
  },
];

const STDIN = "print(1 + 1)\nerror('boom')\nx = = 1\nlocal t = {}\ncont\nafter cont\n";

/** Whether the interpreter calls line hooks (its hook points may still be missing). */
function vmHasHooks(): boolean {
  let out = "";
  const L = newState({ write: (s) => (out += s), system: memorySystem(() => {}) }, { host: true });
  runChunk(
    L,
    `local n = 0 debug.sethook(function() n = n + 1 end, "l")\nlocal x = 1\ndebug.sethook() print(n)`,
    "=t",
  );
  return out !== "0\n";
}
const HOOKS = vmHasHooks();
const NO_HOOKS = "the interpreter does not call the debug hooks yet";

describe("debug against lua5.1", () => {
  const reference: Record<string, string> = {};
  let ours: Record<string, string> = {};
  const all = [...snippets, ...hookSnippets].map((s) => ({ name: s.name, code: PRELUDE + s.code }));

  beforeAll(async () => {
    Object.assign(reference, golden(GOLDEN, runReference(all, { stdin: STDIN })));
    ours = await runOurs(all, { stdin: STDIN });
  });

  it.each(snippets.map((s) => s.name))("%s", (name) => {
    expect(ours[name]).toBe(reference[name]);
  });

  it.skipIf(!HOOKS).each(hookSnippets.map((s) => s.name))(
    `%s${HOOKS ? "" : ` [skipped: ${NO_HOOKS}]`}`,
    (name) => {
      expect(ours[name]).toBe(reference[name]);
    },
  );

  it.skipIf(!haveLua51)(`golden output is up to date${haveLua51 ? "" : ` [skipped: ${NO_LUA51}]`}`, () => {
    expect(JSON.parse(readFileSync(GOLDEN, "latin1"))).toEqual(reference);
  });
});

describe("hook dispatch", () => {
  it("runs line and count hooks as traceexec does", () => {
    let out = "";
    const L = newState({ write: (s) => (out += s) });
    runChunk(
      L,
      "f = function()\n  local a = 1\n  local b = 2\nend\nfunction hook(e, l) print(e, l) end",
      "=t",
    );
    // the base frame stands in for a frame running f (lines 2, 3 and 4)
    const frame = L.ci;
    frame.fn = L.env.get("f") as LuaClosure;
    frame.savedpc = 0;
    L.hook = L.env.get("hook") as LuaFunction;
    L.hookMask = MASK_LINE | MASK_COUNT;
    L.baseHookCount = 2;
    L.hookCount = 0;
    hookExec(L, 1); // the count ran out; a new function
    hookExec(L, 2); // a new line
    hookExec(L, 3);
    hookExec(L, 1); // a jump back
    frame.fn = undefined;
    L.hookMask = 0;
    expect(out).toBe("count\tnil\nline\t2\nline\t3\nline\t4\nline\t2\n");
    expect(L.allowHook).toBe(true);
  });

  it("gives a new coroutine its creator's mask and count but not its hook function", () => {
    const L = newState({ write: () => {} });
    L.hookMask = MASK_LINE;
    L.baseHookCount = 9;
    L.hook = L.env.get("print") as never;
    const co = new LuaThread(L.G, L.env);
    inheritHooks(L, co);
    expect([co.hook, co.hookMask, co.baseHookCount, co.hookCount]).toEqual([undefined, MASK_LINE, 9, 9]);
  });
});
