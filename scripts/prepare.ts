import { existsSync } from "node:fs";

/**
 * Loads .env (if there is one) and parses the environment. On a wrong value it prints which
 * variable is wrong and why, and exits: nothing starts on a half-valid configuration.
 */
export async function loadEnv() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return (await import("../app/utils/env.server")).env;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** Creates the database when missing, applies the migrations and seeds what is missing. */
export async function prepareDatabase() {
  const env = await loadEnv();
  const { db, migrateDb } = await import("../db/client.server");
  migrateDb(db);
  const { seed, shouldSeedDemo, describeDemoAccounts } = await import("./seed");
  const result = await seed({ demo: shouldSeedDemo(env), demoPassword: env.DEMO_PASSWORD });
  if (result.themesCreated || result.usersCreated) {
    console.info(
      `Seeded ${result.themesCreated} theme(s) and ${result.usersCreated} demo user(s) into ${env.DATABASE_PATH}.`,
    );
  }
  const accounts = describeDemoAccounts(result.demoAccountsCreated, env.DEMO_PASSWORD);
  // Compile every module now (cached by content hash), so that no page view ever compiles.
  const { loadInterventions } = await import("../app/mdx/registry.server");
  const registry = await loadInterventions({ log: console });
  for (const p of registry.problems) console.warn(`content: ${env.CONTENT_DIR}/${p.file}:${p.line}: ${p.message}`);
  console.info(
    `Content: ${registry.list.length} module(s) online${registry.problems.length ? `, ${registry.problems.length} problem(s) keep modules offline` : ""}.`,
  );
  const { getAdminOverview } = await import("../app/models/overview.server");
  if (getAdminOverview().users === 0) {
    console.info(
      "No accounts yet. Try the demo with `npm run demo`, or create the first administrator with\n" +
        '  npm run admin:create -- --email you@example.nl --name "Your Name" --organisation "Your organisation"',
    );
  }
  return { env, demoAccounts: accounts };
}
