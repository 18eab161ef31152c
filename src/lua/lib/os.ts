// The os library of the host profile (loslib.c of Lua 5.1.5 on glibc): time and date with the
// C library's calendar rules (mktime's normalisation, strftime's conversions in the "C" locale),
// the process clock, environment variables, removing and renaming files, temporary names and
// exit. Everything outside the state goes through an OsHost, so a state sees only what its host
// lends it; os.exit raises LuaExit instead of ending the process.

import { chargeString, chargeTable } from "../gc.js";
import type { LuaThread } from "../state.js";
import { str2number } from "../str2number.js";
import { LuaTable } from "../table.js";
import { index } from "../tm.js";
import { isFalse, type LuaValue } from "../value.js";
import {
  checkNumber,
  checkString,
  checkTable,
  error,
  optInteger,
  optNumber,
  optString,
  register,
  toInteger,
} from "./aux.js";
import { checkOption, cString, errnoOf, type HostFileSystem } from "./io.js";

/** The local time of a zone at one instant. */
export interface ZoneTime {
  /** Seconds east of UTC. */
  offset: number;
  isdst: boolean;
  /** The abbreviation %Z prints ("UTC", "CET", "EST"). */
  name: string;
}

/** A time zone: what localtime() and mktime() consult. */
export interface TimeZone {
  /** The zone's local time at `t` seconds since the epoch (UTC). */
  at(t: number): ZoneTime;
}

/** Coordinated Universal Time, as glibc's localtime sees it when TZ is unset and the system zone is UTC. */
export const UTC_ZONE: TimeZone = { at: () => ({ offset: 0, isdst: false, name: "UTC" }) };

/** What the os library needs from its host. */
export interface OsHost {
  /** Files (remove, rename, tmpname). */
  fs: HostFileSystem;
  /** getenv: the value as a byte string, or undefined. */
  getenv(name: string): string | undefined;
  /** time(NULL) in milliseconds since the epoch. */
  now(): number;
  /** clock(): processor time used, in seconds. */
  cpuTime(): number;
  zone: TimeZone;
}

/** os.exit(status): the host ends the program with this status (C's exit() flushes open files first). */
export class LuaExit extends Error {
  override name = "LuaExit";
  constructor(readonly status: number) {
    super(`exit(${status})`);
  }
}

const MAX_DATE = 8.64e15; // the range of a JS Date, in milliseconds

/** A zone from its UTC offset at each instant (seconds east) and its abbreviations. */
function zoneOf(offsetAt: (ms: number) => number, timeZone: string | undefined): TimeZone {
  const names = new Map<string, string>();
  return {
    at(t) {
      const ms = Math.max(-MAX_DATE, Math.min(MAX_DATE, t * 1000));
      const offset = offsetAt(ms);
      const year = new Date(ms + offset * 1000).getUTCFullYear();
      const jan = offsetAt(Date.UTC(year, 0, 1));
      const jul = offsetAt(Date.UTC(year, 6, 1));
      const isdst = jan !== jul && offset === Math.max(jan, jul);
      const key = `${offset}:${year}`;
      let name = names.get(key);
      if (name === undefined) {
        name = zoneName(new Date(ms), offset, timeZone, offsetAt);
        names.set(key, name);
      }
      return { offset, isdst, name };
    },
  };
}

/** The zone of the JS engine, which is the process's TZ. */
export function systemTimeZone(): TimeZone {
  return zoneOf((ms) => Math.round(-new Date(ms).getTimezoneOffset() * 60), undefined);
}

/** A zone of the tz database by name ("Europe/Berlin"), through Intl. */
export function namedTimeZone(timeZone: string): TimeZone {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return zoneOf((ms) => {
    const whole = Math.floor(ms / 1000) * 1000;
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(new Date(whole))) p[part.type] = part.value;
    const year = p["era"] === "BC" || p["era"] === "B" ? 1 - Number(p["year"]) : Number(p["year"]);
    const wall = new Date(0);
    wall.setUTCFullYear(year, Number(p["month"]) - 1, Number(p["day"]));
    wall.setUTCHours(Number(p["hour"]), Number(p["minute"]), Number(p["second"]));
    return Math.round((wall.getTime() - whole) / 1000);
  }, timeZone);
}

function zoneName(
  d: Date,
  offset: number,
  timeZone: string | undefined,
  offsetAt: (ms: number) => number,
): string {
  const tzName = (at: Date, locale: string): string | undefined => {
    try {
      const parts = new Intl.DateTimeFormat(locale, { timeZoneName: "short", timeZone }).formatToParts(at);
      return parts.find((p) => p.type === "timeZoneName")?.value;
    } catch {
      return undefined;
    }
  };
  const gmtLike = (s: string | undefined) => s === undefined || /^(GMT|UTC)[+\-\u2212]/.test(s);
  // Intl knows the tz database's abbreviations only in some English locales, and for old dates
  // often not at all: then the name of the same offset today stands in
  const year = new Date().getUTCFullYear();
  for (const at of [d, new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year, 6, 1))]) {
    if (at !== d && offsetAt(at.getTime()) !== offset) continue;
    for (const locale of ["en-US", "en-GB", "en-IN", "en-AU"]) {
      const name = tzName(at, locale);
      if (name !== undefined && !gmtLike(name)) return name;
    }
  }
  if (offset === 0) return "UTC";
  if (offset % 60 !== 0) return "LMT"; // local mean time, before zones had round offsets
  // zones without an abbreviation are named by their offset, as the tz database does
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, "0");
  const mm = Math.floor((a % 3600) / 60);
  return `${offset < 0 ? "-" : "+"}${hh}${mm ? String(mm).padStart(2, "0") : ""}`;
}

// ---- the calendar (proleptic Gregorian, as glibc's) --------------------------------------

/** Days from 1970-01-01 to year-month-day (month 1..12); exact for any year a C int holds. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** struct tm, with the full year and the zone it was computed in. */
export interface BrokenDown {
  sec: number;
  min: number;
  hour: number;
  /** 1..31 */
  mday: number;
  /** 0..11 */
  mon: number;
  /** The full year (tm_year + 1900). */
  year: number;
  /** 0..6, Sunday 0 */
  wday: number;
  /** 0..365 */
  yday: number;
  isdst: boolean;
  /** Seconds east of UTC. */
  gmtoff: number;
  zone: string;
  /** The instant, for %s. */
  t: number;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** gmtime / localtime: undefined when the year does not fit struct tm's int (as glibc's EOVERFLOW). */
export function breakDown(t: number, zone: TimeZone | undefined): BrokenDown | undefined {
  let offset = 0;
  let isdst = false;
  let name = "GMT";
  if (zone !== undefined) {
    const z = zone.at(t);
    offset = z.offset;
    isdst = z.isdst;
    name = z.name;
  }
  const local = t + offset;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  if (year - 1900 > INT_MAX || year - 1900 < INT_MIN) return undefined;
  return {
    sec: secs % 60,
    min: Math.floor(secs / 60) % 60,
    hour: Math.floor(secs / 3600),
    mday: day,
    mon: month - 1,
    year,
    wday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1),
    isdst,
    gmtoff: offset,
    zone: name,
    t,
  };
}

/** Seconds of a local date and time as if it were UTC, exact as time_t arithmetic is. */
function fieldsToSeconds(
  year: number,
  mon: number,
  mday: number,
  hour: number,
  min: number,
  sec: number,
): number {
  year += Math.floor(mon / 12);
  mon = ((mon % 12) + 12) % 12;
  const days = daysFromCivil(year, mon + 1, 1) + mday - 1;
  const approx = days * 86400 + hour * 3600 + min * 60 + sec;
  if (Math.abs(approx) < 2 ** 53) return approx;
  return Number(BigInt(days) * 86400n + BigInt(hour * 3600 + min * 60 + sec)); // rounded once, as (double)time_t
}

/**
 * mktime: the fields (ints, normalised as glibc normalises them) in the zone, with tm_isdst
 * > 0, 0 or < 0 (unknown); -1 on failure, as mktime returns it.
 */
export function mktime(
  zone: TimeZone,
  f: { year: number; mon: number; mday: number; hour: number; min: number; sec: number; isdst: number },
): number {
  const local = fieldsToSeconds(f.year, f.mon, f.mday, f.hour, f.min, f.sec);
  let t: number;
  if (f.isdst < 0) {
    // the offset in effect then (in a gap, the one before it)
    t = local - zone.at(local).offset;
    t = local - zone.at(t).offset;
  } else {
    // the caller says whether DST is in effect: the zone's DST offset or its standard one (a
    // zone without DST gets glibc's guess of one hour more)
    const year = breakDown(local, undefined)?.year ?? 1970;
    const jan = zone.at(fieldsToSeconds(year, 0, 1, 0, 0, 0)).offset;
    const jul = zone.at(fieldsToSeconds(year, 6, 1, 0, 0, 0)).offset;
    const std = Math.min(jan, jul);
    const dst = jan !== jul ? Math.max(jan, jul) : std + 3600;
    t = local - (f.isdst > 0 ? dst : std);
  }
  if (!Number.isFinite(t) || Math.abs(t) > 2 ** 63) return -1;
  return t;
}

// ---- strftime ---------------------------------------------------------------------------

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const pad = (n: number, width: number, c = "0"): string => {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length < width ? c.repeat(width - s.length) + s : s);
};

/** ISO 8601 week-based year and week (%G, %V). */
function isoWeek(tm: BrokenDown): { year: number; week: number } {
  const wdayMon = (tm.wday + 6) % 7; // Monday 0
  // the Thursday of this week decides the year
  const thursdayYday = tm.yday - wdayMon + 3;
  let year = tm.year;
  let yday = thursdayYday;
  if (yday < 0) {
    year--;
    yday += isLeap(year) ? 366 : 365;
  } else if (yday >= (isLeap(year) ? 366 : 365)) {
    yday -= isLeap(year) ? 366 : 365;
    year++;
  }
  return { year, week: Math.floor(yday / 7) + 1 };
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const mod100 = (y: number): number => ((y % 100) + 100) % 100;

/** One strftime conversion "%c" in the C locale, as glibc 2.36 writes it. */
export function strftime1(c: string, tm: BrokenDown, zone: TimeZone): string {
  switch (c) {
    case "a":
      return DAYS[tm.wday]!.slice(0, 3);
    case "A":
      return DAYS[tm.wday]!;
    case "b":
    case "h":
      return MONTHS[tm.mon]!.slice(0, 3);
    case "B":
      return MONTHS[tm.mon]!;
    case "c":
      return `${strftime1("a", tm, zone)} ${strftime1("b", tm, zone)} ${pad(tm.mday, 2, " ")} ${strftime1("T", tm, zone)} ${tm.year}`;
    case "C":
      return String(floorDiv(tm.year, 100));
    case "d":
      return pad(tm.mday, 2);
    case "D":
    case "x":
      return `${pad(tm.mon + 1, 2)}/${pad(tm.mday, 2)}/${pad(mod100(tm.year), 2)}`;
    case "e":
      return pad(tm.mday, 2, " ");
    case "F":
      return `${tm.year}-${pad(tm.mon + 1, 2)}-${pad(tm.mday, 2)}`;
    case "g":
      return pad(mod100(isoWeek(tm).year), 2);
    case "G":
      return String(isoWeek(tm).year);
    case "H":
      return pad(tm.hour, 2);
    case "I":
      return pad(((tm.hour + 11) % 12) + 1, 2);
    case "j":
      return pad(tm.yday + 1, 3);
    case "k":
      return pad(tm.hour, 2, " ");
    case "l":
      return pad(((tm.hour + 11) % 12) + 1, 2, " ");
    case "m":
      return pad(tm.mon + 1, 2);
    case "M":
      return pad(tm.min, 2);
    case "n":
      return "\n";
    case "p":
      return tm.hour < 12 ? "AM" : "PM";
    case "P":
      return tm.hour < 12 ? "am" : "pm";
    case "r":
      return `${strftime1("I", tm, zone)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)} ${strftime1("p", tm, zone)}`;
    case "R":
      return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}`;
    case "s": {
      // mktime of the fields in the local zone
      const t = mktime(zone, { ...tm, isdst: tm.isdst ? 1 : 0 });
      return String(t);
    }
    case "S":
      return pad(tm.sec, 2);
    case "t":
      return "\t";
    case "T":
    case "X":
      return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)}`;
    case "u":
      return String(((tm.wday + 6) % 7) + 1);
    case "U":
      return pad(floorDiv(tm.yday - tm.wday + 7, 7), 2);
    case "V":
      return pad(isoWeek(tm).week, 2);
    case "w":
      return String(tm.wday);
    case "W":
      return pad(floorDiv(tm.yday - ((tm.wday + 6) % 7) + 7, 7), 2);
    case "y":
      return pad(mod100(tm.year), 2);
    case "Y":
      return String(tm.year);
    case "z": {
      const a = Math.abs(tm.gmtoff);
      return `${tm.gmtoff < 0 ? "-" : "+"}${pad(Math.floor(a / 3600), 2)}${pad(Math.floor((a % 3600) / 60), 2)}`;
    }
    case "Z":
      return tm.zone;
    case "%":
      return "%";
    default: {
      // not a conversion: glibc copies it, a width digit pads the copy
      const d = c.charCodeAt(0) - 48;
      if (d >= 3 && d <= 9) return `${" ".repeat(d - 2)}%${c}`;
      return `%${c}`;
    }
  }
}

/** os.date's formatting loop: each `%x` through strftime, the rest copied; a C string. */
export function formatDate(fmt: string, tm: BrokenDown, zone: TimeZone): string {
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== "%" || i + 1 >= fmt.length) out += ch;
    else out += strftime1(fmt[++i]!, tm, zone);
  }
  return out;
}

// ---- the library ------------------------------------------------------------------------

/** os_pushresult: true, or nil, "name: strerror", errno. */
function pushResult(L: LuaThread, e: unknown, filename: string): number {
  if (e === undefined) {
    L.push(true);
    return 1;
  }
  const { errno, text } = errnoOf(e);
  L.push(undefined);
  L.push(`${filename}: ${text}`);
  L.push(errno);
  return 3;
}

/** getfield of os.time: an int field, its default, or the `missing` error. */
function getField(L: LuaThread, t: LuaTable, key: string, d: number): number {
  const v: LuaValue = index(L, t, key, -1);
  const n = typeof v === "number" ? v : typeof v === "string" ? str2number(v) : undefined;
  if (n === undefined) {
    if (d < 0) error(L, `field '${key}' missing in date table`);
    return d;
  }
  return toInteger(n) | 0;
}

const LOCALE_CATEGORIES = ["all", "collate", "ctype", "monetary", "numeric", "time"];

export function osLib(host: OsHost): LuaTable {
  const t = new LuaTable();
  const dateTable = (tm: BrokenDown): LuaTable => {
    const r = new LuaTable(0, 9);
    r.set("sec", tm.sec);
    r.set("min", tm.min);
    r.set("hour", tm.hour);
    r.set("day", tm.mday);
    r.set("month", tm.mon + 1);
    r.set("year", tm.year);
    r.set("wday", tm.wday + 1);
    r.set("yday", tm.yday + 1);
    r.set("isdst", tm.isdst);
    return r;
  };
  register(t, {
    clock(L) {
      L.push(host.cpuTime());
      return 1;
    },
    date(L) {
      let s = cString(optString(L, 1, "%c"));
      const time = L.arg(2) === undefined ? Math.floor(host.now() / 1000) : toInteger(checkNumber(L, 2));
      let zone: TimeZone | undefined = host.zone;
      if (s.startsWith("!")) {
        zone = undefined;
        s = s.slice(1);
      }
      const tm = breakDown(time, zone);
      if (tm === undefined) L.push(undefined);
      else if (s === "*t") {
        const r = dateTable(tm);
        chargeTable(L, r);
        L.push(r);
      } else {
        const r = formatDate(s, tm, host.zone);
        chargeString(L, r);
        L.push(r);
      }
      return 1;
    },
    difftime(L) {
      const a = toInteger(checkNumber(L, 1));
      const b = toInteger(optNumber(L, 2, 0));
      L.push(a - b);
      return 1;
    },
    execute(L) {
      if (L.arg(1) === undefined) {
        L.push(0); // no command processor
        return 1;
      }
      checkString(L, 1);
      return error(L, "'execute' not supported");
    },
    exit(L) {
      const status = optInteger(L, 1, 0) | 0;
      throw new LuaExit(status);
    },
    getenv(L) {
      const v = host.getenv(cString(checkString(L, 1)));
      if (v !== undefined) chargeString(L, v);
      L.push(v);
      return 1;
    },
    remove(L) {
      const name = cString(checkString(L, 1));
      try {
        host.fs.remove(name);
      } catch (e) {
        return pushResult(L, e, name);
      }
      return pushResult(L, undefined, name);
    },
    rename(L) {
      const from = cString(checkString(L, 1));
      const to = cString(checkString(L, 2));
      try {
        host.fs.rename(from, to);
      } catch (e) {
        return pushResult(L, e, from);
      }
      return pushResult(L, undefined, from);
    },
    setlocale(L) {
      const locale = L.arg(1) === undefined ? undefined : cString(checkString(L, 1));
      checkOption(L, 2, "all", LOCALE_CATEGORIES);
      // only the C locale exists here; "" asks for the environment's, which is C too
      L.push(locale === undefined || locale === "" || locale === "C" || locale === "POSIX" ? "C" : undefined);
      return 1;
    },
    time(L) {
      let time: number;
      if (L.arg(1) === undefined) time = Math.floor(host.now() / 1000);
      else {
        const tt = checkTable(L, 1);
        L.top = L.base + 1;
        const sec = getField(L, tt, "sec", 0);
        const min = getField(L, tt, "min", 0);
        const hour = getField(L, tt, "hour", 12);
        const mday = getField(L, tt, "day", -1);
        const mon = (getField(L, tt, "month", -1) - 1) | 0;
        const year = ((getField(L, tt, "year", -1) - 1900) | 0) + 1900;
        const dst = index(L, tt, "isdst", -1);
        const isdst = dst === undefined ? -1 : isFalse(dst) ? 0 : 1;
        time = mktime(host.zone, { sec, min, hour, mday, mon, year, isdst });
      }
      L.push(time === -1 ? undefined : time);
      return 1;
    },
    tmpname(L) {
      let name: string;
      try {
        name = host.fs.tmpname();
      } catch {
        return error(L, "unable to generate a unique filename");
      }
      chargeString(L, name);
      L.push(name);
      return 1;
    },
  });
  return t;
}
