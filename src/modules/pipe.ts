// The pipe module (app/modules/pipe.c; docs/modules/pipe.md): a FIFO of bytes in 256-byte
// chunks (pipe-buffer.ts) with an optional reader callback run as a task.
//
// What the source does, and so what this does:
//   - A pipe is a table (type "table", `#p` its raw length = nrec() + 1) with the ROM metatable
//     pipe_meta, whose __index is a function: `write` is p[1], anything else comes from
//     pipe_funcs (read, reader, unread, nrec, __len, __tostring). tostring(p) is "Pipe: 0x...".
//   - p:write(s) writes its one argument; p:write(nil) and p:write("") do nothing (lua_tolstring
//     leaves the length 0, so "must be a string" is never reached). unread likewise.
//   - read(): nil means the delimiter "\n", dropped; "c" drops, "c+" keeps; a number reads that
//     many bytes (must be > 0, "invalid chunk size"); other strings are "invalid delimiter".
//     A missing delimiter returns the rest. An empty pipe reads nil.
//   - pipe.create(cb[, prio]) (prio 0..2, default MEDIUM) posts the closure at p[1] as a task on
//     the first write since the reader last ran; the task calls cb(p) under luaL_pcallx. When cb
//     returns true the task is reposted if the pipe is not empty, false stops, and anything else
//     reposts when the state the task started with had the write flag - which is always the case
//     for a task a write posted, so a reader returning nothing is called again and again (the
//     "unresponsive device" of firmware issue #3136). The post condition itself is
//     `state == CB_QUIESCENT | CB_WRITE_UPDATED`, which C parses as `(...) | 2`: always true, so
//     a write inside the reader posts another task too.
//   - p.write(x) with something other than the pipe as first argument runs the reader callback
//     there and then, as the task would (pipe.c shares one closure for both).
//
// For node.output / node.input and the REPL's stdin (node.c, lua.c), use the exports at the end:
// createPipe, pipeWrite, pipeRead, pipeUnread, isPipe.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { Priority } from "../firmware/module.js";
import { call1, callWith } from "../lua/calls.js";
import { LuaNative } from "../lua/func.js";
import { chargeNative, chargeString, chargeTable } from "../lua/gc.js";
import { argError, error, toStr, typeError } from "../lua/lib/aux.js";
import { pointerString } from "../lua/lib/base.js";
import { light, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { toNumber } from "../lua/tm.js";
import { LuaUserdata, type LuaValue, Tag, tagOf } from "../lua/value.js";
import { toInt32 } from "./int32.js";
import {
  appendBytes,
  CHAR_DELIM,
  CHAR_DELIM_KEEP,
  type Chunk,
  checkChunk,
  newChunk,
  prependBytes,
  takeBytes,
} from "./pipe-buffer.js";

/** The reader state kept in the closure's 4th upvalue. */
const CB_NOT_USED = 0;
const CB_ACTIVE = 1;
const CB_WRITE_UPDATED = 2;
const CB_QUIESCENT = 4;

/** Upvalues of the closure at p[1]: the pipe, the reader, its priority, the reader state. */
const UV_PIPE = 0;
const UV_FUNC = 1;
const UV_PRIO = 2;
const UV_STATE = 3;

/** lua_objlen. */
function objlen(v: LuaValue): number {
  if (v instanceof LuaTable) return v.length();
  if (typeof v === "string") return v.length;
  if (typeof v === "number") return toStr(v)!.length;
  if (v instanceof LuaUserdata) return v.size;
  return 0;
}

const AT_TAIL = 0;
const AT_HEAD = 1;
const WRITING = 2;

/** checkPipeTable: the head or tail chunk (made when writing to an empty pipe), or undefined. */
function checkPipeTable(L: LuaThread, narg: number, v: LuaValue, flags: number): Chunk | undefined {
  if (v instanceof LuaTable && v.metatable === PIPE_META) {
    const n = v.length();
    if (n === 1) return flags & WRITING ? newChunk(L, v, 2, PIPE_META) : undefined;
    return checkChunk(L, v.get(flags & AT_HEAD ? 2 : n), PIPE_META);
  }
  return argError(L, narg, "pipe table");
}

/** getsize_delim: [n, delim] for a read spec (argument `narg`). */
function sizeDelim(L: LuaThread, narg: number, spec: LuaValue): [number, number] {
  if (typeof spec === "number") {
    const n = toInt32(spec);
    if (!(n > 0)) argError(L, narg, "invalid chunk size");
    return [n, 0];
  }
  if (spec === undefined) return [CHAR_DELIM, 0x0a];
  const s = toStr(spec) ?? "";
  const n = s.length === 2 && s[1] === "+" ? CHAR_DELIM_KEEP : CHAR_DELIM;
  if (s.length + n !== 0) argError(L, narg, "invalid delimiter");
  return [n, s.charCodeAt(0)];
}

/** pipe_read on values: the record, or undefined when the pipe is empty. */
export function pipeRead(L: LuaThread, pipe: LuaValue, spec: LuaValue): string | undefined {
  const ud = checkPipeTable(L, 1, pipe, AT_HEAD);
  const [n, delim] = sizeDelim(L, 2, spec);
  const parts = takeBytes(L, pipe as LuaTable, ud, n, delim, PIPE_META);
  if (parts.length === 0) return undefined;
  const s = parts.join("");
  chargeString(L, s);
  return s;
}

/** pipe_unread on values: puts `s` back at the head. */
export function pipeUnread(L: LuaThread, pipe: LuaValue, s: LuaValue): void {
  const str = toStr(s);
  if (str === undefined || str.length === 0) return;
  const ud = checkPipeTable(L, 1, pipe, AT_HEAD | WRITING)!;
  prependBytes(L, pipe as LuaTable, ud, str, PIPE_META);
}

/** pipe_write_aux: false when there was nothing to write. */
function writeAux(L: LuaThread, pipe: LuaValue, s: LuaValue): boolean {
  const str = toStr(s);
  if (str === undefined || str.length === 0) return false;
  const ud = checkPipeTable(L, 1, pipe, AT_TAIL | WRITING)!;
  appendBytes(L, pipe as LuaTable, ud, str, PIPE_META);
  return true;
}

/** pipe:write(s) as node.c calls it: lua_call(p[1], p, s); errors reach the caller. */
export function pipeWrite(L: LuaThread, pipe: LuaTable, s: string): void {
  callWith(L, pipe.get(1), [pipe, s], 0);
}

export const isPipe = (v: LuaValue): v is LuaTable => v instanceof LuaTable && v.metatable === PIPE_META;

/** luaL_posttask: p[1] (the closure) as a task at `prio`, called as f(prio) under luaL_pcallx. */
function postTask(fw: Firmware, L: LuaThread, fn: LuaValue, prio: number): void {
  if (tagOf(fn) !== Tag.FUNCTION || prio < Priority.LOW || prio > Priority.HIGH)
    error(L, "invalid posk task");
  const ref = fw.ref(fn);
  const posted = fw.post(prio as Priority, () => {
    const f = fw.getRef(ref);
    fw.unref(ref);
    fw.pcallx(f, [prio]);
  });
  if (!posted) {
    fw.unref(ref);
    error(L, "Task queue overflow. Task not posted");
  }
}

/** pipe_write_and_read_poster: p:write(s) when arg 1 is the pipe, else the reader task. */
function writeAndReadPoster(fw: Firmware): (L: LuaThread) => number {
  return (L) => {
    const up = (L.ci.fn as LuaNative).upvalues;
    let state = up[UV_STATE] as number;
    const pipe = up[UV_PIPE] as LuaTable;
    if (L.nargs >= 1 && L.arg(1) === pipe) {
      if (writeAux(L, L.arg(1), L.arg(2)) && state && !(state & CB_WRITE_UPDATED)) {
        state |= CB_WRITE_UPDATED;
        up[UV_STATE] = state;
        postTask(fw, L, pipe.get(1), up[UV_PRIO] as number);
      }
    } else if (state !== CB_NOT_USED) {
      up[UV_STATE] = CB_ACTIVE;
      const r = call1(L, up[UV_FUNC], pipe);
      let repost: number;
      if (typeof r === "boolean") repost = r && pipe.length() > 1 ? CB_WRITE_UPDATED : 0;
      else repost = state & CB_WRITE_UPDATED; // the state this call started with
      state = CB_QUIESCENT | repost;
      up[UV_STATE] = state;
      if (repost) postTask(fw, L, pipe.get(1), up[UV_PRIO] as number);
    }
    return 0;
  };
}

/** pipe_create on values: `cb` nil or a function, `prio` nil or 0..2 (argument errors as create's). */
export function createPipe(fw: Firmware, L: LuaThread, cb: LuaValue, prioArg: LuaValue): LuaTable {
  let prio = -1;
  if (cb !== undefined) {
    if (tagOf(cb) !== Tag.FUNCTION) typeError(L, 1, "function");
    if (prioArg === undefined) prio = Priority.MEDIUM;
    else {
      prio = toInt32(toNumber(prioArg) ?? 0); // lua_tointeger: 0 when it does not convert
      if (!(prio >= Priority.LOW && prio <= Priority.HIGH)) argError(L, 2, "invalid priority");
    }
  }
  const t = new LuaTable(1, 0);
  chargeTable(L, t);
  t.metatable = PIPE_META;
  const f = new LuaNative("write", writeAndReadPoster(fw), undefined, [
    t,
    cb,
    prio,
    prio === -1 ? CB_NOT_USED : CB_QUIESCENT,
  ]);
  chargeNative(L, f);
  t.set(1, f);
  return t;
}

function pushOrNil(L: LuaThread, v: LuaValue): number {
  L.push(v);
  return 1;
}

/** pipe__len: a pipe's raw length, a chunk's byte count. */
const len = light("__len", (L) => {
  const v = L.arg(1);
  if (v instanceof LuaTable) return pushOrNil(L, v.length());
  const c = checkChunk(L, v, PIPE_META);
  return pushOrNil(L, c.end - c.start);
});

/** pipe__tostring: "Pipe: %p" for a pipe, the bytes of a chunk. */
const tostring = light("__tostring", (L) => {
  const v = L.arg(1);
  if (v instanceof LuaTable) return pushOrNil(L, `Pipe: ${pointerString(v)}`);
  return pushOrNil(L, checkChunk(L, v, PIPE_META).text());
});

/** pipe_read as a method: p:read([n | "c" | "c+"]). */
const readFn = (L: LuaThread): number => pushOrNil(L, pipeRead(L, L.arg(1), L.arg(2)));

/** pipe_funcs. */
const PIPE_FUNCS = new RomTable([
  ["__len", len],
  ["__tostring", tostring],
  ["read", light("read", readFn)],
  [
    "reader",
    light("reader", (L) => {
      const pipe = L.arg(1);
      const spec = L.arg(2);
      checkPipeTable(L, 1, pipe, AT_HEAD);
      sizeDelim(L, 2, spec);
      // pipe_read_aux: the pipe and the spec as upvalues, the call's own arguments ignored
      const it = new LuaNative(
        "reader",
        (L1) => {
          const up = (L1.ci.fn as LuaNative).upvalues;
          return pushOrNil(L1, pipeRead(L1, up[0], up[1]));
        },
        undefined,
        [pipe, spec],
      );
      chargeNative(L, it);
      return pushOrNil(L, it);
    }),
  ],
  [
    "unread",
    light("unread", (L) => {
      pipeUnread(L, L.arg(1), L.arg(2));
      return 0;
    }),
  ],
  ["nrec", light("nrec", (L) => pushOrNil(L, objlen(L.arg(1)) - 1))],
]);

/** pipe__index: `write` is p[1]; the rest comes from pipe_funcs. */
const indexFn = light("__index", (L) => {
  const t = L.arg(1);
  const k = toStr(L.arg(2));
  if (k === undefined) return pushOrNil(L, undefined); // strcmp(NULL, ...) on the device
  if (k === "write") return pushOrNil(L, t instanceof LuaTable ? t.get(1) : undefined);
  return pushOrNil(L, PIPE_FUNCS.get(k));
});

/** pipe_meta: the metatable of pipes and of their chunks. */
export const PIPE_META = new RomTable([
  ["__index", indexFn],
  ["__len", len],
  ["__tostring", tostring],
]);

export const pipeModule: ModuleDef = {
  name: "pipe",
  entries: (fw) => [["create", light("create", (L) => pushOrNil(L, createPipe(fw, L, L.arg(1), L.arg(2))))]],
};
