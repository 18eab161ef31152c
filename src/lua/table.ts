// Lua tables, laid out and grown exactly as ltable.c of Lua 5.1.5 lays them out and grows them, so
// that `next`/`pairs` visit keys in the same order, `#t` finds the same border on tables with holes,
// and the memory charged for a table (array slots and hash nodes) is what a 32-bit Lua 5.1 holds at
// every moment.
//
// A table has an array part (`array`, integer keys 1..sizeArray) and a hash part of 2^lsizenode
// nodes: a chained scatter table with Brent's variation. Each node has a key, a value and the
// offset of the next node of its collision chain. An empty hash part is the shared, read-only dummy
// node (one node, costing nothing). Assigning nil to a key keeps its node (key present, value nil):
// traversals can go on from that key, and the node is reused if the key is set again. A collection
// turns such keys of collectable type into dead keys (`markDeadKeys`), which no lookup finds any
// more but from which `next` can still continue.

import { type LuaValue, nextObjectId, Tag } from "./value.js";

/** Objects that can be table keys by identity: their `id` is their "address" for hashing. */
export interface Identified {
  readonly id: number;
}

/** A table error that Lua raises with this exact message (the VM adds the position). */
export class LuaTableError extends Error {}

/** Largest array part: 2^MAXBITS slots (ltable.c, for a 32-bit int). */
export const MAXBITS = 26;
export const MAXASIZE = 1 << MAXBITS;

/** Sizes in a 32-bit Lua 5.1 (the ESP8266): Table header, array slot (TValue), hash node. */
export const TABLE_BYTES_32 = 32;
export const TVALUE_BYTES_32 = 12;
export const NODE_BYTES_32 = 28;
/** The same in a 64-bit Lua 5.1 (Debian's lua5.1 on x86_64). */
export const TABLE_BYTES_64 = 64;
export const TVALUE_BYTES_64 = 16;
export const NODE_BYTES_64 = 40;

/** A key whose entry was removed by a collection: found by `next` only. */
class DeadKey {
  constructor(readonly key: LuaValue) {}
}

/** What a node's key slot holds: nothing (free node), a key, or a dead key. */
type NodeKey = LuaValue | DeadKey;
/**
 * A node vector: per node its key, value, the offset of the next node of its chain (-1 for none)
 * and the raw hash of its key (see rawHash), as an int32.
 */
type NodeVector = (NodeKey | number)[];

/** Stride of one node in a node vector (1 << NODE_SHIFT slots). */
const NODE = 4;
const NODE_SHIFT = 2;
/** Offsets inside a node (the key is at 0). */
const VAL = 1;
const NEXT = 2;
const HASH = 3;

/** A node vector of n free nodes (all vectors are made here, so that they share one elements kind). */
function freeNodes(n: number): NodeVector {
  const len = n << NODE_SHIFT;
  const node: NodeVector = new Array(len);
  for (let i = 0; i < len; i += NODE) {
    node[i] = undefined;
    node[i + VAL] = undefined;
    node[i + NEXT] = -1;
    node[i + HASH] = 0;
  }
  return node;
}

/** The shared empty hash part (one free node; never written). */
const DUMMY: NodeVector = freeNodes(1);

// ---------------------------------------------------------------------------------------------
// Hashing

/** lstring.c's string hash (luaS_newlstr): seeded with the length, sampling at most ~32 bytes. */
export function luaStringHash(s: string): number {
  const l = s.length;
  let h = l | 0;
  const step = (l >>> 5) + 1;
  for (let l1 = l; l1 >= step; l1 -= step) h ^= (h << 5) + (h >>> 2) + (s.charCodeAt(l1 - 1) & 0xff);
  return h >>> 0;
}

/**
 * The Lua hash of a byte string, as an unsigned 32-bit number. It reads at most about 32 bytes
 * whatever the length, so it is computed each time; callers that use a key many times (constant
 * keys) may compute it once and pass it to getStr/setStr.
 */
export const stringHash: (s: string) => number = luaStringHash;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** hashnum's sum of the two 32-bit words of a double (not used for 0 and -0, which go to node 0). */
export function numberHash(n: number): number {
  f64[0] = n;
  return (u32[0]! + u32[1]!) >>> 0;
}

/** hashpointer's "address" of an object key. */
export function objectHash(o: Identified): number {
  return o.id >>> 0;
}

/**
 * The hash a key's main position derives from: the string hash, hashnum's word sum (0 for 0 and
 * -0, whose main position is node 0), 1 or 0 for booleans, the id of objects.
 */
function rawHash(key: NodeKey): number {
  switch (typeof key) {
    case "string":
      return stringHash(key);
    case "number":
      return key === 0 ? 0 : numberHash(key);
    case "boolean":
      return key ? 1 : 0;
    default:
      return (key as Identified).id >>> 0;
  }
}

/** ceil(log2(x)) for x >= 1 (ceillog2 of lobject.h). */
function ceillog2(x: number): number {
  return 32 - Math.clz32(x - 1);
}

/** luaO_fb2int: a "floating point byte" (eeeeexxx, as OP_NEWTABLE's B and C) as an int. */
export function fb2int(x: number): number {
  const e = (x >>> 3) & 31;
  return e === 0 ? x : ((x & 7) + 8) * 2 ** (e - 1);
}

/** Scratch for rehash: nums[i] = number of integer keys k with 2^(i-1) < k <= 2^i. */
const nums = new Int32Array(MAXBITS + 1);
/** Second result of computeSizes. */
let computedArraySize = 0;

/** computesizes: the array size that keeps more than half of its slots in use; returns keys moved there. */
function computeSizes(narray: number): number {
  let a = 0; // keys smaller than 2^i
  let na = 0; // keys that go to the array part
  let n = 0; // the array size chosen
  for (let i = 0, twotoi = 1; twotoi >>> 1 < narray; i++, twotoi *= 2) {
    const c = nums[i]!;
    if (c > 0) {
      a += c;
      if (a > twotoi >>> 1) {
        n = twotoi;
        na = a;
      }
    }
    if (a === narray) break;
  }
  computedArraySize = n;
  return na;
}

/** countint: counts an integer key in 1..MAXASIZE into nums; 1 if it counts, else 0. */
function countInt(key: NodeKey): number {
  if (typeof key === "number") {
    const k = key | 0;
    if (k === key && k > 0 && k <= MAXASIZE) {
      nums[ceillog2(k)]!++;
      return 1;
    }
  }
  return 0;
}

/** Told of every resize, before it happens, with the change in 32-bit bytes (see setResizeHook). */
let resizeHook: ((t: LuaTable, deltaBytes32: number) => void) | undefined;

/**
 * Sets the function told of every change of a table's sizes (rehash, resizeArray), before the
 * change, with what it adds to (or takes from) the 32-bit heap; it may throw (out of memory) to
 * leave the table as it was. Tables created by the constructor are not reported: their initial
 * cost is memoryBytes32() (or LuaTable.initialBytes32).
 */
export function setResizeHook(hook: ((t: LuaTable, deltaBytes32: number) => void) | undefined): void {
  resizeHook = hook;
}

/** Appends `n` undefined slots (keeps the array packed). */
function pushUndefined(a: unknown[], n: number): void {
  for (let i = 0; i < n; i++) a.push(undefined);
}

// ---------------------------------------------------------------------------------------------

export class LuaTable implements Identified {
  readonly tag = Tag.TABLE;
  readonly id: number = nextObjectId();
  metatable: LuaTable | undefined = undefined;
  /**
   * Metamethod absence cache of this table used as a metatable (ltm.h fasttm): bit e set means
   * the event's field is known to be absent. Every assignment through set/setStr clears it.
   */
  flags = 0xff;

  /** The array part: slot i holds key i+1; its length is always sizeArray. */
  array: LuaValue[] = [];
  /** Size of the array part. */
  sizeArray = 0;

  /** The hash part (DUMMY when empty): key, value and next-offset per node. */
  private node: NodeVector = DUMMY;
  /** log2 of the node count (0 for the dummy node). */
  private lsize = 0;
  /** Node count - 1, for power-of-2 main positions (strings, booleans). */
  private mask = 0;
  /** (node count - 1) | 1, for modular main positions (numbers, objects). */
  private nmod = 1;
  /** Free nodes are looked for below this node index (ltable.c `lastfree`). */
  private lastfree = 0;

  /** luaH_new: a table with `narray` array slots and room for `nhash` hash keys. */
  constructor(narray = 0, nhash = 0) {
    if (narray > 0) this.setArrayVector(narray);
    if (nhash > 0) this.setNodeVector(nhash);
  }

  /** log2 of the hash part's node count (ltable.c `lsizenode`; 0 for the dummy node). */
  get lsizenode(): number {
    return this.lsize;
  }

  /**
   * Number of hash nodes allocated: 2^lsizenode, or 0 when the hash part is the dummy node (which
   * 5.1 counts as one node of size 2^0, but allocates nothing for).
   */
  get sizeNode(): number {
    return this.node === DUMMY ? 0 : 1 << this.lsize;
  }

  /** What this table costs in a 32-bit Lua 5.1: header, array slots and hash nodes. */
  memoryBytes32(): number {
    return TABLE_BYTES_32 + TVALUE_BYTES_32 * this.sizeArray + NODE_BYTES_32 * this.sizeNode;
  }

  /** What this table costs in a 64-bit Lua 5.1. */
  memoryBytes64(): number {
    return TABLE_BYTES_64 + TVALUE_BYTES_64 * this.sizeArray + NODE_BYTES_64 * this.sizeNode;
  }

  /** The cost in a 32-bit Lua 5.1 of a table created as luaH_new(narray, nhash) would create it. */
  static initialBytes32(narray: number, nhash: number): number {
    return TABLE_BYTES_32 + TVALUE_BYTES_32 * narray + (nhash > 0 ? NODE_BYTES_32 * 2 ** ceillog2(nhash) : 0);
  }

  // -------------------------------------------------------------------------------------------
  // Lookup

  /** luaH_get: the value of `key` (undefined when absent). */
  get(key: LuaValue): LuaValue {
    switch (typeof key) {
      case "string":
        return this.getStr(key);
      case "number": {
        const k = key | 0;
        if (k === key) return this.getInt(k);
        const node = this.node;
        let i = (numberHash(key) % this.nmod) << NODE_SHIFT;
        do {
          if (node[i] === key) return node[i + VAL] as LuaValue;
          i = node[i + NEXT] as number;
        } while (i >= 0);
        return undefined;
      }
      case "undefined":
        return undefined;
      default: {
        const node = this.node;
        let i = this.position(key, rawHash(key));
        do {
          if (node[i] === key) return node[i + VAL] as LuaValue;
          i = node[i + NEXT] as number;
        } while (i >= 0);
        return undefined;
      }
    }
  }

  /** luaH_getnum: the value of integer key `k` (any integral number; -0 as 0). */
  getInt(k: number): LuaValue {
    if ((k - 1) >>> 0 < this.sizeArray) return this.array[k - 1];
    const node = this.node;
    let i = k === 0 ? 0 : (numberHash(k) % this.nmod) << NODE_SHIFT;
    do {
      if (node[i] === k) return node[i + VAL] as LuaValue;
      i = node[i + NEXT] as number;
    } while (i >= 0);
    return undefined;
  }

  /** luaH_getstr: the value of string key `s`, whose hash is `h` (stringHash(s)). */
  getStr(s: string, h: number = stringHash(s)): LuaValue {
    const node = this.node;
    let i = (h & this.mask) << NODE_SHIFT;
    do {
      if (node[i] === s) return node[i + VAL] as LuaValue;
      i = node[i + NEXT] as number;
    } while (i >= 0);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Assignment (luaH_set and friends, then the store). Assigning to an absent key, even nil,
  // inserts it, as in Lua 5.1; this may grow (rehash) the table.

  /** t[key] = value, raw. Throws LuaTableError for a nil or NaN key. */
  set(key: LuaValue, value: LuaValue): void {
    this.flags = 0;
    switch (typeof key) {
      case "string":
        this.setStr(key, value);
        return;
      case "number": {
        const k = key | 0;
        // the key is inserted as given (-0 stays -0, as 5.1 stores it)
        if (k === key) {
          if ((k - 1) >>> 0 < this.sizeArray) this.array[k - 1] = value;
          else this.setHashed(key, value, k === 0 ? 0 : numberHash(k));
          return;
        }
        if (Number.isNaN(key)) throw new LuaTableError("table index is NaN");
        this.setHashed(key, value, numberHash(key));
        return;
      }
      case "undefined":
        throw new LuaTableError("table index is nil");
      default:
        this.setHashed(key, value, rawHash(key));
    }
  }

  /** luaH_setnum + store: t[k] = value for an integral number k. */
  setInt(k: number, value: LuaValue): void {
    if ((k - 1) >>> 0 < this.sizeArray) this.array[k - 1] = value;
    else this.setHashed(k, value, k === 0 ? 0 : numberHash(k));
  }

  /** luaH_setstr + store: t[s] = value; `h` is stringHash(s). */
  setStr(s: string, value: LuaValue, h: number = stringHash(s)): void {
    this.flags = 0;
    const node = this.node;
    let i = (h & this.mask) << NODE_SHIFT;
    do {
      if (node[i] === s) {
        node[i + VAL] = value;
        return;
      }
      i = node[i + NEXT] as number;
    } while (i >= 0);
    this.newKey(s, value, h);
  }

  /**
   * luaH_set without the store: makes sure `key` has a slot (inserting it with a nil value when
   * absent), as luaV_settable does before it looks for __newindex.
   */
  touch(key: LuaValue): void {
    if (this.get(key) === undefined) this.set(key, undefined);
  }

  /** Stores into the hash part: into the node of `key` (raw hash h), or a new node. */
  private setHashed(key: LuaValue, value: LuaValue, h: number): void {
    const node = this.node;
    let i = this.position(key, h);
    do {
      if (node[i] === key) {
        node[i + VAL] = value;
        return;
      }
      i = node[i + NEXT] as number;
    } while (i >= 0);
    this.newKey(key, value, h);
  }

  /** Offset of the main position of a key whose raw hash is h (ltable.c mainposition). */
  private position(key: NodeKey, h: number): number {
    const t = typeof key;
    // strings and booleans: hashpow2; numbers and objects: hashmod
    return (t === "string" || t === "boolean" ? h & this.mask : (h >>> 0) % this.nmod) << NODE_SHIFT;
  }

  /** getfreepos: offset of a free node below lastfree, or -1. */
  private getFreePos(): number {
    const node = this.node;
    while (this.lastfree > 0) {
      this.lastfree--;
      if (node[this.lastfree << NODE_SHIFT] === undefined) return this.lastfree << NODE_SHIFT;
    }
    return -1;
  }

  /**
   * newkey + store: inserts an absent key (not nil, not NaN; raw hash h), growing the table when
   * there is no free node.
   */
  private newKey(key: LuaValue, value: LuaValue, h: number): void {
    const node = this.node;
    let mp = this.position(key, h);
    if (node[mp + VAL] !== undefined || node === DUMMY) {
      const n = this.getFreePos();
      if (n < 0) {
        this.rehash(key);
        this.set(key, value);
        return;
      }
      let other = this.position(node[mp] as NodeKey, node[mp + HASH] as number);
      if (other !== mp) {
        // the colliding node is out of its main position: move it to the free node
        while (node[other + NEXT] !== mp) other = node[other + NEXT] as number;
        node[other + NEXT] = n;
        node[n] = node[mp];
        node[n + VAL] = node[mp + VAL];
        node[n + NEXT] = node[mp + NEXT];
        node[n + HASH] = node[mp + HASH];
        node[mp + NEXT] = -1;
        node[mp + VAL] = undefined;
      } else {
        // the colliding node is in its main position: the new key goes to the free node
        node[n + NEXT] = node[mp + NEXT];
        node[mp + NEXT] = n;
        mp = n;
      }
    }
    node[mp] = key;
    node[mp + VAL] = value;
    node[mp + HASH] = h | 0;
  }

  // -------------------------------------------------------------------------------------------
  // Growth

  /** rehash: sizes both parts for the keys in use plus `extra`, then resizes. */
  private rehash(extra: LuaValue): void {
    nums.fill(0);
    let nasize = this.numUseArray();
    let totaluse = nasize;
    // keys in the hash part
    const node = this.node;
    for (let i = node.length - NODE; i >= 0; i -= NODE) {
      if (node[i + VAL] !== undefined) {
        nasize += countInt(node[i] as NodeKey);
        totaluse++;
      }
    }
    nasize += countInt(extra);
    totaluse++;
    const na = computeSizes(nasize);
    this.resize(computedArraySize, totaluse - na);
  }

  /** numusearray: counts the array part's non-nil slots into nums, slice by slice. */
  private numUseArray(): number {
    const array = this.array;
    const size = this.sizeArray;
    let ause = 0;
    let i = 1;
    for (let lg = 0, ttlg = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
      let lc = 0;
      let lim = ttlg;
      if (lim > size) {
        lim = size;
        if (i > lim) break;
      }
      for (; i <= lim; i++) if (array[i - 1] !== undefined) lc++;
      nums[lg]! += lc;
      ause += lc;
    }
    return ause;
  }

  private setArrayVector(size: number): void {
    if (size > MAXASIZE) throw new LuaTableError("not enough memory");
    pushUndefined(this.array, size - this.sizeArray);
    this.sizeArray = size;
  }

  private setNodeVector(size: number): void {
    if (size === 0) {
      this.node = DUMMY;
      this.lsize = 0;
      this.mask = 0;
      this.nmod = 1;
      this.lastfree = 0;
      return;
    }
    if (size > MAXASIZE) throw new LuaTableError("table overflow");
    const lsize = ceillog2(size);
    size = 1 << lsize;
    this.node = freeNodes(size);
    this.lsize = lsize;
    this.mask = size - 1;
    this.nmod = (size - 1) | 1;
    this.lastfree = size;
  }

  /** resize: new array and hash sizes; re-inserts what no longer fits and the old hash part. */
  private resize(nasize: number, nhsize: number): void {
    if (nasize > MAXASIZE) throw new LuaTableError("not enough memory");
    if (nhsize > MAXASIZE) throw new LuaTableError("table overflow");
    if (resizeHook !== undefined) {
      resizeHook(this, LuaTable.initialBytes32(nasize, nhsize) - this.memoryBytes32());
    }
    const oldasize = this.sizeArray;
    const old = this.node;
    if (nasize > oldasize) this.setArrayVector(nasize);
    this.setNodeVector(nhsize);
    if (nasize < oldasize) {
      const array = this.array;
      this.sizeArray = nasize;
      for (let i = nasize; i < oldasize; i++) {
        const v = array[i];
        if (v !== undefined) this.setInt(i + 1, v);
      }
      array.length = nasize;
    }
    // (luaH_set of a key known to be absent: straight to the array part or to newkey)
    for (let i = old.length - NODE; i >= 0; i -= NODE) {
      const v = old[i + VAL] as LuaValue;
      if (v === undefined) continue;
      const key = old[i] as LuaValue;
      if (typeof key === "number" && (key - 1) >>> 0 < this.sizeArray && (key | 0) === key)
        this.array[key - 1] = v;
      else this.newKey(key, v, old[i + HASH] as number);
    }
  }

  /** luaH_resizearray: a new array size (keeping the hash size), as OP_SETLIST pre-sizes. */
  resizeArray(nasize: number): void {
    this.resize(nasize, this.sizeNode);
  }

  // -------------------------------------------------------------------------------------------
  // Border

  /** luaH_getn: the length `#t`, a border found as 5.1 finds it. */
  length(): number {
    let j = this.sizeArray;
    const array = this.array;
    if (j > 0 && array[j - 1] === undefined) {
      let i = 0;
      while (j - i > 1) {
        const m = (i + j) >>> 1;
        if (array[m - 1] === undefined) j = m;
        else i = m;
      }
      return i;
    }
    if (this.node === DUMMY) return j;
    return this.unboundSearch(j);
  }

  private unboundSearch(j: number): number {
    let i = j;
    j++;
    while (this.getInt(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 0x7fffffff) {
        i = 1;
        while (this.getInt(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.getInt(m) === undefined) j = m;
      else i = m;
    }
    return i;
  }

  // -------------------------------------------------------------------------------------------
  // Traversal. Positions number the array slots 0..sizeArray-1, then the hash nodes.

  /** findindex: the position of `key` (-1 for nil, the start). Throws for a key not in the table. */
  findIndex(key: LuaValue): number {
    if (key === undefined) return -1;
    if (typeof key === "number") {
      const k = key | 0;
      if (k === key && k > 0 && k <= this.sizeArray) return k - 1;
    }
    const node = this.node;
    let i = this.position(key, rawHash(key));
    do {
      const nk = node[i];
      if (nk === key || (nk instanceof DeadKey && nk.key === key)) return (i >> NODE_SHIFT) + this.sizeArray;
      i = node[i + NEXT] as number;
    } while (i >= 0);
    throw new LuaTableError("invalid key to 'next'");
  }

  /** The first position after `p` holding a non-nil value, or -1. */
  nextIndex(p: number): number {
    const size = this.sizeArray;
    const array = this.array;
    for (p++; p < size; p++) if (array[p] !== undefined) return p;
    const node = this.node;
    for (let i = (p - size) << NODE_SHIFT; i < node.length; i += NODE) {
      if (node[i + VAL] !== undefined) return (i >> NODE_SHIFT) + size;
    }
    return -1;
  }

  /** The key at position p (undefined for a free node or a dead key). */
  keyAt(p: number): LuaValue {
    if (p < this.sizeArray) return p + 1;
    const k = this.node[(p - this.sizeArray) << NODE_SHIFT];
    return k instanceof DeadKey ? undefined : (k as LuaValue);
  }

  /** The value at position p. */
  valueAt(p: number): LuaValue {
    if (p < this.sizeArray) return this.array[p];
    return this.node[((p - this.sizeArray) << NODE_SHIFT) + VAL] as LuaValue;
  }

  /** Overwrites the value at position p (an existing slot: no insertion, no growth). */
  setValueAt(p: number, value: LuaValue): void {
    if (p < this.sizeArray) this.array[p] = value;
    else this.node[((p - this.sizeArray) << NODE_SHIFT) + VAL] = value;
  }

  /** Number of positions (array slots plus hash nodes, the dummy node counting as one). */
  get positions(): number {
    return this.sizeArray + (this.node.length >> NODE_SHIFT);
  }

  /** luaH_next: the entry after `key` (nil: the first), or undefined at the end. */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const p = this.nextIndex(this.findIndex(key));
    return p < 0 ? undefined : [this.keyAt(p), this.valueAt(p)];
  }

  /** luaH_next into a stack: writes the entry after `key` at dst[at], dst[at+1]; false at the end. */
  nextInto(key: LuaValue, dst: LuaValue[], at: number): boolean {
    const p = this.nextIndex(this.findIndex(key));
    if (p < 0) return false;
    if (p < this.sizeArray) {
      dst[at] = p + 1;
      dst[at + 1] = this.array[p];
    } else {
      const i = (p - this.sizeArray) << NODE_SHIFT;
      dst[at] = this.node[i] as LuaValue;
      dst[at + 1] = this.node[i + VAL] as LuaValue;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Collector support

  /**
   * What a collection does to an entry whose value is nil (lgc.c removeentry): a collectable key
   * (string, table, function, userdata, thread) becomes dead. Lookups no longer find it, so setting
   * the key again inserts it anew; `next` can still continue from it.
   */
  markDeadKeys(): void {
    const node = this.node;
    if (node === DUMMY) return;
    for (let i = 0; i < node.length; i += NODE) {
      const k = node[i];
      if (node[i + VAL] === undefined && k !== undefined) {
        const t = typeof k;
        if (t !== "number" && t !== "boolean" && !(k instanceof DeadKey))
          node[i] = new DeadKey(k as LuaValue);
      }
    }
  }

  /** Clears the entry at position p as a collection clears a weak entry (value nil, key dead). */
  removeAt(p: number): void {
    if (p < this.sizeArray) {
      this.array[p] = undefined;
      return;
    }
    const i = (p - this.sizeArray) << NODE_SHIFT;
    if (this.node === DUMMY) return;
    this.node[i + VAL] = undefined;
    const k = this.node[i];
    const t = typeof k;
    if (k !== undefined && t !== "number" && t !== "boolean" && !(k instanceof DeadKey)) {
      this.node[i] = new DeadKey(k as LuaValue);
    }
  }
}
