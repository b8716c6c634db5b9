import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { users } from "@db/schema";
import { authenticate, confirmEmail, findUserIdByEmail, getUserProfile, registerUser } from "~/models/user.server";
import { makeOrganisation, makeUser, TEST_PASSWORD, uniqueIp, uniqueSuffix } from "./factories";
import { mailsTo, tokenFromMail } from "./helpers/outbox";

const CONFIRM_PATH = "/registreren/bevestigen";

function registration(overrides: Partial<Parameters<typeof registerUser>[0]> = {}) {
  return {
    name: "Nieuwe Gebruiker",
    email: `nieuw-${uniqueSuffix()}@example.nl`,
    password: TEST_PASSWORD,
    organisationId: overrides.organisationId ?? makeOrganisation(),
    role: "professional" as const,
    ip: uniqueIp(),
    ...overrides,
  };
}

function usersWithEmail(email: string) {
  return db.select().from(users).where(eq(users.emailNormalized, email.trim().toLowerCase())).all();
}

/** Registers and confirms an account the way a visitor does, through the mail. */
async function registerAndConfirm(overrides: Partial<Parameters<typeof registerUser>[0]> = {}) {
  const input = registration(overrides);
  expect(await registerUser(input)).toEqual({ status: "mail-sent" });
  const userId = confirmEmail({ token: tokenFromMail(mailsTo(input.email).at(-1), CONFIRM_PATH) });
  expect(userId).not.toBeNull();
  return { ...input, id: userId as string };
}

describe("registerUser", () => {
  test("creates an unverified account with the chosen role and mails a confirmation link", async () => {
    const organisationId = makeOrganisation();
    const input = registration({ organisationId, role: "expert" });

    expect(await registerUser(input)).toEqual({ status: "mail-sent" });

    const [user, ...others] = usersWithEmail(input.email);
    expect(others).toHaveLength(0);
    expect(user?.emailVerifiedAt).toBeNull();
    const profile = getUserProfile(user!.id);
    expect(profile).toMatchObject({ name: input.name, email: input.email, roles: ["expert"] });
    expect(profile?.organisation.id).toBe(organisationId);

    const mails = mailsTo(input.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.status).toBe("pending");
    expect(tokenFromMail(mails[0], CONFIRM_PATH)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  test("the same address in other capitals does not make a second account but mails the owner", async () => {
    const first = registration({ email: `Dubbel-${uniqueSuffix()}@Example.nl` });
    await registerUser(first);
    const again = registration({ email: `  ${first.email.toUpperCase()} `, name: "Iemand Anders" });

    expect(await registerUser(again)).toEqual({ status: "mail-sent" });

    expect(usersWithEmail(first.email)).toHaveLength(1);
    const mails = mailsTo(first.email);
    expect(mails.map((m) => m.subject)).toEqual([
      "Bevestig je account bij Leercirkel",
      "Je hebt al een account bij Leercirkel",
    ]);
    expect(mails[1]?.text).toContain("/wachtwoord-vergeten");
    expect(mailsTo(again.email.trim())).toHaveLength(0);
  });

  test("two registrations racing for one address end in one account", async () => {
    const email = `race-${uniqueSuffix()}@example.nl`;
    const results = await Promise.all([
      registerUser(registration({ email })),
      registerUser(registration({ email: email.toUpperCase() })),
    ]);

    expect(results).toEqual([{ status: "mail-sent" }, { status: "mail-sent" }]);
    expect(usersWithEmail(email)).toHaveLength(1);
  });

  test("an organisation that does not exist is refused", async () => {
    const input = registration({ organisationId: 987_654 });

    expect(await registerUser(input)).toEqual({ status: "unknown-organisation" });
    expect(usersWithEmail(input.email)).toHaveLength(0);
    expect(mailsTo(input.email)).toHaveLength(0);
  });
});

describe("confirmEmail", () => {
  test("the link from the mail confirms the account once", async () => {
    const input = registration();
    await registerUser(input);
    const token = tokenFromMail(mailsTo(input.email)[0], CONFIRM_PATH);

    const userId = confirmEmail({ token });

    expect(userId).toBe(findUserIdByEmail(input.email));
    expect(usersWithEmail(input.email)[0]?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(confirmEmail({ token })).toBeNull();
  });

  test("an unknown token confirms nothing", () => {
    expect(confirmEmail({ token: "dit-is-geen-bestaand-token" })).toBeNull();
  });
});

describe("authenticate", () => {
  test("signs in a confirmed account", async () => {
    const user = await registerAndConfirm();

    expect(await authenticate({ email: user.email, password: user.password, ip: uniqueIp() })).toEqual({
      status: "ok",
      userId: user.id,
    });
  });

  test("treats the address case-insensitively", async () => {
    const user = await makeUser({ email: `Hoofdletters-${uniqueSuffix()}@example.nl` });

    const result = await authenticate({
      email: ` ${user.email.toUpperCase()} `,
      password: TEST_PASSWORD,
      ip: uniqueIp(),
    });

    expect(result).toEqual({ status: "ok", userId: user.id });
  });

  test("refuses a wrong password", async () => {
    const user = await makeUser();

    expect(await authenticate({ email: user.email, password: "niet-het-wachtwoord", ip: uniqueIp() })).toEqual({
      status: "invalid",
    });
  });

  test("gives an unknown address the same answer as a wrong password", async () => {
    expect(
      await authenticate({ email: `onbekend-${uniqueSuffix()}@example.nl`, password: TEST_PASSWORD, ip: uniqueIp() }),
    ).toEqual({ status: "invalid" });
  });

  test("an unconfirmed account is told so and gets a fresh confirmation link", async () => {
    const input = registration();
    await registerUser(input);
    const firstToken = tokenFromMail(mailsTo(input.email)[0], CONFIRM_PATH);

    expect(await authenticate({ email: input.email, password: input.password, ip: uniqueIp() })).toEqual({
      status: "unverified",
    });

    const mails = mailsTo(input.email);
    expect(mails).toHaveLength(2);
    const newToken = tokenFromMail(mails[1], CONFIRM_PATH);
    expect(newToken).not.toBe(firstToken);
    expect(confirmEmail({ token: newToken })).toBe(findUserIdByEmail(input.email));
  });

  test("an unconfirmed account with a wrong password gets no mail", async () => {
    const input = registration();
    await registerUser(input);

    expect(await authenticate({ email: input.email, password: "niet-het-wachtwoord", ip: uniqueIp() })).toEqual({
      status: "invalid",
    });
    expect(mailsTo(input.email)).toHaveLength(1);
  });
});
