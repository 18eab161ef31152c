// net.ping (app/modules/net_ping.c over the SDK's app/lwip/app/ping.c). ICMP echo needs raw
// sockets, which this machine gives only to privileged processes, so each echo is modelled by
// a TCP connection attempt to port 7 (echo) of the target: an answer, accepted or refused,
// counts as the echo reply and its round trip as the time; no answer within PING_TIMEOUT_MS is
// a timeout. The timing and callbacks follow ping.c: one echo per second (PING_COARSE),
// 4 by default (DEFAULT_PING_MAX_COUNT), 32 data bytes (PING_DATA_SIZE); the callbacks run
// through luaL_pcallx.

import * as net from "node:net";
import type { Lwip } from "../firmware/lwip.js";
import { ERR_INPROGRESS, ERR_OK } from "../firmware/lwip-err.js";
import type { Firmware } from "../firmware/module.js";
import { argError, checkString, error, optInteger } from "../lua/lib/aux.js";
import type { LuaThread } from "../lua/state.js";
import { isFunction } from "./net-socket.js";

const PING_DATA_SIZE = 32;
const PING_COARSE_US = 1_000_000;
const PING_TIMEOUT_MS = 1000;
const DEFAULT_PING_MAX_COUNT = 4;
/** The port the reachability probe knocks on. */
const PROBE_PORT = 7;

/** ping.c's ping_seq_num: a static of the boot, counted up by each echo. */
const seqs = new WeakMap<Lwip, { n: number }>();

/** Whether ip answers a TCP SYN (accepted or refused) within the timeout; its round trip ms. */
function probe(ip: string, done: (rttMs: number | undefined) => void): void {
  const start = Date.now();
  const sock = net.connect({ host: ip, port: PROBE_PORT, family: 4 });
  const finish = (answered: boolean) => {
    clearTimeout(timer);
    sock.destroy();
    done(answered ? Date.now() - start : undefined);
  };
  const timer = setTimeout(() => finish(false), PING_TIMEOUT_MS);
  sock.once("connect", () => finish(true));
  sock.once("error", (e: NodeJS.ErrnoException) => finish(e.code === "ECONNREFUSED"));
}

export function ping(fw: Firmware, stack: () => Lwip) {
  return (L: LuaThread): number => {
    const target = checkString(L, 1);
    const f2 = isFunction(L.arg(2));
    const count = f2 ? 0 : optInteger(L, 2, 0);
    const recv = f2 ? L.arg(2) : L.arg(3);
    const sent = f2 ? L.arg(3) : L.arg(4);
    // luaL_argcheck with the relative indexes -2 and -1 (after lua_settop), as the message shows
    if (!isFunction(recv)) argError(L, -2, "no received callback specified");
    if (!(isFunction(sent) || sent === undefined))
      argError(L, -1, "invalid sent callback, function expected");
    const refs = [fw.ref(recv), sent === undefined ? 0 : fw.ref(sent)];
    const drop = () => {
      for (const r of refs) if (r > 0) fw.unref(r);
    };
    const lwip = stack();
    const run = (ip: string | undefined) => {
      if (ip === undefined || ip === "255.255.255.255") {
        // resolution failed: the receive callback with a byte count of 0
        fw.pcallx(fw.getRef(refs[0]), [0]);
        drop();
        return;
      }
      echoes(fw, lwip, ip, count > 0 ? count : DEFAULT_PING_MAX_COUNT, refs, drop);
    };
    const r = lwip.gethostbyname(target, run);
    if (r.err !== ERR_OK && r.err !== ERR_INPROGRESS) {
      drop();
      return error(L, `lwip error ${r.err}`);
    }
    if (r.err === ERR_OK) run(r.ip);
    return 0;
  };
}

function echoes(fw: Firmware, lwip: Lwip, ip: string, max: number, refs: number[], drop: () => void): void {
  let seq = seqs.get(lwip);
  if (seq === undefined) {
    seq = { n: 0 };
    seqs.set(lwip, seq);
  }
  const counter = seq;
  const start = fw.now();
  let timeouts = 0;
  let done = 0;
  const release = fw.hold(`ping ${ip}`);
  const untrack = lwip.track({ abort: release });
  const one = () => {
    counter.n = counter.n === 0x7fff ? 1 : counter.n + 1;
    const n = counter.n;
    const sentAt = fw.now();
    probe(ip, (rtt) => {
      lwip.deliver(() => {
        if (rtt === undefined) {
          timeouts++;
          fw.pcallx(fw.getRef(refs[0]), [0, ip, 0, -1]); // ping_timeout: a zeroed response
        } else {
          fw.pcallx(fw.getRef(refs[0]), [PING_DATA_SIZE, ip, n, rtt]);
        }
        done++;
        const next = Math.max(0, sentAt + PING_COARSE_US - fw.now());
        fw.setTimer(next, () => (done < max ? one() : finish()));
      });
    });
  };
  const finish = () => {
    release();
    untrack();
    if (refs[1] > 0) {
      const total = Math.floor((fw.now() - start) / 1000);
      fw.pcallx(fw.getRef(refs[1]), [ip, max, timeouts, PING_DATA_SIZE * (max - timeouts), total]);
    }
    drop();
  };
  one();
}
