import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { createOrganisation } from "~/models/organisation.server";
import { makeUser, uniqueSuffix } from "./factories";

const targets: string[] = [];

afterEach(() => {
  for (const target of targets.splice(0)) {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(target + suffix, { force: true });
  }
});

/** Runs scripts/backup.ts the way `npm run db:backup` does, on this test file's database. */
async function runBackup(target: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/backup.ts", target], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const [code] = await once(child, "exit");
  return { code: code as number | null, output };
}

test("backup makes a consistent copy while the app keeps writing", async () => {
  const users = [await makeUser(), await makeUser(), await makeUser()];
  const target = join(dirname(process.env.DATABASE_PATH ?? "tmp"), `backup-${uniqueSuffix()}.db`);
  targets.push(target);

  let writes = 0;
  const writer = setInterval(() => {
    const result = createOrganisation({
      actorId: null,
      input: { name: `Tijdens de back-up ${uniqueSuffix()}`, kind: "aanbieder", region: "Achterhoek" },
    });
    if (result.status === "ok") writes++;
  }, 2);
  let backup: Awaited<ReturnType<typeof runBackup>>;
  try {
    backup = await runBackup(target);
  } finally {
    clearInterval(writer);
  }

  expect(backup.code, backup.output).toBe(0);
  expect(backup.output).toContain("integrity ok");
  expect(writes).toBeGreaterThan(0);

  const copy = new Database(target, { readonly: true });
  try {
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const ids = (copy.prepare("select id from users").all() as { id: string }[]).map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining(users.map((user) => user.id)));
  } finally {
    copy.close();
  }
});
