// Source to prototype: the entry point of the Lua 5.1 compiler (lua_load's parser half).

import { NODEMCU_PARSE_OPTIONS, type ParseOptions, Parser } from "./parse.js";
import type { Proto } from "./proto.js";

export { LuaSyntaxError } from "./errors.js";
export { NODEMCU_PARSE_OPTIONS, type ParseOptions };

/**
 * Compiles a chunk. `source` is a byte string (file bytes decoded as latin1); `chunkName` is
 * the chunk's name as lua_load takes it: `@file.lua`, `=stdin`, or the source text itself.
 * Throws LuaSyntaxError with luac's exact message.
 */
export function compile(source: string, chunkName: string, options?: ParseOptions): Proto {
  return new Parser(source, chunkName, options).parse();
}
