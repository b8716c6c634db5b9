import { asc, eq, sql } from "drizzle-orm";
import { db } from "@db/client.server";
import { orOnUniqueViolation } from "@db/errors";
import { organisations, users } from "@db/schema";
import { recordAudit } from "./audit.server";
import type { OrganisationInput } from "./organisation.schema";

export function listOrganisations() {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      region: organisations.region,
      memberCount: sql<number>`(select count(*) from ${users} where ${users.organisationId} = ${organisations.id})`,
    })
    .from(organisations)
    .orderBy(asc(organisations.region), asc(sql`lower(${organisations.name})`))
    .all();
}

export function getOrganisation(id: number) {
  return db.select().from(organisations).where(eq(organisations.id, id)).get();
}

export type OrganisationChangeResult =
  { status: "ok"; id: number } | { status: "duplicate-name" } | { status: "not-found" };

function nameTaken(name: string, exceptId?: number) {
  const row = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name})`)
    .get();
  return row !== undefined && row.id !== exceptId;
}

export function createOrganisation({
  actorId,
  input,
}: {
  actorId: string | null;
  input: OrganisationInput;
}): OrganisationChangeResult {
  return orOnUniqueViolation(
    () =>
      db.transaction((tx) => {
        if (nameTaken(input.name)) return { status: "duplicate-name" } as const;
        const row = tx.insert(organisations).values(input).returning({ id: organisations.id }).get();
        recordAudit(tx, {
          actorId,
          action: "organisation.create",
          targetType: "organisation",
          targetId: row.id,
          details: { ...input },
        });
        return { status: "ok", id: row.id } as const;
      }),
    { status: "duplicate-name" } as const,
  );
}

export function updateOrganisation({
  actorId,
  id,
  input,
}: {
  actorId: string;
  id: number;
  input: OrganisationInput;
}): OrganisationChangeResult {
  return orOnUniqueViolation(
    () =>
      db.transaction((tx) => {
        const before = tx.select().from(organisations).where(eq(organisations.id, id)).get();
        if (!before) return { status: "not-found" } as const;
        if (nameTaken(input.name, id)) return { status: "duplicate-name" } as const;
        tx.update(organisations).set(input).where(eq(organisations.id, id)).run();
        recordAudit(tx, {
          actorId,
          action: "organisation.update",
          targetType: "organisation",
          targetId: id,
          details: { before: { name: before.name, kind: before.kind, region: before.region }, after: { ...input } },
        });
        return { status: "ok", id } as const;
      }),
    { status: "duplicate-name" } as const,
  );
}
