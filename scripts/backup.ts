// Makes a consistent copy of the database, also while the app runs (SQLite's online backup).
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { loadEnv } from "./prepare";

const env = await loadEnv();
const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..+$/, "");
const target = resolve(process.argv[2] ?? join(dirname(env.DATABASE_PATH), "backups", `leercirkel-${stamp}.db`));
mkdirSync(dirname(target), { recursive: true });

const source = new Database(env.DATABASE_PATH, { fileMustExist: true, readonly: true });
source.pragma("busy_timeout = 5000");
await source.backup(target);
source.close();

const copy = new Database(target, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
const users = (copy.prepare("select count(*) as n from users").get() as { n: number }).n;
copy.close();
if (check !== "ok") {
  console.error(`Backup written to ${target}, but its integrity check says: ${check}`);
  process.exit(1);
}
console.info(`Backup written to ${target} (integrity ok, ${users} users).`);
