// The mqtt module (app/modules/mqtt.c, docs/modules/mqtt.md): mqtt.Client and the "mqtt.socket"
// methods over the session of mqtt-client.ts. The build's CLIENT_SSL_ENABLE (off by default,
// user_config.h) is taken to be on exactly when the tls module is built, since the tls module
// needs it; without it a secure connect raises "ssl not available".

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { newUserdata } from "../lua/gc.js";
import { argError, checkString, error, typeError } from "../lua/lib/aux.js";
import { light, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { LuaTable } from "../lua/table.js";
import { ESPCONN_OK } from "./espconn.js";
import { espNetOf } from "./espconn-net.js";
import { checkInt32 } from "./int32.js";
import { checkUdata, isFunction, isNumber, isString } from "./lua-args.js";
import {
  CONN_FAIL_DNS,
  CONN_FAIL_NOT_A_CONNACK_MSG,
  CONN_FAIL_SERVER_NOT_FOUND,
  CONN_FAIL_TIMEOUT_RECEIVING,
  CONN_FAIL_TIMEOUT_SENDING,
  DEFAULT_KEEPALIVE,
  DEFAULT_MAX_MESSAGE_LENGTH,
  EVENTS,
  MqttClient,
  NOREF,
} from "./mqtt-client.js";
import { MsgType, publishMsg, subscribeMsg, unsubscribeMsg } from "./mqtt-wire.js";
import { chipId } from "./node.js";

export const MQTT_TYPE = "mqtt.socket";

/** sizeof(lmqtt_userdata) on the ESP8266: espconn, 9 refs, conf, mqtt_state, flags, ETSTimer. */
const SIZEOF_MQTT = 144;

const check = (L: LuaThread): MqttClient => checkUdata<MqttClient>(L, 1, MQTT_TYPE);

/** lua_tointeger of a number or numeric string (the C reads these after lua_isnumber). */
const toInt = (L: LuaThread, i: number): number => checkInt32(L, i);

/** luaL_reref into one of the callback slots. */
function setCallback(c: MqttClient, fw: Firmware, ev: (typeof EVENTS)[number], fn: unknown): void {
  if (c.cb[ev] !== NOREF) fw.unref(c.cb[ev]);
  c.cb[ev] = fw.ref(fn as never);
}

function clientFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = new MqttClient(fw, () => espNetOf(fw));
    const ud = newUserdata(L, SIZEOF_MQTT, c);
    ud.metatable = L.G.registry.get(MQTT_TYPE) as LuaTable | undefined;
    let i = 1;
    if (isString(L.arg(i))) {
      c.clientId = checkString(L, i++);
    } else {
      c.clientId = `NodeMCU_${chipId(fw.config.seed).toString(16)}`;
    }
    if (isNumber(L.arg(i))) c.keepalive = toInt(L, i++);
    if (c.keepalive === 0) c.keepalive = DEFAULT_KEEPALIVE;
    if (isString(L.arg(i))) c.username = checkString(L, i++);
    if (isString(L.arg(i))) c.password = checkString(L, i++);
    // mqtt.md documents cleansession=1 by default, but the C zeroes the flags and only an
    // argument sets it: without one the session is not clean
    if (isNumber(L.arg(i))) c.cleanSession = toInt(L, i++) !== 0;
    if (isNumber(L.arg(i))) c.maxMessageLength = toInt(L, i++) & 0xffff; // a uint16_t
    if (c.maxMessageLength === 0) c.maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
    L.push(ud);
    return 1;
  };
}

function connectFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = check(L);
    const top = L.nargs;
    if (c.connected) error(L, "already connected");
    let i = 2;
    let host = "";
    let port = 1883;
    if (i <= top && isString(L.arg(i))) host = checkString(L, i++);
    if (i <= top && isNumber(L.arg(i))) port = toInt(L, i++) >>> 0;
    const sec = L.arg(i);
    if (i <= top && (isNumber(sec) || typeof sec === "boolean")) {
      if (isNumber(sec)) {
        fw.uartWrite(
          0,
          "Warning, deprecated API! mqtt.connect secure parameter as integer. It will be removed in the future. See documentation for details.\n",
        );
        c.secure = toInt(L, i) !== 0;
      } else {
        c.secure = sec === true;
      }
      i++;
    }
    if (c.secure && !fw.config.modules.includes("tls")) error(L, "ssl not available");
    if (i <= top && isFunction(L.arg(i))) setCallback(c, fw, "connect", L.arg(i));
    i++;
    if (i <= top && isFunction(L.arg(i))) setCallback(c, fw, "connfail", L.arg(i));
    if (c.selfRef !== NOREF) fw.unref(c.selfRef);
    c.selfRef = fw.ref(L.arg(1));
    c.start(host, port & 0xffff);
    return 0;
  };
}

const close = (L: LuaThread): number => {
  check(L).close();
  return 0;
};

function onFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = check(L);
    if (!isFunction(L.arg(3))) typeError(L, 3, "function");
    const name = checkString(L, 2);
    const ev = EVENTS.find((e) => e === name);
    if (ev === undefined) argError(L, 2, `invalid option '${name}'`);
    setCallback(c, fw, ev, L.arg(3));
    return 0;
  };
}

/** The table form of subscribe/unsubscribe: its pairs in lua_next order. */
function pairsOf(t: LuaTable): [unknown, unknown][] {
  const out: [unknown, unknown][] = [];
  let e = t.next(undefined);
  while (e !== undefined) {
    out.push(e);
    e = t.next(e[0]);
  }
  return out;
}

/** The pushes of subscribe/unsubscribe/publish: true once queued and handed to the stack. */
function queued(L: LuaThread, c: MqttClient, node: unknown): number {
  const status = c.sendIfPossible();
  L.push(node !== undefined && status === ESPCONN_OK);
  return 1;
}

function subscribeFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = check(L);
    if (!c.connected) error(L, "not connected");
    let i = 2;
    let id: number;
    let msg: ReturnType<typeof subscribeMsg>;
    const arg = L.arg(i);
    if (arg instanceof LuaTable) {
      const topics: [string, number][] = [];
      // each pair is checked as lua_next reaches it: key with luaL_checkstring, value with
      // luaL_checkinteger (errors name the stack slots the C reads them from)
      for (const [k, v] of pairsOf(arg)) {
        // luaL_checkstring(L, -2) and luaL_checkinteger(L, -1) as lua_next reaches each pair
        if (!isString(k as never)) error(L, "bad argument #-2 to 'subscribe' (string expected)");
        if (!isNumber(v as never)) error(L, "bad argument #-1 to 'subscribe' (number expected)");
        topics.push([typeof k === "number" ? String(k) : (k as string), Number(v) | 0]);
      }
      if (topics.length === 0) error(L, "no topics found");
      id = c.nextMessageId();
      msg = subscribeMsg(id, topics);
      if (msg === undefined) error(L, "buffer overflow, can't enqueue all subscriptions");
      i++;
    } else {
      const topic = checkString(L, i++);
      const qos = toInt(L, i++);
      id = c.nextMessageId();
      msg = subscribeMsg(id, [[topic, qos]]);
    }
    if (isFunction(L.arg(i))) setCallback(c, fw, "suback", L.arg(i));
    const node = c.enqueue(msg, id, MsgType.SUBSCRIBE, 1);
    return queued(L, c, node);
  };
}

function unsubscribeFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = check(L);
    if (!c.connected) error(L, "not connected");
    let i = 2;
    let id: number;
    let msg: ReturnType<typeof unsubscribeMsg>;
    const arg = L.arg(i);
    if (arg instanceof LuaTable) {
      const topics: string[] = [];
      for (const [k] of pairsOf(arg)) {
        if (!isString(k as never)) error(L, "bad argument #-2 to 'unsubscribe' (string expected)");
        topics.push(typeof k === "number" ? String(k) : (k as string));
      }
      if (topics.length === 0) error(L, "no topics found");
      id = c.nextMessageId();
      msg = unsubscribeMsg(id, topics);
      if (msg === undefined) error(L, "buffer overflow, can't enqueue all unsubscriptions");
      i++;
    } else {
      const topic = checkString(L, i++);
      id = c.nextMessageId();
      msg = unsubscribeMsg(id, [topic]);
    }
    if (isFunction(L.arg(i))) setCallback(c, fw, "unsuback", L.arg(i));
    const node = c.enqueue(msg, id, MsgType.UNSUBSCRIBE, 1);
    return queued(L, c, node);
  };
}

function publishFn(fw: Firmware) {
  return (L: LuaThread): number => {
    const c = check(L);
    if (!c.connected) error(L, "not connected");
    const topic = checkString(L, 2);
    const payload = checkString(L, 3);
    const qos = toInt(L, 4) & 0xff; // uint8_t
    const retain = toInt(L, 5) & 0xff;
    const id = qos !== 0 ? c.nextMessageId() : 0;
    const msg = publishMsg(topic, payload, qos, retain !== 0, id);
    if (isFunction(L.arg(6))) setCallback(c, fw, "puback", L.arg(6));
    const node = c.enqueue(msg, id, MsgType.PUBLISH, qos);
    return queued(L, c, node);
  };
}

const lwt = (L: LuaThread): number => {
  const c = check(L);
  if (!isString(L.arg(2))) argError(L, 2, "need lwt topic");
  if (!isString(L.arg(3))) argError(L, 3, "need lwt message");
  c.willTopic = checkString(L, 2);
  c.willMessage = checkString(L, 3);
  let i = 4;
  if (isNumber(L.arg(i))) c.willQos = toInt(L, i++) & 3;
  if (isNumber(L.arg(i))) c.willRetain = toInt(L, i++) !== 0;
  return 0;
};

/** mqtt_delete, the __gc metamethod. */
const gc = (L: LuaThread): number => {
  check(L).destroy();
  return 0;
};

/** The per-boot "mqtt.socket" method table (its functions close over this boot's firmware). */
function socketMetatable(fw: Firmware): RomTable {
  const mt = new RomTable([
    ["__gc", light("__gc", gc)],
    ["__index", true],
    ["connect", light("connect", connectFn(fw))],
    ["close", light("close", close)],
    ["publish", light("publish", publishFn(fw))],
    ["subscribe", light("subscribe", subscribeFn(fw))],
    ["unsubscribe", light("unsubscribe", unsubscribeFn(fw))],
    ["lwt", light("lwt", lwt)],
    ["on", light("on", onFn(fw))],
  ]);
  mt.setValueAt(mt.findIndex("__index"), mt);
  return mt;
}

export const mqttModule: ModuleDef = {
  name: "mqtt",
  entries: (fw) => [
    ["Client", light("Client", clientFn(fw))],
    ["CONN_FAIL_SERVER_NOT_FOUND", CONN_FAIL_SERVER_NOT_FOUND],
    ["CONN_FAIL_NOT_A_CONNACK_MSG", CONN_FAIL_NOT_A_CONNACK_MSG],
    ["CONN_FAIL_DNS", CONN_FAIL_DNS],
    ["CONN_FAIL_TIMEOUT_RECEIVING", CONN_FAIL_TIMEOUT_RECEIVING],
    ["CONN_FAIL_TIMEOUT_SENDING", CONN_FAIL_TIMEOUT_SENDING],
    ["CONNACK_ACCEPTED", 0],
    ["CONNACK_REFUSED_PROTOCOL_VER", 1],
    ["CONNACK_REFUSED_ID_REJECTED", 2],
    ["CONNACK_REFUSED_SERVER_UNAVAILABLE", 3],
    ["CONNACK_REFUSED_BAD_USER_OR_PASS", 4],
    ["CONNACK_REFUSED_NOT_AUTHORIZED", 5],
  ],
  init(fw) {
    // luaL_rometatable(L, "mqtt.socket", mqtt_socket)
    fw.L.G.registry.set(MQTT_TYPE, socketMetatable(fw));
  },
};
