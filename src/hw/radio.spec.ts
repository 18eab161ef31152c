import { describe, expect, it } from "vitest";
import { emptyStaConfig, Radio } from "./radio.js";

const sta = (ssid: string, password = "", bssid?: string) => ({ ...emptyStaConfig(), ssid, password, bssid });

describe("Radio", () => {
  it("the default world has the AP the app configures, with the app's password", () => {
    const r = new Radio(undefined, 7);
    const ap = r.find(sta("MyHome", "secret123"))!;
    expect(ap).toMatchObject({ ssid: "MyHome", password: "secret123", authmode: 3 });
    expect(ap.bssid).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(ap.channel).toBeGreaterThanOrEqual(1);
    expect(ap.channel).toBeLessThanOrEqual(13);
    expect(r.find(sta("Open"))!.authmode).toBe(0);
    // neighbours for scans
    expect(r.accessPoints().length).toBe(2);
  });

  it("is deterministic per seed", () => {
    const a = new Radio(undefined, 1).find(sta("x", "12345678"))!;
    const b = new Radio(undefined, 1).find(sta("x", "12345678"))!;
    const c = new Radio(undefined, 2).find(sta("x", "12345678"))!;
    expect(a).toEqual(b);
    expect(a.bssid).not.toBe(c.bssid);
    expect(a.dhcp === false ? "" : a.dhcp.ip).toMatch(/^192\.168\.1\.1\d\d$/);
  });

  it("an explicit world has only its access points", () => {
    const r = new Radio(
      {
        accessPoints: [
          { ssid: "lab", password: "pw123456", bssid: "AA:BB:CC:DD:EE:FF", channel: 11, rssi: -50 },
          { ssid: "lab", password: "pw123456", bssid: "aa:bb:cc:dd:ee:00", channel: 3, rssi: -70 },
          { ssid: "nodhcp", dhcp: false },
        ],
      },
      0,
    );
    expect(r.find(sta("other"))).toBeUndefined();
    expect(r.find(sta("lab", "x"))!.bssid).toBe("aa:bb:cc:dd:ee:ff");
    expect(r.find(sta("lab", "x", "aa:bb:cc:dd:ee:00"))!.channel).toBe(3);
    expect(r.find(sta("nodhcp"))!.dhcp).toBe(false);
    expect(r.find(sta("lab"))!.dhcp).toMatchObject({ network: "192.168.1.0", gateway: "192.168.1.1" });
    expect(r.wrongPasswordReason).toBe(15);
  });

  it("starts with the factory flash parameters", () => {
    const r = new Radio(undefined, 0);
    expect(r.flash.opmode).toBe(2);
    expect(r.flash.autoConnect).toBe(true);
    expect(r.flash.sta.list).toEqual([emptyStaConfig()]);
  });
});
