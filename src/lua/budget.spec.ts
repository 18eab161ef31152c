// The instruction budget (state.ts LuaGlobal.budget): every loop and every Lua call is charged,
// so a host can stop a program that never returns, even inside pcall and coroutines.

import { describe, expect, it } from "vitest";
import { newState, runChunk } from "./runtime.js";
import type { LuaThread } from "./state.js";

class Stop extends Error {}

/** Runs `src` with a budget of `limit` instructions; returns how many times onBudget ran. */
function run(src: string, limit: number): { calls: number; stopped: boolean; error?: string } {
  const L: LuaThread = newState({ write: () => {} });
  let calls = 0;
  L.G.budget = limit;
  L.G.onBudget = () => {
    calls++;
    throw new Stop();
  };
  try {
    const err = runChunk(L, src, "=budget");
    return { calls, stopped: false, error: err === undefined ? undefined : String(err.value) };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { calls, stopped: true };
  }
}

describe("instruction budget", () => {
  it.each([
    "while true do end",
    "repeat until false",
    "for i = 1, math.huge do end",
    "for k in function() return 1 end do end",
    "local function f() return f() end f()",
    "local function f() f() end f()",
    "pcall(function() while true do end end)",
    "coroutine.wrap(function() while true do end end)()",
  ])("stops %s, past pcall and coroutines", (src) => {
    expect(run(src, 10_000)).toEqual({ calls: 1, stopped: true });
  });

  it("charges loop bodies by their length and leaves short programs alone", () => {
    expect(run("local s = 0 for i = 1, 100 do s = s + i end", 1_000).stopped).toBe(false);
    expect(run("local s = 0 for i = 1, 100 do s = s + i end", 150).stopped).toBe(true);
    expect(run("local x = 1", 10).stopped).toBe(false);
  });
});
