// sjson's encoder (app/modules/sjson.c, ENC_DATA .. sjson_encode): a stack of tables being walked,
// each at an offset (for lists: 0 '[', odd = element, even = ',', 2n = ']'; for objects: even =
// the next key, odd = its value). The first read() walks the whole table into one string (the
// chunk loop never stops early) and reads hand it out in pieces.
//
// What the source does, and so what this does:
//   - A table is a list when lua_next finds only number keys and none of them, cut to a
//     lua_Integer (lua_tointeger), is <= 0; its length is the largest key. So {} is "[]",
//     {[3]=1} is "[null,null,1]" and {[1.5]="a"} is "[null]" (1.5 cuts to 1, t[1] is nil). The
//     length is kept in a C short: a largest key of 40000 wraps negative and makes an object,
//     65536 wraps to 0 and makes "[]".
//   - Elements are read raw (lua_rawgeti); objects are walked with lua_next, keys converted with
//     lua_tostring (numbers as "%.14g"), so a boolean key prints bare (`{true:1}`).
//   - Functions are called with no arguments, up to 10 times in a row, and the result encoded.
//   - Numbers print with the device's "%.19g" (see c99-printf.ts); inf and nan become null.
//   - Strings escape '"' and bytes < 0x20 only (\b \f \n \r \t, else \u00xx); a string equal to
//     opts.null (when given) prints null, keys included.
//   - nil and light userdata print null; anything else raises `Cannot encode type N`.
//   - The `depth` option is never used (lua_tointeger of the opts table is 0): 20 levels, and
//     the 21st nested table raises `encoder stack overflow`.

import type { Firmware } from "../firmware/module.js";
import { call1 } from "../lua/calls.js";
import { chargeString, MEMERRMSG } from "../lua/gc.js";
import { error, toStr } from "../lua/lib/aux.js";
import { LuaError, type LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { index, rawNext } from "../lua/tm.js";
import { type LuaValue, Tag, tagOf } from "../lua/value.js";
import { c99FormatG } from "./c99-printf.js";
import { toInt32 } from "./int32.js";
import { LUA_NOREF, LUA_REFNIL, Refs } from "./sjson-refs.js";

export const ENCODER_DEPTH = 20;

/** sizeof(ENC_DATA) + depth * sizeof(ENC_DATA_STATE) on the 32-bit device: 24 + 20 * 12. */
export const ENCODER_UDATA_BYTES = 24 + ENCODER_DEPTH * 12;

/** A C short, as ENC_DATA_STATE keeps `offset` and `size`. */
const short = (n: number): number => (n << 16) >> 16;

/** ENC_DATA_STATE. */
interface Level {
  objectRef: number;
  offset: number;
  /** The largest integer key (a list), or -1 (an object). */
  size: number;
  keyRef: number;
}

/** sjson_encoder_get_table_size. */
function tableSize(L: LuaThread, t: LuaTable): number {
  let maxkey = 0;
  let key: LuaValue;
  for (let e = rawNext(L, t, undefined); e !== undefined; e = rawNext(L, t, key)) {
    key = e[0];
    if (typeof key !== "number") return -1;
    const val = toInt32(key);
    if (val > maxkey) maxkey = val;
    else if (val <= 0) return -1;
  }
  return maxkey;
}

const HEX = "0123456789abcdef";

/** encode_lua_object's string case. */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x0c) out += "\\f";
      else if (c === 0x0a) out += "\\n";
      else if (c === 0x09) out += "\\t";
      else if (c === 0x0d) out += "\\r";
      else if (c === 0x08) out += "\\b";
      else out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x22) out += '\\"';
    else out += s[i];
  }
  return `${out}"`;
}

/** ENC_DATA: one encoding in progress. */
export class SjsonEncoder {
  private readonly refs: Refs;
  private readonly stack: Level[] = [];
  private level = -1;
  private currentStrRef = LUA_NOREF;
  private nullRef = LUA_REFNIL;
  private offset = 0;

  constructor(fw: Firmware) {
    this.refs = new Refs(fw);
    for (let i = 0; i < ENCODER_DEPTH; i++)
      this.stack.push({ objectRef: LUA_NOREF, offset: 0, size: 0, keyRef: LUA_REFNIL });
  }

  /** The rest of sjson_encoder, after the userdata exists: the root level and opts.null. */
  init(L: LuaThread, root: LuaTable, opts: LuaValue): void {
    this.pushLevel(L, root);
    if (opts instanceof LuaTable) this.nullRef = this.refs.ref(index(L, opts, "null", -1));
  }

  /** enc_push_stack. */
  private pushLevel(L: LuaThread, t: LuaTable): void {
    if (++this.level >= ENCODER_DEPTH) error(L, "encoder stack overflow");
    const s = this.stack[this.level]!;
    s.objectRef = this.refs.ref(t);
    s.size = short(tableSize(L, t));
    s.offset = 0;
  }

  /** enc_pop_stack. */
  private popLevel(L: LuaThread): void {
    if (this.level < 0) error(L, "encoder stack underflow");
    const s = this.stack[this.level]!;
    this.refs.unref(s.objectRef);
    s.objectRef = LUA_NOREF;
    this.refs.unref(s.keyRef);
    s.keyRef = LUA_REFNIL;
    this.level--;
  }

  /** sjson_encoder_next_value_is_table: calls functions (at most 10 times) for their value. */
  private resolve(L: LuaThread, v: LuaValue): LuaValue {
    for (let count = 10; tagOf(v) === Tag.FUNCTION && count-- > 0; ) v = call1(L, v);
    return v;
  }

  /** encode_lua_object. */
  private encodeValue(L: LuaThread, v: LuaValue): string {
    let type = tagOf(v);
    if (type === Tag.STRING && this.nullRef !== LUA_REFNIL && this.refs.get(this.nullRef) === v)
      type = Tag.NIL;
    switch (type) {
      case Tag.LIGHTUSERDATA:
      case Tag.NIL:
        return "null";
      case Tag.BOOLEAN:
        return v ? "true" : "false";
      case Tag.NUMBER: {
        const s = c99FormatG(v as number, 19);
        return s === "-inf" || s === "nan" || s === "inf" ? "null" : s; // ECMA-262 24.5.2 note 4
      }
      case Tag.STRING:
        return quote(v as string);
      default:
        return error(L, `Cannot encode type ${type}`);
    }
  }

  /** sjson_encoder_make_next_chunk: the whole remaining text, as one string. */
  private makeNextChunk(L: LuaThread): void {
    if (this.level < 0) return;
    const refs = this.refs;
    const b: string[] = [];
    while (this.level >= 0) {
      const state = this.stack[this.level]!;
      const t = refs.get(state.objectRef) as LuaTable;
      let finished = false;
      if (state.size >= 0) {
        if (state.offset === 0) b.push("[");
        if (state.offset === state.size << 1) {
          b.push("]");
          finished = true;
        } else if ((state.offset & 1) === 0) {
          if (state.offset > 0) b.push(",");
        } else {
          const v = this.resolve(L, t.get((state.offset >> 1) + 1));
          if (v instanceof LuaTable) {
            this.pushLevel(L, v);
            state.offset = this.bump(state.offset);
            continue;
          }
          b.push(this.encodeValue(L, v));
        }
        state.offset = this.bump(state.offset);
      } else {
        const e = rawNext(L, t, refs.get(state.keyRef));
        if (e !== undefined) {
          if (state.offset & 1) {
            refs.unref(state.keyRef);
            state.keyRef = LUA_NOREF;
            state.keyRef = refs.ref(e[0]);
            const v = this.resolve(L, e[1]);
            if (v instanceof LuaTable) {
              this.pushLevel(L, v);
              state.offset = this.bump(state.offset);
              continue;
            }
            b.push(this.encodeValue(L, v));
          } else {
            // lua_tostring on a copy of the key: numbers become strings, other types stay
            const key = typeof e[0] === "number" ? toStr(e[0]) : e[0];
            b.push(state.offset ? "," : "{", this.encodeValue(L, key), ":");
          }
        } else {
          b.push("}");
          finished = true;
        }
        state.offset = this.bump(state.offset);
      }
      if (finished) this.popLevel(L);
    }
    const chunk = b.join("");
    chargeString(L, chunk);
    this.currentStrRef = refs.ref(chunk);
    this.offset = 0;
  }

  /**
   * state->offset++ on a short. Past 32767 it wraps negative and never meets 2 * size again (a
   * list longer than 16383): the device then grows its buffer until memory runs out.
   */
  private bump(offset: number): number {
    if (offset === 0x7fff) throw new LuaError(MEMERRMSG, "mem");
    return short(offset + 1);
  }

  /** sjson_encoder_read_int: up to `readsize` bytes, or undefined at the end. */
  read(L: LuaThread, readsize: number): string | undefined {
    const refs = this.refs;
    const out: string[] = [];
    do {
      if (this.currentStrRef !== LUA_NOREF) {
        const str = refs.get(this.currentStrRef) as string;
        const amnt = Math.min(str.length - this.offset, readsize);
        out.push(str.slice(this.offset, this.offset + amnt));
        this.offset += amnt;
        readsize -= amnt;
        if (this.offset === str.length) {
          refs.unref(this.currentStrRef);
          this.currentStrRef = LUA_NOREF;
        }
      }
      if (readsize > 0) this.makeNextChunk(L);
    } while (readsize > 0 && this.currentStrRef !== LUA_NOREF);
    const s = out.join("");
    if (s.length === 0) return undefined;
    chargeString(L, s);
    return s;
  }

  /** sjson_encoder_destructor (__gc). */
  destroy(): void {
    for (const s of this.stack) {
      this.refs.unref(s.objectRef);
      this.refs.unref(s.keyRef);
    }
    this.refs.unref(this.nullRef);
    this.refs.unref(this.currentStrRef);
  }
}
