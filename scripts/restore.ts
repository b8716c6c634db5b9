// npm run db:restore -- <backup file>: puts a backup (from `npm run db:backup`) in place of the
// database at DATABASE_PATH. Stop the app first: the script refuses while anything has the database
// open. The database it replaces is kept beside it (leercirkel.db.before-restore-<time>, with its
// -wal and -shm files), the backup is copied with SQLite's backup API into a temporary file, checked,
// and then renamed into place, so an interrupted restore never leaves half a database behind.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { loadEnv } from "./prepare";

const source = process.argv[2] ? resolve(process.argv[2]) : undefined;
if (!source || !existsSync(source)) {
  console.error(source ? `No backup found at ${source}.` : "Name the backup to restore: npm run db:restore -- <file>");
  process.exit(1);
}

const env = await loadEnv();
const target = resolve(env.DATABASE_PATH);
if (source === target) {
  console.error("The backup is the database itself: name a copy.");
  process.exit(1);
}

/** Row counts of every table, to compare the copy with the backup. */
function tableCounts(db: Database.Database) {
  const tables = db
    .prepare<[], { name: string }>(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
    )
    .all();
  return new Map(
    tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
  );
}

// 1. The backup must be a sound Leercirkel database.
const backup = new Database(source, { readonly: true, fileMustExist: true });
const backupCheck = backup.pragma("integrity_check", { simple: true });
const expected = tableCounts(backup);
if (backupCheck !== "ok" || !expected.has("users")) {
  console.error(
    backupCheck !== "ok"
      ? `The backup ${source} is damaged (integrity check: ${String(backupCheck)}); nothing was changed.`
      : `${source} is no Leercirkel database (no users table); nothing was changed.`,
  );
  process.exit(1);
}

// 2. Nothing may have the current database open: a running app would keep writing to the old file.
const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..+$/, "");
let keptAs: string | null = null;
if (existsSync(target)) {
  const current = new Database(target, { timeout: 0 });
  try {
    current.pragma("locking_mode = EXCLUSIVE");
    current.exec("BEGIN EXCLUSIVE; COMMIT");
  } catch {
    console.error(`${target} is in use. Stop the app (and anything else that has it open) and run this again.`);
    process.exit(1);
  } finally {
    current.close();
  }
  // 3. Keep the current database, with its -wal and -shm: a -wal left beside the restored file
  // would be read as part of it.
  keptAs = `${target}.before-restore-${stamp}`;
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(target + suffix)) renameSync(target + suffix, keptAs + suffix);
  }
}

// 4. Copy, check, and only then put it in place.
const temporary = `${target}.restoring-${stamp}`;
await backup.backup(temporary);
backup.close();
const copy = new Database(temporary);
const copyCheck = copy.pragma("integrity_check", { simple: true });
const restored = tableCounts(copy);
copy.close();
for (const suffix of ["-wal", "-shm"]) rmSync(temporary + suffix, { force: true });
const differences = [...expected].filter(([table, n]) => restored.get(table) !== n).map(([table]) => table);
if (copyCheck !== "ok" || differences.length || restored.size !== expected.size) {
  rmSync(temporary, { force: true });
  if (keptAs)
    for (const suffix of ["", "-wal", "-shm"])
      if (existsSync(keptAs + suffix)) renameSync(keptAs + suffix, target + suffix);
  console.error(
    `The copy did not match the backup (integrity: ${String(copyCheck)}; tables: ${differences.join(", ") || "-"}); the database was left as it was.`,
  );
  process.exit(1);
}
const fd = openSync(temporary, "r");
fsyncSync(fd);
closeSync(fd);
renameSync(temporary, target);
const folder = openSync(dirname(target), "r");
fsyncSync(folder);
closeSync(folder);

const users = expected.get("users") ?? 0;
console.info(`Restored ${basename(source)} to ${target} (integrity ok, ${expected.size} tables, ${users} users).`);
if (keptAs) console.info(`The database it replaced is kept as ${keptAs}.`);
console.info(
  "Start the app again; it applies any newer migrations. On another machine, also bring back the session-secret file that was beside the database (or the same SESSION_SECRET): without it people cannot change a vote they cast before.",
);
