/** Whether better-sqlite3 refused a write because a unique key already holds the value. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    ((error as { code: string }).code === "SQLITE_CONSTRAINT_UNIQUE" ||
      (error as { code: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY")
  );
}

/** Runs a write; when a unique key refuses it (a concurrent request won the race), returns `fallback`. */
export function orOnUniqueViolation<T, F>(write: () => T, fallback: F): T | F {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) return fallback;
    throw error;
  }
}
