import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { env } from "./env.server";

const MIN_LENGTH = 32;

/** Reads the secret file; a short one (e.g. left empty by an older version that crashed) stops the app. */
function readSecret(file: string) {
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (fewer than ${MIN_LENGTH} characters). Delete it and start again to make a new one ` +
        "(flash messages reset, and voters in anonymous polls can no longer change an earlier vote), or set SESSION_SECRET.",
    );
  }
  return secret;
}

/**
 * The secret that signs the flash-message cookie and keys anonymous ballots: SESSION_SECRET when
 * set, otherwise one made on first start and kept beside the database, so a fresh install works
 * without setup and a restart keeps it. The file appears whole or not at all: written and synced
 * under a temporary name, then linked into place (a link never replaces a file another process
 * made first).
 */
function loadSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.DATABASE_PATH === ":memory:") return randomBytes(32).toString("hex");
  return secretFile(join(dirname(resolve(env.DATABASE_PATH)), "session-secret"));
}

/** The secret kept in `file`, made there when the file does not exist yet. */
export function secretFile(file: string): string {
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    const dir = openSync(dirname(file), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another process made it first.
    return readSecret(file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

export const cookieSecret = loadSecret();
