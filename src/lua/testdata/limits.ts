// Generated chunks at and just below each limit of the 5.1 compiler (luaconf.h, llimits.h,
// lparser.c, lcode.c): LUAI_MAXVARS 200 locals, LUAI_MAXUPVALUES 60 upvalues, MAXSTACK 250
// registers, LUAI_MAXCCALLS 200 syntax levels, the assignment-variables limit that shares
// LUAI_MAXCCALLS, MAXARG_sBx jump offsets, SHRT_MAX local-variable records, MAXARG_C SETLIST
// batches and MAXARG_Bx constants. Sources that pass are compared byte for byte, the others by
// their error message.

export interface GeneratedCase {
  /** File name without ".lua". */
  name: string;
  source: string;
}

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Wraps a comma-separated list over lines of `perLine` items. */
const wrap = (items: string[], perLine: number): string => {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return lines.join(",\n");
};

const localsEach = (n: number): string =>
  names("a", n)
    .map((v) => `local ${v}\n`)
    .join("");
const localsOne = (n: number): string => `local ${wrap(names("a", n), 20)}\n`;
const localsInFunction = (n: number): string =>
  `-- locals in a function\nlocal function f()\n${names("v", n)
    .map((v) => `  local ${v} = 1\n`)
    .join("")}  return v0\nend\n`;
const params = (n: number): string => `local function f(${names("p", n).join(", ")})\n  return p0\nend\n`;

const upvalues = (n: number): string =>
  `local ${wrap(names("u", n), 20)}\nlocal function f()\n  return ${names("u", n).join(" + ")}\nend\n`;
const upvaluesNested = (n: number): string =>
  "local function outer()\n" +
  `  local ${names("u", n).join(", ")}\n` +
  "  local function middle()\n" +
  "    local function inner()\n" +
  `      return ${names("u", n).join(" + ")}\n` +
  "    end\n" +
  "    return inner\n" +
  "  end\n" +
  "  return middle\n" +
  "end\n";

const callArgs = (n: number): string => `f(${wrap(Array(n).fill("1"), 25)})\n`;
const callArgsAfterLocals = (locals: number, n: number): string =>
  `local ${names("l", locals).join(", ")}\nprint(${Array(n).fill("l0").join(", ")})\n`;
const nestedConstructors = (depth: number): string => {
  let s = "local t = ";
  for (let i = 0; i < depth; i++) s += `{${"1, ".repeat(49)}`;
  return `${s}1${"}".repeat(depth)}\n`;
};

// Constructs that each take syntax levels (C stack depth in the recursive-descent parser).
const levels: Record<string, (n: number) => string> = {
  parens: (n) => `x = ${"(".repeat(n)}1${")".repeat(n)}\n`,
  do: (n) => `${"do ".repeat(n)}${"end ".repeat(n)}\n`,
  tables: (n) => `x = ${"{".repeat(n)}${"}".repeat(n)}\n`,
  unm: (n) => `x = ${"- ".repeat(n)}y\n`,
  not: (n) => `x = ${"not ".repeat(n)}y\n`,
  concat: (n) => `x = ${Array(n).fill("y").join(" .. ")}\n`,
  pow: (n) => `x = ${Array(n).fill("y").join(" ^ ")}\n`,
  calls: (n) => `x = ${"f(".repeat(n)}${")".repeat(n)}\n`,
  index: (n) => `x = ${"a[".repeat(n)}1${"]".repeat(n)}\n`,
  functions: (n) => `local f = ${"function() return ".repeat(n)}1${" end".repeat(n)}\n`,
  ifs: (n) => `${"if x then ".repeat(n)}${"end ".repeat(n)}\n`,
  whiles: (n) => `${"while x do ".repeat(n)}${"end ".repeat(n)}\n`,
  repeats: (n) => `${"repeat ".repeat(n)}${"until x ".repeat(n)}\n`,
  elses: (n) => `${"if x then else ".repeat(n)}${"end ".repeat(n)}\n`,
};
/** The smallest count that luac5.1 rejects, for each construct above. */
const levelLimit: Record<string, number> = {
  parens: 198,
  do: 199,
  tables: 199,
  unm: 198,
  not: 198,
  concat: 199,
  pow: 199,
  calls: 199,
  index: 198,
  functions: 99,
  ifs: 199,
  whiles: 199,
  repeats: 199,
  elses: 199,
};

const assignMain = (n: number): string => `${Array(n).fill("a").join(", ")} = 1\n`;
const assignInFunction = (n: number): string =>
  `local function f()\n  ${Array(n).fill("a").join(", ")} = 1\nend\n`;

const whileBody = (calls: number): string => `local f\nwhile f do\n${"f()".repeat(calls)}\nend\n`;
const ifBody = (calls: number): string => `local f\nif f then\n${"f()".repeat(calls)}\nend\n`;
/** `n` local-variable records in one function, from blocks of 200 locals (all named `a`) each. */
const locVarRecords = (n: number): string => {
  let s = "";
  for (let left = n; left > 0; left -= 200)
    s += `do local ${Array(Math.min(200, left)).fill("a").join(", ")} end\n`;
  return s;
};
const setlist = (items: number, open: boolean): string =>
  `local function f() return 1, 2 end\nlocal t = {\n${`${"1, ".repeat(50)}\n`.repeat(Math.floor(items / 50))}${"1, ".repeat(items % 50)}${open ? "f()" : ""}\n}\n`;
const constants = (n: number): string => {
  const lines: string[] = [];
  for (let i = 0; i < n; i += 1000) {
    const row: string[] = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) row.push(String(j));
    lines.push(row.join(","));
  }
  return `local t = {\n${lines.join(",\n")}\n}\n`;
};

export function limitCases(): GeneratedCase[] {
  const cases: GeneratedCase[] = [
    { name: "locals-200", source: localsEach(200) },
    { name: "locals-201", source: localsEach(201) },
    { name: "locals-one-statement-201", source: localsOne(201) },
    { name: "locals-function-200", source: localsInFunction(200) },
    { name: "locals-function-201", source: localsInFunction(201) },
    { name: "params-200", source: params(200) },
    { name: "params-201", source: params(201) },
    { name: "upvalues-60", source: upvalues(60) },
    { name: "upvalues-61", source: upvalues(61) },
    { name: "upvalues-nested-60", source: upvaluesNested(60) },
    { name: "upvalues-nested-61", source: upvaluesNested(61) },
    { name: "registers-args-248", source: callArgs(248) },
    { name: "registers-args-249", source: callArgs(249) },
    { name: "registers-locals-args-ok", source: callArgsAfterLocals(150, 98) },
    { name: "registers-locals-args-over", source: callArgsAfterLocals(150, 99) },
    { name: "registers-constructors-4", source: nestedConstructors(4) },
    { name: "registers-constructors-5", source: nestedConstructors(5) },
    { name: "assign-main-199", source: assignMain(199) },
    { name: "assign-main-200", source: assignMain(200) },
    { name: "assign-function-198", source: assignInFunction(198) },
    { name: "assign-function-199", source: assignInFunction(199) },
    { name: "jump-while-longest", source: whileBody(65534) },
    { name: "jump-while-too-long", source: whileBody(65535) },
    { name: "jump-if-longest", source: ifBody(65535) },
    { name: "jump-if-too-long", source: ifBody(65536) },
    { name: "locvars-32767", source: locVarRecords(32767) },
    { name: "locvars-32768", source: locVarRecords(32768) },
    { name: "setlist-c511", source: setlist(25550, false) },
    { name: "setlist-c512", source: setlist(25551, false) },
    { name: "setlist-c512-open", source: setlist(25600, true) },
    { name: "constants-overflow", source: constants(262144) },
  ];
  for (const [kind, gen] of Object.entries(levels)) {
    const limit = levelLimit[kind]!;
    cases.push({ name: `levels-${kind}-${limit - 1}`, source: gen(limit - 1) });
    cases.push({ name: `levels-${kind}-${limit}`, source: gen(limit) });
  }
  return cases;
}
