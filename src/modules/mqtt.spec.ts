// The mqtt module against a scripted broker (the spec plays it), in device time: the session
// rules of mqtt.c (queue, acks, keepalive, timeouts, overflow) and its Lua API.

import { generate, type Packet, parser } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { type TestDevice, testDevice } from "../test-support/device.js";
import { type FakeConn, FakeNet } from "../test-support/fake-espnet.js";
import { provideEspNet } from "./espconn-net.js";

const MODULES = ["node", "tmr", "mqtt"];

function board(modules = MODULES): { t: TestDevice; net: FakeNet } {
  const raw = testDevice({}, { modules });
  // the console's CRLF line ends, as plain \n
  const nl = (s: string) => s.replace(/\r\n/g, "\n");
  const t: TestDevice = { ...raw, take: () => nl(raw.take()), type: (l) => nl(raw.type(l)) };
  const net = new FakeNet(t.device.fw);
  provideEspNet(t.device.fw, net);
  return { t, net };
}

/** What the device wrote on a connection, as packets. */
function packets(c: FakeConn): Packet[] {
  const out: Packet[] = [];
  const p = parser({ protocolVersion: 4 });
  p.on("packet", (pk: Packet) => out.push(pk));
  for (const b of c.written) p.parse(b);
  return out;
}

const send = (t: TestDevice, c: FakeConn, p: Packet): string => {
  c.deliver(generate(p));
  t.settle();
  return t.take();
};

const CONNECTED = `m = mqtt.Client("dev1", 30)
m:on("offline", function(c) print("offline") end)
m:on("message", function(c, t, d) print("msg", t, d) end)
m:connect("10.0.0.2", 1883, function(c) print("connected") end, function(c, r) print("fail", r) end)`;

function connected(): { t: TestDevice; net: FakeNet; c: FakeConn } {
  const { t, net } = board();
  t.type(CONNECTED);
  const c = net.last;
  expect(send(t, c, { cmd: "connack", returnCode: 0, sessionPresent: false })).toBe("connected\n");
  return { t, net, c };
}

describe("mqtt module table", () => {
  it("has mqtt.c's entries and the mqtt.socket methods in declaration order", () => {
    const { t } = board();
    t.take();
    expect(t.type("local s = '' for k in pairs(mqtt) do s = s .. k .. ' ' end print(s)")).toBe(
      "local s = '' for k in pairs(mqtt) do s = s .. k .. ' ' end print(s)\nClient CONN_FAIL_SERVER_NOT_FOUND CONN_FAIL_NOT_A_CONNACK_MSG CONN_FAIL_DNS CONN_FAIL_TIMEOUT_RECEIVING CONN_FAIL_TIMEOUT_SENDING CONNACK_ACCEPTED CONNACK_REFUSED_PROTOCOL_VER CONNACK_REFUSED_ID_REJECTED CONNACK_REFUSED_SERVER_UNAVAILABLE CONNACK_REFUSED_BAD_USER_OR_PASS CONNACK_REFUSED_NOT_AUTHORIZED \n> ",
    );
    t.take();
    expect(t.type("=mqtt.CONN_FAIL_SERVER_NOT_FOUND, mqtt.CONNACK_REFUSED_NOT_AUTHORIZED")).toContain(
      "-5\t5\n",
    );
    const mt = "local s = '' for k in pairs(getmetatable(mqtt.Client())) do s = s .. k .. ' ' end print(s)";
    expect(t.type(mt)).toContain("__gc __index connect close publish subscribe unsubscribe lwt on \n");
  });
});

describe("connecting", () => {
  it("sends CONNECT with the client's settings and calls connect on CONNACK 0", () => {
    const { t, net } = board();
    t.type(`m = mqtt.Client("dev1", 30, "user", "pw", 0, 2048)
m:lwt("dev/status", "gone", 1, 1)
m:connect("10.0.0.2", 1884, function(c) print("connected", c == m) end)`);
    const c = net.last;
    expect(c.remote).toEqual({ ip: "10.0.0.2", port: 1884 });
    const [p] = packets(c);
    expect(p).toMatchObject({
      cmd: "connect",
      protocolVersion: 4,
      clientId: "dev1",
      keepalive: 30,
      clean: false,
      username: "user",
      will: { topic: "dev/status", qos: 1, retain: true },
    });
    expect(send(t, c, { cmd: "connack", returnCode: 0, sessionPresent: false })).toBe("connected\ttrue\n");
  });

  it("defaults: client id NodeMCU_<chipid hex>, keepalive 60, and no clean session (the C zeroes the flags)", () => {
    const { t, net } = board();
    t.type('m = mqtt.Client() m:connect("10.0.0.2")');
    const id = t.type("=node.chipid()").match(/\n(\d+)\n/)?.[1];
    const [p] = packets(net.last);
    expect(p).toMatchObject({
      cmd: "connect",
      clientId: `NodeMCU_${Number(id).toString(16)}`,
      keepalive: 60,
      clean: false,
    });
  });

  it("reports a refused CONNACK's code and a missing one as CONN_FAIL_TIMEOUT_RECEIVING", () => {
    const { t, net } = board();
    t.type(CONNECTED);
    expect(send(t, net.last, { cmd: "connack", returnCode: 5, sessionPresent: false })).toBe(
      "fail\t5\noffline\n",
    );
    t.type('m:connect("10.0.0.2")');
    t.device.advance(5_000_000);
    t.settle();
    expect(t.take()).toBe("fail\t-2\noffline\n");
  });

  it("reports a refused TCP connection as CONN_FAIL_SERVER_NOT_FOUND and an unknown name as CONN_FAIL_DNS", () => {
    const { t, net } = board();
    net.refused.add(1883);
    t.take();
    expect(t.type(CONNECTED)).toContain("> fail\t-5\n");
    expect(t.type('m:connect("no.such.host")')).toContain("> fail\t-3\n");
  });

  it("raises already connected, ssl not available, and not connected", () => {
    const { t } = connected();
    expect(t.type('m:connect("10.0.0.2")')).toContain("already connected");
    const { t: t2 } = board();
    expect(t2.type('m = mqtt.Client() m:connect("10.0.0.2", 8883, true)')).toContain("ssl not available");
    expect(t2.type('m:publish("a", "b", 0, 0)')).toContain("not connected");
    expect(t2.type('m:subscribe("a", 0)')).toContain("not connected");
  });

  it("warns of an integer secure flag on the UART", () => {
    const { t } = board();
    expect(t.type('m = mqtt.Client() m:connect("10.0.0.2", 1883, 0)')).toContain(
      "Warning, deprecated API! mqtt.connect secure parameter as integer. It will be removed in the future.",
    );
  });
});

describe("the session", () => {
  it("publishes QoS 0 (puback once sent), 1 (on PUBACK) and 2 (PUBREC, PUBREL, PUBCOMP) one at a time", () => {
    const { t, c } = connected();
    expect(t.type('=m:publish("t/0", "zero", 0, 0, function() print("done") end)')).toContain(
      "true\n> done\n",
    );
    t.type('m:publish("t/1", "one", 1, 1) m:publish("t/2", "two", 2, 0)');
    let ps = packets(c);
    expect(ps.slice(1).map((p) => p.cmd)).toEqual(["publish", "publish"]);
    const p1 = ps[2] as Packet & { messageId: number; qos: number; retain: boolean };
    expect(p1).toMatchObject({ topic: "t/1", qos: 1, retain: true });
    // the QoS 2 message waits behind the unacknowledged QoS 1 one
    expect(send(t, c, { cmd: "puback", messageId: p1.messageId })).toBe("done\n");
    ps = packets(c);
    const p2 = ps[3] as Packet & { messageId: number };
    expect(p2).toMatchObject({ cmd: "publish", topic: "t/2", qos: 2 });
    send(t, c, { cmd: "pubrec", messageId: p2.messageId });
    expect(packets(c)[4]).toMatchObject({ cmd: "pubrel", messageId: p2.messageId });
    expect(send(t, c, { cmd: "pubcomp", messageId: p2.messageId })).toBe("done\n");
  });

  it("subscribes in single and table form and unsubscribes, with suback/unsuback", () => {
    const { t, c } = connected();
    t.type('m:subscribe("a/#", 1, function() print("suback") end)');
    const s1 = packets(c)[1] as Packet & { messageId: number };
    expect(s1).toMatchObject({ cmd: "subscribe", subscriptions: [{ topic: "a/#", qos: 1 }] });
    expect(send(t, c, { cmd: "suback", messageId: s1.messageId, granted: [1] })).toBe("suback\n");
    t.type('m:subscribe({["b"] = 0, ["c"] = 2})');
    const s2 = packets(c)[2] as Packet & { messageId: number; subscriptions: { topic: string }[] };
    expect(s2.subscriptions.map((s) => s.topic).sort()).toEqual(["b", "c"]);
    expect(send(t, c, { cmd: "suback", messageId: s2.messageId, granted: [0, 2] })).toBe("suback\n");
    t.type('m:unsubscribe({["b"] = true}, function() print("unsuback") end)');
    const u = packets(c)[3] as Packet & { messageId: number };
    expect(u).toMatchObject({ cmd: "unsubscribe", unsubscriptions: ["b"] });
    expect(send(t, c, { cmd: "unsuback", messageId: u.messageId } as Packet)).toBe("unsuback\n");
    expect(t.type("m:subscribe({})")).toContain("no topics found");
  });

  it("delivers messages, acknowledges QoS 1 and 2, and cuts those over max_message_length to overflow", () => {
    const { t, c } = connected();
    expect(
      send(t, c, {
        cmd: "publish",
        topic: "x",
        payload: Buffer.from("hi"),
        qos: 1,
        messageId: 7,
        retain: false,
        dup: false,
      }),
    ).toBe("msg\tx\thi\n");
    expect(packets(c)[1]).toMatchObject({ cmd: "puback", messageId: 7 });
    t.type('m:on("overflow", function(c, t, d) print("over", t, #d) end)');
    const big = Buffer.alloc(1500, 0x41);
    expect(send(t, c, { cmd: "publish", topic: "y", payload: big, qos: 0, retain: false, dup: false })).toBe(
      // one receive carries all 1506 bytes here; the callback gets what arrived of the payload
      "over\ty\t1500\n",
    );
    expect(
      send(t, c, { cmd: "publish", topic: "z", payload: Buffer.from(""), qos: 0, retain: false, dup: false }),
    ).toBe("msg\tz\tnil\n");
  });

  it("pings after keepalive seconds and drops the connection when a ping goes unanswered", () => {
    const { t, c } = connected();
    t.device.advance(30_000_000);
    t.settle();
    expect(packets(c).map((p) => p.cmd)).toEqual(["connect", "pingreq"]);
    send(t, c, { cmd: "pingresp" });
    t.device.advance(30_000_000);
    t.settle();
    expect(packets(c).map((p) => p.cmd)).toEqual(["connect", "pingreq", "pingreq"]);
    t.device.advance(30_000_000);
    t.settle();
    expect(t.take()).toBe("offline\n");
    expect(c.closedByDevice).toBe(true);
  });

  it("close sends DISCONNECT, then goes offline; the broker closing goes offline too", () => {
    const { t, c } = connected();
    expect(t.type("m:close()")).toContain("> offline\n");
    expect(packets(c).map((p) => p.cmd)).toEqual(["connect", "disconnect"]);
    const again = connected();
    again.c.peerClose();
    again.t.settle();
    expect(again.t.take()).toBe("offline\n");
  });

  it("an error in a callback is unprotected: PANIC and a watchdog reset", () => {
    const { t, c } = connected();
    t.type('m:on("message", function() error("boom") end)');
    c.deliver(
      generate({ cmd: "publish", topic: "x", payload: Buffer.from("1"), qos: 0, retain: false, dup: false }),
    );
    t.settle();
    const out = t.take();
    expect(out).toContain("PANIC: unprotected error in call to Lua API (stdin:1: boom)\n");
    expect(t.type("=node.bootreason()")).toMatch(/\n\d+\t3\n/);
  });
});
