// MQTT 3.1.1 packets as the mqtt module builds and reads them (app/mqtt/mqtt_msg.c,
// app/mqtt/mqtt_msg.h). Packets are encoded by the mqtt-packet library; what is NodeMCU's is
// kept here: every outgoing packet is assembled in a 1460-byte buffer (MQTT_BUF_SIZE) whose
// first 3 bytes are reserved for the fixed header, so a packet whose remaining length exceeds
// 1457 bytes "fails" (length 0, and msg_enqueue then refuses it); empty topics and client ids
// fail the same way. Incoming bytes are read with mqtt_msg.c's own accessors, because the
// module delivers truncated PUBLISH packets (the overflow event) that no parser would accept.

import { generate, type Packet, type QoS } from "mqtt-packet";

/** enum mqtt_message_type. */
export const enum MsgType {
  CONNECT = 1,
  CONNACK = 2,
  PUBLISH = 3,
  PUBACK = 4,
  PUBREC = 5,
  PUBREL = 6,
  PUBCOMP = 7,
  SUBSCRIBE = 8,
  SUBACK = 9,
  UNSUBSCRIBE = 10,
  UNSUBACK = 11,
  PINGREQ = 12,
  PINGRESP = 13,
  DISCONNECT = 14,
}

/** MQTT_BUF_SIZE of mqtt.c and MQTT_MAX_FIXED_HEADER_SIZE of mqtt_msg.c. */
const BUF_SIZE = 1460;
const MAX_FIXED_HEADER = 3;

/** Byte strings (the VM's strings) to bytes and back. */
export const bytes = (s: string): Buffer => Buffer.from(s, "latin1");
/** mqtt-packet writes some fields as UTF-8 text; the device's bytes are passed through. */
const text = (s: string): string => bytes(s).toString("utf8");

/** A packet as mqtt_msg.c returns it: undefined stands for a "failed" message (length 0). */
export type Message = Buffer | undefined;

/** fini_message's limit: the whole packet fitted the 1460-byte buffer after the header slot. */
function fits(b: Buffer): Message {
  let i = 1;
  while (b[i] & 0x80) i++;
  const remaining = b.length - (i + 1);
  return remaining + MAX_FIXED_HEADER <= BUF_SIZE ? b : undefined;
}

function build(p: Packet): Message {
  try {
    return fits(generate(p));
  } catch {
    return undefined; // what mqtt-packet refuses, the C buffer would not have taken either
  }
}

export interface ConnectInfo {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  willTopic: string | undefined;
  willMessage: string | undefined;
  keepalive: number;
  willQos: number;
  willRetain: boolean;
  cleanSession: boolean;
}

/** mqtt_msg_connect: protocol level 4; empty strings count as absent; no client id fails. */
export function connectMsg(ci: ConnectInfo): Message {
  if (ci.clientId === "") return undefined;
  const p: Packet = {
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: 4,
    clean: ci.cleanSession,
    keepalive: ci.keepalive & 0xffff,
    clientId: text(ci.clientId),
  };
  if (ci.willTopic) {
    p.will = {
      topic: text(ci.willTopic),
      payload: bytes(ci.willMessage ?? ""),
      qos: (ci.willQos & 3) as QoS,
      retain: ci.willRetain,
    };
  }
  if (ci.username) p.username = text(ci.username);
  if (ci.password) {
    // mqtt_msg.c sets the password flag without a user name; MQTT 3.1.1 forbids it and
    // mqtt-packet refuses it, so such a CONNECT is written with an empty user name
    p.username ??= "";
    p.password = bytes(ci.password);
  }
  return build(p);
}

export function publishMsg(
  topic: string,
  payload: string,
  qos: number,
  retain: boolean,
  id: number,
): Message {
  if (topic === "") return undefined;
  const q = (qos & 3) as QoS;
  return build({
    cmd: "publish",
    topic: bytes(topic) as unknown as string, // mqtt-packet takes a Buffer topic as it is
    payload: bytes(payload),
    qos: q,
    retain,
    dup: false,
    messageId: q > 0 ? id : undefined,
  });
}

/** PUBACK, PUBREC, PUBREL (QoS 1 in its header, as 3.1.1 requires) and PUBCOMP. */
export function ackMsg(
  type: MsgType.PUBACK | MsgType.PUBREC | MsgType.PUBREL | MsgType.PUBCOMP,
  id: number,
): Message {
  const cmd = ({ 4: "puback", 5: "pubrec", 6: "pubrel", 7: "pubcomp" } as const)[type];
  return build({ cmd, messageId: id } as Packet);
}

export function subscribeMsg(id: number, topics: readonly (readonly [string, number])[]): Message {
  if (topics.some(([t]) => t === "")) return undefined;
  return build({
    cmd: "subscribe",
    messageId: id,
    subscriptions: topics.map(([topic, qos]) => ({ topic: text(topic), qos: (qos & 3) as QoS })),
  });
}

export function unsubscribeMsg(id: number, topics: readonly string[]): Message {
  if (topics.some((t) => t === "")) return undefined;
  return build({ cmd: "unsubscribe", messageId: id, unsubscriptions: topics.map(text) });
}

export const pingreqMsg = (): Message => build({ cmd: "pingreq" });
export const pingrespMsg = (): Message => build({ cmd: "pingresp" });
export const disconnectMsg = (): Message => build({ cmd: "disconnect" });

// --- reading (mqtt_msg.h's inline accessors and mqtt_msg.c's mqtt_get_*) ---

export const typeOf = (b: Buffer): number => (b[0] >> 4) & 0x0f;
export const qosOf = (b: Buffer): number => (b[0] >> 1) & 3;
/** mqtt_get_connect_ret_code: byte 3 of a CONNACK. */
export const connackCode = (b: Buffer): number => b[3] ?? 0;

/**
 * mqtt_get_total_length: header plus remaining length; -1 for a lone first byte. (The C's
 * in-loop `i == buffer_length` check can never hold, so an unfinished length field is summed
 * as far as it goes, as afterLength does.)
 */
export function totalLength(b: Buffer, n: number): number {
  if (n === 1) return -1;
  return afterLength(b, n)[1];
}

/** Index just past the remaining-length field, as the publish accessors walk it. */
function afterLength(b: Buffer, n: number): [index: number, total: number] {
  let total = 0;
  let i = 1;
  for (; i < n; i++) {
    total += (b[i] & 0x7f) << (7 * (i - 1));
    if ((b[i] & 0x80) === 0) {
      i++;
      break;
    }
  }
  return [i, total + i];
}

/** mqtt_get_id: the packet id of PUBLISH (QoS > 0) and the ack types, 0 when not readable. */
export function packetId(b: Buffer, n: number): number {
  if (n < 1) return 0;
  switch (typeOf(b)) {
    case MsgType.PUBLISH: {
      if (qosOf(b) <= 0) return 0;
      let i = 1;
      for (; i < n; i++) {
        if ((b[i] & 0x80) === 0) {
          i++;
          break;
        }
      }
      if (i + 2 > n) return 0;
      const tl = (b[i] << 8) | b[i + 1];
      i += 2;
      if (i + tl > n) return 0;
      i += tl;
      if (i + 2 > n) return 0;
      return (b[i] << 8) | b[i + 1];
    }
    case MsgType.PUBACK:
    case MsgType.PUBREC:
    case MsgType.PUBREL:
    case MsgType.PUBCOMP:
    case MsgType.SUBACK:
    case MsgType.UNSUBACK:
    case MsgType.SUBSCRIBE:
      // a one-byte remaining length is assumed, as the C does
      return n >= 4 && (b[1] & 0x80) === 0 ? (b[2] << 8) | b[3] : 0;
    default:
      return 0;
  }
}

/** mqtt_get_publish_topic over the first n bytes; undefined when it is not all there. */
export function publishTopic(b: Buffer, n: number): Buffer | undefined {
  let [i] = afterLength(b, n);
  if (i + 2 > n) return undefined;
  const tl = (b[i] << 8) | b[i + 1];
  i += 2;
  if (i + tl > n) return undefined;
  return b.subarray(i, i + tl);
}

/** mqtt_get_publish_data over the first n bytes: the payload, cut at n for a partial packet. */
export function publishData(b: Buffer, n: number): Buffer | undefined {
  let [i, total] = afterLength(b, n);
  if (i + 2 > n) return undefined;
  const tl = (b[i] << 8) | b[i + 1];
  i += 2;
  if (i + tl > n) return undefined;
  i += tl;
  if (qosOf(b) > 0) {
    if (i + 2 > n) return undefined;
    i += 2;
  }
  if (total < i) return undefined;
  const len = total <= n ? total - i : n - i;
  return b.subarray(i, i + len);
}
