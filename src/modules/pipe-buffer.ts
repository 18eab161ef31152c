// The storage of a pipe (app/modules/pipe.c): a plain Lua table whose slot 1 holds the write /
// reader-task closure and whose slots 2.. hold userdata chunks of LUAL_BUFFERSIZE (256) bytes,
// each with its own start and end. Writes go to the last chunk (shifting its content to the front
// or appending a new chunk when it is full); reads and unreads work on the first chunk (an
// emptied chunk is removed, an unread into a full one inserts a new chunk at slot 2 and fills it
// from the right). So nrec() and p[i] show exactly how the bytes are cut.

import { newUserdata } from "../lua/gc.js";
import { argError } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaTable } from "../lua/table.js";
import { LuaUserdata, type LuaValue, typeName } from "../lua/value.js";

/** LUAL_BUFFERSIZE of the 5.1 build (app/lua/luaconf.h). */
export const LUAL_BUFFERSIZE = 256;

/** sizeof(buffer_t): two ints and the bytes. */
export const CHUNK_BYTES = 8 + LUAL_BUFFERSIZE;

/** buffer_t. */
export class Chunk {
  start = 0;
  end = 0;
  readonly buf = new Uint8Array(LUAL_BUFFERSIZE);

  text(): string {
    return String.fromCharCode(...this.buf.subarray(this.start, this.end));
  }
}

/** checkPipeUD: a chunk userdata carrying the pipe metatable. */
export function checkChunk(L: LuaThread, v: LuaValue, meta: LuaTable): Chunk {
  if (v instanceof LuaUserdata && v.metatable === meta && v.data instanceof Chunk) return v.data;
  return argError(L, -1, `userdata expected, got ${typeName(v)}`);
}

/** newPipeUD: a new empty chunk stored at t[n]. */
export function newChunk(L: LuaThread, t: LuaTable, n: number, meta: LuaTable): Chunk {
  const c = new Chunk();
  const u = newUserdata(L, CHUNK_BYTES, c);
  u.metatable = meta;
  t.set(n, u);
  return c;
}

/** pipe_write_aux's loop: appends `s` (not empty) after the tail chunk `ud`. */
export function appendBytes(L: LuaThread, t: LuaTable, ud: Chunk, s: string, meta: LuaTable): void {
  let l = s.length;
  let at = 0;
  for (;;) {
    let used = ud.end - ud.start;
    if (used === LUAL_BUFFERSIZE) {
      ud = newChunk(L, t, t.length() + 1, meta);
      used = 0;
    } else if (LUAL_BUFFERSIZE - ud.end < l) {
      ud.buf.copyWithin(0, ud.start, ud.end);
      ud.start = 0;
      ud.end = used;
    }
    const lrem = LUAL_BUFFERSIZE - used;
    if (l <= lrem) break;
    copyIn(ud.buf, ud.end, s, at, lrem);
    ud.end += lrem;
    l -= lrem;
    at += lrem;
  }
  copyIn(ud.buf, ud.end, s, at, l);
  ud.end += l;
}

/** pipe_unread's loop: puts `s` (not empty) back before the head chunk `ud`. */
export function prependBytes(L: LuaThread, t: LuaTable, ud: Chunk, s: string, meta: LuaTable): void {
  let l = s.length;
  for (;;) {
    let used = ud.end - ud.start;
    let lrem = LUAL_BUFFERSIZE - used;
    if (used === LUAL_BUFFERSIZE) {
      for (let i = t.length(); i > 1; i--) t.set(i + 1, t.get(i));
      ud = newChunk(L, t, 2, meta);
      used = 0;
      lrem = LUAL_BUFFERSIZE;
      ud.start = ud.end = LUAL_BUFFERSIZE; // filled leftwards
    } else if (ud.start < l) {
      ud.buf.copyWithin(lrem, ud.start, ud.end);
      ud.start = lrem;
      ud.end = LUAL_BUFFERSIZE;
    }
    if (l <= lrem) break;
    // the string is longer than the room left: the last lrem bytes top the chunk off
    l -= lrem;
    copyIn(ud.buf, 0, s, l, lrem);
    ud.start = 0;
  }
  ud.start -= l;
  copyIn(ud.buf, ud.start, s, 0, l);
}

function copyIn(buf: Uint8Array, to: number, s: string, from: number, n: number): void {
  for (let i = 0; i < n; i++) buf[to + i] = s.charCodeAt(from + i);
}

/** CHAR_DELIM / CHAR_DELIM_KEEP: read up to a delimiter, dropping or keeping it. */
export const CHAR_DELIM = -1;
export const CHAR_DELIM_KEEP = -2;

/**
 * pipe_read's loop from the head chunk: `n` bytes (n > 0), or up to and including `delim`
 * (n < 0). The parts, or none when the pipe is empty.
 */
export function takeBytes(
  L: LuaThread,
  t: LuaTable,
  ud: Chunk | undefined,
  n: number,
  delim: number,
  meta: LuaTable,
): string[] {
  const parts: string[] = [];
  while (ud !== undefined && n !== 0) {
    const avail = ud.end - ud.start;
    let want: number;
    let used: number;
    if (n < 0) {
      let i = ud.start;
      while (i < ud.end && ud.buf[i] !== delim) i++;
      if (i === ud.end) want = used = avail;
      else {
        want = used = i + 1 - ud.start;
        if (n === CHAR_DELIM) want--;
        n = 0;
      }
    } else {
      want = used = Math.min(n, avail);
      n -= used;
    }
    parts.push(String.fromCharCode(...ud.buf.subarray(ud.start, ud.start + want)));
    ud.start += used;
    if (ud.start === ud.end) {
      // shift the chunks down over the emptied one
      let nUD = t.length();
      for (let i = 2; i < nUD; i++) t.set(i, t.get(i + 1));
      t.set(nUD--, undefined);
      ud = nUD > 1 ? checkChunk(L, t.get(2), meta) : undefined;
    }
  }
  return parts;
}
