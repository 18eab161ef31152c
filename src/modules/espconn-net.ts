// Which EspNet a boot's protocol modules use: the board's lwIP (espconn-lwip.ts) unless a spec
// put another in its place for that boot (a scripted peer with deterministic timing).

import type { Firmware } from "../firmware/module.js";
import type { EspNet } from "./espconn.js";
import { lwipEspNet } from "./espconn-lwip.js";

const nets = new WeakMap<Firmware, EspNet>();

export function espNetOf(fw: Firmware): EspNet {
  let n = nets.get(fw);
  if (n === undefined) {
    n = lwipEspNet(fw);
    nets.set(fw, n);
  }
  return n;
}

/** Puts `net` in place of the board's stack for this boot. */
export function provideEspNet(fw: Firmware, net: EspNet): void {
  nets.set(fw, net);
}
