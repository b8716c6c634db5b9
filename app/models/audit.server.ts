import { desc, eq, sql } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import { auditLog, users } from "@db/schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
};

/** Writes one audit entry; pass the transaction that makes the change so both land or neither. */
export function recordAudit(tx: Tx | Db, entry: AuditInput) {
  tx.insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId == null ? null : String(entry.targetId),
      details: entry.details ?? {},
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

export function listAuditEntries({ page = 1 }: { page?: number } = {}) {
  const rows = db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const total =
    db
      .select({ count: sql<number>`count(*)` })
      .from(auditLog)
      .get()?.count ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
