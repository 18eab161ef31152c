// The SNTP client state machine of app/modules/sntp.c: one sync at a time (sntp_state_t), the
// server table filled by DNS lookups one name at a time (sntp_dolookups, sntp_dns_found), the
// request rounds (sntp_dosend: each server in turn, a 1 s timer per request, at most
// MAX_ATTEMPTS rounds and 8 requests in all), reply checks and the best-server choice
// (on_recv, record_result), the result (sntp_handle_result: rtctime set or its rate trimmed,
// the callback's info table), the autorepeat timer (set_repeat_mode, on_long_timeout) and the
// leap-second offset (update_offset). Everything here lives for one boot, as the C statics do.

import { ERR_ARG, ERR_INPROGRESS, ERR_MEM, lwipOf, type UdpPcb } from "../firmware/lwip.js";
import { type Firmware, Priority, type TimerHandle } from "../firmware/module.js";
import { chargeTable } from "../lua/gc.js";
import { argError, toStr } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { type LuaValue, typeName } from "../lua/value.js";
import type { RtcClock } from "./rtctime-clock.js";
import {
  frac16ToUs,
  NTP_TO_UNIX_EPOCH,
  type NtpStamp,
  ntpRequest,
  offsetAndDelay,
  parseReply,
  usToFrac,
  xmitAsDelta,
} from "./sntp-ntp.js";

export const NTP_PORT = 123;
/** NTP_ANYCAST_ADDR: a reply to a request sent there may come from any address. */
const ANYCAST = "224.0.1.1";
const MAX_ATTEMPTS = 5;
/** os_timer_arm(&state->timer, 1000, 0) after each request. */
const REQUEST_TIMEOUT_US = 1_000_000;
/** os_timer_arm(&repeat->timer, 1000 * 1000, 1): autorepeat every 1000 s. */
const REPEAT_PERIOD_US = 1000 * 1000 * 1000;
/** sizeof(sntp_state_t) and sizeof(sntp_repeat_t) on the ESP8266, about. */
const STATE_BYTES = 112;
const REPEAT_BYTES = 28;
const PLL_A = 2 ** (32 - 11);
const PLL_B = 2 ** (32 - 11 - 2);
const MICROSECONDS = 1000000n;

export const NTP_DNS_ERR = 1;
export const NTP_MEM_ERR = 2;
export const NTP_SEND_ERR = 3;
export const NTP_TIMEOUT_ERR = 4;

const i32 = (n: number | bigint): number => Number(BigInt.asIntN(32, BigInt(n)));

interface Best {
  delayFrac: number;
  rootMaxerr: number;
  rootDelay: number;
  rootDispersion: number;
  serverPos: number;
  li: number;
  stratum: number;
  /** uint32_t. */
  delay: number;
  when: number;
  delta: bigint;
  server: string;
}

/** sntp_state_t. */
interface State {
  pcb: UdpPcb;
  cookie: string;
  timer: TimerHandle | undefined;
  syncRef: number | undefined;
  errRef: number | undefined;
  listRef: number | undefined;
  attempts: number;
  lookupPos: number;
  isOnTimeout: boolean;
  kodbits: number;
  serverPos: number;
  lastServerPos: number;
  best: Best;
}

/** sntp_repeat_t. */
interface Repeat {
  syncRef: number | undefined;
  errRef: number | undefined;
  listRef: number | undefined;
  timer: TimerHandle | undefined;
}

export class SntpClient {
  private state: State | undefined = undefined;
  private repeat: Repeat | undefined = undefined;
  /** serverp: the looked-up addresses ("0.0.0.0" once a server sent two KoD packets). */
  private readonly servers: string[] = [];
  serverCount = 0;
  private usingOffset = false;
  /** the_offset is a uint8_t. */
  theOffset = 0;
  private pendingLI = 0;
  private nextMidnight = 0;
  private pllIncrement = 0;

  constructor(
    private readonly fw: Firmware,
    /** rtctime's clock when rtctime is in the build (LUA_USE_MODULES_RTCTIME). */
    readonly rtc: RtcClock | undefined,
  ) {}

  get busy(): boolean {
    return this.state !== undefined;
  }

  /** system_get_time(): microseconds since boot, a uint32_t. */
  private systemTime(): number {
    return Math.floor(this.fw.now()) % 2 ** 32;
  }

  /** rtctime_gettimeofday, or the time since boot while the clock reads 0 (get_zero_base_timeofday). */
  private timeofday(rtc: RtcClock): [number, number] {
    const [sec, usec] = rtc.gettimeofday(this.fw.now());
    if (sec !== 0) return [sec, usec];
    const now = this.systemTime();
    return [Math.floor(now / 1e6), now % 1e6];
  }

  private ref(v: LuaValue): number | undefined {
    return v === undefined ? undefined : this.fw.ref(v);
  }

  private unref(r: number | undefined): void {
    if (r !== undefined) this.fw.unref(r);
  }

  private get(r: number | undefined): LuaValue {
    return r === undefined ? undefined : this.fw.getRef(r);
  }

  /** state_init: an error message, or undefined with the state in place. */
  init(L: LuaThread): string | undefined {
    try {
      this.fw.malloc(L, STATE_BYTES);
    } catch {
      return "out of memory";
    }
    let pcb: UdpPcb;
    try {
      pcb = lwipOf(this.fw).udpNew(L, (data, _port, ip) => this.onRecv(pcb, Buffer.from(data, "latin1"), ip));
    } catch {
      this.fw.free(STATE_BYTES);
      return "out of memory";
    }
    this.state = {
      pcb,
      cookie: "",
      timer: undefined,
      syncRef: undefined,
      errRef: undefined,
      listRef: undefined,
      attempts: 0,
      lookupPos: 0,
      isOnTimeout: false,
      kodbits: 0,
      serverPos: -1,
      lastServerPos: -1,
      best: {
        delayFrac: 0,
        rootMaxerr: 0,
        rootDelay: 0,
        rootDispersion: 0,
        serverPos: 0,
        li: 0,
        stratum: 0,
        delay: 0,
        when: 0,
        delta: 0n,
        server: "0.0.0.0",
      },
    };
    if (pcb.bind(0, "0.0.0.0") !== 0) return "no port available";
    return undefined;
  }

  /** sntp_sync's error path: the state goes (its pcb removed) before luaL_error. */
  abandon(): void {
    const s = this.state;
    if (s === undefined) return;
    s.pcb.remove();
    this.fw.free(STATE_BYTES);
    this.state = undefined;
  }

  /** The callbacks and the server list of a new sync (luaL_ref of each; nil stays unset). */
  configure(syncCb: LuaValue, errCb: LuaValue, list: LuaValue, isOnTimeout = false): void {
    const s = this.state;
    if (s === undefined) return;
    s.syncRef = this.ref(syncCb);
    s.errRef = this.ref(errCb);
    this.unref(s.listRef);
    s.listRef = this.ref(list);
    s.isOnTimeout = isOnTimeout;
    if (this.rtc !== undefined && !isOnTimeout) this.pllIncrement = this.rtc.rate();
  }

  private cleanup(): void {
    const s = this.state;
    if (s === undefined) return;
    if (s.timer !== undefined) this.fw.cancel(s.timer);
    s.pcb.remove();
    this.unref(s.syncRef);
    this.unref(s.errRef);
    this.unref(s.listRef);
    this.fw.free(STATE_BYTES);
    this.state = undefined;
  }

  /** handle_error: the error callback (protected) gets the code and the message or nil. */
  private handleError(err: number, msg: string | undefined): void {
    const s = this.state;
    if (s === undefined) return;
    if (s.errRef !== undefined) {
      const fn = this.get(s.errRef);
      this.cleanup();
      this.fw.pcallx(fn, [err, msg]);
    } else {
      this.cleanup();
    }
  }

  /**
   * sntp_dolookups: each name of the list in turn; an IP literal is an address at once, a
   * name waits for its DNS answer (sntp_dns_found posts the next step). At the end, the
   * requests start, or error 1 names the first entry when nothing resolved.
   */
  dolookups(L: LuaThread): void {
    const s = this.state;
    if (s === undefined) return;
    if (s.listRef === undefined) {
      this.dosend();
      return;
    }
    const list = this.get(s.listRef);
    // lua_objlen and lua_rawgeti on the list: anything but a table counts as empty here
    const entry = (i: number): LuaValue => (list instanceof LuaTable ? list.getInt(i) : undefined);
    const length = list instanceof LuaTable ? list.length() : 0;
    for (;;) {
      if (length <= s.lookupPos) {
        if (this.serverCount === 0) this.handleError(NTP_DNS_ERR, checkName(L, entry(1)));
        else this.dosend();
        return;
      }
      s.lookupPos++;
      const hostname = checkName(L, entry(s.lookupPos));
      if (hostname.length > 128) {
        this.handleError(NTP_DNS_ERR, hostname);
        return;
      }
      const slot = this.serverCount;
      const r = lwipOf(this.fw).gethostbyname(hostname, (ip) => this.dnsFound(ip));
      if (r.err === ERR_INPROGRESS) return;
      if (r.err === ERR_ARG) {
        this.handleError(NTP_DNS_ERR, hostname);
        return;
      }
      this.servers[slot] = r.ip ?? "0.0.0.0";
      this.serverCount++;
    }
  }

  /** sntp_dns_found: a resolved name joins the table; the next lookup runs as a LOW task. */
  private dnsFound(ip: string | undefined): void {
    if (this.state === undefined) return;
    if (ip !== undefined) this.servers[this.serverCount++] = ip;
    this.fw.post(Priority.LOW, () => this.inTask(() => this.dolookups(this.fw.L)));
  }

  /**
   * sntp_task runs outside any protected call: a Lua error there (a bad list entry) is the
   * unprotected-error PANIC.
   */
  private inTask(run: () => void): void {
    try {
      run();
    } catch (e) {
      this.fw.callUnprotected(
        light("sntp_task", () => {
          throw e;
        }),
        [],
      );
    }
  }

  /** sntp_dosend: the next server (or round) gets a request; done rounds post the result. */
  private dosend(): void {
    const s = this.state;
    if (s === undefined) return;
    do {
      if (s.serverPos < 0) {
        if (s.timer !== undefined) this.fw.cancel(s.timer);
        s.timer = undefined;
        s.serverPos = 0;
      } else {
        ++s.serverPos;
      }
      if (s.serverPos >= this.serverCount) {
        s.serverPos = 0;
        ++s.attempts;
      }
      if (s.attempts >= MAX_ATTEMPTS || s.attempts * this.serverCount >= 8) {
        this.fw.post(Priority.HIGH, () => this.handleResult());
        return;
      }
    } while (this.addrAt(s.serverPos) === "0.0.0.0" || s.kodbits & (1 << s.serverPos));

    let xmit: NtpStamp;
    if (this.rtc !== undefined) {
      const [sec, usec] = this.timeofday(this.rtc);
      xmit = { sec: (sec - this.theOffset + NTP_TO_UNIX_EPOCH) >>> 0, frac: usToFrac(usec) };
    } else {
      xmit = { sec: 0, frac: this.systemTime() };
    }
    const req = ntpRequest(xmit);
    s.cookie = req.subarray(40, 48).toString("latin1");
    const err = s.pcb.sendto(req.toString("latin1"), NTP_PORT, this.addrAt(s.serverPos));
    if (err === ERR_MEM) {
      // pbuf_alloc failed: error 2 from a LOW task, no timer
      this.fw.post(Priority.LOW, () => this.handleError(NTP_MEM_ERR, undefined));
      return;
    }
    // other send errors are ignored: the timeout handles them
    if (s.timer !== undefined) this.fw.cancel(s.timer);
    s.timer = this.fw.setTimer(REQUEST_TIMEOUT_US, () => {
      s.timer = undefined;
      this.dosend();
    });
  }

  private addrAt(pos: number): string {
    return this.servers[pos] ?? "0.0.0.0";
  }

  /** on_recv: checks the reply is ours and usable, records it, and moves to the next request. */
  private onRecv(pcb: UdpPcb, data: Buffer, from: string): void {
    const tv = this.rtc !== undefined ? this.timeofday(this.rtc) : undefined;
    const s = this.state;
    if (s === undefined || s.pcb !== pcb) {
      pcb.remove();
      return;
    }
    const ntp = parseReply(data);
    if (ntp === undefined) return;
    const server = this.addrAt(s.serverPos);
    if (server !== ANYCAST && server !== from) return; // unknown sender
    if (ntp.originRaw !== s.cookie) return; // unsolicited
    if (ntp.li === 3) {
      if (ntp.refid === "DENY") {
        // a Kiss-o'-Death: the second one from a server removes it from the table
        if (s.kodbits & (1 << s.serverPos)) this.servers[s.serverPos] = "0.0.0.0";
        else s.kodbits |= 1 << s.serverPos;
      }
      return;
    }
    s.kodbits &= ~(1 << s.serverPos);
    if (s.timer !== undefined) this.fw.cancel(s.timer);
    s.timer = undefined;
    if (ntp.li) this.pendingLI = ntp.li;
    this.updateOffset();

    const rootMaxerr = (ntp.rootDispersion + Math.floor(ntp.rootDelay / 2)) >>> 0;
    // sntp.c passes this flag where record_result expects the server's position
    const sameAsLast = s.serverPos === s.lastServerPos ? 1 : 0;
    if (tv !== undefined) {
      const dest = { sec: (tv[0] + NTP_TO_UNIX_EPOCH - this.theOffset) >>> 0, frac: usToFrac(tv[1]) };
      const { delta, delayFrac } = offsetAndDelay(ntp.origin, ntp.recv, ntp.xmit, dest);
      this.record(sameAsLast, from, delta, ntp.stratum, ntp.li, delayFrac, rootMaxerr, ntp);
    } else {
      const rtt = BigInt(i32(this.systemTime() - ntp.origin.frac));
      const delayFrac = Number(BigInt.asUintN(32, (rtt << 16n) / MICROSECONDS));
      this.record(sameAsLast, from, xmitAsDelta(ntp.xmit), ntp.stratum, ntp.li, delayFrac, rootMaxerr, ntp);
    }
    this.dosend();
  }

  /** record_result: the server with the smallest root_delay*2 + delay wins (25% bonus to the last). */
  private record(
    serverPos: number,
    addr: string,
    delta: bigint,
    stratum: number,
    li: number,
    delayFrac: number,
    rootMaxerr: number,
    ntp: { rootDelay: number; rootDispersion: number },
  ): void {
    const s = this.state;
    if (s === undefined) return;
    let delay = (ntp.rootDelay * 2 + delayFrac) | 0;
    if (s.lastServerPos === serverPos) delay -= delay >> 2;
    // int delay against uint32_t best.delay: the comparison is unsigned
    if (!s.best.stratum || delay >>> 0 < s.best.delay) {
      s.best = {
        server: addr,
        serverPos,
        delay: delay >>> 0,
        delayFrac,
        rootMaxerr,
        rootDispersion: ntp.rootDispersion,
        rootDelay: ntp.rootDelay,
        delta,
        stratum,
        li,
        when: this.systemTime(),
      };
    }
  }

  /** sntp_handle_result: error 4 when no server answered, else the clock and the callback. */
  private handleResult(): void {
    const s = this.state;
    if (s === undefined) return;
    const best = s.best;
    if (best.stratum === 0) {
      this.serverCount = 0; // look the names up again next time
      this.handleError(NTP_TIMEOUT_ERR, undefined);
      return;
    }
    const haveCb = s.syncRef !== undefined;
    s.lastServerPos = best.serverPos;
    const L = this.fw.L;
    let sec: number;
    let usec: number;
    const info = new LuaTable();
    if (this.rtc !== undefined) {
      [sec, usec] = this.timeofday(this.rtc);
      sec = (sec + i32(best.delta >> 32n)) >>> 0;
      usec += i32((MICROSECONDS * (best.delta & 0xffffffffn)) >> 32n);
      while (usec >= 1000000) {
        usec -= 1000000;
        sec = (sec + 1) >>> 0;
      }
      const t = this.fw.now();
      const small = 200000n << 32n;
      if (s.isOnTimeout && best.delta > -small / MICROSECONDS && best.delta < small / MICROSECONDS) {
        // close enough on an autorepeat: trim the clock's rate instead of stepping it
        const f = i32(((best.delta * BigInt(PLL_A)) >> 32n) + BigInt(this.pllIncrement));
        this.pllIncrement = i32(BigInt(this.pllIncrement) + ((best.delta * BigInt(PLL_B)) >> 32n));
        this.rtc.setRate(t, f);
      } else {
        this.rtc.setTime(t, sec, usec);
      }
      const d40 = i32(best.delta >> 40n);
      if (d40 !== 0 && d40 !== -1) info.set("offset_s", i32(best.delta >> 32n));
      else info.set("offset_us", i32((best.delta * MICROSECONDS) >> 32n));
    } else {
      const adjustUs = i32(this.systemTime() - best.when);
      sec = i32(best.delta >> 32n);
      usec = i32(((best.delta & 0xffffffffn) * MICROSECONDS) >> 32n) + adjustUs;
      while (usec >= 1000000) {
        usec -= 1000000;
        sec++;
      }
    }
    if (best.delayFrac > 0) info.set("delay_us", i32(frac16ToUs(best.delayFrac)));
    info.set("root_delay_us", i32(frac16ToUs(best.rootDelay)));
    info.set("root_dispersion_us", i32(frac16ToUs(best.rootDispersion)));
    info.set("root_maxerr_us", i32(frac16ToUs((best.rootMaxerr + Math.floor(best.delayFrac / 2)) >>> 0)));
    info.set("stratum", best.stratum);
    info.set("leap", best.li);
    info.set("pending_leap", this.pendingLI);
    const fn = this.get(s.syncRef);
    this.cleanup();
    if (haveCb) {
      chargeTable(L, info);
      this.fw.pcallx(fn, [sec | 0, usec | 0, best.server, info]);
    }
  }

  /** set_repeat_mode: drops the repeat; with `enable`, copies this sync's refs into a new one. */
  setRepeat(L: LuaThread, enable: boolean): string | undefined {
    const r = this.repeat;
    if (r !== undefined) {
      if (r.timer !== undefined) this.fw.cancel(r.timer);
      this.unref(r.syncRef);
      this.unref(r.errRef);
      this.unref(r.listRef);
      this.fw.free(REPEAT_BYTES);
      this.repeat = undefined;
    }
    if (!enable) return undefined;
    try {
      this.fw.malloc(L, REPEAT_BYTES);
    } catch {
      return "no memory";
    }
    const s = this.state;
    const rep: Repeat = {
      syncRef: this.ref(this.get(s?.syncRef)),
      errRef: this.ref(this.get(s?.errRef)),
      listRef: this.ref(this.get(s?.listRef)),
      timer: undefined,
    };
    this.repeat = rep;
    const arm = () => {
      rep.timer = this.fw.setTimer(REPEAT_PERIOD_US, () => {
        if (this.repeat !== rep) return;
        arm();
        this.onLongTimeout(rep);
      });
    };
    arm();
    return undefined;
  }

  /** on_long_timeout: a new sync with the saved callbacks, unless one is running. */
  private onLongTimeout(rep: Repeat): void {
    if (this.state !== undefined) return;
    const L = this.fw.L;
    if (this.init(L) !== undefined) return;
    const list = this.serverCount === 0 ? this.get(rep.listRef) : undefined;
    this.configure(this.get(rep.syncRef), this.get(rep.errRef), list, true);
    this.inTask(() => this.dolookups(L));
  }

  /** sntp.setoffset: starts leap-second tracking from the next UTC midnight. */
  setOffset(offset: number): void {
    this.theOffset = offset & 0xff;
    if (this.rtc !== undefined) {
      const [sec] = this.rtc.gettimeofday(this.fw.now());
      if (sec) this.nextMidnight = this.midnightAfter(sec);
    }
    this.usingOffset = true;
  }

  private midnightAfter(now: number): number {
    const n = now | 0;
    return (n + 86400 - this.theOffset - ((n - this.theOffset) % 86400)) | 0;
  }

  /** update_offset: at the first UTC midnight of a month, a pending leap second moves the offset. */
  updateOffset(): void {
    if (this.rtc === undefined || !this.pendingLI || !this.usingOffset) return;
    const [sec] = this.rtc.gettimeofday(this.fw.now());
    const now = (sec | 0) - this.theOffset;
    if (this.nextMidnight < 100000) {
      this.nextMidnight = this.midnightAfter(sec);
    } else if (now >= this.nextMidnight) {
      this.nextMidnight = this.midnightAfter(sec);
      // days since 1 March of year 0, then the civil-from-days steps of sntp.c
      let day = Math.trunc(now / 86400) + 1970 * 365 + Math.trunc(1970 / 4) - 19 + 4 - 31 - 28;
      const century = Math.trunc((4 * day + 3) / 146097);
      day = day - Math.trunc((century * 146097) / 4);
      const year = Math.trunc((4 * day + 3) / 1461);
      day = day - Math.trunc((year * 1461) / 4);
      const month = Math.trunc((5 * day + 2) / 153);
      day = day - Math.trunc((153 * month + 2) / 5);
      if (day === 0) this.theOffset = (this.theOffset + (this.pendingLI === 1 ? 1 : -1)) & 0xff;
      this.pendingLI = 0;
    }
  }
}

/**
 * luaL_checklstring(L, -1) on a list entry: a string, or a number in its `%.14g` form; anything
 * else raises luaL_typerror's message for argument -1.
 */
function checkName(L: LuaThread, v: LuaValue): string {
  const s = toStr(v);
  if (s !== undefined) return s;
  return argError(L, -1, `string expected, got ${typeName(v)}`);
}
