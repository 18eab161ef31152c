// Host side of the board's DNS client: names resolve through this machine's resolver
// (getaddrinfo, so /etc/hosts and "localhost" work as on the host), IPv4 only as lwIP 1.4.

import * as dns from "node:dns";

/** Resolves `name` to one IPv4 address, or undefined when the host resolver has none. */
export function hostLookup(name: string, done: (ip: string | undefined) => void): void {
  dns.lookup(name, { family: 4 }, (err, address) => done(err ? undefined : address));
}
