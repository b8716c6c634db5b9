/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixOptions from "./remix.config.js";

// Server-only packages stay out of Vite's dependency optimiser: optimising them
// makes the dev server reload in a loop (see shared/STACK.md).
const serverOnly = ["better-sqlite3", "drizzle-orm", "@node-rs/argon2", "lucia", "nodemailer", "rate-limiter-flexible"];

// Small modules that most pages share go to the browser as one file: each file is a
// <link rel="modulepreload"> in every page and a request of the browser. Without this, the module
// page had twelve, seven of them under 2 KB.
const SHARED_SMALL = [
  "/app/auth/roles.ts",
  "/app/components/app-link.tsx",
  "/app/components/error-page.tsx",
  "/app/utils/dates.ts",
  "/app/utils/labels.ts",
  "/app/utils/meta.ts",
  "/db/schema/enums.ts",
];

// React, React Router and Remix's browser runtime: every page needs them, and they change only
// with an upgrade, so they stay one file apart from the app's own code (a browser keeps it cached
// across releases).
const FRAMEWORK =
  /\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|@remix-run\/[^/]+|turbo-stream)\//;

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [!process.env.VITEST && remix(remixOptions), tsconfigPaths()],
  // On the server the chunks do not matter.
  build: isSsrBuild
    ? {}
    : {
        rollupOptions: {
          output: {
            manualChunks: (id) =>
              id.includes("/node_modules/") && FRAMEWORK.test(id)
                ? "framework"
                : SHARED_SMALL.some((path) => id.endsWith(path))
                  ? "shared"
                  : undefined,
          },
        },
      },
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
}));
