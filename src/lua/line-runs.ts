// The NodeMCU compiler's line bookkeeping (app/lua/lcode.c luaK_code and luaK_fixline): it
// builds packed line items as instructions are emitted, and a fixed-up line that equals the
// previous item's line starts a new "same line again" item instead of merging with it. The
// items differ from a re-encoding of the final per-instruction lines only in such splits, which
// the firmware's own compiler (and luac.cross) writes into unstripped .lc files.

import { INFO_MAX_LINECNT, type LineRun } from "./packed-lineinfo.js";

export class FirmwareLineRuns {
  readonly runs: LineRun[] = [];
  /** lcode.c fs->lineinfoLastPC. */
  private lastPc = -1;

  private get lastLine(): number {
    return this.runs.length === 0 ? 0 : this.runs[this.runs.length - 1]!.line;
  }

  /** luaK_code: the instruction at `pc` is on `line` (`pc` may rewrite the last instruction). */
  code(pc: number, line: number): void {
    if (pc === this.lastPc + 1) {
      const last = this.runs[this.runs.length - 1];
      if (last !== undefined && line === last.line && last.count < INFO_MAX_LINECNT) last.count++;
      else this.runs.push({ line, count: 1 });
    } else {
      this.fix(line); // the last instruction was removed and is being replaced
    }
    this.lastPc = pc;
  }

  /** luaK_fixline: moves the last instruction to `line`. */
  fix(line: number): void {
    if (line === this.lastLine) return;
    const last = this.runs[this.runs.length - 1]!;
    if (last.count > 1) last.count--;
    else this.runs.pop();
    this.runs.push({ line, count: 1 });
  }
}
