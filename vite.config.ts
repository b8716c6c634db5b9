/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixOptions from "./remix.config.js";

// Server-only packages stay out of Vite's dependency optimiser: optimising them
// makes the dev server reload in a loop (see shared/STACK.md).
const serverOnly = ["better-sqlite3", "drizzle-orm", "@node-rs/argon2", "lucia", "nodemailer", "rate-limiter-flexible"];

export default defineConfig({
  plugins: [!process.env.VITEST && remix(remixOptions), tsconfigPaths()],
  optimizeDeps: { exclude: serverOnly },
  server: { hmr: { port: 24678 } },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
