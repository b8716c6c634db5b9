// Runs once per `vitest run`, in the main process: migrates a template database that every
// test file copies (tests/setup.ts), so no test file pays for the migrations.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabasePath: string;
    testDatabaseDir: string;
  }
}

const ROOT = resolve(process.cwd(), "tmp/vitest");

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes folders left by earlier runs that died; a run still going (another terminal) keeps its own. */
function removeStaleRuns() {
  if (!existsSync(ROOT)) return;
  for (const entry of readdirSync(ROOT)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (!pid || !isRunning(pid)) rmSync(join(ROOT, entry), { recursive: true, force: true });
  }
}

export default function setup(project: TestProject) {
  removeStaleRuns();
  const dir = join(ROOT, `run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const templatePath = join(dir, "template.db");
  const sqlite = new Database(templatePath);
  // Persistent in the file, so every copy runs in WAL mode like the app's database.
  sqlite.pragma("journal_mode = WAL");
  migrate(drizzle(sqlite), { migrationsFolder: resolve(process.cwd(), "db/migrations") });
  // Closing checkpoints the WAL into the main file, which is then all a copy needs.
  sqlite.close();

  project.provide("templateDatabasePath", templatePath);
  project.provide("testDatabaseDir", dir);

  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
