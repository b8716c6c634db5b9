import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import { userTokens, type TokenPurpose } from "@db/schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  "verify-email": 48 * 60 * 60 * 1000,
  "reset-password": 60 * 60 * 1000,
};

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a one-time token and returns it; only its hash is stored, so a copy of the
 * database does not hold usable links. Earlier unused tokens of the same purpose stop working.
 */
export function createUserToken(tx: Tx | Db, { userId, purpose }: { userId: string; purpose: TokenPurpose }) {
  const now = new Date();
  tx.update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)))
    .run();
  const token = randomBytes(32).toString("base64url");
  tx.insert(userTokens)
    .values({
      tokenHash: hashToken(token),
      userId,
      purpose,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
    })
    .run();
  return token;
}

/** The user a token belongs to while it is unused and unexpired; it is not used up. */
export function peekUserToken({ token, purpose }: { token: string; purpose: TokenPurpose }) {
  const row = db
    .select({ userId: userTokens.userId })
    .from(userTokens)
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .get();
  return row?.userId ?? null;
}

/** Uses a token up, atomically: of two requests with the same token only one gets the user. */
export function consumeUserToken(tx: Tx | Db, { token, purpose }: { token: string; purpose: TokenPurpose }) {
  const now = new Date();
  const row = tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .returning({ userId: userTokens.userId })
    .get();
  return row?.userId ?? null;
}
