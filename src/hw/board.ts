// The simulated board around the ESP8266: its GPIO pads, the analog input (TOUT) and supply
// voltage, the RTC user memory, and the byte of the PHY init data that picks what the ADC
// measures. A Device owns one Board and keeps it across restarts, as the board stays powered;
// it calls reset() at each boot so that what the hardware forgets is forgotten.

import type { Firmware } from "../firmware/module.js";
import { Pins, type PinsConfig } from "./pins.js";

/** Slots of RTC user memory (rtcaccess.h RTC_USER_MEM_NUM_DWORDS). */
export const RTC_USER_SLOTS = 128;

/** esp_init_data byte 107 (vdd33_const): 0xff measures VDD33, anything else the TOUT pin. */
export const INIT_VDD33 = 0xff;
export const INIT_ADC = 0x00;

/** Why the chip is starting, as far as the board can tell. */
export type ResetKind = "power-on" | "restart" | "deep-sleep-wake";

/** The board as plain data. */
export interface BoardConfig {
  pins?: PinsConfig;
  /** The ADC reading of the TOUT pin, 0..1024 (default 0). */
  adc?: number;
  /** The supply voltage in mV, what readvdd33 returns (default 3300). */
  vdd33?: number;
  /** Byte 107 of the PHY init data in flash (default INIT_ADC, as esp_init_data_default). */
  initByte107?: number;
  /** RTC user memory at power-on (default all zero; the real chip's contents are undefined). */
  rtcmem?: readonly number[];
}

export class Board {
  readonly pins: Pins;
  /** RTC user memory: survives restarts and deep sleep, not power loss. */
  readonly rtcmem = new Uint32Array(RTC_USER_SLOTS);
  /** Byte 107 of the PHY init data as stored in flash (adc.force_init_mode writes it). */
  initByte107: number;
  /** Byte 107 as read at the last boot: what the ADC measures until the next one. */
  private bootByte107: number;
  private adcValue = 0;
  private vdd33Value = 3300;
  private readonly powerOnRtc: readonly number[];
  private lastResetKind: ResetKind = "power-on";

  constructor(config: BoardConfig = {}) {
    this.pins = new Pins(config.pins);
    this.adc = config.adc ?? 0;
    this.vdd33 = config.vdd33 ?? 3300;
    this.initByte107 = (config.initByte107 ?? INIT_ADC) & 0xff;
    this.bootByte107 = this.initByte107;
    this.powerOnRtc = config.rtcmem ?? [];
    this.loadPowerOnRtc();
  }

  /** The TOUT pin's reading, 0..1024. */
  get adc(): number {
    return this.adcValue;
  }

  set adc(v: number) {
    if (!Number.isInteger(v) || v < 0 || v > 1024) throw new RangeError(`ADC value ${v} is not in 0..1024`);
    this.adcValue = v;
  }

  /** The supply voltage in mV. */
  get vdd33(): number {
    return this.vdd33Value;
  }

  set vdd33(mv: number) {
    if (!Number.isInteger(mv) || mv < 0 || mv > 0xfffe)
      throw new RangeError(`VDD33 ${mv} mV is out of range`);
    this.vdd33Value = mv;
  }

  /** True when the ADC measures VDD33 in this boot (the PHY init data read at boot said 0xff). */
  get adcMeasuresVdd33(): boolean {
    return this.bootByte107 === INIT_VDD33;
  }

  /** How the chip last started. */
  get lastReset(): ResetKind {
    return this.lastResetKind;
  }

  /**
   * A chip reset: the pads go back to inputs and the PHY init data is read again. Power-on also
   * loses the RTC user memory; a restart or a deep-sleep wake keeps it.
   */
  reset(kind: ResetKind): void {
    this.lastResetKind = kind;
    this.pins.reset();
    this.bootByte107 = this.initByte107;
    if (kind === "power-on") this.loadPowerOnRtc();
  }

  private loadPowerOnRtc(): void {
    this.rtcmem.fill(0);
    this.powerOnRtc.forEach((v, i) => {
      if (i < RTC_USER_SLOTS) this.rtcmem[i] = v >>> 0;
    });
  }
}

/**
 * The board a running firmware is wired to. The Device gives its Firmware a `board` property;
 * modules reach the board only through this.
 */
export function boardOf(fw: Firmware): Board {
  const board = (fw as { board?: Board }).board;
  if (board === undefined) throw new Error("this firmware has no board: give it a `board` (src/hw/board.ts)");
  return board;
}

/** The board if the firmware has one yet (module init runs before a test attaches one). */
export function boardIfAny(fw: Firmware): Board | undefined {
  return (fw as { board?: Board }).board;
}
