// Building and walking function prototypes in specs.

import { createABC, Op } from "../lua/opcodes.js";
import type { Proto } from "../lua/proto.js";

/**
 * A prototype with the given fields; the others describe a vararg main function `=t` of
 * 2 registers whose only instruction is RETURN 0 1, with no constants, children or debug info.
 */
export function makeProto(fields: Partial<Proto> = {}): Proto {
  return {
    source: "=t",
    lineDefined: 0,
    lastLineDefined: 0,
    nups: 0,
    numParams: 0,
    isVararg: 2,
    maxStackSize: 2,
    code: Uint32Array.of(createABC(Op.RETURN, 0, 1, 0)),
    k: [],
    p: [],
    lineInfo: new Int32Array(0),
    locVars: [],
    upvalues: [],
    ...fields,
  };
}

/** `p` and all the prototypes nested in it, depth first, parents before their children. */
export function allProtos(p: Proto): Proto[] {
  return [p, ...p.p.flatMap(allProtos)];
}
