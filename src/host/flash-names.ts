// Flash file names (SPIFFS: flat byte strings of up to 31 bytes, `/` allowed, any byte but NUL)
// as names of files in one host folder, and back.
//
// The folder is flat: every flash file is one regular file directly in it, so no flash name can
// make a path that leaves the folder or needs a directory. A flash name is kept as it is when all
// its bytes are printable ASCII that every common host file system accepts in a name; any other
// byte is written `%XX` (two upper-case hex digits): `/ \ : * ? " < > |`, `%` itself, control
// bytes, bytes >= 0x7F, and a trailing `.` or space (Windows drops those). Whole names `.` and
// `..` and the empty name, which cannot be host names, are fully escaped (`%2E`, `%2E%2E`, `%`:
// a lone `%` is never produced otherwise). Upper-case letters can be escaped too when a folder
// is case-insensitive and two flash names differ only in case (see caseFreeHostName).
//
// Reading a host name back: the name's UTF-8 bytes, with every `%XX` (hex) turned into its byte;
// a `%` not followed by two hex digits stays. So files the user put in the folder keep their
// names, escaped ones come back exactly, and a name that decodes to more than 31 bytes or to a
// NUL is not a flash name.

const HEX = "0123456789ABCDEF";
const UNSAFE = new Set([...'/\\:*?"<>|%'].map((c) => c.charCodeAt(0)));

const escapeByte = (b: number): string => `%${HEX[b >> 4]}${HEX[b & 15]}`;

function safe(b: number): boolean {
  return b >= 0x20 && b < 0x7f && !UNSAFE.has(b);
}

/**
 * The host file name that stores flash name `name` (a byte string); with `upper`, upper-case
 * letters are escaped too.
 */
export function hostName(name: string, upper = false): string {
  if (name === "") return "%";
  if (name === "." || name === "..") return name.replace(/\./g, "%2E");
  let out = "";
  let end = name.length;
  // trailing dots and spaces are escaped, so that Windows keeps them
  while (end > 0 && (name[end - 1] === "." || name[end - 1] === " ")) end--;
  for (let i = 0; i < name.length; i++) {
    const b = name.charCodeAt(i);
    const plain = safe(b) && i < end && !(upper && b >= 0x41 && b <= 0x5a);
    out += plain ? name[i] : escapeByte(b & 0xff);
  }
  return out;
}

/** hostName with upper-case letters escaped too: unique even where case does not count. */
export function caseFreeHostName(name: string): string {
  return hostName(name, true);
}

/** The flash name a host file name stands for, or undefined when it cannot be one. */
export function flashName(host: string, maxLength = 31): string | undefined {
  if (host === "%") return "";
  const bytes = Buffer.from(host, "utf8").toString("latin1");
  const name = bytes.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) =>
    String.fromCharCode(Number.parseInt(h, 16)),
  );
  if (name.length > maxLength || name.includes("\0")) return undefined;
  return name;
}
