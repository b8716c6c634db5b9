import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { db, type Db } from "@db/client.server";
import { isUniqueViolation } from "@db/errors";
import { organisations, userRoles, users, type Organisation, type Role } from "@db/schema";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { endSessionsInTransaction } from "~/auth/session.server";
import { consumeLimit, isLimited, resetLimit } from "~/auth/rate-limit.server";
import { env } from "~/utils/env.server";
import { recordAudit } from "./audit.server";
import { enqueueMail, renderMail } from "./mail.server";
import { consumeUserToken, createUserToken } from "./user-token.server";
import type { RegistrationInput } from "./user.schema";

export type UserProfile = {
  id: string;
  name: string;
  email: string;
  organisation: Pick<Organisation, "id" | "name" | "kind" | "region">;
  roles: Role[];
};

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A person's roles, read in the caller's transaction: a role revoked a moment ago counts at once. */
export function rolesOf(tx: Tx | Db, userId: string): Role[] {
  return tx
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role);
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function getUserProfile(userId: string): UserProfile | null {
  const row = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      organisation: {
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        region: organisations.region,
      },
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .get();
  if (!row) return null;
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(userRoles.role))
    .all()
    .map((r) => r.role);
  return { ...row, roles };
}

// ---------------------------------------------------------------- registration

function verificationMail(to: string, name: string, token: string) {
  const url = `${env.appUrl}/registreren/bevestigen/${token}`;
  return {
    to,
    subject: "Bevestig je account bij Leercirkel",
    ...renderMail({
      greeting: `Beste ${name},`,
      paragraphs: [
        "Welkom bij Leercirkel. Bevestig je e-mailadres om je account te gebruiken.",
        "De link werkt 48 uur en één keer.",
      ],
      action: { label: "Bevestig mijn e-mailadres", url },
      after: ["Heb je geen account aangevraagd? Dan kun je deze e-mail negeren."],
    }),
  };
}

function accountExistsMail(to: string, name: string) {
  return {
    to,
    subject: "Je hebt al een account bij Leercirkel",
    ...renderMail({
      greeting: `Beste ${name},`,
      paragraphs: [
        "Iemand (misschien jij) probeerde met dit e-mailadres een nieuw account aan te maken. Er bestaat al een account met dit adres, dus er is niets veranderd.",
        "Weet je je wachtwoord niet meer? Kies dan een nieuw wachtwoord.",
      ],
      action: { label: "Nieuw wachtwoord kiezen", url: `${env.appUrl}/wachtwoord-vergeten` },
    }),
  };
}

export type RegistrationResult =
  { status: "mail-sent" } | { status: "rate-limited"; retryAfterSeconds: number } | { status: "unknown-organisation" };

/**
 * Registers an account that becomes usable once its e-mail address is confirmed.
 * The result is the same whether or not the address already had an account (that owner gets
 * a mail instead), so the form never tells who is registered.
 */
export async function registerUser(input: RegistrationInput & { ip: string }): Promise<RegistrationResult> {
  const limit = await consumeLimit("registerPerIp", input.ip);
  if (!limit.allowed) return { status: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };

  const organisation = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId))
    .get();
  if (!organisation) return { status: "unknown-organisation" };

  const emailNormalized = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);

  const mailExistingOwner = () => {
    const existing = db
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.emailNormalized, emailNormalized))
      .get();
    if (existing) enqueueMail(db, accountExistsMail(existing.email, existing.name));
  };

  try {
    db.transaction((tx) => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.emailNormalized, emailNormalized)).get();
      if (existing) {
        // Signalled to the catch below, outside this transaction.
        throw new EmailTakenError();
      }
      const id = generateIdFromEntropySize(10);
      tx.insert(users)
        .values({
          id,
          name: input.name,
          email: input.email.trim(),
          emailNormalized,
          passwordHash,
          organisationId: input.organisationId,
        })
        .run();
      tx.insert(userRoles).values({ userId: id, role: input.role }).run();
      const token = createUserToken(tx, { userId: id, purpose: "verify-email" });
      enqueueMail(tx, verificationMail(input.email.trim(), input.name, token));
    });
  } catch (error) {
    // Taken before we looked, or by a request that raced us to the unique key.
    if (error instanceof EmailTakenError || isUniqueViolation(error)) mailExistingOwner();
    else throw error;
  }
  return { status: "mail-sent" };
}

class EmailTakenError extends Error {}

/** Confirms an e-mail address with the token from the mail. Returns the user id, or null. */
export function confirmEmail({ token }: { token: string }): string | null {
  return db.transaction((tx) => {
    const userId = consumeUserToken(tx, { token, purpose: "verify-email" });
    if (!userId) return null;
    tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId)).run();
    return userId;
  });
}

// ---------------------------------------------------------------- sign-in

export type AuthenticationResult =
  | { status: "ok"; userId: string }
  | { status: "invalid" }
  | { status: "unverified" }
  | { status: "rate-limited"; retryAfterSeconds: number };

/**
 * Checks an e-mail address and password. Limits attempts per IP address and failed attempts
 * per account; an unknown address costs the same time as a wrong password.
 */
export async function authenticate({
  email,
  password,
  ip,
}: {
  email: string;
  password: string;
  ip: string;
}): Promise<AuthenticationResult> {
  const emailNormalized = normalizeEmail(email);
  // Failed attempts count, not sign-ins: a whole organisation may sign in from one address.
  const perIp = await isLimited("signInFailuresPerIp", ip);
  if (!perIp.allowed) return { status: "rate-limited", retryAfterSeconds: perIp.retryAfterSeconds };
  const perAccount = await isLimited("signInFailuresPerAccount", emailNormalized);
  if (!perAccount.allowed) return { status: "rate-limited", retryAfterSeconds: perAccount.retryAfterSeconds };

  const user = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      passwordHash: users.passwordHash,
      verifiedAt: users.emailVerifiedAt,
    })
    .from(users)
    // A deleted account (its row kept as "Oud-lid") never signs in again.
    .where(and(eq(users.emailNormalized, emailNormalized), isNull(users.deletedAt)))
    .get();
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await consumeLimit("signInFailuresPerAccount", emailNormalized);
    await consumeLimit("signInFailuresPerIp", ip);
    return { status: "invalid" };
  }
  await resetLimit("signInFailuresPerAccount", emailNormalized);
  if (!user.verifiedAt) {
    db.transaction((tx) => {
      const token = createUserToken(tx, { userId: user.id, purpose: "verify-email" });
      enqueueMail(tx, verificationMail(user.email, user.name, token));
    });
    return { status: "unverified" };
  }
  return { status: "ok", userId: user.id };
}

// ---------------------------------------------------------------- password reset

export type ResetRequestResult = { status: "mail-sent" } | { status: "rate-limited"; retryAfterSeconds: number };

/** Mails a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset({ email, ip }: { email: string; ip: string }): Promise<ResetRequestResult> {
  const perIp = await consumeLimit("resetPerIp", ip);
  if (!perIp.allowed) return { status: "rate-limited", retryAfterSeconds: perIp.retryAfterSeconds };
  const emailNormalized = normalizeEmail(email);
  // Past the per-account limit we quietly send nothing: saying so would tell the address exists.
  const perAccount = await consumeLimit("resetPerAccount", emailNormalized);
  if (!perAccount.allowed) return { status: "mail-sent" };

  const user = db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.emailNormalized, emailNormalized), isNull(users.deletedAt)))
    .get();
  if (!user) return { status: "mail-sent" };
  db.transaction((tx) => {
    const token = createUserToken(tx, { userId: user.id, purpose: "reset-password" });
    enqueueMail(tx, {
      to: user.email,
      subject: "Een nieuw wachtwoord voor Leercirkel",
      ...renderMail({
        greeting: `Beste ${user.name},`,
        paragraphs: [
          "Je hebt gevraagd om een nieuw wachtwoord. Kies het via de knop hieronder.",
          "De link werkt één uur en één keer.",
        ],
        action: { label: "Nieuw wachtwoord kiezen", url: `${env.appUrl}/wachtwoord-herstellen/${token}` },
        after: ["Heb je dit niet gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft hetzelfde."],
      }),
    });
  });
  return { status: "mail-sent" };
}

/**
 * Sets a new password with a reset token. The token is used up, the address counts as confirmed
 * (the link reached its mailbox), and every session of the account ends: also one an intruder
 * may have. The caller may then start a new one.
 */
export async function resetPassword({ token, password }: { token: string; password: string }): Promise<string | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const userId = consumeUserToken(tx, { token, purpose: "reset-password" });
    if (!userId) return null;
    tx.update(users)
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${Date.now()})` })
      .where(eq(users.id, userId))
      .run();
    endSessionsInTransaction(tx, { userId });
    recordAudit(tx, { actorId: userId, action: "user.password_reset", targetType: "user", targetId: userId });
    return userId;
  });
}

// ---------------------------------------------------------------- administration

export const USER_PAGE_SIZE = 25;

export function listUsers({ query, page = 1 }: { query?: string; page?: number }) {
  const q = query?.trim();
  const pattern = q ? `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  // Deleted accounts (kept as "Oud-lid" rows for the figures) are nobody to manage.
  const where = and(
    isNull(users.deletedAt),
    pattern
      ? or(
          sql`${users.name} like ${pattern} escape '\\'`,
          sql`${users.email} like ${pattern} escape '\\'`,
          sql`${organisations.name} like ${pattern} escape '\\'`,
        )
      : undefined,
  );
  const rows = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      verified: sql<boolean>`${users.emailVerifiedAt} is not null`.mapWith(Boolean),
      organisationName: organisations.name,
      region: organisations.region,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(USER_PAGE_SIZE)
    .offset((page - 1) * USER_PAGE_SIZE)
    .all();
  const total =
    db
      .select({ count: sql<number>`count(*)` })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(where)
      .get()?.count ?? 0;
  const roles = rows.length
    ? db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.id),
          ),
        )
        .all()
    : [];
  return {
    rows: rows.map((row) => ({ ...row, roles: roles.filter((r) => r.userId === row.id).map((r) => r.role) })),
    total,
    pages: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)),
  };
}

export type RoleChangeResult = { status: "ok" } | { status: "not-found" } | { status: "last-admin" };

export function grantRole({
  actorId,
  userId,
  role,
}: {
  actorId: string | null;
  userId: string;
  role: Role;
}): RoleChangeResult {
  return db.transaction((tx) => {
    const user = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.deletedAt)))
      .get();
    if (!user) return { status: "not-found" } as const;
    const inserted = tx.insert(userRoles).values({ userId, role }).onConflictDoNothing().run();
    if (inserted.changes > 0) {
      recordAudit(tx, { actorId, action: "role.grant", targetType: "user", targetId: userId, details: { role } });
    }
    return { status: "ok" } as const;
  });
}

export function revokeRole({
  actorId,
  userId,
  role,
}: {
  actorId: string;
  userId: string;
  role: Role;
}): RoleChangeResult {
  return db.transaction((tx) => {
    const user = tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get();
    if (!user) return { status: "not-found" } as const;
    if (role === "admin") {
      const admins =
        tx
          .select({ count: sql<number>`count(*)` })
          .from(userRoles)
          .where(eq(userRoles.role, "admin"))
          .get()?.count ?? 0;
      const isAdmin = tx
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(and(eq(userRoles.userId, userId), eq(userRoles.role, "admin")))
        .get();
      if (isAdmin && admins <= 1) return { status: "last-admin" } as const;
    }
    const deleted = tx
      .delete(userRoles)
      .where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
      .run();
    if (deleted.changes > 0) {
      recordAudit(tx, { actorId, action: "role.revoke", targetType: "user", targetId: userId, details: { role } });
    }
    return { status: "ok" } as const;
  });
}

/** Creates a confirmed account directly (seed, first administrator); not for visitors. */
export async function createConfirmedUser(input: {
  name: string;
  email: string;
  password: string;
  organisationId: number;
  roles: Role[];
}) {
  const passwordHash = await hashPassword(input.password);
  const id = generateIdFromEntropySize(10);
  db.transaction((tx) => {
    tx.insert(users)
      .values({
        id,
        name: input.name,
        email: input.email,
        emailNormalized: normalizeEmail(input.email),
        passwordHash,
        organisationId: input.organisationId,
        emailVerifiedAt: new Date(),
      })
      .run();
    for (const role of input.roles) tx.insert(userRoles).values({ userId: id, role }).run();
  });
  return id;
}

export function findUserIdByEmail(email: string) {
  return (
    db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.emailNormalized, normalizeEmail(email)))
      .get()?.id ?? null
  );
}

export type PasswordChangeResult = { status: "ok" } | { status: "wrong-password" } | { status: "not-found" };

/**
 * Changes a password after checking the current one, and ends every other session of the user.
 * `keepSessionId` is the session the change was made in: it stays. Without it every session ends
 * and the caller starts a new one (the current session is then replaced).
 */
export async function changePassword({
  userId,
  currentPassword,
  newPassword,
  keepSessionId,
}: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  keepSessionId?: string;
}): Promise<PasswordChangeResult> {
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!user) return { status: "not-found" };
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return { status: "wrong-password" };
  const passwordHash = await hashPassword(newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    endSessionsInTransaction(tx, { userId, keep: keepSessionId });
    recordAudit(tx, { actorId: userId, action: "user.password_change", targetType: "user", targetId: userId });
  });
  return { status: "ok" };
}
