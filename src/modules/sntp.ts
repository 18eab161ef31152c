// The sntp module (app/modules/sntp.c, docs/modules/sntp.md): sntp.sync over the client of
// sntp-client.ts, and, in a build with rtctime, sntp.setoffset/getoffset. Not in the default
// build (user_modules.h leaves LUA_USE_MODULES_SNTP off): select it with --modules.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { chargeTable } from "../lua/gc.js";
import { checkInteger, checkString, error } from "../lua/lib/aux.js";
import { light, type RomEntry } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import { rtcClockIfBuilt } from "./rtctime.js";
import { SntpClient } from "./sntp-client.js";

const clients = new WeakMap<Firmware, SntpClient>();

/** This boot's client (sntp.c's statics start from zero at every boot). */
export function sntpOf(fw: Firmware): SntpClient {
  let c = clients.get(fw);
  if (c === undefined) {
    c = new SntpClient(fw, rtcClockIfBuilt(fw));
    clients.set(fw, c);
  }
  return c;
}

/** A Lua list of names, charged to the heap as lua_newtable + lua_settable would. */
function nameList(L: LuaThread, names: readonly string[]): LuaTable {
  const t = new LuaTable();
  for (let i = 0; i < names.length; i++) t.set(i + 1, names[i]);
  chargeTable(L, t);
  return t;
}

/** sntp.sync([server | {servers}], [callback], [errcallback], [autorepeat]). */
function sync(fw: Firmware, L: LuaThread): number {
  const c = sntpOf(fw);
  c.setRepeat(L, false);
  if (c.busy) error(L, "sync in progress");
  const fail = (msg: string): never => {
    c.abandon();
    return error(L, msg);
  };
  const initErr = c.init(L);
  if (initErr !== undefined) fail(initErr);

  let nargs = L.nargs;
  const server = L.arg(1);
  let list: LuaValue;
  if (server !== undefined) {
    c.serverCount = 0;
    if (server instanceof LuaTable) {
      list = server;
    } else {
      // a bad type raises here with the state left in place, as sntp.c does (later syncs
      // then report "sync in progress")
      const hostname = checkString(L, 1);
      if (hostname.length > 128) fail("need <128 hostname");
      list = nameList(L, [hostname]);
    }
  } else if (c.serverCount === 0) {
    // no DHCP-offered NTP server in this model: the NodeMCU pool
    list = nameList(L, [
      "0.nodemcu.pool.ntp.org",
      "1.nodemcu.pool.ntp.org",
      "2.nodemcu.pool.ntp.org",
      "3.nodemcu.pool.ntp.org",
    ]);
  } else {
    // the last servers again: sntp.c pushes nothing, so its luaL_ref takes the top argument
    // as the "list" (and an autorepeat given as the last argument is popped with it)
    list = nargs > 0 ? L.arg(nargs) : undefined;
    nargs = Math.max(0, nargs - 1);
  }
  c.configure(L.arg(2), L.arg(3), list);
  c.dolookups(L);
  // set_repeat_mode's "no memory" is not checked by sntp_sync
  if (nargs >= 4 && L.arg(4) !== undefined) c.setRepeat(L, true);
  return 0;
}

export const sntpModule: ModuleDef = {
  name: "sntp",
  entries: (fw) => {
    const entries: RomEntry[] = [["sync", light("sync", (L) => sync(fw, L))]];
    if (fw.config.modules.includes("rtctime")) {
      entries.push(
        [
          "setoffset",
          light("setoffset", (L) => {
            sntpOf(fw).setOffset(checkInteger(L, 1));
            return 0;
          }),
        ],
        [
          "getoffset",
          light("getoffset", (L) => {
            const c = sntpOf(fw);
            c.updateOffset();
            L.push(c.theOffset);
            return 1;
          }),
        ],
      );
    }
    return entries;
  },
};
