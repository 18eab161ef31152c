// The http module (app/modules/http.c, docs/modules/http.md) over http-client.ts. The module
// keeps one callback reference for the whole board (http_callback_registry): a second request
// before the first answered replaces it, and the first answer then takes it, so concurrent
// requests are not supported, as the docs warn. The callback runs under luaL_pcallx.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { chargeTable } from "../lua/gc.js";
import { checkString } from "../lua/lib/aux.js";
import { light } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import type { LuaValue } from "../lua/value.js";
import { espNetOf } from "./espconn-net.js";
import { HttpClient } from "./http-client.js";
import { isFunction, isString } from "./lua-args.js";

const NOREF = -2;

/** The response's header lines as http_callback reads them: names lower-cased, last one wins. */
function headerTable(L: LuaThread, response: string): LuaTable {
  const t = new LuaTable();
  let p = response.indexOf("\n");
  p = p < 0 ? response.length : p + 1;
  while (p < response.length && response[p] !== "\r" && response[p] !== "\n") {
    let eol = response.indexOf("\r", p);
    if (eol < 0) eol = response.length;
    const colon = response.indexOf(":", p);
    if (colon < 0 || colon >= eol) break;
    let v = colon + 1;
    while (response[v] === " ") v++;
    t.set(response.slice(p, colon).toLowerCase(), response.slice(v, eol));
    p = eol + 1;
    if (response[p] === "\n") p++;
  }
  chargeTable(L, t);
  return t;
}

function moduleEntries(fw: Firmware) {
  let cbRef = NOREF;
  const client = new HttpClient(fw, () => espNetOf(fw), fw.config.modules.includes("tls"));

  /** http_callback. */
  const done = (status: number, body: string | undefined, response: string | undefined): void => {
    if (cbRef === NOREF) return;
    const fn = fw.getRef(cbRef);
    fw.unref(cbRef);
    cbRef = NOREF;
    const args: LuaValue[] = [status];
    if (status !== -1 && body !== undefined && response !== undefined) {
      args.push(body, headerTable(fw.L, response));
    } else {
      args.push(undefined, undefined);
    }
    fw.pcallx(fn, args);
  };

  const setCallback = (L: LuaThread, i: number) => {
    if (!isFunction(L.arg(i))) return;
    if (cbRef !== NOREF) fw.unref(cbRef);
    cbRef = fw.ref(L.arg(i));
  };
  const opt = (L: LuaThread, i: number): string | undefined =>
    isString(L.arg(i)) ? checkString(L, i) : undefined;

  const withBody = (method: string) => (L: LuaThread) => {
    const url = checkString(L, 1);
    const headers = opt(L, 2);
    const body = opt(L, 3);
    setCallback(L, 4);
    client.request(url, method, headers, body, done);
    return 0;
  };

  const request = (L: LuaThread) => {
    const url = checkString(L, 1);
    const method = checkString(L, 2);
    const headers = opt(L, 3);
    const body = opt(L, 4);
    setCallback(L, 5);
    client.request(url, method, headers, body, done);
    return 0;
  };

  const get = (L: LuaThread) => {
    const url = checkString(L, 1);
    const headers = opt(L, 2);
    setCallback(L, 3);
    client.request(url, "GET", headers, undefined, done);
    return 0;
  };

  return [
    ["request", light("request", request)],
    ["post", light("post", withBody("POST"))],
    ["put", light("put", withBody("PUT"))],
    ["delete", light("delete", withBody("DELETE"))],
    ["get", light("get", get)],
    ["OK", 0],
    ["ERROR", -1],
  ] as const;
}

export const httpModule: ModuleDef = {
  name: "http",
  entries: (fw) => [...moduleEntries(fw)],
};
