// The production server: migrate, seed what is missing, then serve the built app.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareDatabase } from "./prepare";

const { env, demoAccounts } = await prepareDatabase();

const buildPath = resolve("build/server/index.js");
if (!existsSync(buildPath)) {
  console.error("No build found at build/server/index.js. Run `npm run build` first (or `npm start`).");
  process.exit(1);
}
const build = await import(pathToFileURL(buildPath).href);
const { createHttpApp } = await import("./http-app");
const { startBackgroundJobs } = await import("./jobs");

const app = createHttpApp({ env, build, staticFiles: "build/client" });
const stopJobs = startBackgroundJobs(env);

const server = app.listen(env.PORT, env.HOST, () => {
  console.info(`Leercirkel runs at ${env.appUrl} (database: ${env.DATABASE_PATH}, mode: ${env.NODE_ENV}).`);
  if (demoAccounts) console.info(demoAccounts);
});

function shutdown(signal: string) {
  console.info(`${signal}: stopping.`);
  stopJobs();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
