// What luaL_loadfile (lauxlib.c) hands lua_load for the bytes of a file: a first line starting
// with '#' is dropped but its newline kept, so that line numbers stay right; a named file whose
// content (after that line) starts with ESC is a precompiled chunk, read from the file's first
// ESC byte with no extra newline. Standard input is never reopened, so there the extra newline
// stays in front of whatever follows.

const ESC = 0x1b;

/** The chunk text luaL_loadfile would load from `data` (a byte string); `named` is false for stdin. */
export function loadfileText(data: string, named: boolean): string {
  let start = 0;
  let extraLine = false;
  if (data.charCodeAt(0) === 0x23 /* # */) {
    extraLine = true;
    const nl = data.indexOf("\n");
    start = nl < 0 ? data.length : nl + 1;
  }
  if (named && data.charCodeAt(start) === ESC) return data.slice(data.indexOf("\x1b"));
  return (extraLine ? "\n" : "") + data.slice(start);
}
