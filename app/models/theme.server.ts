import { eq } from "drizzle-orm";
import { db, sqlite, type Db } from "@db/client.server";
import { lazy } from "@db/lazy";
import { orOnUniqueViolation } from "@db/errors";
import { themes, type Theme } from "@db/schema";
import { recordAudit } from "./audit.server";
import { slugify, type ThemeInput } from "./theme.schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Whether a chosen theme exists (none chosen counts as fine); read in the caller's transaction. */
export function themeExists(tx: Tx | Db, themeId: number | null | undefined) {
  return themeId == null || !!tx.select({ id: themes.id }).from(themes).where(eq(themes.id, themeId)).get();
}

// Read on every module page and the catalogue: one plain prepared statement (drizzle's row mapping
// took ~30 µs a call for five rows; docs/decisions/0007).
const allThemes = lazy(() =>
  sqlite.prepare<[], { id: number; slug: string; name: string; description: string; createdAt: number }>(
    "select id, slug, name, description, created_at as createdAt from themes order by name",
  ),
);

export function listThemes(): Theme[] {
  return allThemes()
    .all()
    .map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
}

export function getTheme(id: number) {
  return db.select().from(themes).where(eq(themes.id, id)).get();
}

export function getThemeBySlug(slug: string) {
  return db.select().from(themes).where(eq(themes.slug, slug)).get();
}

export type ThemeChangeResult =
  { status: "ok"; id: number } | { status: "duplicate-slug" } | { status: "invalid-slug" } | { status: "not-found" };

function slugTaken(slug: string, exceptId?: number) {
  const row = getThemeBySlug(slug);
  return row !== undefined && row.id !== exceptId;
}

export function createTheme({ actorId, input }: { actorId: string | null; input: ThemeInput }): ThemeChangeResult {
  return orOnUniqueViolation(
    () =>
      db.transaction((tx) => {
        const values = { ...input, slug: input.slug || slugify(input.name) };
        if (!values.slug) return { status: "invalid-slug" } as const;
        if (slugTaken(values.slug)) return { status: "duplicate-slug" } as const;
        const row = tx.insert(themes).values(values).returning({ id: themes.id }).get();
        recordAudit(tx, { actorId, action: "theme.create", targetType: "theme", targetId: row.id, details: values });
        return { status: "ok", id: row.id } as const;
      }),
    { status: "duplicate-slug" } as const,
  );
}

export function updateTheme({
  actorId,
  id,
  input,
}: {
  actorId: string;
  id: number;
  input: ThemeInput;
}): ThemeChangeResult {
  return orOnUniqueViolation(
    () =>
      db.transaction((tx) => {
        const before = tx.select().from(themes).where(eq(themes.id, id)).get();
        if (!before) return { status: "not-found" } as const;
        const values = { ...input, slug: input.slug || slugify(input.name) };
        if (!values.slug) return { status: "invalid-slug" } as const;
        if (slugTaken(values.slug, id)) return { status: "duplicate-slug" } as const;
        tx.update(themes).set(values).where(eq(themes.id, id)).run();
        recordAudit(tx, {
          actorId,
          action: "theme.update",
          targetType: "theme",
          targetId: id,
          details: {
            before: { name: before.name, slug: before.slug, description: before.description },
            after: values,
          },
        });
        return { status: "ok", id } as const;
      }),
    { status: "duplicate-slug" } as const,
  );
}
