import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { env } from "../app/utils/env.server";

export type Db = BetterSQLite3Database<typeof schema>;

export const MIGRATIONS_FOLDER = resolve(process.cwd(), "db/migrations");

/** Opens (and creates) a SQLite file with the settings the whole app relies on. */
export function openSqlite(path: string): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

export function createDb(sqlite: Database.Database): Db {
  return drizzle(sqlite, { schema });
}

export function migrateDb(db: Db) {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

export const sqlite = openSqlite(env.DATABASE_PATH);
export const db = createDb(sqlite);
