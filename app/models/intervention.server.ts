import { count, isNotNull, sql } from "drizzle-orm";
import { db } from "@db/client.server";
import {
  checkIns,
  evaluations,
  intentions,
  interventionProgress,
  CHECK_IN_OUTCOMES,
  type CheckInOutcome,
} from "@db/schema";
import { getInterventions } from "~/mdx/registry.server";
import { toCsv } from "~/utils/csv";
import {
  toModuleContentJson,
  type ModuleContent,
  type ModuleContentJson,
  type PageSegment,
} from "~/mdx/module-content";
import { segmentRef } from "~/mdx/segment-html";
import type { CompiledIntervention, Segment } from "~/mdx/types";
import { DURATION_FILTERS } from "./learning.schema";
import { addDays, amsterdamDay } from "~/utils/dates";
import { DEFAULT_CHECK_IN_DAYS, getLearnerStateAndThemeName, getProgressByModule, passMark } from "./progress.server";
import { listPublishedForModule, MODULE_CONTRIBUTIONS_SHOWN } from "./contribution.server";
import { listThemes } from "./theme.server";

export type LearnerStatus = "not-started" | "in-progress" | "completed";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** The catalogue: every online module, filtered, with the learner's status. */
export async function listCatalogue({
  userId,
  q,
  theme,
  duration,
  audience,
}: {
  userId: string | null;
  q?: string;
  theme?: string;
  duration?: keyof typeof DURATION_FILTERS;
  audience?: string;
}) {
  const registry = await getInterventions();
  const themes = new Map(listThemes().map((t) => [t.slug, t]));
  const status = userId ? getProgressByModule(userId) : new Map<string, LearnerStatus>();
  const words = q ? fold(q).split(/\s+/).filter(Boolean) : [];
  const rows = registry.list
    .filter((i) => !theme || i.frontmatter.theme === theme)
    .filter((i) => !duration || DURATION_FILTERS[duration].test(i.frontmatter.duration))
    .filter((i) => !audience || (i.frontmatter.audience as string[]).includes(audience))
    .filter((i) => {
      if (!words.length) return true;
      const haystack = fold(
        [i.frontmatter.title, i.frontmatter.summary, themes.get(i.frontmatter.theme)?.name ?? ""].join(" "),
      );
      return words.every((word) => haystack.includes(word));
    })
    .map((i) => ({
      slug: i.slug,
      title: i.frontmatter.title,
      summary: i.frontmatter.summary,
      duration: i.frontmatter.duration,
      audience: i.frontmatter.audience,
      theme: { slug: i.frontmatter.theme, name: themes.get(i.frontmatter.theme)?.name ?? i.frontmatter.theme },
      status: (status.get(i.slug) ?? "not-started") as LearnerStatus,
    }));
  const themeOptions = [...new Set(registry.list.map((i) => i.frontmatter.theme))]
    .map((slug) => ({ slug, name: themes.get(slug)?.name ?? slug }))
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
  return { rows, total: registry.list.length, themeOptions };
}

export type ModuleStats = {
  slug: string;
  title: string;
  themeName: string;
  starts: number;
  completions: number;
  medianMinutes: number | null;
  evaluationCount: number;
  gradeAverage: number | null;
  grades: number[]; // count per grade 1..10 (index 0 is grade 1)
  intentions: number;
  checkIns: Record<CheckInOutcome, number>;
};

function median(values: number[]) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Per module, for coordinators: starts, completions, median time to complete, evaluations and
 * what became of intentions. Only counts: never one person's reflections or answers.
 */
export async function getModuleStats(): Promise<ModuleStats[]> {
  const registry = await getInterventions();
  const themes = new Map(listThemes().map((t) => [t.slug, t.name]));
  const progress = db
    .select({
      slug: interventionProgress.slug,
      starts: count(),
      completions: count(interventionProgress.completedAt),
    })
    .from(interventionProgress)
    .groupBy(interventionProgress.slug)
    .all();
  const durations = db
    .select({
      slug: interventionProgress.slug,
      minutes: sql<number>`(${interventionProgress.completedAt} - ${interventionProgress.startedAt}) / 60000.0`,
    })
    .from(interventionProgress)
    .where(isNotNull(interventionProgress.completedAt))
    .all();
  const grades = db
    .select({ slug: evaluations.slug, grade: evaluations.grade, n: count() })
    .from(evaluations)
    .groupBy(evaluations.slug, evaluations.grade)
    .all();
  const intentionCounts = db
    .select({ slug: intentions.slug, n: count() })
    .from(intentions)
    .groupBy(intentions.slug)
    .all();
  const outcomes = db
    .select({ slug: intentions.slug, outcome: checkIns.outcome, n: count() })
    .from(checkIns)
    .innerJoin(intentions, sql`${intentions.id} = ${checkIns.intentionId}`)
    .groupBy(intentions.slug, checkIns.outcome)
    .all();

  const slugs = [...new Set([...registry.list.map((i) => i.slug), ...progress.map((p) => p.slug)])];
  return slugs.map((slug) => {
    const module = registry.bySlug.get(slug);
    const p = progress.find((row) => row.slug === slug);
    const gradeCounts = Array.from({ length: 10 }, (_, i) =>
      grades.filter((g) => g.slug === slug && g.grade === i + 1).reduce((sum, g) => sum + g.n, 0),
    );
    const evaluationCount = gradeCounts.reduce((a, b) => a + b, 0);
    const gradeSum = gradeCounts.reduce((sum, n, i) => sum + n * (i + 1), 0);
    const minutes = median(durations.filter((d) => d.slug === slug).map((d) => d.minutes));
    return {
      slug,
      title: module?.frontmatter.title ?? slug,
      themeName: module ? (themes.get(module.frontmatter.theme) ?? module.frontmatter.theme) : "",
      starts: p?.starts ?? 0,
      completions: p?.completions ?? 0,
      medianMinutes: minutes === null ? null : Math.round(minutes),
      evaluationCount,
      gradeAverage: evaluationCount ? Math.round((gradeSum / evaluationCount) * 10) / 10 : null,
      grades: gradeCounts,
      intentions: intentionCounts.find((i) => i.slug === slug)?.n ?? 0,
      checkIns: Object.fromEntries(
        CHECK_IN_OUTCOMES.map((o) => [o, outcomes.find((row) => row.slug === slug && row.outcome === o)?.n ?? 0]),
      ) as Record<CheckInOutcome, number>,
    };
  });
}

/** The module figures as CSV (semicolons, as Dutch spreadsheets expect). */
export function moduleStatsCsv(stats: ModuleStats[]) {
  const header = [
    "slug",
    "titel",
    "thema",
    "gestart",
    "afgerond",
    "mediaan minuten tot afronden",
    "evaluaties",
    "gemiddeld rapportcijfer",
    ...Array.from({ length: 10 }, (_, i) => `cijfer ${i + 1}`),
    "voornemens",
    "terugblik: gelukt",
    "terugblik: deels",
    "terugblik: nog niet",
  ];
  const rows = stats.map((s) => [
    s.slug,
    s.title,
    s.themeName,
    s.starts,
    s.completions,
    s.medianMinutes,
    s.evaluationCount,
    s.gradeAverage === null ? null : String(s.gradeAverage).replace(".", ","),
    ...s.grades,
    s.intentions,
    s.checkIns.yes,
    s.checkIns.partly,
    s.checkIns.not_yet,
  ]);
  return toCsv([header, ...rows]);
}

/** The newest published contributions first; the rest behind "meer". */
function splitShown<T>(items: readonly T[]) {
  return { shown: items.slice(0, MODULE_CONTRIBUTIONS_SHOWN), more: items.slice(MODULE_CONTRIBUTIONS_SHOWN) };
}

function pageParts(intervention: CompiledIntervention, withArticle: boolean) {
  const parts = {} as Record<keyof CompiledIntervention["parts"], PageSegment[]>;
  for (const [part, segments] of Object.entries(intervention.parts) as [keyof typeof parts, Segment[]][]) {
    parts[part] = segments.map((segment, index) =>
      "html" in segment
        ? { ref: segmentRef(intervention.slug, intervention.hash, part, index), html: withArticle ? segment.html : "" }
        : segment,
    );
  }
  return parts;
}

const contentJson = new WeakMap<
  CompiledIntervention,
  { withArticle?: ModuleContentJson; without?: ModuleContentJson }
>();

/**
 * What the module page shows every learner, as JSON text made once per compiled module: without the
 * answers of the knowledge check, and without the article's HTML for a document request.
 */
function moduleContent(intervention: CompiledIntervention, withArticle: boolean) {
  let made = contentJson.get(intervention);
  if (!made) contentJson.set(intervention, (made = {}));
  const key = withArticle ? "withArticle" : "without";
  return (made[key] ??= toModuleContentJson({
    frontmatter: intervention.frontmatter,
    parts: pageParts(intervention, withArticle),
    reflections: intervention.reflections,
    quiz: intervention.quiz.map((q) => ({ id: q.id, html: q.html, answers: q.answers.map((a) => ({ html: a.html })) })),
  }));
}

/**
 * Everything the module page shows one learner: the compiled content without the answers of the
 * knowledge check (those are only revealed for the learner's own last attempt), and their own
 * progress. `withArticle: false` leaves the article's HTML out of the data (a document request:
 * the page itself carries it).
 */
export async function getModuleForLearner({
  slug,
  userId,
  withArticle = true,
}: {
  slug: string;
  userId: string;
  withArticle?: boolean;
}) {
  const intervention = (await getInterventions()).bySlug.get(slug);
  if (!intervention) return null;
  const { state, themeName } = getLearnerStateAndThemeName({ userId, slug, theme: intervention.frontmatter.theme });
  const attempt = state.lastQuiz;
  const quizResults = attempt
    ? Object.fromEntries(
        intervention.quiz.map((q) => {
          const chosen = attempt.answers[q.id];
          const answer = chosen === undefined ? undefined : q.answers[chosen];
          return [
            q.id,
            { chosen: chosen ?? null, correct: Boolean(answer?.correct), feedback: answer?.feedback ?? "" },
          ];
        }),
      )
    : null;
  return {
    slug,
    content: moduleContent(intervention, withArticle),
    themeName: themeName ?? intervention.frontmatter.theme,
    contributions: splitShown(listPublishedForModule({ slug, themeSlug: intervention.frontmatter.theme })),
    passMark: passMark(intervention.quiz.length),
    state,
    quizResults,
    defaultCheckInOn: addDays(amsterdamDay(), DEFAULT_CHECK_IN_DAYS),
    earliestCheckInOn: addDays(amsterdamDay(), 1),
  };
}

/** The module page's loader data: the learner's own part, and the module's content as JSON text. */
export type ModulePageData = NonNullable<Awaited<ReturnType<typeof getModuleForLearner>>>;

/** What the module page renders: its data with the module's content read from the JSON text. */
export type ModulePage = Omit<ModulePageData, "content"> & ModuleContent;
