// npm run content:check — compiles every module under content/ and lists every problem with its
// file and line. Exits 1 when there is one: a module with a problem never goes online.
import { existsSync } from "node:fs";
import { loadEnv } from "./prepare";

const env = await loadEnv();
// Check against the themes of an existing database (coordinators may have added some), or else
// the themes every installation starts with; never create a database just to check content.
const hasDatabase = env.DATABASE_PATH !== ":memory:" && existsSync(env.DATABASE_PATH);
if (!hasDatabase) process.env.DATABASE_PATH = ":memory:";
const { THEMES } = await import("./seed");
const themeSlugs = new Set<string>(THEMES.map((t) => t.slug));
if (hasDatabase) {
  const { listThemes } = await import("../app/models/theme.server");
  try {
    for (const theme of listThemes()) themeSlugs.add(theme.slug);
  } catch {
    // A database without migrations yet: the start-up themes are enough.
  }
}
const { loadInterventions, interventionsDirectory } = await import("../app/mdx/registry.server");
const started = Date.now();
const registry = await loadInterventions({ themeSlugs: [...themeSlugs], useCache: false });

const dir = interventionsDirectory();
for (const problem of registry.problems)
  console.error(`${env.CONTENT_DIR}/${problem.file}:${problem.line}: ${problem.message}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (registry.problems.length) {
  const count = registry.problems.length;
  console.error(`\n${count} ${count === 1 ? "probleem" : "problemen"} gevonden in ${dir} (${seconds} s).`);
  process.exit(1);
}
console.info(
  `${registry.list.length} module(s) in orde: ${registry.list.map((i) => i.slug).join(", ")} (${seconds} s).`,
);
