import { count } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { organisations, themes, users } from "@db/schema";
import { authenticate } from "~/models/user.server";
import { DEMO_ACCOUNTS, seed, THEMES } from "../scripts/seed";
import { uniqueIp } from "./factories";

const DEMO_PASSWORD = "demo-wachtwoord-voor-tests";

function counts() {
  return {
    users: db.select({ n: count() }).from(users).get()?.n,
    organisations: db.select({ n: count() }).from(organisations).get()?.n,
    themes: db.select({ n: count() }).from(themes).get()?.n,
  };
}

describe("seed", () => {
  test("without demo data it adds the five themes and no accounts", async () => {
    const before = counts();

    await seed({ demo: false, demoPassword: DEMO_PASSWORD });

    const slugs = db
      .select({ slug: themes.slug })
      .from(themes)
      .all()
      .map((t) => t.slug);
    expect(THEMES).toHaveLength(5);
    expect(slugs).toEqual(expect.arrayContaining(THEMES.map((t) => t.slug)));
    expect(counts().users).toBe(before.users);
  });

  test("running it a second time creates nothing", async () => {
    await seed({ demo: true, demoPassword: DEMO_PASSWORD });
    const afterFirst = counts();

    const second = await seed({ demo: true, demoPassword: DEMO_PASSWORD });

    expect(second).toEqual({ themesCreated: 0, demoAccountsCreated: [], usersCreated: 0 });
    expect(counts()).toEqual(afterFirst);
  });

  test("the demo accounts can sign in with the demo password", async () => {
    await seed({ demo: true, demoPassword: DEMO_PASSWORD });

    for (const account of DEMO_ACCOUNTS) {
      expect(await authenticate({ email: account.email, password: DEMO_PASSWORD, ip: uniqueIp() })).toMatchObject({
        status: "ok",
      });
    }
  });
});
