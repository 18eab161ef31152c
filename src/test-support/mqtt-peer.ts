// A minimal MQTT 3.1.1 client on this machine for specs (mqtt-packet over a TCP socket): it
// subscribes, publishes and records what the broker delivers, acknowledging QoS 1 and 2.

import * as net from "node:net";
import { generate, type IPublishPacket, type Packet, parser } from "mqtt-packet";

export class MqttPeer {
  readonly messages: { topic: string; payload: string; qos: number }[] = [];
  private readonly sock: net.Socket;
  private nextId = 1;
  private readonly waiters: { cmd: string; resolve: () => void }[] = [];

  private constructor(sock: net.Socket) {
    this.sock = sock;
    const p = parser({ protocolVersion: 4 });
    p.on("packet", (pk: Packet) => this.onPacket(pk));
    sock.on("data", (b) => p.parse(b));
    sock.on("error", () => {});
  }

  static connect(port: number, clientId: string): Promise<MqttPeer> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(port, "127.0.0.1");
      const peer = new MqttPeer(sock);
      sock.once("error", reject);
      sock.once("connect", () => {
        peer.send({
          cmd: "connect",
          protocolId: "MQTT",
          protocolVersion: 4,
          clean: true,
          clientId,
          keepalive: 60,
        });
        peer.wait("connack").then(() => resolve(peer), reject);
      });
    });
  }

  private send(p: Packet): void {
    this.sock.write(generate(p));
  }

  private wait(cmd: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ cmd, resolve }));
  }

  private onPacket(pk: Packet): void {
    if (pk.cmd === "publish") {
      const m = pk as IPublishPacket;
      this.messages.push({ topic: m.topic, payload: Buffer.from(m.payload).toString("latin1"), qos: m.qos });
      if (m.qos === 1) this.send({ cmd: "puback", messageId: m.messageId });
      if (m.qos === 2) this.send({ cmd: "pubrec", messageId: m.messageId });
    } else if (pk.cmd === "pubrel") {
      this.send({ cmd: "pubcomp", messageId: pk.messageId });
    } else if (pk.cmd === "pubrec") {
      this.send({ cmd: "pubrel", messageId: pk.messageId });
    }
    const i = this.waiters.findIndex((w) => w.cmd === pk.cmd);
    if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve();
  }

  async subscribe(topic: string, qos: 0 | 1 | 2): Promise<void> {
    this.send({ cmd: "subscribe", messageId: this.nextId++, subscriptions: [{ topic, qos }] });
    await this.wait("suback");
  }

  /** Publishes and waits for the end of the QoS handshake. */
  async publish(topic: string, payload: string, qos: 0 | 1 | 2): Promise<void> {
    const messageId = this.nextId++;
    this.send({
      cmd: "publish",
      topic,
      payload: Buffer.from(payload, "latin1"),
      qos,
      messageId,
      retain: false,
      dup: false,
    });
    if (qos === 1) await this.wait("puback");
    if (qos === 2) await this.wait("pubcomp");
  }

  close(): void {
    this.sock.destroy();
  }
}
