import { describe, expect, test } from "vitest";
import { authenticate, findUserIdByEmail, registerUser } from "~/models/user.server";
import { makeOrganisation, makeUser, TEST_PASSWORD, uniqueIp, uniqueSuffix } from "./factories";

// The limits live in this process's memory, so every test uses its own IP addresses and accounts.

describe("sign-in limits", () => {
  test("after 8 failed attempts an account is locked, even for the right password", async () => {
    const user = await makeUser();
    for (let i = 0; i < 8; i++) {
      const result = await authenticate({ email: user.email, password: `fout-wachtwoord-${i}`, ip: uniqueIp() });
      expect(result).toEqual({ status: "invalid" });
    }

    const result = await authenticate({ email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: uniqueIp() });

    expect(result).toMatchObject({ status: "rate-limited" });
    expect(result.status === "rate-limited" && result.retryAfterSeconds).toBeGreaterThan(0);
  });

  test("a successful sign-in clears the failures counted so far", async () => {
    const user = await makeUser();
    for (let i = 0; i < 7; i++) {
      await authenticate({ email: user.email, password: "fout-wachtwoord", ip: uniqueIp() });
    }
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip: uniqueIp() })).toMatchObject({
      status: "ok",
    });
    for (let i = 0; i < 7; i++) {
      await authenticate({ email: user.email, password: "fout-wachtwoord", ip: uniqueIp() });
    }

    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip: uniqueIp() })).toMatchObject({
      status: "ok",
    });
  });

  test("successful sign-ins do not count: a whole organisation may sign in from one address", async () => {
    const ip = uniqueIp();
    const user = await makeUser();
    for (let i = 0; i < 40; i++) {
      expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ status: "ok" });
    }
  });

  test("one IP address gets 30 failed attempts per 15 minutes", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 30; i++) {
      // A different unknown address each time, so only the IP limit can stop these.
      const result = await authenticate({ email: `poging-${i}-${uniqueSuffix()}@example.nl`, password: "x", ip });
      expect(result).toEqual({ status: "invalid" });
    }
    const user = await makeUser();

    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({
      status: "rate-limited",
    });
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, ip: uniqueIp() })).toMatchObject({
      status: "ok",
    });
  });
});

describe("registration limit", () => {
  test("one IP address gets 10 registrations per hour", async () => {
    const ip = uniqueIp();
    const organisationId = makeOrganisation();
    const register = (email: string) =>
      registerUser({
        name: "Nieuwe Gebruiker",
        email,
        password: TEST_PASSWORD,
        organisationId,
        role: "professional",
        ip,
      });
    for (let i = 0; i < 10; i++) {
      expect(await register(`registratie-${i}-${uniqueSuffix()}@example.nl`)).toEqual({ status: "mail-sent" });
    }

    const email = `elfde-${uniqueSuffix()}@example.nl`;
    const result = await register(email);

    expect(result).toMatchObject({ status: "rate-limited" });
    expect(result.status === "rate-limited" && result.retryAfterSeconds).toBeGreaterThan(0);
    expect(findUserIdByEmail(email)).toBeNull();
  });
});
