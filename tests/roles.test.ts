import { and, desc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { auditLog, userRoles } from "@db/schema";
import { getOrganisation } from "~/models/organisation.server";
import { getUserProfile, grantRole, revokeRole } from "~/models/user.server";
import { makeOrganisation, makeUser } from "./factories";

function auditEntriesFor(userId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, userId)))
    .orderBy(desc(auditLog.id))
    .all();
}

describe("getUserProfile", () => {
  test("returns the roles and the organisation", async () => {
    const organisationId = makeOrganisation({ kind: "gemeente", region: "Achterhoek" });
    const user = await makeUser({ organisationId, roles: ["professional", "coordinator"] });

    const profile = getUserProfile(user.id);

    expect(profile).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      roles: expect.arrayContaining(["professional", "coordinator"]),
      organisation: {
        id: organisationId,
        name: getOrganisation(organisationId)?.name,
        kind: "gemeente",
        region: "Achterhoek",
      },
    });
    expect(profile?.roles).toHaveLength(2);
  });

  test("is null for an unknown user", () => {
    expect(getUserProfile("bestaat-niet")).toBeNull();
  });
});

describe("grantRole and revokeRole", () => {
  test("granting a role gives it and records who did what", async () => {
    const actor = await makeUser({ roles: ["coordinator"] });
    const user = await makeUser({ roles: ["professional"] });

    expect(grantRole({ actorId: actor.id, userId: user.id, role: "expert" })).toEqual({ status: "ok" });

    expect(getUserProfile(user.id)?.roles).toContain("expert");
    const [entry] = auditEntriesFor(user.id);
    expect(entry).toMatchObject({ actorId: actor.id, action: "role.grant", details: { role: "expert" } });
  });

  test("granting a role the user already has changes nothing and records nothing", async () => {
    const actor = await makeUser({ roles: ["coordinator"] });
    const user = await makeUser({ roles: ["professional"] });

    expect(grantRole({ actorId: actor.id, userId: user.id, role: "professional" })).toEqual({ status: "ok" });

    expect(getUserProfile(user.id)?.roles).toEqual(["professional"]);
    expect(auditEntriesFor(user.id)).toHaveLength(0);
  });

  test("revoking a role takes it away and records who did what", async () => {
    const actor = await makeUser({ roles: ["coordinator"] });
    const user = await makeUser({ roles: ["professional", "expert"] });

    expect(revokeRole({ actorId: actor.id, userId: user.id, role: "expert" })).toEqual({ status: "ok" });

    expect(getUserProfile(user.id)?.roles).toEqual(["professional"]);
    const [entry] = auditEntriesFor(user.id);
    expect(entry).toMatchObject({ actorId: actor.id, action: "role.revoke", details: { role: "expert" } });
  });

  test("an unknown user is not found", async () => {
    const actor = await makeUser({ roles: ["admin"] });

    expect(grantRole({ actorId: actor.id, userId: "bestaat-niet", role: "expert" })).toEqual({ status: "not-found" });
    expect(revokeRole({ actorId: actor.id, userId: "bestaat-niet", role: "expert" })).toEqual({ status: "not-found" });
  });

  test("the last administrator keeps the admin role", async () => {
    const first = await makeUser({ roles: ["admin"] });
    const second = await makeUser({ roles: ["admin"] });
    // Other tests in this file may have made administrators too: leave only these two.
    const others = db.select().from(userRoles).where(eq(userRoles.role, "admin")).all();
    for (const other of others) {
      if (other.userId === first.id || other.userId === second.id) continue;
      expect(revokeRole({ actorId: first.id, userId: other.userId, role: "admin" })).toEqual({ status: "ok" });
    }

    expect(revokeRole({ actorId: first.id, userId: second.id, role: "admin" })).toEqual({ status: "ok" });
    expect(revokeRole({ actorId: first.id, userId: first.id, role: "admin" })).toEqual({ status: "last-admin" });

    expect(getUserProfile(first.id)?.roles).toContain("admin");
    expect(auditEntriesFor(first.id)).toHaveLength(0);
  });
});
