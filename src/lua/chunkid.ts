// luaO_chunkid (lobject.c): the printable name of a chunk in messages, cut to `size` bytes.
// `=name` prints as name, `@file` as file (its tail after "..." when long), anything else is
// source text and prints as [string "first line..."].

export function chunkId(source: string, size: number): string {
  if (source.startsWith("=")) return source.slice(1, size);
  if (source.startsWith("@")) {
    const room = size - 8; // sizeof(" '...' ")
    const name = source.slice(1);
    return name.length > room ? `...${name.slice(name.length - room)}` : name;
  }
  const room = size - 17; // sizeof(" [string \"...\"] ")
  const nl = source.search(/[\n\r]/);
  let len = nl < 0 ? source.length : nl;
  if (len > room) len = room;
  return len < source.length ? `[string "${source.slice(0, len)}..."]` : `[string "${source}"]`;
}
