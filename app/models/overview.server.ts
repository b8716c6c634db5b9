import { eq, sql } from "drizzle-orm";
import { db } from "@db/client.server";
import { mailOutbox, organisations, themes, users } from "@db/schema";

/** The figures on the /beheer start page. */
export function getAdminOverview() {
  const count = (query: { count: number } | undefined) => query?.count ?? 0;
  return {
    users: count(
      db
        .select({ count: sql<number>`count(*)` })
        .from(users)
        .get(),
    ),
    organisations: count(
      db
        .select({ count: sql<number>`count(*)` })
        .from(organisations)
        .get(),
    ),
    themes: count(
      db
        .select({ count: sql<number>`count(*)` })
        .from(themes)
        .get(),
    ),
    mailsWaiting: count(
      db
        .select({ count: sql<number>`count(*)` })
        .from(mailOutbox)
        .where(eq(mailOutbox.status, "pending"))
        .get(),
    ),
    mailsFailed: count(
      db
        .select({ count: sql<number>`count(*)` })
        .from(mailOutbox)
        .where(eq(mailOutbox.status, "failed"))
        .get(),
    ),
  };
}
