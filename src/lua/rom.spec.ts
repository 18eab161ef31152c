// ROM tables as NodeMCU's ROTables behave (ltable.c:637-670, lapi.c:774-806, lgc: no RAM).

import { describe, expect, it } from "vitest";
import { fullGC } from "./gc.js";
import { light, RomTable } from "./rom.js";
import { newState, runChunk } from "./runtime.js";

function device() {
  const out: string[] = [];
  const L = newState({ write: (s) => out.push(s) });
  const rom = new RomTable([
    [
      "zeta",
      light("zeta", (L1) => {
        L1.push(26);
        return 1;
      }),
    ],
    ["alpha", 1],
    ["mid", "m"],
  ]);
  L.env.set("mod", rom);
  const run = (src: string): string => {
    out.length = 0;
    const err = runChunk(L, src, "=stdin");
    return err === undefined ? out.join("") : `error: ${String(err.value)}`;
  };
  return { L, run };
}

describe("ROM tables", () => {
  it("refuse stores with the position of the store", () => {
    const { run } = device();
    expect(run("mod.x = 1")).toBe("error: stdin:1: table is readonly");
    expect(run("mod.alpha = 2")).toBe("error: stdin:1: table is readonly");
    expect(run("mod[1] = 2")).toBe("error: stdin:1: table is readonly");
    expect(run("rawset(mod, 'x', 1)")).toBe("error: table is readonly");
    expect(run("print(mod.zeta(), mod.alpha, mod.mid, mod.none)")).toBe("26\t1\tm\tnil\n");
  });

  it("iterate in declaration order and hide their metatable", () => {
    const { run } = device();
    expect(run("for k, v in pairs(mod) do print(k, type(v)) end")).toBe(
      "zeta\tfunction\nalpha\tnumber\nmid\tstring\n",
    );
    expect(run("print(next(mod, 'alpha'))")).toBe("mid\tm\n");
    expect(run("print(getmetatable(mod), type(mod))")).toBe("nil\ttable\n");
    expect(run("print(setmetatable(mod, {__index = function() return 1 end}) == mod, mod.q)")).toBe(
      "true\tnil\n",
    );
  });

  it("cost no RAM", () => {
    const { L, run } = device();
    fullGC(L);
    const before = L.G.heap.totalBytes;
    L.env.set("mod", undefined);
    fullGC(L);
    expect(L.G.heap.totalBytes).toBe(before);
    expect(run("print(1)")).toBe("1\n");
  });
});
