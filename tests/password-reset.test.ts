import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { userTokens } from "@db/schema";
import { authenticate, registerUser, requestPasswordReset, resetPassword } from "~/models/user.server";
import { makeOrganisation, makeUser, TEST_PASSWORD, uniqueIp, uniqueSuffix } from "./factories";
import { mailsTo, tokenFromMail } from "./helpers/outbox";

const RESET_PATH = "/wachtwoord-herstellen";
const NEW_PASSWORD = "een-ander-lang-wachtwoord";

async function requestResetToken(email: string) {
  expect(await requestPasswordReset({ email, ip: uniqueIp() })).toEqual({ status: "mail-sent" });
  return tokenFromMail(mailsTo(email).at(-1), RESET_PATH);
}

describe("requestPasswordReset", () => {
  test("an unknown address gets the same answer and no mail", async () => {
    const email = `onbekend-${uniqueSuffix()}@example.nl`;

    expect(await requestPasswordReset({ email, ip: uniqueIp() })).toEqual({ status: "mail-sent" });
    expect(mailsTo(email)).toHaveLength(0);
  });

  test("a known address gets a mail with a reset link", async () => {
    const user = await makeUser();

    expect(await requestPasswordReset({ email: user.email.toUpperCase(), ip: uniqueIp() })).toEqual({
      status: "mail-sent",
    });

    const mails = mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("Een nieuw wachtwoord voor Leercirkel");
    expect(tokenFromMail(mails[0], RESET_PATH)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });
});

describe("resetPassword", () => {
  test("sets the new password: it signs in and the old one no longer does", async () => {
    const user = await makeUser();
    const token = await requestResetToken(user.email);

    expect(await resetPassword({ token, password: NEW_PASSWORD })).toBe(user.id);

    expect(await authenticate({ email: user.email, password: NEW_PASSWORD, ip: uniqueIp() })).toEqual({
      status: "ok",
      userId: user.id,
    });
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip: uniqueIp() })).toEqual({
      status: "invalid",
    });
  });

  test("a token works once", async () => {
    const user = await makeUser();
    const token = await requestResetToken(user.email);

    expect(await resetPassword({ token, password: NEW_PASSWORD })).toBe(user.id);
    expect(await resetPassword({ token, password: "nog-een-ander-wachtwoord" })).toBeNull();

    expect(await authenticate({ email: user.email, password: NEW_PASSWORD, ip: uniqueIp() })).toMatchObject({
      status: "ok",
    });
  });

  test("an expired token does not work", async () => {
    const user = await makeUser();
    const token = await requestResetToken(user.email);
    db.update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.userId, user.id))
      .run();

    expect(await resetPassword({ token, password: NEW_PASSWORD })).toBeNull();
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip: uniqueIp() })).toMatchObject({
      status: "ok",
    });
  });

  test("a newer request makes the older link stop working", async () => {
    const user = await makeUser();
    const older = await requestResetToken(user.email);
    const newer = await requestResetToken(user.email);

    expect(await resetPassword({ token: older, password: NEW_PASSWORD })).toBeNull();
    expect(await resetPassword({ token: newer, password: NEW_PASSWORD })).toBe(user.id);
  });

  test("the link from a confirmation mail cannot reset a password", async () => {
    const email = `bevestigen-${uniqueSuffix()}@example.nl`;
    await registerUser({
      name: "Nieuwe Gebruiker",
      email,
      password: TEST_PASSWORD,
      organisationId: makeOrganisation(),
      role: "professional",
      ip: uniqueIp(),
    });
    const confirmationToken = tokenFromMail(mailsTo(email)[0], "/registreren/bevestigen");

    expect(await resetPassword({ token: confirmationToken, password: NEW_PASSWORD })).toBeNull();
  });
});
