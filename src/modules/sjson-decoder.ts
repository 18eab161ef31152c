// sjson's decoder (app/modules/sjson.c, sjson_decoder_int .. sjson_decode): jsonsl's PUSH and POP
// callbacks build Lua tables as the text streams in, one write() at a time.
//
// What the source does, and so what this does:
//   - Every value is stored with lua_settable (so a `metatable` option's __newindex sees it) into
//     its parent: a list appends at a per-level counter, not at #t; the root goes into a hidden
//     result table at [1], and result() is that [1].
//   - JSON null is lua_pushlightuserdata(NULL) by default. An opts table replaces it with
//     opts.null, so `{}` as opts makes null decode to nil (the key is simply absent).
//   - The `depth` option is read but never used: sjson.c does lua_tointeger on the opts table
//     itself, which is 0, so the depth is always 20 (jsonsl then allows 19 levels).
//   - `metatable` goes on every new table; if it has `checkpath`, that is called as
//     checkpath(newtable, path) and a false result keeps the table out of its parent (its
//     children are still built into it). path[i] is the key at level i of the new table's
//     ancestors.
//   - The decode is complete when the outermost list or object closes; later bytes are still
//     parsed, their errors ignored, and a second top-level container replaces the first.
//   - Only the unread tail of the text is kept between writes (min_needed), as the C does.

import type { Firmware } from "../firmware/module.js";
import { call1 } from "../lua/calls.js";
import { chargeString, chargeTable, newUserdata } from "../lua/gc.js";
import { error } from "../lua/lib/aux.js";
import { LIGHT_NULL } from "../lua/light-userdata.js";
import type { LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { LuaTable } from "../lua/table.js";
import { index, setIndex } from "../lua/tm.js";
import { isFalse, type LuaValue } from "../lua/value.js";
import { type JState, Jsonsl, type JsonslError, JType, Special } from "./jsonsl.js";
import { LUA_NOREF, Refs } from "./sjson-refs.js";

export const DEFAULT_DEPTH = 20;

/** sizeof(JSN_DATA) + jsonsl_get_size(20) on the 32-bit device: 56 + 92 + 20 * 32 bytes. */
export const DECODER_UDATA_BYTES = 56 + 92 + DEFAULT_DEPTH * 32;

/** JSN_DATA: one decode in progress. */
export class SjsonDecoder {
  readonly jsn: Jsonsl;
  private readonly refs: Refs;
  resultRef = LUA_NOREF;
  private hkeyRef = LUA_NOREF;
  private nullRef = LUA_NOREF;
  private metatableRef = LUA_NOREF;
  private posRef = LUA_NOREF;
  complete = false;
  error: JsonslError | undefined = undefined;
  /** The thread of the write() in progress (data->L). */
  private L: LuaThread;
  private minNeeded = 0;
  private minAvailable = 0;
  private buffer = "";
  private bufferRef = LUA_NOREF;

  constructor(fw: Firmware, L: LuaThread) {
    this.refs = new Refs(fw);
    this.L = L;
    this.jsn = new Jsonsl(DEFAULT_DEPTH, {
      push: (s) => this.createNewElement(s),
      pop: (s) => this.cleanupClosingElement(s),
      error: (e) => {
        if (!this.complete) this.error = e;
      },
    });
    for (const s of this.jsn.stack) s.objectRef = LUA_NOREF;
  }

  /** sjson_decoder_int: reads the options; the caller has pushed the userdata already. */
  init(L: LuaThread, opts: LuaValue): void {
    const refs = this.refs;
    this.nullRef = refs.ref(LIGHT_NULL);
    const result = new LuaTable();
    chargeTable(L, result);
    this.resultRef = refs.ref(result);
    if (!(opts instanceof LuaTable)) return;
    refs.unref(this.nullRef);
    this.nullRef = refs.ref(index(L, opts, "null", -1));
    const mt = index(L, opts, "metatable", -1);
    this.metatableRef = refs.ref(mt);
    if (mt !== undefined && index(L, mt, "checkpath", -1) !== undefined) {
      const path = new LuaTable();
      chargeTable(L, path);
      this.posRef = refs.ref(path);
    }
  }

  /** sjson_decoder_write_int: feeds `s`; the decoded value once complete, else nothing. */
  write(L: LuaThread, s: string): { done: boolean; value: LuaValue } {
    if (this.error !== undefined) error(L, "JSON parse error: previous call");
    const refs = this.refs;
    if (!this.complete) {
      this.L = L;
      let buf = s;
      if (this.bufferRef !== LUA_NOREF) {
        // keep only what an unfinished string or number still needs, then append
        const prev = refs.get(this.bufferRef) as string;
        const discard = this.minNeeded - this.minAvailable;
        buf = prev.slice(discard) + s;
        this.minAvailable += discard;
        refs.unref(this.bufferRef);
        this.bufferRef = LUA_NOREF;
        chargeString(L, buf);
      }
      this.buffer = buf;
      this.bufferRef = refs.ref(buf);
      this.jsn.feed(s);
      if (this.error !== undefined) error(L, `JSON parse error: ${this.error}`);
    }
    if (!this.complete) return { done: false, value: undefined };
    this.freeWorkingData();
    return { done: true, value: this.result(L) };
  }

  /** sjson_decoder_result_int. */
  result(L: LuaThread): LuaValue {
    if (!this.complete) error(L, "decode not complete");
    return (this.refs.get(this.resultRef) as LuaTable).get(1);
  }

  /** sjson_free_working_data: everything but the result. */
  freeWorkingData(): void {
    const refs = this.refs;
    for (const s of this.jsn.stack) {
      refs.unref(s.objectRef);
      s.objectRef = LUA_NOREF;
    }
    for (const r of [this.metatableRef, this.hkeyRef, this.nullRef, this.posRef, this.bufferRef])
      refs.unref(r);
    this.metatableRef = this.hkeyRef = this.nullRef = this.posRef = this.bufferRef = LUA_NOREF;
  }

  /** sjson_decoder_destructor (__gc). */
  destroy(): void {
    this.freeWorkingData();
    this.refs.unref(this.resultRef);
    this.resultRef = LUA_NOREF;
  }

  private parentRef(state: JState): number {
    return state.level === 1 ? this.resultRef : this.jsn.stack[state.level - 1]!.objectRef;
  }

  /** The key a new value goes in: the pending object key, or the parent list's next index. */
  private takeKey(state: JState): LuaValue {
    if (this.hkeyRef === LUA_NOREF) {
      return state.level === 1 ? 1 : ++this.jsn.stack[state.level - 1]!.usedCount;
    }
    const key = this.refs.get(this.hkeyRef);
    this.refs.unref(this.hkeyRef);
    this.hkeyRef = LUA_NOREF;
    return key;
  }

  /** create_new_element: a list or object becomes a table in its parent; scalars wait. */
  private createNewElement(state: JState): void {
    const L = this.L;
    const refs = this.refs;
    state.objectRef = LUA_NOREF;
    if (state.type === JType.LIST || state.type === JType.OBJECT) {
      const t = new LuaTable();
      chargeTable(L, t);
      if (this.metatableRef !== LUA_NOREF) {
        const mt = refs.get(this.metatableRef);
        // lua_setmetatable: nil clears; a non-table would be undefined behaviour in C
        if (mt === undefined || mt instanceof LuaTable) t.metatable = mt;
      }
      state.objectRef = refs.ref(t);
      state.usedCount = 0;
      const parent = refs.get(this.parentRef(state));
      const key = this.takeKey(state);
      if (this.posRef !== LUA_NOREF && state.level > 1) {
        setIndex(L, refs.get(this.posRef), state.level - 1, key, -1);
      }
      let want = true;
      if (this.posRef !== LUA_NOREF) {
        const checkpath = index(L, refs.get(this.metatableRef), "checkpath", -1);
        if (checkpath !== undefined) want = !isFalse(call1(L, checkpath, t, refs.get(this.posRef)));
      }
      if (want) setIndex(L, parent, key, t, -1);
    }
    this.minNeeded = state.posBegin;
  }

  /** cleanup_closing_element: a scalar is stored; a container's level is released. */
  private cleanupClosingElement(state: JState): void {
    const L = this.L;
    const refs = this.refs;
    switch (state.type) {
      case JType.HKEY:
        this.hkeyRef = refs.ref(this.pushString(state));
        break;
      case JType.STRING: {
        const parent = refs.get(this.parentRef(state));
        const key = this.takeKey(state);
        setIndex(L, parent, key, this.pushString(state), -1);
        break;
      }
      case JType.SPECIAL: {
        const f = state.specialFlags;
        if (!(f & (Special.TRUE | Special.FALSE | Special.NUMERIC | Special.NULL))) break;
        let v: LuaValue;
        if (f & Special.TRUE) v = true;
        else if (f & Special.FALSE) v = false;
        else if (f & Special.NULL) v = refs.get(this.nullRef);
        else v = this.number(state);
        const parent = refs.get(this.parentRef(state));
        const key = this.takeKey(state);
        setIndex(L, parent, key, v, -1);
        break;
      }
      case JType.OBJECT:
      case JType.LIST:
        refs.unref(state.objectRef);
        state.objectRef = LUA_NOREF;
        if (this.posRef !== LUA_NOREF) setIndex(L, refs.get(this.posRef), state.level, undefined, -1);
        if (state.level === 1) this.complete = true;
        break;
    }
  }

  /** get_state_buffer: where an element's text starts in the kept buffer. */
  private textAt(state: JState): number {
    return state.posBegin - this.minAvailable;
  }

  /** push_number: lua_tonumber of the text (5.1: a text strtod refuses gives 0, e.g. "1e5.5"). */
  private number(state: JState): number {
    const at = this.textAt(state);
    return str2number(this.buffer.slice(at, at + state.posCur - state.posBegin)) ?? 0;
  }

  /** push_string: the text between the quotes with its escapes resolved. */
  private pushString(state: JState): string {
    const buf = this.buffer;
    const at = this.textAt(state) + 1;
    const n = state.posCur - state.posBegin - 1;
    // bytes past the buffer read as the string's terminating NUL would (a cut-short \u)
    const byte = (i: number): number => (at + i < buf.length ? buf.charCodeAt(at + i) : 0);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      let c = byte(i);
      if (c === 0x5c) {
        c = byte(++i);
        switch (c) {
          case 0x62: // b
            c = 0x08;
            break;
          case 0x66: // f
            c = 0x0c;
            break;
          case 0x6e: // n
            c = 0x0a;
            break;
          case 0x72: // r
            c = 0x0d;
            break;
          case 0x74: // t
            c = 0x09;
            break;
          case 0x75: {
            // u: four "hex" digits that jsonsl never checked, read as fromhex() reads them
            let cp = 0;
            for (let k = 0; k < 4; k++) cp = (cp << 4) + fromhex(byte(++i));
            out.push(utf8(cp));
            continue;
          }
        }
      }
      out.push(String.fromCharCode(c));
    }
    const s = out.join("");
    chargeString(this.L, s);
    return s;
  }
}

/** fromhex(): digits by their low nibble, anything above '9' as (c - 'A' + 10) & 15. */
function fromhex(c: number): number {
  return c <= 0x39 ? c & 0xf : (c - 0x41 + 10) & 0xf;
}

/** output_utf8(): 1-3 bytes; a surrogate half becomes '?'. */
function utf8(c: number): string {
  const b = String.fromCharCode;
  if (c < 0x80) return b(c);
  if (c < 0x800) return b(192 + (c >> 6), 128 + (c & 63));
  if (c - 0xd800 < 0x800 && c >= 0xd800) return "?";
  return b(224 + (c >> 12), 128 + ((c >> 6) & 63), 128 + (c & 63));
}

/** A decoder object: the userdata sjson.decoder() returns, with its JSN_DATA. */
export function newDecoderUdata(fw: Firmware, L: LuaThread, meta: LuaTable) {
  const dec = new SjsonDecoder(fw, L);
  const u = newUserdata(L, DECODER_UDATA_BYTES, dec);
  u.metatable = meta;
  return { u, dec };
}
