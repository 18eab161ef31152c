// The math library (lmathlib.c of Lua 5.1.5, with LUA_COMPAT_MOD's math.mod): C's <math.h>
// (src/lua/libm.ts, and src/lua/pow.ts for pow) over luaL_checknumber arguments, and math.random
// on the C library's rand(), here glibc's (src/lua/rand.ts), so that a seed gives the same
// numbers as the C build on Linux.

import {
  acos,
  asin,
  atan,
  atan2,
  ceil,
  cos,
  cosh,
  exp,
  fabs,
  floor,
  fmod,
  frexp,
  ldexp,
  log,
  log10,
  modf,
  secondResult,
  sin,
  sinh,
  sqrt,
  tan,
  tanh,
} from "../libm.js";
import { numPow } from "../pow.js";
import { CRand, RAND_MAX } from "../rand.js";
import type { LuaThread } from "../state.js";
import { LuaTable } from "../table.js";
import { argError, checkInteger, checkNumber, error, register } from "./aux.js";

const PI = Math.PI; // (3.14159265358979323846) as a double
const RADIANS_PER_DEGREE = PI / 180.0;

/** luaL_checkint: luaL_checkinteger cast to a C int. */
const checkInt = (L: LuaThread, narg: number): number => checkInteger(L, narg) | 0;

function push(L: LuaThread, v: number): number {
  L.push(v);
  return 1;
}

/**
 * The `math` library table; each one has its own rand() state, seeded as a new process's.
 * Functions of two numbers check their second argument first, as lmathlib.c's calls such as
 * fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2)) do when gcc evaluates C arguments right
 * to left: math.fmod() complains about argument #2.
 */
export function mathLib(): LuaTable {
  const rand = new CRand();
  // luaL_register sizes the table for its functions and registers them in this order
  const M = new LuaTable(0, 28);
  register(M, {
    abs: (L) => push(L, fabs(checkNumber(L, 1))),
    acos: (L) => push(L, acos(checkNumber(L, 1))),
    asin: (L) => push(L, asin(checkNumber(L, 1))),
    atan2(L) {
      const x = checkNumber(L, 2);
      return push(L, atan2(checkNumber(L, 1), x));
    },
    atan: (L) => push(L, atan(checkNumber(L, 1))),
    ceil: (L) => push(L, ceil(checkNumber(L, 1))),
    cosh: (L) => push(L, cosh(checkNumber(L, 1))),
    cos: (L) => push(L, cos(checkNumber(L, 1))),
    deg(L) {
      const x = checkNumber(L, 1);
      return push(L, Number.isNaN(x) ? x : x / RADIANS_PER_DEGREE);
    },
    exp: (L) => push(L, exp(checkNumber(L, 1))),
    floor: (L) => push(L, floor(checkNumber(L, 1))),
    fmod(L) {
      const y = checkNumber(L, 2);
      return push(L, fmod(checkNumber(L, 1), y));
    },
    frexp(L) {
      L.push(frexp(checkNumber(L, 1)));
      L.push(secondResult);
      return 2;
    },
    ldexp(L) {
      const n = checkInt(L, 2);
      return push(L, ldexp(checkNumber(L, 1), n));
    },
    log10: (L) => push(L, log10(checkNumber(L, 1))),
    log: (L) => push(L, log(checkNumber(L, 1))),
    max(L) {
      const n = L.nargs;
      let dmax = checkNumber(L, 1);
      for (let i = 2; i <= n; i++) {
        const d = checkNumber(L, i);
        if (d > dmax) dmax = d;
      }
      return push(L, dmax);
    },
    min(L) {
      const n = L.nargs;
      let dmin = checkNumber(L, 1);
      for (let i = 2; i <= n; i++) {
        const d = checkNumber(L, i);
        if (d < dmin) dmin = d;
      }
      return push(L, dmin);
    },
    modf(L) {
      L.push(modf(checkNumber(L, 1)));
      L.push(secondResult);
      return 2;
    },
    pow(L) {
      const y = checkNumber(L, 2);
      return push(L, numPow(checkNumber(L, 1), y));
    },
    rad(L) {
      const x = checkNumber(L, 1);
      return push(L, Number.isNaN(x) ? x : x * RADIANS_PER_DEGREE);
    },
    random(L) {
      // the % avoids r == 1 (and rand() values above RAND_MAX on other systems)
      const r = (rand.next() % RAND_MAX) / RAND_MAX;
      switch (L.nargs) {
        case 0:
          return push(L, r); // in [0, 1)
        case 1: {
          const u = checkInt(L, 1);
          if (!(1 <= u)) argError(L, 1, "interval is empty");
          return push(L, Math.floor(r * u) + 1); // in [1, u]
        }
        case 2: {
          const l = checkInt(L, 1);
          const u = checkInt(L, 2);
          if (!(l <= u)) argError(L, 2, "interval is empty");
          return push(L, Math.floor(r * ((u - l + 1) | 0)) + l); // in [l, u]; u - l + 1 is a C int
        }
        default:
          return error(L, "wrong number of arguments");
      }
    },
    randomseed(L) {
      rand.seed(checkInt(L, 1));
      return 0;
    },
    sinh: (L) => push(L, sinh(checkNumber(L, 1))),
    sin: (L) => push(L, sin(checkNumber(L, 1))),
    sqrt: (L) => push(L, sqrt(checkNumber(L, 1))),
    tanh: (L) => push(L, tanh(checkNumber(L, 1))),
    tan: (L) => push(L, tan(checkNumber(L, 1))),
  });
  M.set("pi", PI);
  M.set("huge", Infinity);
  M.set("mod", M.get("fmod"));
  return M;
}
