import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { secretFile } from "~/utils/secret.server";

describe("the secret kept beside the database", () => {
  test("is made once, readable only by the app's user, and read back the same on the next start", () => {
    const dir = mkdtempSync(join(tmpdir(), "secret-"));
    const file = join(dir, "session-secret");
    const first = secretFile(file);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(secretFile(file)).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual(["session-secret"]);
  });

  test("an empty or short file stops the app with what to do, instead of signing with an empty key", () => {
    const dir = mkdtempSync(join(tmpdir(), "secret-"));
    const file = join(dir, "session-secret");
    writeFileSync(file, "");
    expect(() => secretFile(file)).toThrow(/holds no usable secret.*Delete it/);
    writeFileSync(file, "kort\n");
    expect(() => secretFile(file)).toThrow(/holds no usable secret/);
  });
});
