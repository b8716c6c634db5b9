// Serves the minimal bench app: Express and Remix only, nothing of ours in between.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const build = await import(pathToFileURL(resolve("tmp/bench/minimal-build/server/index.js")).href);
const app = express();
app.use("/assets", express.static("tmp/bench/minimal-build/client/assets", { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT ?? 3401), () => console.info("minimal ready"));
