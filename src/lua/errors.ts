// Errors raised while turning Lua source into a prototype.

/**
 * A compile-time error with luac's exact text, e.g. `x.lua:3: '=' expected near 'y'`, or a
 * limit message such as `too many local variables` raised without a position (lmem.c).
 */
export class LuaSyntaxError extends Error {
  override name = "LuaSyntaxError";
}
