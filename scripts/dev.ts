// Development server: the same HTTP layer as production, with Vite serving the app.
import { createServer } from "vite";
import type { ServerBuild } from "@remix-run/node";
import { prepareDatabase } from "./prepare";

const { env, demoAccounts } = await prepareDatabase();
const vite = await createServer({ server: { middlewareMode: true } });
const { createHttpApp } = await import("./http-app");
const { startBackgroundJobs } = await import("./jobs");

const app = createHttpApp({
  env,
  build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  beforeRemix: (express) => express.use(vite.middlewares),
});
startBackgroundJobs(env);
app.listen(env.PORT, env.HOST, () => {
  console.info(`Leercirkel (development) runs at ${env.appUrl}`);
  if (demoAccounts) console.info(demoAccounts);
});
