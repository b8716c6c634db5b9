import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { env } from "./env.server";

/**
 * The secret that signs the flash-message cookie: SESSION_SECRET when set, otherwise one made
 * on first start and kept beside the database, so a fresh install works without setup and
 * a restart keeps it.
 */
function loadSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.DATABASE_PATH === ":memory:") return randomBytes(32).toString("hex");
  const file = join(dirname(resolve(env.DATABASE_PATH)), "session-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("hex");
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first.
      return readFileSync(file, "utf8").trim();
    }
  }
}

export const cookieSecret = loadSecret();
