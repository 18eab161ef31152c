// Small text helpers shared by specs, test data tools and benchmarks.

/** Bytes as two-digit lower-case hex numbers, joined by `separator`. */
export const hexBytes = (bytes: ArrayLike<number>, separator = " "): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(separator);

/** An exception as `Name: message` (anything else thrown as its string). */
export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
