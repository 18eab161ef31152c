// gpio.serout (app/modules/gpio.c: lgpio_serout, seroutasync_cb, seroutasync_done): toggles a
// pin after each delay of a table. Without a 5th argument it busy-waits through the table;
// with one, a hardware timer steps through it and a LOW task calls the callback at the end.
// One serout state per boot, as the C's static `serout`: a second call takes it over.

import { BootReason, type Firmware, Priority, type TimerHandle } from "../firmware/module.js";
import type { Level } from "../hw/pins.js";
import { argError, optInt } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { str2number } from "../lua/str2number.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, typeName } from "../lua/value.js";
import { checkUnsigned, HIGH, LOW, NOREF, platformWrite } from "./gpio-platform.js";

/** DELAY_TABLE_MAX_LEN: the table must have fewer entries. */
const DELAY_TABLE_MAX_LEN = 256;

/**
 * Toggles a synchronous serout may make here. Past this the board would sit in the busy-wait
 * for seconds to hours (a repeat of 0 means 2^32 passes) and its watchdog would reset it.
 */
const SYNC_TOGGLE_LIMIT = 1 << 22;

interface Serout {
  pin: number;
  level: number;
  index: number;
  /** uint32, counting down: passes left after this one. */
  repeats: number;
  table: number[] | undefined;
  doneRef: number;
  timer: TimerHandle | undefined;
}

const states = new WeakMap<Firmware, Serout>();

function stateOf(fw: Firmware): Serout {
  let s = states.get(fw);
  if (s === undefined) {
    s = { pin: 0, level: 0, index: 0, repeats: 0, table: undefined, doneRef: NOREF, timer: undefined };
    states.set(fw, s);
  }
  return s;
}

const toNumber = (v: LuaValue): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;

/** luaN_freearray of the delay table. */
function freeTable(fw: Firmware, s: Serout): void {
  if (s.table === undefined) return;
  fw.free(s.table.length * 4);
  s.table = undefined;
}

/** GPIO_OUTPUT_SET on pin_num[pin]: GPIO16 is not on those registers, so pin 0 never moves. */
function toggleOut(fw: Firmware, s: Serout, at?: number): void {
  if (s.pin !== 0) platformWrite(fw, s.pin, s.level as Level, at);
  s.level = s.level === LOW ? HIGH : LOW;
}

/** seroutasync_cb: the hardware timer's interrupt (and the first step, called directly). */
function asyncStep(fw: Firmware, s: Serout): void {
  if (s.timer !== undefined) fw.cancel(s.timer);
  s.timer = undefined;
  const table = s.table;
  if (table !== undefined && s.index < table.length) {
    toggleOut(fw, s);
    s.timer = fw.setTimer(table[s.index]!, () => {
      s.timer = undefined;
      asyncStep(fw, s);
    });
    s.index++;
    if (s.repeats !== 0 && s.index >= table.length) {
      s.index = 0;
      s.repeats = (s.repeats - 1) >>> 0;
    }
  } else {
    fw.post(Priority.LOW, () => asyncDone(fw, s));
  }
}

/** seroutasync_done: frees the table, then calls (and forgets) the callback. */
function asyncDone(fw: Firmware, s: Serout): void {
  freeTable(fw, s);
  if (s.doneRef === NOREF) return;
  const fn = fw.getRef(s.doneRef);
  fw.unref(s.doneRef);
  s.doneRef = NOREF;
  fw.pcallx(fn, []);
}

/** Lua: serout(pin, start_level, delay_table[, repeat_num[, callback]]). */
export function serout(fw: Firmware, L: LuaThread): number {
  const s = stateOf(fw);
  s.pin = checkUnsigned(L, 1);
  s.level = checkUnsigned(L, 2);
  s.repeats = (optInt(L, 4, 1) - 1) >>> 0;
  if (s.doneRef !== NOREF) fw.unref(s.doneRef);
  const cb = L.arg(5);
  const isAsync = cb !== undefined;
  // A number asks for the async mode without a callback; anything else is kept to be called.
  s.doneRef = cb === undefined || toNumber(cb) !== undefined ? NOREF : fw.ref(cb);
  freeTable(fw, s);

  if (!(s.pin < 13)) argError(L, 1, "Invalid pin");
  if (s.level !== HIGH && s.level !== LOW) argError(L, 2, "Wrong level type");
  const t = L.arg(3);
  if (!(t instanceof LuaTable) || t.length() >= DELAY_TABLE_MAX_LEN) argError(L, 3, "Invalid delay_times");

  const len = t.length();
  fw.malloc(L, len * 4);
  const table: number[] = [];
  s.table = table;
  for (let i = 0; i < len; i++) {
    const v = t.getInt(i + 1);
    const n = toNumber(v);
    // luaL_checkinteger(L, -1) on the element: the error names argument #-1.
    if (n === undefined) argError(L, -1, `number expected, got ${typeName(v)}`);
    table.push((Math.trunc(n) | 0) >>> 0);
  }

  if (isAsync) {
    s.index = 0;
    asyncStep(fw, s);
    return 0;
  }
  const passes = s.repeats + 1;
  if (len * passes > SYNC_TOGGLE_LIMIT) {
    // The board hangs here until the watchdog resets it; this Lua task is let finish instead.
    freeTable(fw, s);
    fw.restart(BootReason.SOFT_WDT);
    return 0;
  }
  let at = fw.now();
  do {
    for (s.index = 0; s.index < len; s.index++) {
      toggleOut(fw, s, at);
      at += table[s.index]!;
    }
  } while (s.repeats-- !== 0);
  s.repeats >>>= 0;
  freeTable(fw, s);
  return 0;
}
