// The timer objects of the tmr module (app/modules/tmr.c: tmr_t, alarm_timer_common, the
// tmr_dyn method table registered as "tmr.timer"). The mode byte is kept exactly as tmr.c keeps
// it, idle flag included, so that odd sequences (stop() on a timer never registered, start(true)
// on an unregistered one) answer as the board does.

import type { Firmware } from "../firmware/module.js";
import { newUserdata } from "../lua/gc.js";
import { argError, typeError } from "../lua/lib/aux.js";
import { light, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import type { LuaTable } from "../lua/table.js";
import { LuaUserdata, type LuaValue, Tag, tagOf } from "../lua/value.js";
import { checkInt32 } from "./int32.js";
import { OsTimer } from "./os-timer.js";

export const MODE_SINGLE = 0;
export const MODE_AUTO = 1;
export const MODE_SEMI = 2;
const MODE_OFF = 3;
const IDLE_FLAG = 0x80;

/** The luaL_checkudata name of timer objects. */
export const TIMER_TYPE = "tmr.timer";

/** MAX_TIMEOUT_DEF, the SDK's limit for os_timer_arm in ms; the message stringifies the macro. */
const MAX_TIMEOUT = 0x68d7a3;
const MAX_TIMEOUT_ERR = "Range: 1-0x68D7A3";

/** lauxlib's LUA_NOREF. */
const NOREF = -2;

/**
 * sizeof(tmr_t): os_timer_t (next, expire, period, func, arg: 20 bytes), lua_ref, self_ref,
 * interval (4 each) and the mode byte, padded to 36.
 */
export const SIZEOF_TMR = 36;

/** The C side of one timer object (tmr_t). */
export class Timer {
  readonly os: OsTimer;
  luaRef = NOREF;
  selfRef = NOREF;
  interval = 0;
  mode = MODE_OFF;

  constructor(readonly fw: Firmware) {
    this.os = new OsTimer(fw);
  }

  /** Armed: neither idle nor unregistered (tmr.c's disarm condition). */
  get running(): boolean {
    return (this.mode & IDLE_FLAG) === 0 && this.mode !== MODE_OFF;
  }

  /** luaL_unref2 of the callback or self slot. */
  unrefCallback(): void {
    if (this.luaRef > 0) this.fw.unref(this.luaRef);
    this.luaRef = NOREF;
  }

  unrefSelf(): void {
    if (this.selfRef > 0) this.fw.unref(this.selfRef);
    this.selfRef = NOREF;
  }

  /**
   * alarm_timer_common: fetches the callback and the object, drops what a SINGLE (both refs) or
   * SEMI (the self ref; it goes idle) timer no longer holds, then calls fn(timer) through
   * luaL_pcallx. An unregistered timer that still expires calls nothing.
   */
  expire(): void {
    if (this.luaRef <= 0) return;
    const fn = this.fw.getRef(this.luaRef);
    const self = this.selfRef > 0 ? this.fw.getRef(this.selfRef) : undefined;
    if (this.mode === MODE_SINGLE) {
      this.unrefCallback();
      this.unrefSelf();
      this.mode = MODE_OFF;
    } else if (this.mode === MODE_SEMI) {
      this.mode |= IDLE_FLAG;
      this.unrefSelf();
    }
    this.fw.pcallx(fn, [self]);
  }
}

/** luaL_checkudata(L, 1, "tmr.timer"). */
function checkTimer(L: LuaThread): Timer {
  const v = L.arg(1);
  if (v instanceof LuaUserdata && v.metatable !== undefined && v.metatable === L.G.registry.get(TIMER_TYPE)) {
    return v.data as Timer;
  }
  return typeError(L, 1, TIMER_TYPE);
}

/** The interval argument: luaL_checkinteger into a uint32_t, then tmr.c's range check. */
function checkInterval(L: LuaThread): number {
  const ms = checkInt32(L, 2) >>> 0;
  if (!(ms > 0 && ms <= MAX_TIMEOUT)) argError(L, 2, MAX_TIMEOUT_ERR);
  return ms;
}

const isFunction = (v: LuaValue): boolean => tagOf(v) === Tag.FUNCTION;

/** tmr_register; also the first half of alarm. */
function registerTimer(L: LuaThread): Timer {
  const t = checkTimer(L);
  const ms = checkInt32(L, 2) >>> 0;
  const mode = checkInt32(L, 3) & 0xff; // a uint8_t
  if (!(ms > 0 && ms <= MAX_TIMEOUT)) argError(L, 2, MAX_TIMEOUT_ERR);
  if (mode !== MODE_SINGLE && mode !== MODE_SEMI && mode !== MODE_AUTO) argError(L, 3, "Invalid mode");
  const fn = L.arg(4);
  if (!isFunction(fn)) argError(L, 4, "Must be function");
  if (t.running) t.os.disarm();
  // luaL_reref: the callback slot is replaced
  t.unrefCallback();
  t.luaRef = t.fw.ref(fn);
  t.mode = mode | IDLE_FLAG;
  t.interval = ms;
  t.os.setfn(() => t.expire());
  return t;
}

/** tmr_start after its argument checks: false when running and not to be restarted. */
function startTimer(L: LuaThread, t: Timer, restart: boolean): boolean {
  // the object holds itself while it may fire, so an unreferenced running timer lives on
  if (t.selfRef === NOREF) t.selfRef = t.fw.ref(L.arg(1));
  const idle = (t.mode & IDLE_FLAG) !== 0;
  if (!(idle || restart)) return false;
  if (!idle) t.os.disarm();
  t.mode &= ~IDLE_FLAG;
  t.os.arm(t.interval, t.mode === MODE_AUTO);
  return true;
}

const register = (L: LuaThread): number => {
  registerTimer(L);
  return 0;
};

const alarm = (L: LuaThread): number => {
  const t = registerTimer(L);
  L.push(startTimer(L, t, false));
  return 1;
};

const start = (L: LuaThread): number => {
  const t = checkTimer(L);
  const restart = L.arg(2);
  if (!(typeof restart === "boolean" || restart === undefined)) argError(L, 2, "boolean expected");
  L.push(startTimer(L, t, restart === true));
  return 1;
};

const stop = (L: LuaThread): number => {
  const t = checkTimer(L);
  const idle = t.mode === MODE_OFF || (t.mode & IDLE_FLAG) !== 0;
  t.unrefSelf();
  if (!idle) t.os.disarm();
  // an unregistered timer becomes "OFF | idle", which state() then reports as (false, 3)
  t.mode |= IDLE_FLAG;
  L.push(!idle);
  return 1;
};

/** tmr_unregister, also the __gc metamethod. */
const unregister = (L: LuaThread): number => {
  const t = checkTimer(L);
  t.unrefSelf();
  t.unrefCallback();
  if (t.running) t.os.disarm();
  t.mode = MODE_OFF;
  return 0;
};

const interval = (L: LuaThread): number => {
  const t = checkTimer(L);
  const ms = checkInterval(L);
  if (t.mode !== MODE_OFF) {
    t.interval = ms;
    if ((t.mode & IDLE_FLAG) === 0) t.os.arm(t.interval, t.mode === MODE_AUTO);
  }
  return 0;
};

const state = (L: LuaThread): number => {
  const t = checkTimer(L);
  if (t.mode === MODE_OFF) {
    L.push(undefined);
    return 1;
  }
  L.push((t.mode & IDLE_FLAG) === 0);
  L.push(t.mode & ~IDLE_FLAG);
  return 2;
};

/**
 * The tmr_dyn ROTable in its declaration order. Its __index is the table itself
 * (LROT_TABENTRY(__index, tmr_dyn)); a ROM table is sealed once built, so the entry is declared
 * with a placeholder and its slot then pointed at the table.
 */
function timerMetatable(): RomTable {
  const mt = new RomTable([
    ["__gc", light("__gc", unregister)],
    ["__index", true],
    ["register", light("register", register)],
    ["alarm", light("alarm", alarm)],
    ["start", light("start", start)],
    ["stop", light("stop", stop)],
    ["unregister", light("unregister", unregister)],
    ["state", light("state", state)],
    ["interval", light("interval", interval)],
  ]);
  mt.setValueAt(mt.findIndex("__index"), mt);
  return mt;
}

/** The method table: in flash, so one for every board. */
export const TIMER_METATABLE = timerMetatable();

/** tmr_create: a userdata of sizeof(tmr_t) with the registered metatable, unregistered. */
export function createTimer(L: LuaThread, fw: Firmware): LuaUserdata {
  const ud = newUserdata(L, SIZEOF_TMR, new Timer(fw));
  ud.metatable = L.G.registry.get(TIMER_TYPE) as LuaTable | undefined;
  return ud;
}
