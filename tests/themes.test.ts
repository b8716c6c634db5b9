import { asc } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { themes } from "@db/schema";
import { listThemes } from "~/models/theme.server";
import { listInDutch } from "~/utils/labels";
import { ensureTheme, uniqueSuffix } from "./factories";

describe("listThemes", () => {
  test("gives every theme as stored, by name, with its creation moment as a date", () => {
    const suffix = uniqueSuffix();
    ensureTheme({ slug: `zz-thema-${suffix}`, name: `Zwijgen en spreken ${suffix}`, description: "Over stilte." });
    ensureTheme({ slug: `aa-thema-${suffix}`, name: `Aandacht ${suffix}`, description: "" });
    const listed = listThemes();
    expect(listed).toEqual(db.select().from(themes).orderBy(asc(themes.name)).all());
    expect(listed.map((t) => t.name)).toEqual([...listed.map((t) => t.name)].sort());
    const mine = listed.find((t) => t.slug === `zz-thema-${suffix}`)!;
    expect(mine).toMatchObject({ name: `Zwijgen en spreken ${suffix}`, description: "Over stilte." });
    expect(mine.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(mine.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("listInDutch", () => {
  test("joins names the Dutch way, the same each time it is asked", () => {
    expect(listInDutch([])).toBe("");
    expect(listInDutch(["Noor"])).toBe("Noor");
    expect(listInDutch(["Noor", "Sem"])).toBe("Noor en Sem");
    expect(listInDutch(["Noor", "Sem", "Fatima"])).toBe("Noor, Sem en Fatima");
    expect(listInDutch(["Noor", "Sem", "Fatima"])).toBe("Noor, Sem en Fatima");
    expect(listInDutch(["Noor, Sem", "Fatima"])).toBe("Noor, Sem en Fatima");
    expect(listInDutch(["Noor", "Sem, Fatima"])).toBe("Noor en Sem, Fatima");
  });
});
