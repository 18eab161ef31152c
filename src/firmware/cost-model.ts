// Device time of Lua code on an ESP8266 (DESIGN.md "Time"). The VM charges its instruction
// budget per loop iteration (the loop body's length in VM instructions), per Lua call and per
// library (C) function call (src/lua/state.ts LuaGlobal.budget, calls.ts CALL_COST and
// NATIVE_CALL_COST); this model turns those instructions into microseconds.
//
// Calibration basis: the Lua 5.1 VM spends on the order of 30-60 CPU cycles per simple VM
// instruction on 32-bit cores without an instruction cache miss; on the ESP8266 the interpreter
// runs from SPI flash through a 32 KB cache (execution from flash is a few times slower than from
// IRAM on a miss), and NodeMCU's ROTable lookups and EGC add to that. We take 80 cycles per VM
// instruction at 80 MHz (1 µs) and, since flash fetches do not speed up with the CPU clock, 0.6
// µs at 160 MHz. This is an estimate, not a measurement of a board: a `for i = 1, 1e6 do end`
// (one FORLOOP per iteration) costs 1 s of device time at 80 MHz, which is the order of magnitude
// NodeMCU users report for empty loops. It decides watchdog resets and the 15 ms task guideline,
// so it errs on the side of the board being slow.

export const US_PER_INSTRUCTION: Readonly<Record<80 | 160, number>> = { 80: 1.0, 160: 0.6 };

/** How many VM instructions a task may run between looks at the clock (the budget slice). */
export const BUDGET_SLICE = 20_000;

/**
 * The watchdog: a task that keeps the CPU longer than this without feeding the watchdog resets
 * the board (docs/lua-developer-faq.md: "more than 500 ms"; the SDK's soft WDT).
 */
export const WATCHDOG_US = 500_000;

/** Espressif's guideline for one task (docs/extn-developer-faq.md): longer ones are reported. */
export const TASK_GUIDELINE_US = 15_000;

/**
 * What dispatching one task costs besides its Lua (the SDK's task dispatch, the firmware's
 * protected call and registry lookups): an estimate, which also keeps a chain of tasks that post
 * each other from running at a standstill in virtual time.
 */
export const TASK_OVERHEAD_US = 20;
