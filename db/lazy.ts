/**
 * A value made on first use: for prepared statements on hot paths, which can only be prepared
 * once the tables exist (after the migrations ran).
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
