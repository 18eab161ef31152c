// Errors raised by the standard library functions.

/**
 * An error raised by a library function with the exact text its C counterpart passes to
 * luaL_error, e.g. `malformed pattern (ends with '%')`. The message carries no position: the
 * caller adds what luaL_where would (the calling Lua function's `chunk:line:`, or nothing).
 */
export class LuaLibError extends Error {
  override name = "LuaLibError";
}

/** luaL_argerror's text: `bad argument #narg to 'fname' (extramsg)`. */
export function argErrorMessage(narg: number, fname: string, extramsg: string): string {
  return `bad argument #${narg} to '${fname}' (${extramsg})`;
}

/**
 * The error luaL_argerror raises, for a function called by name `fname` (the caller's view of
 * it, or "?"). The adjustment for method calls (`calling 'f' on bad self`, argument numbers
 * one lower) is up to the caller, which knows how the function was called.
 */
export function argError(narg: number, fname: string, extramsg: string): LuaLibError {
  return new LuaLibError(argErrorMessage(narg, fname, extramsg));
}
