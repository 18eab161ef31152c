// The MQTT broker `nodemcu-emu run` starts for its bundled app: aedes on a free port of
// 127.0.0.1, so the example publishes somewhere without any outside service.

import * as net from "node:net";
import { Aedes } from "aedes";

export interface EmbeddedBroker {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const socks = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    socks.add(sock);
    sock.on("close", () => socks.delete(sock));
    broker.handle(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  // the command runs until the board stops; the broker must not keep the process alive
  server.unref();
  return {
    host: "127.0.0.1",
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // the clients' connections end with the broker (the board's among them)
        for (const s of socks) s.destroy();
        server.close();
        broker.close(() => resolve());
      }),
  };
}
