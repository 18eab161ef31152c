// UART0 receive line discipline (app/driver/input.c input_readline): with run_input on, each
// byte is echoed, CR/LF and LF/CR pairs count as one line end (echoed as LF), BS and DEL erase
// with "\b \b", an empty line only re-prints the prompt, and a line longer than the 256-byte
// buffer silently restarts from its tail. With run_input off (uart.on("data", n|char, fn, 0))
// bytes go to the callback in fixed-size chunks, up to an end character, or one at a time.

/** LUA_MAXINPUT (app/lua/luaconf.h:293). */
export const LINE_BUFFER = 256;

export interface UartInputSink {
  /** Console output (echo, the prompt of an empty line). */
  echo(s: string): void;
  /** A complete non-empty line, without its end, for the interpreter. */
  line(line: string): void;
  /** The prompt an empty line re-prints (input_setprompt). */
  prompt(): string;
  /** uart.on("data") callback: a line (run_input) or raw data (not run_input). */
  data?(s: string): void;
}

export class UartInput {
  echo = true;
  runInput = true;
  /** uart.on's length (> 0), 0 for every byte, or -1 to cut at endChar. */
  dataLen = 0;
  endChar = "";
  private buf = "";
  private last = "";
  private readonly fifo: string[] = [];

  receive(bytes: string): void {
    this.fifo.push(bytes);
  }

  get pending(): boolean {
    return this.fifo.length > 0;
  }

  /**
   * input_handler: drains the receive FIFO. In run_input mode it stops after one complete line,
   * returning true, as input_readline does (the handler loops until it returns false).
   */
  process(sink: UartInputSink): boolean {
    while (this.fifo.length > 0) {
      const chunk = this.fifo[0]!;
      let i = 0;
      let lineDone = false;
      for (; i < chunk.length && !lineDone; i++) lineDone = this.byte(chunk[i]!, sink);
      if (i < chunk.length) this.fifo[0] = chunk.slice(i);
      else this.fifo.shift();
      if (lineDone) return true;
    }
    return false;
  }

  private byte(ch: string, sink: UartInputSink): boolean {
    if (!this.runInput) {
      if (sink.data === undefined) return false;
      if (this.dataLen === 0) {
        sink.data(ch);
        return false;
      }
      this.buf += ch;
      if (
        this.buf.length >= LINE_BUFFER ||
        (this.dataLen > 0 && this.buf.length >= this.dataLen) ||
        (this.dataLen < 0 && ch === this.endChar)
      ) {
        const d = this.buf;
        this.buf = "";
        sink.data(d);
      }
      return false;
    }
    if ((ch === "\r" && this.last === "\n") || (ch === "\n" && this.last === "\r")) {
      this.last = "";
      return false;
    }
    if (ch === "\x7f" || ch === "\b") {
      if (this.buf.length > 0) {
        if (this.echo) sink.echo("\b \b");
        this.buf = this.buf.slice(0, -1);
      }
      this.last = "";
      return false;
    }
    this.last = ch;
    if (ch === "\r" || ch === "\n") {
      if (this.echo) sink.echo("\n");
      const line = this.buf;
      this.buf = "";
      sink.data?.(line);
      if (line.length === 0) {
        sink.echo(sink.prompt());
        return false;
      }
      sink.line(line);
      return true;
    }
    if (this.echo) sink.echo(ch);
    if (this.buf.length + 1 >= LINE_BUFFER) this.buf = ""; // "it's a large data, discard it"
    this.buf += ch;
    return false;
  }

  /** uart.on("data", ...) switching modes: the partial buffer starts over. */
  setup(runInput: boolean, dataLen: number, endChar: string): void {
    this.runInput = runInput;
    this.dataLen = dataLen;
    this.endChar = endChar;
    this.buf = "";
  }
}
