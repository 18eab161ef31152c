// A compiled Lua 5.1 function prototype (lobject.h `Proto`), as the compiler emits it and the
// bytecode loader reads it. Strings are byte strings: JS strings whose code units are 0..255.

import type { JitFn } from "./jit.js";

/** A constant: nil, boolean, number or (byte) string, as in a 5.1 constant table. */
export type Constant = undefined | boolean | number | string;

export interface LocVar {
  name: string;
  /** First instruction where the variable is active. */
  startPc: number;
  /** First instruction where the variable is dead. */
  endPc: number;
}

/** `is_vararg` bits (lobject.h): VARARG_HASARG, VARARG_ISVARARG, VARARG_NEEDSARG. */
export const VARARG_HASARG = 1;
export const VARARG_ISVARARG = 2;
export const VARARG_NEEDSARG = 4;

export interface Proto {
  /** Chunk name (`@file`, `=stdin`, or the source text); undefined when stripped. */
  source: string | undefined;
  lineDefined: number;
  lastLineDefined: number;
  /** Number of upvalues. */
  nups: number;
  numParams: number;
  isVararg: number;
  maxStackSize: number;
  code: Uint32Array;
  k: Constant[];
  p: Proto[];
  /** Source line of each instruction; empty when stripped. */
  lineInfo: Int32Array;
  locVars: LocVar[];
  /** Upvalue names; empty when stripped. */
  upvalues: string[];
  /** Filled in by the VM when it first runs the function: Lua hashes of the string constants. */
  kHash?: Int32Array;
  /** Set by the VM (jit.ts): the compiled function, null when the prototype is left interpreted. */
  jit?: JitFn | null;
  /** How often the VM entered the prototype while it was not compiled yet. */
  jitHeat?: number;
}
