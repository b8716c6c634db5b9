// Runs in the worker before each test file, before the file imports any app module: app modules
// read the environment (app/utils/env.server.ts) and open DATABASE_PATH when first imported.
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, inject } from "vitest";

const databasePath = join(inject("testDatabaseDir"), `test-${process.pid}-${randomUUID().slice(0, 8)}.db`);
copyFileSync(inject("templateDatabasePath"), databasePath);

process.env.DATABASE_PATH = databasePath;
process.env.NODE_ENV = "test";
process.env.LOG_REQUESTS = "false";

afterAll(() => {
  // The connection may still be open; on Linux the files go once it closes with the worker.
  for (const suffix of ["", "-wal", "-shm"]) rmSync(databasePath + suffix, { force: true });
});

// A console.error during a test is a bug somewhere (or an unasserted failure path): fail the test.
const originalError = console.error;
let errors: unknown[][] = [];

console.error = (...args: unknown[]) => {
  errors.push(args);
  originalError(...args);
};

beforeEach(() => {
  errors = [];
});

afterEach(() => {
  if (errors.length === 0) return;
  const first = errors[0]?.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(" ");
  errors = [];
  throw new Error(`console.error was called during this test: ${first}`);
});
