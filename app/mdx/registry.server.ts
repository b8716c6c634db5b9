import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { inArray } from "drizzle-orm";
import { db } from "@db/client.server";
import { compiledInterventions, themes } from "@db/schema";
import { env } from "~/utils/env.server";
import { compileIntervention, contentHash } from "./compile.server";
import type { CompiledIntervention, ContentProblem } from "./types";

/** Internal paths a module may link to: the pages that exist. Extend as capabilities land. */
export const LINKABLE_PATHS = ["/leren", "/account"];

export type InterventionRegistry = {
  list: CompiledIntervention[];
  bySlug: Map<string, CompiledIntervention>;
  problems: ContentProblem[];
};

type Source = { folder: string; file: string; directory: string; source: string; hash: string };

export function interventionsDirectory(contentDir = env.CONTENT_DIR) {
  return resolve(contentDir, "interventions");
}

function readSources(root: string): Source[] {
  let folders: string[];
  try {
    folders = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
  return folders.flatMap((folder) => {
    const directory = join(root, folder);
    const file = join(directory, "index.mdx");
    try {
      const source = readFileSync(file, "utf8");
      return [{ folder, file, directory, source, hash: contentHash(source) }];
    } catch {
      return [];
    }
  });
}

let compiles = 0;
/** How many modules this process compiled: a page view must never add to it. */
export function compileCount() {
  return compiles;
}

export type LoadOptions = {
  contentDir?: string;
  /** Theme slugs a module may name; by default the themes in the database. */
  themeSlugs?: string[];
  /** Keep compiled output in the database by content hash (default true). */
  useCache?: boolean;
  log?: Pick<Console, "info" | "warn">;
};

/**
 * Reads every module under content/interventions, takes compiled output from the cache where the
 * content hash matches, compiles the rest (one at a time), and checks what concerns several
 * modules: folder and slug, duplicate slugs, unknown themes, links to modules that do not exist.
 * A module with a problem stays offline; the problems are returned.
 */
export async function loadInterventions(options: LoadOptions = {}): Promise<InterventionRegistry> {
  const root = interventionsDirectory(options.contentDir);
  const contentRoot = resolve(options.contentDir ?? env.CONTENT_DIR);
  const useCache = options.useCache ?? true;
  const sources = readSources(root);
  const problems: ContentProblem[] = [];

  const cached = new Map<string, CompiledIntervention>();
  if (useCache && sources.length) {
    const rows = db
      .select()
      .from(compiledInterventions)
      .where(
        inArray(
          compiledInterventions.hash,
          sources.map((s) => s.hash),
        ),
      )
      .all();
    for (const row of rows) cached.set(row.hash, row.data as CompiledIntervention);
  }

  const compiled: { source: Source; intervention: CompiledIntervention }[] = [];
  for (const source of sources) {
    let intervention = cached.get(source.hash) ?? null;
    if (!intervention) {
      const started = Date.now();
      const result = await compileIntervention({
        source: source.source,
        file: source.file,
        directory: source.directory,
        root: contentRoot,
      });
      compiles++;
      options.log?.info(`mdx: compiled ${source.folder} in ${Date.now() - started} ms`);
      problems.push(...result.problems);
      intervention = result.intervention;
      if (intervention && useCache) {
        db.insert(compiledInterventions)
          .values({ hash: intervention.hash, slug: intervention.slug, data: intervention })
          .onConflictDoNothing()
          .run();
      }
    }
    if (intervention) compiled.push({ source, intervention });
  }

  const themeSlugs = new Set(
    options.themeSlugs ??
      db
        .select({ slug: themes.slug })
        .from(themes)
        .all()
        .map((t) => t.slug),
  );
  const slugs = new Map<string, number>();
  for (const { intervention } of compiled) slugs.set(intervention.slug, (slugs.get(intervention.slug) ?? 0) + 1);
  const lineOf = (source: string, key: string) =>
    Math.max(1, source.split("\n").findIndex((line) => line.startsWith(`${key}:`)) + 1);

  const online: CompiledIntervention[] = [];
  for (const { source, intervention } of compiled) {
    const before = problems.length;
    const report = (line: number, message: string) => problems.push({ file: intervention.file, line, message });
    if (intervention.slug !== source.folder) {
      report(
        lineOf(source.source, "slug"),
        `slug "${intervention.slug}" is niet gelijk aan de mapnaam "${source.folder}"`,
      );
    }
    if ((slugs.get(intervention.slug) ?? 0) > 1) {
      report(lineOf(source.source, "slug"), `de slug "${intervention.slug}" wordt door meer dan één module gebruikt`);
    }
    if (!themeSlugs.has(intervention.frontmatter.theme)) {
      report(lineOf(source.source, "theme"), `onbekend thema "${intervention.frontmatter.theme}"`);
    }
    const links = [
      ...intervention.links,
      ...intervention.frontmatter.deepen
        .filter((d) => d.url.startsWith("/"))
        .map((d) => ({ url: d.url, line: lineOf(source.source, "deepen") })),
    ];
    for (const link of links) {
      const path = link.url.split(/[?#]/)[0] ?? "";
      const module = path.match(/^\/leren\/([^/]+)\/?$/);
      const ok = module ? slugs.has(module[1] ?? "") : LINKABLE_PATHS.some((p) => path === p || path === `${p}/`);
      if (!ok) report(link.line, `de link ${link.url} wijst naar een pagina die niet bestaat`);
    }
    if (problems.length === before) online.push(intervention);
  }

  online.sort((a, b) => a.frontmatter.title.localeCompare(b.frontmatter.title, "nl"));
  return { list: online, bySlug: new Map(online.map((i) => [i.slug, i])), problems };
}

// The registry the app serves from. Production loads it once (start-up has compiled and cached
// every module); development looks at the files again when one changed, so a reload shows an edit.
let current: { registry: InterventionRegistry; stamp: string } | null = null;
let loading: Promise<InterventionRegistry> | null = null;

function filesStamp(root: string) {
  try {
    return readdirSync(root)
      .map((folder) => {
        try {
          return `${folder}:${statSync(join(root, folder, "index.mdx")).mtimeMs}`;
        } catch {
          return folder;
        }
      })
      .join("|");
  } catch {
    return "";
  }
}

export async function getInterventions(): Promise<InterventionRegistry> {
  if (env.isProduction && current) return current.registry;
  const stamp = env.isProduction ? "" : filesStamp(interventionsDirectory());
  if (current && current.stamp === stamp) return current.registry;
  loading ??= loadInterventions({ log: console })
    .then((registry) => {
      current = { registry, stamp };
      for (const p of registry.problems) console.warn(`content: ${p.file}:${p.line}: ${p.message}`);
      return registry;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/**
 * The HTML of one article segment of an online module, for the server render of a module page
 * (see segment-html.tsx). Synchronous: the page's loader has loaded the modules already.
 */
export function resolveSegmentHtml(ref: string) {
  const [slug, hash, part, index] = ref.split(":");
  const intervention = slug ? current?.registry.bySlug.get(slug) : undefined;
  if (!intervention || !hash || !intervention.hash.startsWith(hash)) return undefined;
  const segment = intervention.parts[part as keyof CompiledIntervention["parts"]]?.[Number(index)];
  return segment && "html" in segment ? segment.html : undefined;
}

export async function getIntervention(slug: string) {
  return (await getInterventions()).bySlug.get(slug) ?? null;
}

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  svg: "image/svg+xml",
  webp: "image/webp",
};

/** An image from the folder of an online module; null for anything else. */
export async function readInterventionImage(slug: string, file: string) {
  if (!(await getIntervention(slug)) || file.includes("/") || file.includes("..")) return null;
  const type = IMAGE_TYPES[file.split(".").pop()?.toLowerCase() ?? ""];
  if (!type) return null;
  try {
    return { body: readFileSync(join(interventionsDirectory(), slug, file)), type };
  } catch {
    return null;
  }
}
