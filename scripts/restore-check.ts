// npx tsx scripts/restore-check.ts — proves that a backup can be restored. Backs up a database with
// scripts/backup.ts (as `npm run db:backup` does), restores it with scripts/restore.ts (as
// `npm run db:restore` does, the way SECURITY.md tells an operator) into a fresh installation, and
// compares the row count of every table and the integrity of each copy. The source is a temporary
// database with demo data, or the database at DATABASE_PATH when that is set (it may be in use: the
// backup is online). Prints a table and exits 1 on any difference.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";

const dir = mkdtempSync(join(tmpdir(), "leercirkel-restore-"));
const given = process.env.DATABASE_PATH ? resolve(process.env.DATABASE_PATH) : null;
const source = given ?? join(dir, "source", "leercirkel.db");
const backupFile = join(dir, "backups", "leercirkel-backup.db");
const restoredFile = join(dir, "restored", "leercirkel.db");
const problems: string[] = [];

/** Runs one of the project's scripts the way its npm script does, on the given database. */
function script(file: string, args: string[], databasePath: string, extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/${file}`, ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath, LOG_REQUESTS: "false", ...extra },
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

function step(label: string, result: { code: number | null; output: string }, expectSuccess = true) {
  const ok = expectSuccess ? result.code === 0 : result.code !== 0;
  console.info(
    `${ok ? "ok  " : "FAIL"} ${label}${result.output ? `\n       ${result.output.split("\n").join("\n       ")}` : ""}`,
  );
  if (!ok) problems.push(label);
  return ok;
}

function inspect(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const tables = db
      .prepare<[], { name: string }>(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all()
      .map((t) => t.name);
    const counts = new Map(
      tables.map((name) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]),
    );
    return { integrity, counts };
  } finally {
    db.close();
  }
}

try {
  if (!given) {
    step(
      "a demo database to back up (migrations, themes, demo data)",
      script("seed-cli.ts", [], source, { SEED_DEMO: "true", NODE_ENV: "production" }),
    );
  } else if (!existsSync(given)) {
    throw new Error(`No database at DATABASE_PATH=${given}.`);
  }

  const before = inspect(source);
  step("npm run db:backup <file>", script("backup.ts", [backupFile], source));
  const after = inspect(source);
  const quiet = [...before.counts].every(([table, n]) => after.counts.get(table) === n);

  // The operator's situation: a fresh installation whose app has started once (so the database
  // exists, migrated and empty), stopped before the restore.
  step("a fresh installation to restore into", script("migrate.ts", [], restoredFile));
  // As a running app does: a connection that has read the database (and so holds its lock).
  const open = new Database(restoredFile);
  open.prepare("select count(*) from users").get();
  step(
    "npm run db:restore refuses while the app has the database open",
    script("restore.ts", [backupFile], restoredFile),
    false,
  );
  open.close();
  step("npm run db:restore -- <file> (app stopped)", script("restore.ts", [backupFile], restoredFile));
  const kept = readdirSync(join(dir, "restored")).filter(
    (f) => f.includes(".before-restore-") && !/-(wal|shm)$/.test(f),
  );
  if (kept.length !== 1) problems.push("the replaced database was not kept beside the restored one");

  const backup = inspect(backupFile);
  const restored = inspect(restoredFile);
  const tables = [...new Set([...before.counts.keys(), ...backup.counts.keys(), ...restored.counts.keys()])].sort();
  const width = Math.max(...tables.map((t) => t.length), 10);
  console.info(
    `\n${"table".padEnd(width)}  ${"source".padStart(8)}  ${"backup".padStart(8)}  ${"restored".padStart(8)}`,
  );
  for (const table of tables) {
    const s = after.counts.get(table);
    const b = backup.counts.get(table);
    const r = restored.counts.get(table);
    // A database in use may gain rows during the backup: then only backup and restore must agree.
    const same = b !== undefined && b === r && (!quiet || s === b);
    if (!same) problems.push(`row counts of ${table} differ`);
    const cell = (n: number | undefined) => (n === undefined ? "-" : String(n)).padStart(8);
    console.info(`${table.padEnd(width)}  ${cell(s)}  ${cell(b)}  ${cell(r)}${same ? "" : "  <- differs"}`);
  }
  console.info(
    `${"integrity_check".padEnd(width)}  ${after.integrity.padStart(8)}  ${backup.integrity.padStart(8)}  ${restored.integrity.padStart(8)}`,
  );
  for (const [name, result] of [
    ["source", after],
    ["backup", backup],
    ["restored", restored],
  ] as const) {
    if (result.integrity !== "ok") problems.push(`integrity check of the ${name} database: ${result.integrity}`);
  }
  if (!quiet) console.info("(the source was written to during the backup: its counts are from after it)");
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\nRestore check FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.info("\nRestore check ok: the restored database has every row of the backup, and all copies are sound.");
