import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "../../../remix.config.js";

export default defineConfig({
  plugins: [
    remix({
      ...remixOptions,
      appDirectory: "scripts/bench/minimal",
      buildDirectory: "tmp/bench/minimal-build",
    }),
  ],
});
