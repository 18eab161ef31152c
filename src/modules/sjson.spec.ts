import { describe, expect, it } from "vitest";
import { testFirmware } from "../test-support/test-firmware.js";
import { c99FormatG } from "./c99-printf.js";
import { sjsonModule } from "./sjson.js";

const run = (src: string): string => testFirmware([sjsonModule]).run(src);
const enc = (lua: string): string => run(`print(sjson.encode(${lua}))`).replace(/\n$/, "");
const err = (src: string): string => run(src).replace(/^error: stdin:\d+: /, "");

describe("c99-snprintf %.19g (app/libc/snprintf.c), not glibc", () => {
  it.each([
    [0.1, "0.1"],
    [1 / 3, "0.3333333333333332992"],
    [1e300, "0.999999999999999872e+300"],
    [123456789012345680, "123456789012345680"], // the double nearest 123456789012345678
    [1e19, "1e+19"],
    [1e18, "1000000000000000000"],
    [2 ** 63, "9223372036854775808"],
    [-2.5, "-2.5"],
    [-0, "0"],
    [1e-5, "1e-05"],
    [1.1, "1.100000000000000096"],
    [5e-324, "0.000000000000000494e-308"],
    [Number.NaN, "nan"],
    [-Infinity, "-inf"],
  ])("%s", (v, s) => expect(c99FormatG(v, 19)).toBe(s));
  it("%.14g agrees with glibc for ordinary values", () => {
    expect(c99FormatG(1 / 3, 14)).toBe("0.33333333333333");
    expect(c99FormatG(12345.678, 14)).toBe("12345.678");
    expect(c99FormatG(1e15, 14)).toBe("1e+15");
  });
});

describe("sjson.encode", () => {
  it("lists: every key a positive integer; holes are null; {} is []", () => {
    expect(enc("{}")).toBe("[]");
    expect(enc("{1,2,3}")).toBe("[1,2,3]");
    expect(enc("{1,nil,3}")).toBe("[1,null,3]");
    expect(enc("{[3]=true}")).toBe("[null,null,true]");
    expect(enc('{[1.5]="a"}')).toBe("[null]");
    expect(enc("{[65536]=1}")).toBe("[]");
  });
  it("objects: any other key; keys through lua_tostring", () => {
    expect(enc('{[0]="a"}')).toBe('{"0":"a"}');
    expect(enc("{a=1}")).toBe('{"a":1}');
    expect(enc("{1,a=2}")).toBe('{"1":1,"a":2}');
    expect(enc("{[2.5]=1,x=1}")).toMatch(/^\{("2\.5":1,"x":1|"x":1,"2\.5":1)\}$/);
    expect(enc("{[true]=1}")).toBe("{true:1}");
    expect(enc("{[40000]=1}")).toBe('{"40000":1}');
    expect(err("sjson.encode({[{}]=1})")).toBe("Cannot encode type 5");
  });
  it("numbers with the device's %.19g; inf and nan are null", () => {
    expect(enc("{0.1, 1/3, 1e300, 123456789012345678, -0, 1e19}")).toBe(
      "[0.1,0.3333333333333332992,0.999999999999999872e+300,123456789012345680,0,1e+19]",
    );
    expect(enc("{1/0, -1/0, 0/0, 7}")).toBe("[null,null,null,7]");
  });
  it("strings escape only the quote and control bytes", () => {
    expect(enc('{"a\\"b\\\\c/d"}')).toBe('["a\\"b\\c/d"]');
    expect(enc('{"\\1\\8\\9\\10\\12\\13\\31 \\127\\128"}')).toBe(
      '["\\u0001\\b\\t\\n\\f\\r\\u001f \x7f\x80"]',
    );
  });
  it("the null option names a string that prints null, keys included", () => {
    expect(enc('{"x","\\0"}, {null="\\0"}')).toBe('["x",null]');
    expect(enc('{N=1}, {null="N"}')).toBe("{null:1}");
    expect(enc('{"x"}, {null=false}')).toBe('["x"]');
  });
  it("nil and light userdata are null; functions are called; other types fail", () => {
    expect(enc("{sjson.decode('[null]')[1]}")).toBe("[null]");
    expect(enc("{f=function() return {1, function() return 'x' end} end}")).toBe('{"f":[1,"x"]}');
    expect(
      run(
        "local n=0 local function f() n=n+1 if n<10 then return f end return 1 end print(sjson.encode({f}))",
      ),
    ).toBe("[1]\n");
    expect(err("local function f() return f end sjson.encode({f})")).toBe("Cannot encode type 6");
    expect(err("sjson.encode({newproxy()})")).toBe("Cannot encode type 7");
    expect(err("sjson.encode({coroutine.create(function() end)})")).toBe("Cannot encode type 8");
    expect(err("sjson.encode('x')")).toBe("bad argument #1 to 'encode' (table expected, got string)");
  });
  it("20 levels deep at most; the depth option is read but never used", () => {
    const nest = (n: number) => `${"{".repeat(n)}${"}".repeat(n)}`;
    expect(enc(nest(20))).toBe(`${"[".repeat(20)}${"]".repeat(20)}`);
    expect(err(`sjson.encode(${nest(21)})`)).toBe("encoder stack overflow");
    expect(err(`sjson.encode(${nest(21)}, {depth=100})`)).toBe("encoder stack overflow");
    expect(enc(`${nest(5)}, {depth=1}`)).toBe("[[[[[]]]]]");
  });
});

describe("sjson.encoder", () => {
  it("reads in chunks, then nil; only numbers count as sizes", () => {
    expect(run("local e = sjson.encoder({1,2,3}) for i = 1, 5 do print(e:read(2)) end")).toBe(
      "[1\n,2\n,3\n]\n\n",
    );
    expect(run("local e = sjson.encoder({'abc'}) print(e:read(0), e:read('3'))")).toBe('[\t"abc"]\n');
    expect(run("local e = sjson.encoder({}) print(e:read(), e:read() == nil)")).toBe("[]\ttrue\n");
  });
  it("calls functions when read, not when made", () => {
    expect(
      run("local n = 0 local e = sjson.encoder({function() n = n + 1 return n end}) print(n, e:read(), n)"),
    ).toBe("0\t[1]\t1\n");
  });
  it("checks its self", () => {
    expect(err("local e = sjson.encoder({}) e.read({})")).toBe(
      "bad argument #1 to 'read' (sjson.encoder expected, got table)",
    );
    expect(run("print(getmetatable(sjson.encoder({})).__index == getmetatable(sjson.encoder({})))")).toBe(
      "true\n",
    );
  });
});

const DOC = `{"name":"x\\u00e9\\n","list":[1,-2.5e3,true,false,null,{"deep":[[],{}]}],"empty":{},"s":"a\\"b\\\\c\\/"}`;

describe("sjson.decode", () => {
  it("decodes values, lists and objects", () => {
    expect(
      run(
        `local t = sjson.decode([=[${DOC}]=]) print(t.name, t.list[2], t.list[3], t.list[4], #t.list, t.s, next(t.empty))`,
      ),
    ).toBe('x\xc3\xa9\n\t-2500\ttrue\tfalse\t6\ta"b\\c/\tnil\n');
    expect(run(`print(sjson.encode(sjson.decode([=[${DOC}]=]).list))`)).toBe(
      '[1,-2500,true,false,null,{"deep":[[],[]]}]\n',
    );
  });
  it("JSON null is one light userdata NULL unless opts replace it", () => {
    expect(
      run(
        "local a, b = sjson.decode('[null]')[1], sjson.decode('[null]')[1] print(type(a), tostring(a), a == b)",
      ),
    ).toBe("userdata\tuserdata: (nil)\ttrue\n");
    expect(run("local t = sjson.decode('[1,null,2]', {null='N'}) print(t[2])")).toBe("N\n");
    expect(run("local t = sjson.decode('[1,null,2]', {}) print(t[2], t[3])")).toBe("nil\t2\n");
  });
  it("numbers as jsonsl lets them through and lua_tonumber reads them", () => {
    expect(
      run(
        "local t = sjson.decode('[-01, 1.e5, 1e5.5, 0, -0, 12e-1]') print(t[1], t[2], t[3], t[4], 1/t[5], t[6])",
      ),
    ).toBe("-1\t100000\t0\t0\t-inf\t1.2\n");
  });
  it("unicode escapes become UTF-8, surrogates '?', and hex is not checked", () => {
    expect(
      run(`print(sjson.decode('["\\\\u20ac\\\\u0041\\\\ud83d\\\\u0000"]')[1] == "\\226\\130\\172A?\\0")`),
    ).toBe("true\n");
    expect(run(`print(#sjson.decode('["\\\\u00zz"]')[1])`)).toBe("1\n");
  });
  it("quirks of jsonsl: strings need no comma in a list; 0x14-0x1f pass in strings", () => {
    expect(run(`local t = sjson.decode('["a" "b"]') print(t[1], t[2])`)).toBe("a\tb\n");
    expect(run(`print(#sjson.decode('["\\20\\31"]')[1])`)).toBe("2\n");
  });
  it("complete at the close of the top container; trailing text is parsed, its errors ignored", () => {
    expect(run("print(sjson.decode('[1] x')[1])")).toBe("1\n");
    expect(run("print(sjson.decode('[1],[2]')[1])")).toBe("2\n");
  });
  it.each([
    ["[1,]", "TRAILING_COMMA"],
    ["[1 2]", "CANT_INSERT"],
    ['{"a":1 "b":2}', "STRAY_TOKEN"],
    [":", "STRAY_TOKEN"],
    ['"abc"', "STRING_OUTSIDE_CONTAINER"],
    ["[1}", "BRACKET_MISMATCH"],
    ['{"a"}', "VALUE_EXPECTED"],
    ['{"a":}', "VALUE_EXPECTED"],
    ["{1:2}", "HKEY_EXPECTED"],
    ["[tru]", "SPECIAL_INCOMPLETE"],
    ["[trux]", "SPECIAL_EXPECTED"],
    ["[x]", "SPECIAL_EXPECTED"],
    ["[01]", "INVALID_NUMBER"],
    ["[1.]", "INVALID_NUMBER"],
    ["[-]", "INVALID_NUMBER"],
    ['["\\\\x"]', "ESCAPE_INVALID"],
    ["[\\1]", "WEIRD_WHITESPACE"],
    ['["\\19"]', "WEIRD_WHITESPACE"],
    ["[\\0]", "FOUND_NULL_BYTE"],
    ["\\\\", "ESCAPE_OUTSIDE_STRING"],
    ["[".repeat(20), "LEVELS_EXCEEDED"],
  ])("%s: %s", (json, name) => {
    expect(err(`sjson.decode('${json}')`)).toBe(`JSON parse error: ${name}`);
  });
  it("19 levels are allowed; the depth option changes nothing", () => {
    expect(run(`print(#sjson.decode('${"[".repeat(19)}${"]".repeat(19)}', {depth=4}))`)).toBe("1\n");
    expect(err(`sjson.decode('${"[".repeat(19)}1${"]".repeat(19)}', {depth=100})`)).toBe(
      "JSON parse error: LEVELS_EXCEEDED",
    );
  });
  it("incomplete text and bad arguments", () => {
    for (const s of ["", "[1", "1 ", "true "]) {
      expect(err(`sjson.decode('${s}')`)).toBe("Incomplete JSON object passed to sjson.decode");
    }
    expect(err("sjson.decode(nil)")).toBe("bad argument #1 to 'decode' (string expected, got nil)");
    // with no argument at all the decoder userdata sjson.c has just pushed is argument 1
    expect(err("sjson.decode()")).toBe("bad argument #1 to 'decode' (string expected, got userdata)");
  });
});

describe("sjson.decoder", () => {
  it("write returns nothing until complete, then the value; result() before is an error", () => {
    expect(
      run(`local d = sjson.decoder() print(d:write("[10, 1")) print(pcall(d.result, d)) d:write("1")
        local t = d:write(', "foo"]') print(t[1], t[2], t[3], d:result() == t, d:write("junk") == t)`),
    ).toBe("\nfalse\tdecode not complete\n10\t11\tfoo\ttrue\ttrue\n");
  });
  it("a parse error is final", () => {
    expect(
      run(`local d = sjson.decoder() print(pcall(d.write, d, "[1,]")) print(pcall(d.write, d, "1"))`),
    ).toBe("false\tJSON parse error: TRAILING_COMMA\nfalse\tJSON parse error: previous call\n");
  });
  it("streaming in 1-byte and odd chunks equals the whole-string decode", () => {
    const src = `local s = [=[${DOC}]=]
      local whole = sjson.encode(sjson.decode(s))
      for size = 1, 7 do
        local d, r = sjson.decoder()
        for i = 1, #s, size do r = d:write(s:sub(i, i + size - 1)) end
        assert(sjson.encode(r) == whole, size)
      end
      print(whole)`;
    expect(run(src)).toBe(
      '{"s":"a\\"b\\c/","empty":[],"name":"x\xc3\xa9\\n","list":[1,-2500,true,false,null,{"deep":[[],[]]}]}\n',
    );
  });
  it("metatable: __newindex sees every store", () => {
    expect(
      run(`local d = sjson.decoder({metatable = {__newindex = function(t, k, v) print(k, type(v)) rawset(t, k, v) end}})
        d:write('[1, 2, {"foo":"bar"}]')`),
    ).toBe("1\tnumber\n2\tnumber\n3\ttable\nfoo\tstring\n");
  });
  it("metatable: checkpath(table, path) for each new table; false keeps it out", () => {
    expect(
      run(`local function p(path) local s = {} for i, k in ipairs(path) do s[i] = tostring(k) end return table.concat(s, "/") end
        local mt = {checkpath = function(t, path) print("<" .. p(path) .. ">", getmetatable(t) ~= nil) return path[1] ~= "skip" end}
        local t = sjson.decode('{ "foo": [1, 2, []], "skip": [5] }', {metatable = mt})
        print(#t.foo, t.skip)`),
    ).toBe("<>\ttrue\n<foo>\ttrue\n<foo/3>\ttrue\n<skip>\ttrue\n3\tnil\n");
  });
});

describe("round trips", () => {
  it("decode(encode(t)) keeps the values; a backslash is not escaped, so it does not survive", () => {
    expect(
      run(`local t = {a = {1, 2.5, "x\\1\\200\\"", true}, b = false}
        local u = sjson.decode(sjson.encode(t))
        print(u.a[1], u.a[2], u.a[3] == t.a[3], u.a[4], u.b, sjson.decode(sjson.encode({"a\\\\nb"}))[1] == "a\\nb")`),
    ).toBe("1\t2.5\ttrue\ttrue\tfalse\ttrue\n");
  });
});
