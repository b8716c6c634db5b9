import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { db, type Db } from "@db/client.server";
import { auditLog, auditLogPeople, users } from "@db/schema";
import { addDays, fromAmsterdamLocal } from "~/utils/dates";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
  /**
   * The people whose data the action changed, read or exported, when the target is not a user
   * itself (a user as target counts by itself). The audit page finds the entry under their name.
   */
  people?: readonly (string | null | undefined)[];
};

/**
 * Writes one audit entry and returns its id; pass the transaction that makes the change so both
 * land or neither.
 */
export function recordAudit(tx: Tx | Db, entry: AuditInput): number {
  const people = new Set(entry.people?.filter((p): p is string => !!p));
  if (entry.targetType === "user" && entry.targetId != null) people.add(String(entry.targetId));
  // A savepoint in the caller's transaction (a transaction of its own without one): the entry and
  // its people land together.
  return tx.transaction((t) => {
    const { id } = t
      .insert(auditLog)
      .values({
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId == null ? null : String(entry.targetId),
        details: entry.details ?? {},
      })
      .returning({ id: auditLog.id })
      .get();
    if (!people.size) return id;
    // Through the users table: an id that names nobody (any more) is left out instead of failing the change.
    t.run(
      sql`insert or ignore into ${auditLogPeople} (entry_id, user_id)
          select ${id}, ${users.id} from ${users} where ${inArray(users.id, [...people])}`,
    );
    return id;
  });
}

export const AUDIT_PAGE_SIZE = 50;
/** How many of the people an entry is about the list shows by name. */
export const AUDIT_PEOPLE_SHOWN = 5;
/** How many of the people matching a search the page names. */
const MATCHES_SHOWN = 10;

export type AuditFilter = {
  /** Part of a name or e-mail address: entries by that person, or about them. */
  person?: string;
  /** First calendar day (YYYY-MM-DD, Amsterdam), inclusive. */
  from?: string;
  /** Last calendar day (YYYY-MM-DD, Amsterdam), inclusive. */
  until?: string;
};

/** The first moment of an Amsterdam calendar day; null for anything that is no day. */
function startOfDay(day: string | undefined) {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return fromAmsterdamLocal(`${day}T00:00`);
}

function likePattern(text: string) {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/**
 * The audit log, newest first, optionally narrowed to a person (as the one who acted, or as the
 * one whose data it was) and to a period of whole days in Amsterdam time. Days that are no date
 * are ignored. `people` are the accounts the person search matched.
 */
export function listAuditEntries({ person, from, until, page = 1 }: AuditFilter & { page?: number } = {}) {
  const conditions: SQL[] = [];
  const start = startOfDay(from);
  if (start) conditions.push(gte(auditLog.createdAt, start));
  const end = until && startOfDay(until) ? startOfDay(addDays(until, 1)) : null;
  if (end) conditions.push(lt(auditLog.createdAt, end));

  const query = person?.trim();
  let people: { id: string; name: string; email: string }[] | null = null;
  let peopleTotal = 0;
  if (query) {
    const email = query.toLowerCase();
    const exact = db.select({ id: users.id }).from(users).where(eq(users.emailNormalized, email)).get();
    // A whole address is that one person (jan@… is not also in the log of an@…); else any part of a name or address.
    const matches = exact
      ? eq(users.id, exact.id)
      : or(
          sql`${users.name} like ${likePattern(query)} escape '\\'`,
          sql`${users.emailNormalized} like ${likePattern(email)} escape '\\'`,
        );
    people = db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(matches)
      .orderBy(sql`lower(${users.name})`, users.id)
      .limit(MATCHES_SHOWN)
      .all();
    peopleTotal =
      db
        .select({ count: sql<number>`count(*)` })
        .from(users)
        .where(matches)
        .get()?.count ?? 0;
    const matching = db.select({ id: users.id }).from(users).where(matches);
    conditions.push(
      or(
        inArray(auditLog.actorId, matching),
        inArray(
          auditLog.id,
          db
            .select({ id: auditLogPeople.entryId })
            .from(auditLogPeople)
            .where(inArray(auditLogPeople.userId, matching)),
        ),
        and(eq(auditLog.targetType, "user"), inArray(auditLog.targetId, matching)),
      )!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;

  const actor = alias(users, "actor");
  const rows = db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: actor.name,
      actorEmail: actor.email,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const total =
    db
      .select({ count: sql<number>`count(*)` })
      .from(auditLog)
      .where(where)
      .get()?.count ?? 0;

  // Per entry the first few people by name, and how many there are in all (an export names hundreds).
  const ranked = db
    .select({
      entryId: auditLogPeople.entryId,
      id: users.id,
      name: users.name,
      email: users.email,
      rank: sql<number>`row_number() over (partition by ${auditLogPeople.entryId} order by lower(${users.name}), ${users.id})`.as(
        "rank",
      ),
      count: sql<number>`count(*) over (partition by ${auditLogPeople.entryId})`.as("count"),
    })
    .from(auditLogPeople)
    .innerJoin(users, eq(users.id, auditLogPeople.userId))
    .where(
      inArray(
        auditLogPeople.entryId,
        rows.map((r) => r.id),
      ),
    )
    .as("ranked");
  const links = rows.length
    ? db
        .select()
        .from(ranked)
        .where(lte(ranked.rank, AUDIT_PEOPLE_SHOWN))
        .orderBy(sql`${ranked.rank}`)
        .all()
    : [];
  return {
    rows: rows.map((row) => {
      const about = links.filter((l) => l.entryId === row.id);
      return {
        ...row,
        people: about.map(({ id, name, email }) => ({ id, name, email })),
        morePeople: Math.max(0, (about[0]?.count ?? 0) - about.length),
      };
    }),
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    people,
    peopleTotal,
  };
}
