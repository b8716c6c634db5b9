import { loadEnv } from "./prepare";

const env = await loadEnv();
const { db, migrateDb } = await import("../db/client.server");
migrateDb(db);
console.info(`Migrations applied to ${env.DATABASE_PATH}.`);
