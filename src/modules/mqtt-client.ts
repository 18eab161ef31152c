// The C side of one mqtt client (app/modules/mqtt.c: lmqtt_userdata and its espconn callbacks).
// The session is NodeMCU's: one queue of outgoing packets (app/mqtt/msg_queue.c) sent one at a
// time, each waiting for the stack's "sent" before the next; QoS 1/2 packets stay at the head
// of the queue until their PUBACK/PUBREC/PUBCOMP arrives, so they go out again only in the sense
// that the app republishes after a reconnect (the queue is dropped with the connection, as the
// firmware drops it); a 5 s send timeout and a keepalive timer that sends PINGREQ and drops the
// connection when the previous ping was not answered. All Lua callbacks are plain lua_call
// (unprotected: an error there PANICs the board).

import type { Firmware } from "../firmware/module.js";
import type { LuaValue } from "../lua/value.js";
import { ESPCONN_OK, type EspNet, type TcpEspconn } from "./espconn.js";
import {
  ackMsg,
  connackCode,
  connectMsg,
  disconnectMsg,
  type Message,
  MsgType,
  packetId,
  pingreqMsg,
  pingrespMsg,
  publishData,
  publishTopic,
  qosOf,
  totalLength,
  typeOf,
} from "./mqtt-wire.js";
import { OsTimer } from "./os-timer.js";
import { secureOptions } from "./tls-cert.js";

/** enum mqtt_connack_return_code (mqtt_msg.h). */
export const CONN_FAIL_SERVER_NOT_FOUND = -5;
export const CONN_FAIL_NOT_A_CONNACK_MSG = -4;
export const CONN_FAIL_DNS = -3;
export const CONN_FAIL_TIMEOUT_RECEIVING = -2;
export const CONN_FAIL_TIMEOUT_SENDING = -1;

/** MQTT_SEND_TIMEOUT (seconds) and DEFAULT_MAX_MESSAGE_LENGTH of mqtt.c. */
const SEND_TIMEOUT_MS = 5000;
export const DEFAULT_KEEPALIVE = 60;
export const DEFAULT_MAX_MESSAGE_LENGTH = 1024;

/** lauxlib's LUA_NOREF. */
export const NOREF = -2;

/** sizeof(msg_queue_t) on the ESP8266 (next, msg{data,length}, msg_id, msg_type, qos, sent). */
const QUEUE_NODE_BYTES = 28;
/** sizeof(esp_tcp): ports, addresses and five callback pointers. */
export const ESP_TCP_BYTES = 36;

const enum ConnState {
  INIT,
  CONNECT_SENDING,
  CONNECT_SENT,
  DATA,
}

const enum RecvState {
  NORMAL,
  BUFFERING_SHORT,
  BUFFERING,
  SKIPPING,
}

/** A msg_queue_t node. */
interface Pending {
  data: Buffer;
  id: number;
  type: MsgType;
  qos: number;
  sent: boolean;
}

/** The callback slots of lmqtt_userdata, in mqtt:on's option order. */
export const EVENTS = [
  "connect",
  "connfail",
  "offline",
  "message",
  "overflow",
  "puback",
  "suback",
  "unsuback",
] as const;
export type MqttEvent = (typeof EVENTS)[number];

export class MqttClient {
  selfRef = NOREF;
  readonly cb: Record<MqttEvent, number> = {
    connect: NOREF,
    connfail: NOREF,
    offline: NOREF,
    message: NOREF,
    overflow: NOREF,
    puback: NOREF,
    suback: NOREF,
    unsuback: NOREF,
  };
  // conf
  clientId = "";
  username: string | undefined = undefined;
  password: string | undefined = undefined;
  willTopic: string | undefined = undefined;
  willMessage: string | undefined = undefined;
  keepalive = 0;
  maxMessageLength = 0;
  willQos = 0;
  willRetain = false;
  cleanSession = false;
  secure = false;

  private queue: Pending[] = [];
  private nextId = 0;
  private recvBuf: Buffer | undefined = undefined;
  private recvWp = 0;
  private recvSize = 0;
  private recvSkip = 0;
  private recvState = RecvState.NORMAL;

  /** Socket connected (not the MQTT session). */
  connected = false;
  private keepaliveSent = false;
  private sending = false;
  private connState = ConnState.INIT;
  private readonly timer: OsTimer;
  /** proto.tcp: allocated by connect, freed at the disconnect. */
  private conn: TcpEspconn | undefined = undefined;
  private release: (() => void) | undefined = undefined;

  constructor(
    private readonly fw: Firmware,
    private readonly net: () => EspNet,
  ) {
    this.timer = new OsTimer(fw);
  }

  /** mqtt_next_message_id: 1..65535, skipping 0. */
  nextMessageId(): number {
    this.nextId = (this.nextId + 1) & 0xffff;
    if (this.nextId === 0) this.nextId = 1;
    return this.nextId;
  }

  /** C-side allocation that fails as calloc does (false) instead of raising. */
  private alloc(n: number): boolean {
    try {
      this.fw.malloc(this.fw.L, n);
      return true;
    } catch {
      return false;
    }
  }

  /** msg_enqueue: undefined for a failed (empty) message or when memory runs out. */
  enqueue(msg: Message, id: number, type: MsgType, qos: number): Pending | undefined {
    if (msg === undefined || msg.length === 0) return undefined;
    if (!this.alloc(QUEUE_NODE_BYTES + msg.length)) return undefined;
    const node: Pending = { data: msg, id, type, qos, sent: false };
    this.queue.push(node);
    return node;
  }

  private dequeue(): void {
    const node = this.queue.shift();
    if (node !== undefined) this.fw.free(QUEUE_NODE_BYTES + node.data.length);
  }

  private clearQueue(): void {
    while (this.queue.length > 0) this.dequeue();
  }

  private freeRecvBuffer(): void {
    if (this.recvBuf !== undefined) this.fw.free(this.recvBuf.length);
    this.recvBuf = undefined;
  }

  // --- Lua callbacks (lua_call: unprotected) ---

  private callNoArg(ref: number): void {
    if (ref === NOREF) return;
    this.fw.callUnprotected(this.fw.getRef(ref), [this.fw.getRef(this.selfRef)]);
  }

  /** mqtt_connack_fail. */
  private connackFail(reason: number): void {
    if (this.cb.connfail === NOREF || this.selfRef === NOREF) return;
    this.fw.callUnprotected(this.fw.getRef(this.cb.connfail), [this.fw.getRef(this.selfRef), reason]);
  }

  /** deliver_publish: (client, topic[, data]) to "message", or to "overflow" for a cut packet. */
  private deliverPublish(msg: Buffer, length: number, overflow: boolean): void {
    const ref = overflow ? this.cb.overflow : this.cb.message;
    if (ref === NOREF || this.selfRef === NOREF) return;
    const topic = publishTopic(msg, length);
    if (topic === undefined || topic.length === 0) return;
    const data = publishData(msg, length);
    const args: LuaValue[] = [this.fw.getRef(this.selfRef), topic.toString("latin1")];
    if (data !== undefined && data.length > 0) args.push(data.toString("latin1"));
    this.fw.callUnprotected(this.fw.getRef(ref), args);
  }

  // --- connection life ---

  /**
   * mqtt_socket_connect after its argument checks: holds the object in the registry (selfRef,
   * set by the caller), then looks the host up; an answer at once continues synchronously.
   */
  start(host: string, port: number): void {
    if (this.conn === undefined) {
      this.fw.malloc(this.fw.L, ESP_TCP_BYTES); // "not enough memory" as the C raises it
      this.conn = this.secure ? this.net().secureTcp(secureOptions(this.fw, host)) : this.net().tcp();
    }
    this.timer.disarm();
    this.timer.setfn(() => this.onTimer());
    this.release ??= this.fw.hold("mqtt");
    const conn = this.conn;
    const answer = this.net().gethostbyname(host, (ip) => {
      if (this.conn === conn) this.dnsFound(ip, port);
    });
    if (answer === "inprogress") return;
    if (answer === "error") {
      this.connackFail(CONN_FAIL_DNS);
      return;
    }
    this.dnsFound(answer.ip, port);
  }

  /** socket_dns_found. */
  private dnsFound(ip: string | undefined, port: number): void {
    if (ip === undefined || ip === "0.0.0.0") {
      this.connackFail(CONN_FAIL_DNS);
      this.disconnected(); // nothing was connected, but this releases everything
      return;
    }
    this.connState = ConnState.INIT;
    const rc = this.conn?.connect(ip, port, {
      connected: () => this.socketConnected(),
      received: (d) => this.received(d),
      sent: () => this.socketSent(),
      disconnected: () => this.disconnected(),
      reconnect: () => this.reconnected(),
    });
    if (rc !== ESPCONN_OK) {
      this.connackFail(CONN_FAIL_DNS);
      this.disconnected();
    }
  }

  /** mqtt_socket_do_disconnect. */
  doDisconnect(): void {
    this.conn?.disconnect();
  }

  /** mqtt_socket_reconnected: the TCP connection failed or was aborted. */
  private reconnected(): void {
    this.timer.disarm();
    this.connackFail(CONN_FAIL_SERVER_NOT_FOUND);
    this.disconnected();
  }

  /** mqtt_socket_disconnected: drops the queue and buffers, then "offline" if it was connected. */
  disconnected(): void {
    this.timer.disarm();
    this.clearQueue();
    this.freeRecvBuffer();
    this.recvSize = 0;
    this.recvState = RecvState.NORMAL;
    if (this.conn !== undefined) this.fw.free(ESP_TCP_BYTES);
    this.conn = undefined;
    this.release?.();
    this.release = undefined;
    const selfRef = this.selfRef;
    this.selfRef = NOREF;
    if (this.connected) {
      this.connected = false;
      if (this.cb.offline !== NOREF && selfRef !== NOREF) {
        this.fw.callUnprotected(this.fw.getRef(this.cb.offline), [this.fw.getRef(selfRef)]);
      }
    }
    // the object may now be collected
    if (selfRef !== NOREF) this.fw.unref(selfRef);
  }

  /** mqtt_socket_connected: CONNECT goes out at once, outside the queue. */
  private socketConnected(): void {
    this.connected = true;
    const msg = connectMsg({
      clientId: this.clientId,
      username: this.username,
      password: this.password,
      willTopic: this.willTopic,
      willMessage: this.willMessage,
      keepalive: this.keepalive,
      willQos: this.willQos,
      willRetain: this.willRetain,
      cleanSession: this.cleanSession,
    });
    this.conn?.send(msg ?? Buffer.alloc(0));
    this.sending = true;
    this.timer.arm(SEND_TIMEOUT_MS, false);
    this.connState = ConnState.CONNECT_SENDING;
  }

  /** mqtt_send_if_possible: the head of the queue goes out unless a send is in flight. */
  sendIfPossible(): number {
    if (this.sending) return ESPCONN_OK;
    let status = ESPCONN_OK;
    const head = this.queue[0];
    if (head !== undefined && !head.sent && this.conn !== undefined) {
      head.sent = true;
      status = this.conn.send(head.data);
      this.sending = true;
      this.timer.arm(SEND_TIMEOUT_MS, false);
    }
    return status;
  }

  /** mqtt_socket_sent. */
  private socketSent(): void {
    if (!this.connected) return;
    this.sending = false;
    this.timer.disarm();
    if (this.connState === ConnState.CONNECT_SENDING) {
      this.connState = ConnState.CONNECT_SENT;
      this.timer.arm(SEND_TIMEOUT_MS, false);
      return;
    }
    this.timer.arm(this.keepalive * 1000, false);
    const head = this.queue[0];
    if (head === undefined) return;
    switch (head.type) {
      case MsgType.PUBLISH:
        // QoS 0 is done once the stack has it: puback tells the app it left the queue
        if (head.qos === 0) {
          this.dequeue();
          this.callNoArg(this.cb.puback);
          this.sendIfPossible();
        }
        break;
      case MsgType.PUBACK:
      case MsgType.PUBCOMP:
      case MsgType.PINGREQ:
        this.dequeue();
        this.sendIfPossible();
        break;
      case MsgType.DISCONNECT:
        this.dequeue();
        this.doDisconnect();
        break;
    }
  }

  /** mqtt_socket_timer: send and CONNACK timeouts, then keepalive pings. */
  private onTimer(): void {
    if (this.conn === undefined) return;
    if (this.connState === ConnState.CONNECT_SENDING) {
      this.connState = ConnState.INIT;
      this.doDisconnect();
      this.connackFail(CONN_FAIL_TIMEOUT_SENDING);
    } else if (this.connState === ConnState.CONNECT_SENT) {
      this.connState = ConnState.INIT;
      this.doDisconnect();
      this.connackFail(CONN_FAIL_TIMEOUT_RECEIVING);
    } else if (this.connState === ConnState.DATA && this.queue.length === 0) {
      if (this.keepaliveSent) {
        this.doDisconnect(); // the previous ping was never answered
      } else {
        this.enqueue(pingreqMsg(), 0, MsgType.PINGREQ, 0);
        this.keepaliveSent = true;
        this.sendIfPossible();
      }
    }
  }

  /** mqtt:close(): DISCONNECT is queued; the socket closes once it is sent. */
  close(): void {
    if (!this.connected) return;
    if (this.enqueue(disconnectMsg(), 0, MsgType.DISCONNECT, 0) === undefined) {
      this.doDisconnect();
      return;
    }
    this.sendIfPossible();
  }

  /** mqtt_delete (__gc): drops everything the object holds. */
  destroy(): void {
    this.timer.disarm();
    this.connected = false;
    if (this.conn !== undefined) {
      this.fw.free(ESP_TCP_BYTES);
      this.conn.disconnect();
    }
    this.conn = undefined;
    this.release?.();
    this.release = undefined;
    this.clearQueue();
    this.freeRecvBuffer();
    for (const ev of EVENTS) {
      if (this.cb[ev] !== NOREF) this.fw.unref(this.cb[ev]);
      this.cb[ev] = NOREF;
    }
    this.selfRef = NOREF;
  }

  // --- receiving (mqtt_socket_received) ---

  private received(pdata: Buffer): void {
    let buf: Buffer = pdata;
    let n = pdata.length;
    let continuation: Buffer | undefined;
    let tempAlloc = 0;

    switch (this.recvState) {
      case RecvState.NORMAL:
        break;
      case RecvState.BUFFERING_SHORT: {
        // too few bytes last time to know the length: carry on as if it all came now
        const prev = (this.recvBuf ?? Buffer.alloc(0)).subarray(0, this.recvSize);
        if (!this.alloc(this.recvSize + n)) {
          this.doDisconnect();
          return;
        }
        tempAlloc = this.recvSize + n;
        buf = Buffer.concat([prev, pdata]);
        n = buf.length;
        this.freeRecvBuffer();
        this.recvState = RecvState.NORMAL;
        break;
      }
      case RecvState.BUFFERING: {
        const rb = this.recvBuf as Buffer;
        const copy = Math.min(this.recvSize - this.recvWp, n);
        pdata.copy(rb, this.recvWp, 0, copy);
        this.recvWp += copy;
        if (this.recvWp < this.recvSize) {
          this.sendIfPossible();
          return;
        }
        continuation = pdata.subarray(copy);
        buf = rb;
        n = this.recvWp;
        this.recvState = RecvState.NORMAL;
        break;
      }
      case RecvState.SKIPPING:
        if (this.recvSkip > n) {
          this.recvSkip -= n;
          this.sendIfPossible();
          return;
        }
        buf = buf.subarray(this.recvSkip);
        n -= this.recvSkip;
        this.recvSkip = 0;
        this.recvState = RecvState.NORMAL;
        break;
    }

    this.readPackets(buf, n, continuation);
    if (tempAlloc > 0) this.fw.free(tempAlloc);
    this.sendIfPossible();
  }

  /** The READPACKET loop over one receive buffer. */
  private readPackets(first: Buffer, firstLen: number, cont: Buffer | undefined): void {
    let buf = first;
    let n = firstLen;
    let continuation = cont;
    while (n > 0) {
      if (this.connState === ConnState.CONNECT_SENDING || this.connState === ConnState.CONNECT_SENT) {
        this.timer.arm(this.keepalive * 1000, false);
        if (typeOf(buf) !== MsgType.CONNACK) {
          this.connState = ConnState.INIT;
          this.doDisconnect();
          this.connackFail(CONN_FAIL_NOT_A_CONNACK_MSG);
        } else if (connackCode(buf) !== 0) {
          this.connState = ConnState.INIT;
          this.doDisconnect();
          this.connackFail(connackCode(buf));
        } else {
          this.connState = ConnState.DATA;
          this.keepaliveSent = false;
          this.callNoArg(this.cb.connect);
        }
        return; // the rest of this segment is not looked at, as in the C
      }
      if (this.connState !== ConnState.DATA) return;

      let length = totalLength(buf, n);
      const type = typeOf(buf);
      const qos = qosOf(buf);
      const id = packetId(buf, n);

      if (length > this.maxMessageLength) {
        if (qos > 0 && id === 0) {
          length = -1; // too short to read the packet id: buffer what there is
        } else {
          if (type === MsgType.PUBLISH) {
            this.deliverPublish(buf, n, true);
            // acknowledged at once, though the rest has not arrived: no buffering for it
            if (qos === 1) this.enqueue(ackMsg(MsgType.PUBACK, id), id, MsgType.PUBACK, 0);
            else if (qos === 2) this.enqueue(ackMsg(MsgType.PUBREC, id), id, MsgType.PUBREC, 0);
          }
          if (length > n) {
            this.recvState = RecvState.SKIPPING;
            this.recvSkip = length - n;
            return;
          }
          this.recvState = RecvState.NORMAL;
          [buf, n, continuation] = this.advance(buf, n, length, continuation);
          continue;
        }
      }

      if (length === -1 || length > n) {
        // a partial packet: keep it on the heap until the rest arrives
        const size = length > 0 ? length : n;
        if (!this.alloc(size)) {
          this.doDisconnect();
          return;
        }
        const rb = Buffer.alloc(size);
        buf.copy(rb, 0, 0, n);
        this.recvBuf = rb;
        this.recvWp = n;
        this.recvState = length > 0 ? RecvState.BUFFERING : RecvState.BUFFERING_SHORT;
        this.recvSize = size;
        return;
      }

      this.handle(buf, length, type, qos, id);
      [buf, n, continuation] = this.advance(buf, n, length, continuation);
    }
  }

  /** RX_MESSAGE_PROCESSED: on to the continuation of a buffered packet, or the next packet. */
  private advance(
    buf: Buffer,
    n: number,
    length: number,
    continuation: Buffer | undefined,
  ): [Buffer, number, Buffer | undefined] {
    if (continuation !== undefined) {
      this.freeRecvBuffer();
      return [continuation, continuation.length, undefined];
    }
    return [buf.subarray(length), n - length, undefined];
  }

  /** One whole packet in the session (MQTT_DATA). Acks only count when they match the head. */
  private handle(buf: Buffer, length: number, type: number, qos: number, id: number): void {
    const head = this.queue[0];
    const headIs = (t: MsgType) => head !== undefined && head.type === t && head.id === id;
    switch (type) {
      case MsgType.SUBACK:
        if (headIs(MsgType.SUBSCRIBE)) {
          this.dequeue();
          this.callNoArg(this.cb.suback);
        }
        break;
      case MsgType.UNSUBACK:
        if (headIs(MsgType.UNSUBSCRIBE)) {
          this.dequeue();
          this.callNoArg(this.cb.unsuback);
        }
        break;
      case MsgType.PUBLISH:
        if (qos === 1) this.enqueue(ackMsg(MsgType.PUBACK, id), id, MsgType.PUBACK, 0);
        else if (qos === 2) this.enqueue(ackMsg(MsgType.PUBREC, id), id, MsgType.PUBREC, 0);
        this.deliverPublish(buf, length, false);
        break;
      case MsgType.PUBACK:
        if (headIs(MsgType.PUBLISH)) {
          this.dequeue();
          this.callNoArg(this.cb.puback);
        }
        break;
      case MsgType.PUBREC:
        if (headIs(MsgType.PUBLISH)) {
          this.dequeue();
          this.enqueue(ackMsg(MsgType.PUBREL, id), id, MsgType.PUBREL, 0);
        }
        break;
      case MsgType.PUBREL:
        if (headIs(MsgType.PUBREC)) {
          this.dequeue();
          this.enqueue(ackMsg(MsgType.PUBCOMP, id), id, MsgType.PUBCOMP, 0);
        }
        break;
      case MsgType.PUBCOMP:
        if (headIs(MsgType.PUBREL)) {
          this.dequeue();
          this.callNoArg(this.cb.puback);
        }
        break;
      case MsgType.PINGREQ:
        this.enqueue(pingrespMsg(), id, MsgType.PINGRESP, 0);
        break;
      case MsgType.PINGRESP:
        this.keepaliveSent = false;
        break;
    }
  }
}
