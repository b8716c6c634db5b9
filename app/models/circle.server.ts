import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import { isUniqueViolation } from "@db/errors";
import {
  CIRCLE_STEPS,
  CONTRIBUTION_KINDS,
  EMBEDDING_KINDS,
  ORGANISATION_KINDS,
  SIGNAL_KINDS,
  actionLearningGroups,
  circleHighlights,
  circleSteps,
  contributions,
  groupActions,
  groupFrames,
  groupMeetings,
  learningCircles,
  networkMeetings,
  organisations,
  polls,
  signals,
  themes,
  users,
  webinars,
  type CheckInOutcome,
  type CircleStep,
  type CircleStepStatus,
  type ContributionKind,
  type EmbeddingKind,
  type NetworkMeeting,
  type OrganisationKind,
  type Role,
  type SignalKind,
} from "@db/schema";
import { isManager } from "~/auth/roles";
import { getInterventions } from "~/mdx/registry.server";
import { toCsv } from "~/utils/csv";
import { addDays, amsterdamDay, fromAmsterdamLocal, toAmsterdamLocal } from "~/utils/dates";
import { CONTRIBUTION_KIND_LABELS, ORGANISATION_KIND_LABELS, REGIONS } from "~/utils/labels";
import { recordAudit } from "./audit.server";
import { themeExists } from "./theme.server";
import { rolesOf } from "./user.server";
import {
  CIRCLE_STEP_STATUS_LABELS,
  CIRCLE_STEP_TITLES,
  SIGNAL_KIND_LABELS,
  type HighlightsInput,
  type NetworkMeetingInput,
  type SignalInput,
  type StepStatusInput,
} from "./circle.schema";
import { EMBEDDING_KIND_LABELS } from "./group.schema";

// Learning circles: one per theme, its seven steps, signals from casework, network meetings, and the
// figures of the whole cycle. See docs/decisions/0011-learning-circles.md.
//
// Who may do what: every change here is a coordinator's (MANAGER_ROLES) and checks the actor's roles
// in its own transaction. getCircle takes the viewer (group names); listCircles, circleFigures and
// listSignals show aggregated data any signed-in user may see; coordinatorDashboard, yearReport and
// yearReportCsv (which quotes yields recorded in groups) are for coordinators, and their routes check
// MANAGER_ROLES with requireUser.

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A theme's circle, or every row in the network ("all": also what has no theme). */
export type FiguresScope = number | "all";

/** A module as the registry knows it: the theme is the theme's slug (content frontmatter). */
export type ModuleRef = { slug: string; themeSlug: string; title: string };

/** The modules online, from content/ (compiled and cached). Tests and scripts may pass their own. */
async function moduleRefs(modules?: ModuleRef[]): Promise<ModuleRef[]> {
  if (modules) return modules;
  const { list } = await getInterventions();
  return list.map((m) => ({ slug: m.slug, themeSlug: m.frontmatter.theme, title: m.frontmatter.title }));
}

// ---------------------------------------------------------------- who may do what

const isCoordinator = (tx: Tx, actorId: string) => isManager(rolesOf(tx, actorId));

// ---------------------------------------------------------------- periods and regions

/** A period of calendar days in Amsterdam, both ends included; either end may be open. */
export type Period = { from?: string; to?: string };

type Bounds = { fromMs: number | null; toMs: number | null; fromDay: string | null; toDay: string | null };

const dayStart = (day: string) => fromAmsterdamLocal(`${day}T00:00`)!.getTime();

function boundsOf({ from, to }: Period): Bounds {
  return {
    fromMs: from ? dayStart(from) : null,
    // Exclusive: the start of the day after the last day.
    toMs: to ? dayStart(addDays(to, 1)) : null,
    fromDay: from ?? null,
    toDay: to ?? null,
  };
}

const list = (values: (string | number)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

const all = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` and `) : sql`1`);

/** A moment column (ms since the epoch) inside the period. */
function momentIn(column: SQL, b: Bounds) {
  return sql`(${all([
    ...(b.fromMs !== null ? [sql`${column} >= ${b.fromMs}`] : []),
    ...(b.toMs !== null ? [sql`${column} < ${b.toMs}`] : []),
  ])})`;
}

/** A calendar-day column (YYYY-MM-DD) inside the period. */
function dayIn(column: SQL, b: Bounds) {
  return sql`(${all([
    ...(b.fromDay !== null ? [sql`${column} >= ${b.fromDay}`] : []),
    ...(b.toDay !== null ? [sql`${column} <= ${b.toDay}`] : []),
  ])})`;
}

/**
 * The organisations of a region, read once per call (a handful of ids): rows are then checked
 * against this short list. Null: no region chosen.
 */
type RegionFilter = number[] | null;

function regionFilter(region: string | undefined): RegionFilter {
  if (!region) return null;
  return db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.region, region))
    .all()
    .map((o) => o.id);
}

/** An organisation (by id) in the region; no region: every row, also those without an organisation. */
function organisationInRegion(organisationId: SQL, filter: RegionFilter) {
  if (filter === null) return sql`1`;
  return filter.length ? sql`${organisationId} in (${list(filter)})` : sql`0`;
}

/**
 * A user (by id) whose organisation is in the region; no region: everyone. Checked per counted row
 * (a primary-key lookup): an IN list of the region's people would be built per query, and the
 * planner would probe indexes with it once per person in the region.
 */
function userInRegion(userId: SQL, filter: RegionFilter) {
  if (filter === null) return sql`1`;
  return sql`exists (select 1 from ${users} u where u.id = ${userId} and ${organisationInRegion(sql`u.organisation_id`, filter)})`;
}

// ---------------------------------------------------------------- scope: which theme a row counts for

/**
 * How rows are attributed to circles: by their theme column, and modules by slug through the
 * content's theme. For "all", every row counts once, under key 0.
 */
type Scope = {
  key: (themeColumn: SQL) => SQL;
  where: (themeColumn: SQL) => SQL;
  moduleKey: (slugColumn: SQL) => SQL;
  moduleWhere: (slugColumn: SQL) => SQL;
};

const ALL_KEY = 0;

function scopeOf(target: { themeIds: number[]; modules: Map<string, number> } | "all"): Scope {
  if (target === "all") {
    return {
      key: () => sql`${ALL_KEY}`,
      where: () => sql`1`,
      moduleKey: () => sql`${ALL_KEY}`,
      moduleWhere: () => sql`1`,
    };
  }
  const { themeIds, modules } = target;
  const slugs = [...modules.keys()];
  return {
    key: (column) => column,
    where: (column) => (themeIds.length ? sql`${column} in (${list(themeIds)})` : sql`0`),
    moduleKey: (column) =>
      slugs.length
        ? sql`(case ${column} ${sql.join(
            slugs.map((slug) => sql`when ${slug} then ${modules.get(slug)!}`),
            sql` `,
          )} end)`
        : sql`null`,
    moduleWhere: (column) => (slugs.length ? sql`${column} in (${list(slugs)})` : sql`0`),
  };
}

/** slug → theme id for the modules of these themes. */
function moduleMap(refs: ModuleRef[], themeRows: { id: number; slug: string }[]) {
  const idBySlug = new Map(themeRows.map((t) => [t.slug, t.id]));
  const map = new Map<string, number>();
  for (const ref of refs) {
    const id = idBySlug.get(ref.themeSlug);
    if (id !== undefined) map.set(ref.slug, id);
  }
  return map;
}

/**
 * The polls of a theme, as (theme, poll_id) rows. A poll is the theme's own when its outcome was
 * turned into or fed the theme (polls.theme_id) or when it ran at a webinar of the theme; these
 * count for reach. The inventory of step 2 is the polls fed into the theme and those that offer it
 * as an option: a poll offering ten themes is the network's inventory, not ten circles' audience.
 */
function pollThemes(scope: Scope, which: "own" | "inventory") {
  const fed = sql`select ${scope.key(sql`p.theme_id`)} as theme, p.id as poll_id from ${polls} p where ${scope.where(sql`p.theme_id`)}`;
  return which === "own"
    ? sql`${fed} union
      select ${scope.key(sql`w.theme_id`)}, w.poll_id from ${webinars} w
        where w.poll_id is not null and w.cancelled_at is null and ${scope.where(sql`w.theme_id`)}`
    : sql`${fed} union
      select ${scope.key(sql`o.theme_id`)}, o.poll_id from poll_options o
        where o.status = 'approved' and ${scope.where(sql`o.theme_id`)}`;
}

// ---------------------------------------------------------------- figures

export const REACH_SOURCES = ["modules", "webinars", "groups", "polls"] as const;
export type ReachSource = (typeof REACH_SOURCES)[number];

export type Average = { count: number; sum: number; average: number | null };

/**
 * The figures of a circle (or of all circles) for a period and region. Every number is a count of
 * rows that can be listed with the same conditions; the rules are in docs/decisions/0011. Counts of
 * people and of what people did follow the region of their organisation; counts of events (webinars
 * held, groups running, network meetings) do not, as those have no region. Signals have their own.
 */
export type CircleFigures = {
  period: { from: string | null; to: string | null };
  region: string | null;
  reached: {
    /** Distinct people who did any of the four: started or completed a module, attended a webinar, were a member of a group, voted in a poll. */
    total: number;
    byKind: Record<OrganisationKind, number>;
    byRegion: Record<string, number>;
    byKindAndRegion: { kind: OrganisationKind; region: string; count: number }[];
    /** Distinct people per way of being reached (one person may count under several). */
    bySource: Record<ReachSource, number>;
  };
  modules: {
    /** Modules started (first visit) in the period: one per person and module. */
    started: number;
    /** Modules completed in the period. */
    completed: number;
    perModule: { slug: string; started: number; completed: number }[];
  };
  /** Check-ins (terugblikken) in the period on intentions of these modules; "applied" is "ja, toegepast". */
  checkIns: { total: number; applied: number; partly: number; notYet: number };
  webinars: {
    /** Webinars (not cancelled) that started in the period and have ended. */
    held: number;
    /** Webinars that start in the period and have not ended yet. */
    upcoming: number;
    /** Places taken in the held webinars, and who attended them. */
    registered: number;
    attended: number;
    perWebinar: {
      id: number;
      title: string;
      startsAt: Date;
      held: boolean;
      pollId: number | null;
      hasRecording: boolean;
      registered: number;
      attended: number;
      evaluations: number;
    }[];
  };
  /** Rapportcijfers: module evaluations given in the period; webinar evaluations of the webinars held in it. */
  evaluations: { modules: Average; webinars: Average };
  groups: {
    /** Groups that ran for some time in the period (started by its end, not closed before its start). */
    running: number;
    started: number;
    closed: number;
    /** Distinct members during the period. */
    members: number;
    /** Actions agreed in the period, and actions embedded (geborgd) in the period, by where. */
    actions: number;
    embedded: number;
    embeddedByKind: Record<EmbeddingKind, number>;
    perGroup: {
      id: number;
      name: string;
      startsOn: string;
      closedAt: Date | null;
      members: number;
      actions: number;
      embedded: number;
    }[];
  };
  /** Contributions of experts by experience published in the period (and still published). */
  contributions: { published: number; byKind: Record<ContributionKind, number> };
  /** Signals observed in the period, in the region when one is chosen. */
  signals: { total: number; byKind: Record<SignalKind, number> };
  networkMeetings: {
    held: number;
    participants: Record<OrganisationKind, number>;
    expertsByExperience: number;
  };
};

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const averageOf = (count: number, sum: number): Average => ({
  count,
  sum,
  average: count ? Math.round((sum / count) * 10) / 10 : null,
});

function emptyFigures(b: Bounds, region: string | undefined): CircleFigures {
  return {
    period: { from: b.fromDay, to: b.toDay },
    region: region ?? null,
    reached: {
      total: 0,
      byKind: zeros(ORGANISATION_KINDS),
      byRegion: {},
      byKindAndRegion: [],
      bySource: zeros(REACH_SOURCES),
    },
    modules: { started: 0, completed: 0, perModule: [] },
    checkIns: { total: 0, applied: 0, partly: 0, notYet: 0 },
    webinars: { held: 0, upcoming: 0, registered: 0, attended: 0, perWebinar: [] },
    evaluations: { modules: averageOf(0, 0), webinars: averageOf(0, 0) },
    groups: {
      running: 0,
      started: 0,
      closed: 0,
      members: 0,
      actions: 0,
      embedded: 0,
      embeddedByKind: zeros(EMBEDDING_KINDS),
      perGroup: [],
    },
    contributions: { published: 0, byKind: zeros(CONTRIBUTION_KINDS) },
    signals: { total: 0, byKind: zeros(SIGNAL_KINDS) },
    networkMeetings: { held: 0, participants: zeros(ORGANISATION_KINDS), expertsByExperience: 0 },
  };
}

type Keyed = { theme: number | null };

/**
 * Every figure for every key of the scope, in a dozen grouped queries whatever the number of rows
 * or circles: the counting happens in SQL, JavaScript only sorts the grouped rows into place.
 */
function computeFigures({
  scope,
  keys,
  period,
  region,
  now,
  breakdown = true,
}: {
  scope: Scope;
  keys: number[];
  period: Period;
  region?: string;
  now: Date;
  /** People reached per kind of organisation and region; without it only their numbers (cheaper). */
  breakdown?: boolean;
}): Map<number, CircleFigures> {
  const b = boundsOf(period);
  const inRegion = regionFilter(region);
  const result = new Map(keys.map((key) => [key, emptyFigures(b, region)]));
  const each = <T extends Keyed>(rows: T[], apply: (figures: CircleFigures, row: T) => void) => {
    for (const row of rows) {
      const figures = row.theme === null ? undefined : result.get(row.theme);
      if (figures) apply(figures, row);
    }
  };

  // Membership of a group during the period: joined before its end, not left (or closed) before its start.
  const membershipIn = sql`m.joined_at is not null
    and ${b.toMs !== null ? sql`m.joined_at < ${b.toMs}` : sql`1`}
    and ${b.fromMs !== null ? sql`(coalesce(m.ended_at, g.closed_at) is null or coalesce(m.ended_at, g.closed_at) >= ${b.fromMs})` : sql`1`}`;
  // One row per way of being reached, then one per person with a flag per way, then counted per kind
  // and region of their organisation: a single pass over the rows, whatever their number.
  const reached = db.all<
    Keyed & { kind: OrganisationKind | null; region: string | null; count: number } & Record<ReachSource, number>
  >(sql`with poll_themes(theme, poll_id) as (${pollThemes(scope, "own")}),
    reach(theme, user_id, source) as (
      select ${scope.moduleKey(sql`p.slug`)}, p.user_id, 1 from intervention_progress p
        where ${scope.moduleWhere(sql`p.slug`)} and (${momentIn(sql`p.started_at`, b)} or ${momentIn(sql`p.completed_at`, b)})
      union all
      select ${scope.key(sql`w.theme_id`)}, r.user_id, 2 from ${webinars} w
        join webinar_registrations r on r.webinar_id = w.id
        where ${scope.where(sql`w.theme_id`)} and w.cancelled_at is null and r.attended = 1 and ${momentIn(sql`w.starts_at`, b)}
      union all
      select ${scope.key(sql`g.theme_id`)}, m.user_id, 3 from ${actionLearningGroups} g
        join group_members m on m.group_id = g.id
        where ${scope.where(sql`g.theme_id`)} and ${membershipIn}
      union all
      select pt.theme, pp.user_id, 4 from poll_themes pt
        join ${polls} p on p.id = pt.poll_id
        join poll_participants pp on pp.poll_id = pt.poll_id
        where ${momentIn(sql`p.opens_at`, b)}
    ),
    people as (
      select theme, user_id, max(source = 1) as modules, max(source = 2) as webinars, max(source = 3) as groups,
        max(source = 4) as polls
      from reach group by theme, user_id
    )
    ${
      breakdown || inRegion !== null
        ? sql`select pe.theme, o.kind, o.region, count(*) as count, sum(pe.modules) as modules,
            sum(pe.webinars) as webinars, sum(pe.groups) as groups, sum(pe.polls) as polls
          from people pe
          join ${users} u on u.id = pe.user_id
          join organisations o on o.id = u.organisation_id
          where ${organisationInRegion(sql`u.organisation_id`, inRegion)}
          group by pe.theme, o.kind, o.region`
        : sql`select pe.theme, null as kind, null as region, count(*) as count, sum(pe.modules) as modules,
            sum(pe.webinars) as webinars, sum(pe.groups) as groups, sum(pe.polls) as polls
          from people pe group by pe.theme`
    }`);
  each(reached, (f, row) => {
    f.reached.total += row.count;
    for (const source of REACH_SOURCES) f.reached.bySource[source] += row[source];
    if (row.kind === null || row.region === null) return;
    f.reached.byKind[row.kind] += row.count;
    f.reached.byRegion[row.region] = (f.reached.byRegion[row.region] ?? 0) + row.count;
    f.reached.byKindAndRegion.push({ kind: row.kind, region: row.region, count: row.count });
  });

  // Modules started and completed, per module.
  const moduleRows = db.all<Keyed & { slug: string; started: number; completed: number }>(sql`
    select ${scope.moduleKey(sql`p.slug`)} as theme, p.slug,
      sum(case when ${momentIn(sql`p.started_at`, b)} then 1 else 0 end) as started,
      sum(case when p.completed_at is not null and ${momentIn(sql`p.completed_at`, b)} then 1 else 0 end) as completed
    from intervention_progress p
    where ${scope.moduleWhere(sql`p.slug`)} and (${momentIn(sql`p.started_at`, b)} or ${momentIn(sql`p.completed_at`, b)})
      and ${userInRegion(sql`p.user_id`, inRegion)}
    group by 1, p.slug
    order by p.slug`);
  each(moduleRows, (f, row) => {
    f.modules.started += row.started;
    f.modules.completed += row.completed;
    f.modules.perModule.push({ slug: row.slug, started: row.started, completed: row.completed });
  });

  // Check-ins on the intentions written in these modules.
  const checkInRows = db.all<Keyed & { outcome: CheckInOutcome; count: number }>(sql`
    select ${scope.moduleKey(sql`i.slug`)} as theme, c.outcome, count(*) as count
    from check_ins c join intentions i on i.id = c.intention_id
    where ${scope.moduleWhere(sql`i.slug`)} and ${momentIn(sql`c.created_at`, b)} and ${userInRegion(sql`i.user_id`, inRegion)}
    group by 1, c.outcome`);
  each(checkInRows, (f, row) => {
    f.checkIns.total += row.count;
    if (row.outcome === "yes") f.checkIns.applied += row.count;
    else if (row.outcome === "partly") f.checkIns.partly += row.count;
    else f.checkIns.notYet += row.count;
  });

  // Module evaluations.
  const moduleGrades = db.all<Keyed & { count: number; sum: number }>(sql`
    select ${scope.moduleKey(sql`e.slug`)} as theme, count(*) as count, sum(e.grade) as sum
    from evaluations e
    where ${scope.moduleWhere(sql`e.slug`)} and ${momentIn(sql`e.created_at`, b)} and ${userInRegion(sql`e.user_id`, inRegion)}
    group by 1`);
  each(moduleGrades, (f, row) => {
    f.evaluations.modules = averageOf(row.count, row.sum ?? 0);
  });

  // Webinars, each with its registrations, attendance and evaluations (grouped per webinar).
  const webinarsIn = sql`${scope.where(sql`w.theme_id`)} and w.cancelled_at is null and ${momentIn(sql`w.starts_at`, b)}`;
  const registrations = new Map(
    db
      .all<{ id: number; registered: number; attended: number }>(
        sql`
        select r.webinar_id as id, sum(r.status = 'registered') as registered, sum(r.attended = 1) as attended
        from webinar_registrations r join ${webinars} w on w.id = r.webinar_id
        where ${webinarsIn} and ${userInRegion(sql`r.user_id`, inRegion)}
        group by r.webinar_id`,
      )
      .map((r) => [r.id, r]),
  );
  const webinarEvaluations = new Map(
    db
      .all<{ id: number; count: number; sum: number }>(
        sql`
        select v.webinar_id as id, count(*) as count, sum(v.grade) as sum
        from webinar_evaluations v join ${webinars} w on w.id = v.webinar_id
        where ${webinarsIn} and ${userInRegion(sql`v.user_id`, inRegion)}
        group by v.webinar_id`,
      )
      .map((r) => [r.id, r]),
  );
  const webinarRows = db
    .all<
      Keyed & {
        id: number;
        title: string;
        startsAt: number;
        endsAt: number;
        pollId: number | null;
        recordingUrl: string | null;
      }
    >(
      sql`
      select ${scope.key(sql`w.theme_id`)} as theme, w.id, w.title, w.starts_at as startsAt, w.ends_at as endsAt,
        w.poll_id as pollId, w.recording_url as recordingUrl
      from ${webinars} w where ${webinarsIn}
      order by w.starts_at, w.id`,
    )
    .map((w) => ({
      ...w,
      registered: registrations.get(w.id)?.registered ?? 0,
      attended: registrations.get(w.id)?.attended ?? 0,
      evaluations: webinarEvaluations.get(w.id)?.count ?? 0,
      gradeSum: webinarEvaluations.get(w.id)?.sum ?? 0,
    }));
  const webinarGrades = new Map<number, { count: number; sum: number }>();
  each(webinarRows, (f, row) => {
    const held = row.endsAt <= now.getTime();
    f.webinars.perWebinar.push({
      id: row.id,
      title: row.title,
      startsAt: new Date(row.startsAt),
      held,
      pollId: row.pollId,
      hasRecording: !!row.recordingUrl,
      registered: row.registered,
      attended: row.attended,
      evaluations: row.evaluations,
    });
    if (!held) {
      f.webinars.upcoming++;
      return;
    }
    f.webinars.held++;
    f.webinars.registered += row.registered;
    f.webinars.attended += row.attended;
    const grades = webinarGrades.get(row.theme!) ?? { count: 0, sum: 0 };
    grades.count += row.evaluations;
    grades.sum += row.gradeSum;
    webinarGrades.set(row.theme!, grades);
  });
  for (const [key, grades] of webinarGrades) {
    const f = result.get(key);
    if (f) f.evaluations.webinars = averageOf(grades.count, grades.sum);
  }

  // Groups that ran in the period, their members then, and their actions (grouped per group).
  const groupsIn = sql`${scope.where(sql`g.theme_id`)}
    and ${b.toDay !== null ? sql`g.starts_on <= ${b.toDay}` : sql`1`}
    and ${b.fromMs !== null ? sql`(g.closed_at is null or g.closed_at >= ${b.fromMs})` : sql`1`}`;
  const membersPerGroup = new Map(
    db
      .all<{ id: number; count: number }>(
        sql`
        select g.id, count(*) as count from ${actionLearningGroups} g join group_members m on m.group_id = g.id
        where ${groupsIn} and ${membershipIn} and ${userInRegion(sql`m.user_id`, inRegion)}
        group by g.id`,
      )
      .map((r) => [r.id, r.count]),
  );
  const actionsPerGroup = new Map(
    db
      .all<{ id: number; actions: number; embedded: number }>(
        sql`
        select g.id, sum(${momentIn(sql`a.created_at`, b)}) as actions,
          sum(a.embedded_in is not null and ${momentIn(sql`a.embedded_at`, b)}) as embedded
        from ${actionLearningGroups} g join ${groupActions} a on a.group_id = g.id
        where ${groupsIn} and ${organisationInRegion(sql`a.organisation_id`, inRegion)}
        group by g.id`,
      )
      .map((r) => [r.id, r]),
  );
  const groupRows = db
    .all<Keyed & { id: number; name: string; startsOn: string; closedAt: number | null }>(
      sql`
      select ${scope.key(sql`g.theme_id`)} as theme, g.id, g.name, g.starts_on as startsOn, g.closed_at as closedAt
      from ${actionLearningGroups} g where ${groupsIn}
      order by g.starts_on, g.id`,
    )
    .map((g) => ({
      ...g,
      members: membersPerGroup.get(g.id) ?? 0,
      actions: actionsPerGroup.get(g.id)?.actions ?? 0,
      embedded: actionsPerGroup.get(g.id)?.embedded ?? 0,
    }));
  each(groupRows, (f, row) => {
    f.groups.running++;
    if (dayWithin(row.startsOn, b)) f.groups.started++;
    if (row.closedAt !== null && momentWithin(row.closedAt, b)) f.groups.closed++;
    f.groups.actions += row.actions;
    f.groups.embedded += row.embedded;
    f.groups.perGroup.push({
      id: row.id,
      name: row.name,
      startsOn: row.startsOn,
      closedAt: row.closedAt === null ? null : new Date(row.closedAt),
      members: row.members,
      actions: row.actions,
      embedded: row.embedded,
    });
  });
  each(
    db.all<Keyed & { count: number }>(sql`
      select ${scope.key(sql`g.theme_id`)} as theme, count(distinct m.user_id) as count
      from ${actionLearningGroups} g join group_members m on m.group_id = g.id
      where ${scope.where(sql`g.theme_id`)} and ${membershipIn} and ${userInRegion(sql`m.user_id`, inRegion)}
      group by 1`),
    (f, row) => {
      f.groups.members = row.count;
    },
  );
  each(
    db.all<Keyed & { kind: EmbeddingKind; count: number }>(sql`
      select ${scope.key(sql`g.theme_id`)} as theme, a.embedded_in as kind, count(*) as count
      from ${groupActions} a join ${actionLearningGroups} g on g.id = a.group_id
      where ${scope.where(sql`g.theme_id`)} and a.embedded_in is not null and ${momentIn(sql`a.embedded_at`, b)}
        and ${organisationInRegion(sql`a.organisation_id`, inRegion)}
      group by 1, a.embedded_in`),
    (f, row) => {
      f.groups.embeddedByKind[row.kind] = row.count;
    },
  );

  // Contributions published.
  each(
    db.all<Keyed & { kind: ContributionKind; count: number }>(sql`
      select ${scope.key(sql`c.theme_id`)} as theme, c.kind, count(*) as count
      from ${contributions} c
      where ${scope.where(sql`c.theme_id`)} and c.status = 'published' and ${momentIn(sql`c.published_at`, b)}
        and ${userInRegion(sql`c.contributor_id`, inRegion)}
      group by 1, c.kind`),
    (f, row) => {
      f.contributions.published += row.count;
      f.contributions.byKind[row.kind] = row.count;
    },
  );

  // Signals, in their own region.
  each(
    db.all<Keyed & { kind: SignalKind; count: number }>(sql`
      select ${scope.key(sql`s.theme_id`)} as theme, s.kind, count(*) as count
      from ${signals} s
      where ${scope.where(sql`s.theme_id`)} and ${dayIn(sql`s.observed_on`, b)}
        and ${region ? sql`s.region = ${region}` : sql`1`}
      group by 1, s.kind`),
    (f, row) => {
      f.signals.total += row.count;
      f.signals.byKind[row.kind] = row.count;
    },
  );

  // Network meetings held (up to today) in the period.
  const today = amsterdamDay(now);
  each(
    db.all<Keyed & { participants: string; experts: number }>(sql`
      select ${scope.key(sql`c.theme_id`)} as theme, n.participants, n.experts_by_experience as experts
      from ${networkMeetings} n join ${learningCircles} c on c.id = n.circle_id
      where ${scope.where(sql`c.theme_id`)} and ${dayIn(sql`n.held_on`, b)} and n.held_on <= ${today}`),
    (f, row) => {
      f.networkMeetings.held++;
      f.networkMeetings.expertsByExperience += row.experts;
      const counts = JSON.parse(row.participants) as Partial<Record<OrganisationKind, number>>;
      for (const kind of ORGANISATION_KINDS) f.networkMeetings.participants[kind] += counts[kind] ?? 0;
    },
  );

  return result;
}

const dayWithin = (day: string, b: Bounds) =>
  (b.fromDay === null || day >= b.fromDay) && (b.toDay === null || day <= b.toDay);
const momentWithin = (ms: number, b: Bounds) =>
  (b.fromMs === null || ms >= b.fromMs) && (b.toMs === null || ms < b.toMs);

/** The scope of these themes, with their modules (by the content's theme slug) attributed to them. */
function themeScope(themeIds: number[], refs: ModuleRef[]) {
  const rows = themeIds.length
    ? db.select({ id: themes.id, slug: themes.slug }).from(themes).where(inArray(themes.id, themeIds)).all()
    : [];
  return scopeOf({ themeIds, modules: moduleMap(refs, rows) });
}

/**
 * The figures of one circle's theme, or of the whole network ("all"), for a period (calendar days,
 * both ends included) and a region (the region of each person's organisation). `modules` defaults
 * to the modules online (content/), attributed to themes by their frontmatter.
 */
export async function circleFigures({
  themeId,
  from,
  to,
  region,
  now = new Date(),
  modules,
}: {
  themeId: FiguresScope;
  from?: string;
  to?: string;
  region?: string;
  now?: Date;
  modules?: ModuleRef[];
}): Promise<CircleFigures> {
  if (themeId === "all") {
    return computeFigures({ scope: scopeOf("all"), keys: [ALL_KEY], period: { from, to }, region, now }).get(ALL_KEY)!;
  }
  const scope = themeScope([themeId], await moduleRefs(modules));
  return computeFigures({ scope, keys: [themeId], period: { from, to }, region, now }).get(themeId)!;
}

/** How long the circle page may show figures it computed before: a minute, as the poll audience size. */
export const FIGURES_MAX_AGE_MS = 60_000;
const RECENT_LIMIT = 500;
const recentFigures = new Map<string, { at: number; figures: CircleFigures }>();

/**
 * A circle's figures as the circle page shows them: computed at most a minute ago (counting distinct
 * people over every module, webinar, group and poll of a theme costs tens of milliseconds with a
 * network's data; see docs/decisions/0011). A coordinator's own change to the circle (a signal, a
 * network meeting) shows at once; what others do shows within the minute. Tests and reports call
 * circleFigures, which always counts afresh.
 */
export async function recentCircleFigures(
  args: { themeId: number; from?: string; to?: string; region?: string },
  now = Date.now(),
): Promise<{ figures: CircleFigures; computedAt: Date }> {
  const key = JSON.stringify([args.themeId, args.from ?? null, args.to ?? null, args.region ?? null]);
  const hit = recentFigures.get(key);
  if (hit && now - hit.at < FIGURES_MAX_AGE_MS) return { figures: hit.figures, computedAt: new Date(hit.at) };
  const figures = await circleFigures(args);
  recentFigures.delete(key);
  recentFigures.set(key, { at: now, figures });
  // Oldest first in a Map: drop those beyond the limit.
  for (const old of recentFigures.keys()) {
    if (recentFigures.size <= RECENT_LIMIT) break;
    recentFigures.delete(old);
  }
  return { figures, computedAt: new Date(now) };
}

/** After a change to a circle's own records: the next page view counts afresh. */
function forgetRecentFigures() {
  recentFigures.clear();
}

// ---------------------------------------------------------------- steps: stored and suggested

/** What the data says about a circle's steps; see suggestedStepStatus. */
export type StepFacts = {
  startMeetings: { total: number; held: number };
  yearlyMeetings: { total: number; held: number };
  inventoryPolls: { total: number; closed: number };
  signals: number;
  frames: number;
  webinars: { total: number; heldWithPoll: number };
  groups: { total: number; closed: number };
};

const noFacts = (): StepFacts => ({
  startMeetings: { total: 0, held: 0 },
  yearlyMeetings: { total: 0, held: 0 },
  inventoryPolls: { total: 0, closed: 0 },
  signals: 0,
  frames: 0,
  webinars: { total: 0, heldWithPoll: 0 },
  groups: { total: 0, closed: 0 },
});

/**
 * The status the data suggests for a step; a status the coordinator set wins over it.
 * 1 and 7: a network meeting of that step recorded (afgerond once its day has come). 2: an inventory
 * poll or a linked signal (afgerond once such a poll closed). 3: a frame for groups on the theme
 * (afgerond). 4: a webinar of the theme (afgerond once one was held with a poll attached). 5: a group
 * of the theme (afgerond once one closed). 6: a second webinar or group (never afgerond by itself).
 */
export function suggestedStepStatus(step: CircleStep, facts: StepFacts): CircleStepStatus {
  const progress = (started: boolean, done: boolean): CircleStepStatus =>
    done ? "afgerond" : started ? "bezig" : "niet_gestart";
  switch (step) {
    case 1:
      return progress(facts.startMeetings.total > 0, facts.startMeetings.held > 0);
    case 2:
      return progress(facts.inventoryPolls.total > 0 || facts.signals > 0, facts.inventoryPolls.closed > 0);
    case 3:
      return progress(false, facts.frames > 0);
    case 4:
      return progress(facts.webinars.total > 0, facts.webinars.heldWithPoll > 0);
    case 5:
      return progress(facts.groups.total > 0, facts.groups.closed > 0);
    case 6:
      return progress(facts.webinars.total > 1 || facts.groups.total > 1, false);
    case 7:
      return progress(facts.yearlyMeetings.total > 0, facts.yearlyMeetings.held > 0);
  }
}

/**
 * Where a circle stands: the highest step in progress; when none is, the first step from the entry
 * step on that is not done; when all are done, the last.
 */
export function currentStep(statuses: Record<CircleStep, CircleStepStatus>, entryStep: number): CircleStep {
  const busy = CIRCLE_STEPS.filter((s) => statuses[s] === "bezig");
  if (busy.length) return busy[busy.length - 1]!;
  return CIRCLE_STEPS.find((s) => s >= entryStep && statuses[s] !== "afgerond") ?? 7;
}

/** The facts behind the suggestions, for these themes, in a handful of grouped queries. */
function stepFacts(themeIds: number[], now: Date): Map<number, StepFacts> {
  const facts = new Map(themeIds.map((id) => [id, noFacts()]));
  if (!themeIds.length) return facts;
  const scope = scopeOf({ themeIds, modules: new Map() });
  const today = amsterdamDay(now);
  const at = (theme: number | null) => (theme === null ? undefined : facts.get(theme));

  for (const row of db.all<Keyed & { step: number; total: number; held: number }>(sql`
    select c.theme_id as theme, n.step, count(*) as total, sum(case when n.held_on <= ${today} then 1 else 0 end) as held
    from ${networkMeetings} n join ${learningCircles} c on c.id = n.circle_id
    where c.theme_id in (${list(themeIds)}) group by c.theme_id, n.step`)) {
    const f = at(row.theme);
    if (f) f[row.step === 7 ? "yearlyMeetings" : "startMeetings"] = { total: row.total, held: row.held };
  }
  for (const row of db.all<Keyed & { total: number; closed: number }>(sql`
    with poll_themes(theme, poll_id) as (${pollThemes(scope, "inventory")})
    select pt.theme, count(*) as total,
      sum(case when p.closed_at is not null or p.closes_at <= ${now.getTime()} then 1 else 0 end) as closed
    from poll_themes pt join ${polls} p on p.id = pt.poll_id group by pt.theme`)) {
    const f = at(row.theme);
    if (f) f.inventoryPolls = { total: row.total, closed: row.closed };
  }
  for (const row of db.all<Keyed & { count: number }>(sql`
    select theme_id as theme, count(*) as count from ${signals} where theme_id in (${list(themeIds)}) group by theme_id`)) {
    const f = at(row.theme);
    if (f) f.signals = row.count;
  }
  for (const row of db.all<Keyed & { count: number }>(sql`
    select theme_id as theme, count(*) as count from ${groupFrames} where theme_id in (${list(themeIds)}) group by theme_id`)) {
    const f = at(row.theme);
    if (f) f.frames = row.count;
  }
  for (const row of db.all<Keyed & { total: number; heldWithPoll: number }>(sql`
    select theme_id as theme, count(*) as total,
      sum(case when ends_at <= ${now.getTime()} and poll_id is not null then 1 else 0 end) as heldWithPoll
    from ${webinars} where cancelled_at is null and theme_id in (${list(themeIds)}) group by theme_id`)) {
    const f = at(row.theme);
    if (f) f.webinars = { total: row.total, heldWithPoll: row.heldWithPoll };
  }
  for (const row of db.all<Keyed & { total: number; closed: number }>(sql`
    select theme_id as theme, count(*) as total, sum(case when closed_at is not null then 1 else 0 end) as closed
    from ${actionLearningGroups} where theme_id in (${list(themeIds)}) group by theme_id`)) {
    const f = at(row.theme);
    if (f) f.groups = { total: row.total, closed: row.closed };
  }
  return facts;
}

export type StepState = {
  step: CircleStep;
  title: string;
  /** What counts: the stored status when set, otherwise the suggestion. */
  status: CircleStepStatus;
  statusLabel: string;
  stored: { status: CircleStepStatus; note: string; updatedAt: Date } | null;
  suggested: CircleStepStatus;
  /** A step before the one the circle was entered at. */
  beforeEntry: boolean;
};

function stepStates(
  entryStep: number,
  stored: { step: number; status: CircleStepStatus; note: string; updatedAt: Date }[],
  facts: StepFacts,
): StepState[] {
  return CIRCLE_STEPS.map((step) => {
    const own = stored.find((s) => s.step === step);
    const suggested = suggestedStepStatus(step, facts);
    const status = own?.status ?? suggested;
    return {
      step,
      title: CIRCLE_STEP_TITLES[step],
      status,
      statusLabel: CIRCLE_STEP_STATUS_LABELS[status],
      stored: own ? { status: own.status, note: own.note, updatedAt: own.updatedAt } : null,
      suggested,
      beforeEntry: step < entryStep,
    };
  });
}

const statusMap = (steps: StepState[]) =>
  Object.fromEntries(steps.map((s) => [s.step, s.status])) as Record<CircleStep, CircleStepStatus>;

// ---------------------------------------------------------------- starting a circle, setting steps

export type StartCircleResult =
  | { status: "ok"; id: number; slug: string }
  | { status: "forbidden" }
  | { status: "unknown-theme" }
  | { status: "exists"; id: number; slug: string };

/** A coordinator starts the circle of a theme, entering at any of the seven steps. */
export function startCircle({
  actorId,
  themeId,
  step,
}: {
  actorId: string;
  themeId: number;
  step: CircleStep;
}): StartCircleResult {
  try {
    return db.transaction(
      (tx): StartCircleResult => {
        if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
        const theme = tx.select({ slug: themes.slug }).from(themes).where(eq(themes.id, themeId)).get();
        if (!theme) return { status: "unknown-theme" };
        const existing = tx
          .select({ id: learningCircles.id })
          .from(learningCircles)
          .where(eq(learningCircles.themeId, themeId))
          .get();
        if (existing) return { status: "exists", id: existing.id, slug: theme.slug };
        const id = tx
          .insert(learningCircles)
          .values({ themeId, entryStep: step, startedBy: actorId })
          .returning({ id: learningCircles.id })
          .get().id;
        recordAudit(tx, {
          actorId,
          action: "circle.start",
          targetType: "circle",
          targetId: id,
          details: { themeId, step },
        });
        return { status: "ok", id, slug: theme.slug };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // Two coordinators at once: the unique theme key lets one through.
    if (!isUniqueViolation(error)) throw error;
    const row = db
      .select({ id: learningCircles.id, slug: themes.slug })
      .from(learningCircles)
      .innerJoin(themes, eq(themes.id, learningCircles.themeId))
      .where(eq(learningCircles.themeId, themeId))
      .get()!;
    return { status: "exists", id: row.id, slug: row.slug };
  }
}

export type CircleChangeResult = { status: "ok" } | { status: "forbidden" } | { status: "not-found" };

function circleExists(tx: Tx, circleId: number) {
  return !!tx.select({ id: learningCircles.id }).from(learningCircles).where(eq(learningCircles.id, circleId)).get();
}

/**
 * A coordinator sets the status of a step (with a short note), or clears it (status null) so that
 * the suggestion from the data counts again.
 */
export function setStepStatus({
  actorId,
  circleId,
  input,
  now = new Date(),
}: {
  actorId: string;
  circleId: number;
  input: StepStatusInput;
  now?: Date;
}): CircleChangeResult {
  return db.transaction((tx): CircleChangeResult => {
    if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
    if (!circleExists(tx, circleId)) return { status: "not-found" };
    const key = and(eq(circleSteps.circleId, circleId), eq(circleSteps.step, input.step));
    const before = tx.select({ status: circleSteps.status }).from(circleSteps).where(key).get();
    if (input.status === null) {
      tx.delete(circleSteps).where(key).run();
    } else {
      const values = { status: input.status, note: input.note, updatedBy: actorId, updatedAt: now };
      tx.insert(circleSteps)
        .values({ circleId, step: input.step, ...values })
        .onConflictDoUpdate({ target: [circleSteps.circleId, circleSteps.step], set: values })
        .run();
    }
    tx.update(learningCircles).set({ updatedAt: now }).where(eq(learningCircles.id, circleId)).run();
    recordAudit(tx, {
      actorId,
      action: "circle.step_status",
      targetType: "circle",
      targetId: circleId,
      details: { step: input.step, from: before?.status ?? null, to: input.status },
    });
    return { status: "ok" };
  });
}

// ---------------------------------------------------------------- network meetings

export type NetworkMeetingResult = { status: "ok"; id: number } | { status: "forbidden" } | { status: "not-found" };

/** A coordinator records a network meeting of the circle: who took part per kind of organisation, notes, decisions. */
export function recordNetworkMeeting({
  actorId,
  circleId,
  input,
}: {
  actorId: string;
  circleId: number;
  input: NetworkMeetingInput;
}): NetworkMeetingResult {
  forgetRecentFigures();
  return db.transaction((tx): NetworkMeetingResult => {
    if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
    if (!circleExists(tx, circleId)) return { status: "not-found" };
    const id = tx
      .insert(networkMeetings)
      .values({
        circleId,
        step: input.step,
        heldOn: input.heldOn,
        // Only the kinds that took part, so the stored counts read as the form was filled in.
        participants: Object.fromEntries(Object.entries(input.participants).filter(([, n]) => n > 0)),
        expertsByExperience: input.expertsByExperience,
        notes: input.notes,
        decisions: input.decisions,
        createdBy: actorId,
      })
      .returning({ id: networkMeetings.id })
      .get().id;
    recordAudit(tx, {
      actorId,
      action: "circle.network_meeting",
      targetType: "network_meeting",
      targetId: id,
      details: { circleId, step: input.step, heldOn: input.heldOn },
    });
    return { status: "ok", id };
  });
}

// ---------------------------------------------------------------- signals

export type SignalResult =
  { status: "ok"; id: number } | { status: "forbidden" } | { status: "not-found" } | { status: "unknown-theme" };

/** A coordinator records an aggregated signal from casework, with or without its theme. */
export function recordSignal({
  actorId,
  input,
  now = new Date(),
}: {
  actorId: string;
  input: SignalInput;
  now?: Date;
}): SignalResult {
  forgetRecentFigures();
  return db.transaction((tx): SignalResult => {
    if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
    if (!themeExists(tx, input.themeId)) return { status: "unknown-theme" };
    const id = tx
      .insert(signals)
      .values({ ...input, linkedAt: input.themeId ? now : null, createdBy: actorId, createdAt: now, updatedAt: now })
      .returning({ id: signals.id })
      .get().id;
    recordAudit(tx, {
      actorId,
      action: "signal.record",
      targetType: "signal",
      targetId: id,
      details: { themeId: input.themeId, kind: input.kind, region: input.region },
    });
    return { status: "ok", id };
  });
}

export function updateSignal({
  actorId,
  id,
  input,
  now = new Date(),
}: {
  actorId: string;
  id: number;
  input: SignalInput;
  now?: Date;
}): SignalResult {
  forgetRecentFigures();
  return db.transaction((tx): SignalResult => {
    if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
    const before = tx.select({ themeId: signals.themeId }).from(signals).where(eq(signals.id, id)).get();
    if (!before) return { status: "not-found" };
    if (!themeExists(tx, input.themeId)) return { status: "unknown-theme" };
    const relinked = before.themeId !== input.themeId;
    tx.update(signals)
      .set({ ...input, ...(relinked ? { linkedAt: input.themeId ? now : null } : {}), updatedAt: now })
      .where(eq(signals.id, id))
      .run();
    recordAudit(tx, { actorId, action: "signal.update", targetType: "signal", targetId: id });
    return { status: "ok", id };
  });
}

/** A coordinator links a signal to a theme (or unlinks it: null). */
export function linkSignalToTheme({
  actorId,
  id,
  themeId,
  now = new Date(),
}: {
  actorId: string;
  id: number;
  themeId: number | null;
  now?: Date;
}): SignalResult {
  forgetRecentFigures();
  return db.transaction((tx): SignalResult => {
    if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
    if (!themeExists(tx, themeId)) return { status: "unknown-theme" };
    const row = tx
      .update(signals)
      .set({ themeId, linkedAt: themeId ? now : null, updatedAt: now })
      .where(eq(signals.id, id))
      .returning({ id: signals.id })
      .get();
    if (!row) return { status: "not-found" };
    recordAudit(tx, { actorId, action: "signal.link", targetType: "signal", targetId: id, details: { themeId } });
    return { status: "ok", id };
  });
}

const signalColumns = {
  id: signals.id,
  title: signals.title,
  description: signals.description,
  kind: signals.kind,
  source: signals.source,
  region: signals.region,
  observedOn: signals.observedOn,
  themeId: signals.themeId,
  themeName: themes.name,
  linkedAt: signals.linkedAt,
  createdAt: signals.createdAt,
};

/** Signals, latest observed first: of one theme, or those without a theme yet, or all; optionally one region. */
export function listSignals({
  themeId,
  withoutTheme = false,
  region,
  limit = 200,
}: { themeId?: number; withoutTheme?: boolean; region?: string; limit?: number } = {}) {
  return db
    .select(signalColumns)
    .from(signals)
    .leftJoin(themes, eq(themes.id, signals.themeId))
    .where(
      and(
        withoutTheme ? isNull(signals.themeId) : themeId !== undefined ? eq(signals.themeId, themeId) : undefined,
        region ? eq(signals.region, region) : undefined,
      ),
    )
    .orderBy(desc(signals.observedOn), desc(signals.id))
    .limit(limit)
    .all();
}

export function getSignal(id: number) {
  return db
    .select(signalColumns)
    .from(signals)
    .leftJoin(themes, eq(themes.id, signals.themeId))
    .where(eq(signals.id, id))
    .get();
}

/**
 * What signals propose for a new poll, in the shape of the poll form (PollSchema): a signal with a
 * theme proposes that theme as an option, one without proposes its title as a free option.
 */
export function pollOptionsFromSignals({ signalIds }: { signalIds: number[] }) {
  const rows = signalIds.length
    ? db
        .select({ id: signals.id, title: signals.title, themeId: signals.themeId })
        .from(signals)
        .where(inArray(signals.id, signalIds))
        .orderBy(asc(signals.id))
        .all()
    : [];
  const themeOptions = [...new Set(rows.flatMap((r) => (r.themeId ? [r.themeId] : [])))];
  const free = [...new Set(rows.filter((r) => !r.themeId).map((r) => r.title))];
  return { themeOptions, freeOptions: free.join("\n"), signalCount: rows.length };
}

// ---------------------------------------------------------------- one circle, all circles

const circleColumns = {
  id: learningCircles.id,
  themeId: learningCircles.themeId,
  entryStep: learningCircles.entryStep,
  createdAt: learningCircles.createdAt,
  updatedAt: learningCircles.updatedAt,
  slug: themes.slug,
  name: themes.name,
  description: themes.description,
};

function storedSteps(circleIds: number[]) {
  if (!circleIds.length) return [];
  return db
    .select({
      circleId: circleSteps.circleId,
      step: circleSteps.step,
      status: circleSteps.status,
      note: circleSteps.note,
      updatedAt: circleSteps.updatedAt,
    })
    .from(circleSteps)
    .where(inArray(circleSteps.circleId, circleIds))
    .all();
}

type PollItem = {
  id: number;
  question: string;
  opensAt: Date;
  closesAt: Date;
  closed: boolean;
  ballotCount: number;
};

/** A circle's identity by its theme's slug (for pages that need no more); null when there is none. */
export function findCircleBySlug(slug: string) {
  return (
    db
      .select({ id: learningCircles.id, themeId: learningCircles.themeId, slug: themes.slug, name: themes.name })
      .from(learningCircles)
      .innerJoin(themes, eq(themes.id, learningCircles.themeId))
      .where(eq(themes.slug, slug))
      .get() ?? null
  );
}

/** Every circle's name and slug, by name (for a choice of circle). */
export function listCircleNames() {
  return db
    .select({ slug: themes.slug, name: themes.name })
    .from(learningCircles)
    .innerJoin(themes, eq(themes.id, learningCircles.themeId))
    .orderBy(asc(themes.name))
    .all();
}

/**
 * A circle by its theme's slug: the seven steps, each with its status (stored or suggested) and what
 * belongs to it, and the theme's modules and signals. Null when the theme has no circle.
 * Step 1 and 7: the network meetings; 2: inventory polls and signals; 3: frames; 4: the first
 * webinar (and its poll); 5: the first group; 6: the webinars and groups after the first.
 */
export async function getCircle({
  slug,
  viewer,
  now = new Date(),
  modules,
}: {
  slug: string;
  /** Whoever is asking (CurrentUser from app/auth fits): decides which group names show. */
  viewer: { id: string; roles: readonly Role[] };
  now?: Date;
  modules?: ModuleRef[];
}) {
  const circle = db
    .select(circleColumns)
    .from(learningCircles)
    .innerJoin(themes, eq(themes.id, learningCircles.themeId))
    .where(eq(themes.slug, slug))
    .get();
  if (!circle) return null;
  const themeId = circle.themeId;
  const refs = (await moduleRefs(modules)).filter((m) => m.themeSlug === slug);
  const facts = stepFacts([themeId], now).get(themeId)!;
  const steps = stepStates(circle.entryStep, storedSteps([circle.id]), facts);

  const scope = scopeOf({ themeIds: [themeId], modules: new Map() });
  const pollRow = (r: {
    id: number;
    question: string;
    opensAt: number;
    closesAt: number;
    closedAt: number | null;
    ballotCount: number;
  }): PollItem => ({
    id: r.id,
    question: r.question,
    opensAt: new Date(r.opensAt),
    closesAt: new Date(r.closesAt),
    closed: r.closedAt !== null || r.closesAt <= now.getTime(),
    ballotCount: r.ballotCount,
  });
  const inventoryPolls = db
    .all<{
      id: number;
      question: string;
      opensAt: number;
      closesAt: number;
      closedAt: number | null;
      ballotCount: number;
    }>(
      sql`with poll_themes(theme, poll_id) as (${pollThemes(scope, "inventory")})
      select p.id, p.question, p.opens_at as opensAt, p.closes_at as closesAt, p.closed_at as closedAt, p.ballot_count as ballotCount
      from ${polls} p where p.id in (select poll_id from poll_themes) order by p.opens_at, p.id`,
    )
    .map(pollRow);
  const webinarList = db
    .select({
      id: webinars.id,
      title: webinars.title,
      startsAt: webinars.startsAt,
      endsAt: webinars.endsAt,
      hasRecording: sql<number>`${webinars.recordingUrl} is not null`,
      pollId: webinars.pollId,
      pollQuestion: polls.question,
    })
    .from(webinars)
    .leftJoin(polls, eq(polls.id, webinars.pollId))
    .where(and(eq(webinars.themeId, themeId), isNull(webinars.cancelledAt)))
    .orderBy(asc(webinars.startsAt), asc(webinars.id))
    .all()
    .map((w) => ({ ...w, hasRecording: !!w.hasRecording, held: w.endsAt <= now }));
  // Of a group only its start and whether it closed; its name only for whoever could find the group
  // anyway (ADR 0010): coordinators, its facilitator and members, and anyone when it takes requests.
  const mayKnow = isManager(viewer.roles)
    ? sql`1`
    : sql`(${actionLearningGroups.openToRequests} = 1 or ${actionLearningGroups.facilitatorId} = ${viewer.id}
        or exists (select 1 from group_members m where m.group_id = ${actionLearningGroups.id}
          and m.user_id = ${viewer.id} and m.status = 'active'))`;
  const groupList = db
    .select({
      id: actionLearningGroups.id,
      name: actionLearningGroups.name,
      startsOn: actionLearningGroups.startsOn,
      closedAt: actionLearningGroups.closedAt,
      openToRequests: actionLearningGroups.openToRequests,
      known: sql<number>`${mayKnow}`,
    })
    .from(actionLearningGroups)
    .where(eq(actionLearningGroups.themeId, themeId))
    .orderBy(asc(actionLearningGroups.startsOn), asc(actionLearningGroups.id))
    .all()
    .map(({ known, ...g }) => (known ? { ...g, name: g.name as string | null } : { ...g, name: null }));
  const frames = db
    .select({ id: groupFrames.id, name: groupFrames.name })
    .from(groupFrames)
    .where(eq(groupFrames.themeId, themeId))
    .orderBy(asc(groupFrames.name))
    .all();
  const meetings = db
    .select()
    .from(networkMeetings)
    .where(eq(networkMeetings.circleId, circle.id))
    .orderBy(asc(networkMeetings.heldOn), asc(networkMeetings.id))
    .all();
  const themeSignals = listSignals({ themeId });

  const [firstWebinar, ...laterWebinars] = webinarList;
  const [firstGroup, ...laterGroups] = groupList;
  const belongs = (step: CircleStep) => ({
    networkMeetings: step === 1 || step === 7 ? meetings.filter((m) => m.step === step) : ([] as NetworkMeeting[]),
    polls: step === 2 ? inventoryPolls : ([] as PollItem[]),
    signals: step === 2 ? themeSignals : [],
    frames: step === 3 ? frames : [],
    webinars: step === 4 ? (firstWebinar ? [firstWebinar] : []) : step === 6 ? laterWebinars : [],
    groups: step === 5 ? (firstGroup ? [firstGroup] : []) : step === 6 ? laterGroups : [],
  });
  const statuses = statusMap(steps);
  return {
    ...circle,
    currentStep: currentStep(statuses, circle.entryStep),
    steps: steps.map((s) => ({ ...s, ...belongs(s.step) })),
    // Modules accompany every step: they are where professionals start and go deeper.
    modules: refs.map((m) => ({ slug: m.slug, title: m.title })),
    signals: themeSignals,
  };
}

/**
 * Every circle with its current step, its steps' statuses and its key figures (all time). The same
 * grouped queries as one circle's figures, for all circles at once.
 */
export async function listCircles({ now = new Date(), modules }: { now?: Date; modules?: ModuleRef[] } = {}) {
  const circles = db
    .select(circleColumns)
    .from(learningCircles)
    .innerJoin(themes, eq(themes.id, learningCircles.themeId))
    .orderBy(asc(themes.name))
    .all();
  const themeIds = circles.map((c) => c.themeId);
  const facts = stepFacts(themeIds, now);
  const stored = storedSteps(circles.map((c) => c.id));
  const figures = computeFigures({
    scope: themeScope(themeIds, await moduleRefs(modules)),
    keys: themeIds,
    period: {},
    now,
    breakdown: false,
  });
  return circles.map((circle) => {
    const steps = stepStates(
      circle.entryStep,
      stored.filter((s) => s.circleId === circle.id),
      facts.get(circle.themeId)!,
    );
    const f = figures.get(circle.themeId)!;
    return {
      ...circle,
      currentStep: currentStep(statusMap(steps), circle.entryStep),
      steps: steps.map((s) => ({ step: s.step, status: s.status })),
      figures: {
        reached: f.reached.total,
        modulesCompleted: f.modules.completed,
        webinarsHeld: f.webinars.held,
        attended: f.webinars.attended,
        groupsRunning: f.groups.running,
        actionsEmbedded: f.groups.embedded,
        contributionsPublished: f.contributions.published,
        signals: f.signals.total,
      },
    };
  });
}

// ---------------------------------------------------------------- the coordinators' dashboard

/** Polls closing within this many days show on the dashboard. */
export const POLLS_CLOSING_DAYS = 7;
/** Webinars that ended this many days ago or less still wait for their recording on the dashboard. */
export const RECORDING_WAIT_DAYS = 30;

/**
 * For coordinators (the route checks MANAGER_ROLES): what needs them now. Each list has its full
 * count and at most `limit` items, oldest or most urgent first.
 */
export function coordinatorDashboard({ now = new Date(), limit = 10 }: { now?: Date; limit?: number } = {}) {
  const today = amsterdamDay(now);
  const t = now.getTime();
  const counted = <T>(count: number, items: T[]) => ({ count, items });

  const reviewWhere = eq(contributions.status, "submitted");
  const toReview = counted(
    db
      .select({ n: sql<number>`count(*)` })
      .from(contributions)
      .where(reviewWhere)
      .get()!.n,
    db
      .select({
        id: contributions.id,
        kind: contributions.kind,
        themeName: themes.name,
        submittedAt: contributions.submittedAt,
      })
      .from(contributions)
      .innerJoin(themes, eq(themes.id, contributions.themeId))
      .where(reviewWhere)
      .orderBy(asc(contributions.submittedAt), asc(contributions.id))
      .limit(limit)
      .all(),
  );

  const closingWhere = sql`${polls.closedAt} is null and ${polls.opensAt} <= ${t} and ${polls.closesAt} > ${t}
    and ${polls.closesAt} <= ${t + POLLS_CLOSING_DAYS * 86_400_000}`;
  const pollsClosing = counted(
    db
      .select({ n: sql<number>`count(*)` })
      .from(polls)
      .where(closingWhere)
      .get()!.n,
    db
      .select({ id: polls.id, question: polls.question, closesAt: polls.closesAt, ballotCount: polls.ballotCount })
      .from(polls)
      .where(closingWhere)
      .orderBy(asc(polls.closesAt), asc(polls.id))
      .limit(limit)
      .all(),
  );

  const recordingWhere = sql`${webinars.cancelledAt} is null and ${webinars.recordingUrl} is null
    and ${webinars.endsAt} <= ${t} and ${webinars.endsAt} > ${t - RECORDING_WAIT_DAYS * 86_400_000}`;
  const withoutRecording = counted(
    db
      .select({ n: sql<number>`count(*)` })
      .from(webinars)
      .where(recordingWhere)
      .get()!.n,
    db
      .select({ id: webinars.id, title: webinars.title, endsAt: webinars.endsAt, themeName: themes.name })
      .from(webinars)
      .leftJoin(themes, eq(themes.id, webinars.themeId))
      .where(recordingWhere)
      .orderBy(asc(webinars.endsAt), asc(webinars.id))
      .limit(limit)
      .all(),
  );

  const overdueWhere = sql`${groupActions.status} in ('open', 'bezig') and ${groupActions.dueOn} < ${today}
    and ${groupActions.groupId} in (select id from ${actionLearningGroups} where closed_at is null)`;
  const overdueActions = counted(
    db
      .select({ n: sql<number>`count(*)` })
      .from(groupActions)
      .where(overdueWhere)
      .get()!.n,
    db
      .select({
        id: groupActions.id,
        description: groupActions.description,
        status: groupActions.status,
        dueOn: groupActions.dueOn,
        groupId: groupActions.groupId,
        groupName: actionLearningGroups.name,
        ownerName: users.name,
      })
      .from(groupActions)
      .innerJoin(actionLearningGroups, eq(actionLearningGroups.id, groupActions.groupId))
      .leftJoin(users, eq(users.id, groupActions.ownerId))
      .where(overdueWhere)
      .orderBy(asc(groupActions.dueOn), asc(groupActions.id))
      .limit(limit)
      .all(),
  );

  const unlinked = counted(
    db
      .select({ n: sql<number>`count(*)` })
      .from(signals)
      .where(isNull(signals.themeId))
      .get()!.n,
    listSignals({ withoutTheme: true, limit }),
  );

  return {
    contributionsToReview: toReview,
    pollsClosing,
    webinarsWithoutRecording: withoutRecording,
    overdueActions,
    signalsWithoutTheme: unlinked,
  };
}

// ---------------------------------------------------------------- highlights and the yearly yield report

export type HighlightsResult = { status: "ok" } | { status: "forbidden" } | { status: "not-found" };

/** The coordinator's highlights of a year, for one circle or for all circles ("all"); empty text removes them. */
export function saveHighlights({
  actorId,
  circleId,
  input,
  now = new Date(),
}: {
  actorId: string;
  circleId: number | "all";
  input: HighlightsInput;
  now?: Date;
}): HighlightsResult {
  const circle = circleId === "all" ? null : circleId;
  return db.transaction(
    (tx): HighlightsResult => {
      if (!isCoordinator(tx, actorId)) return { status: "forbidden" };
      if (circle !== null && !circleExists(tx, circle)) return { status: "not-found" };
      const key = and(
        circle === null ? isNull(circleHighlights.circleId) : eq(circleHighlights.circleId, circle),
        eq(circleHighlights.year, input.year),
      );
      const existing = tx.select({ id: circleHighlights.id }).from(circleHighlights).where(key).get();
      if (!input.text) {
        if (existing) tx.delete(circleHighlights).where(eq(circleHighlights.id, existing.id)).run();
      } else if (existing) {
        tx.update(circleHighlights)
          .set({ text: input.text, updatedBy: actorId, updatedAt: now })
          .where(eq(circleHighlights.id, existing.id))
          .run();
      } else {
        tx.insert(circleHighlights)
          .values({
            circleId: circle,
            year: input.year,
            text: input.text,
            updatedBy: actorId,
            createdAt: now,
            updatedAt: now,
          })
          .run();
      }
      recordAudit(tx, {
        actorId,
        action: "circle.highlights",
        targetType: "circle",
        targetId: circle,
        details: { year: input.year, removed: !input.text },
      });
      return { status: "ok" };
    },
    { behavior: "immediate" },
  );
}

/**
 * The yearly yield report (jaaropbrengst) of one circle's theme or of all circles, for coordinators
 * (the route checks MANAGER_ROLES): the year's figures, the highlights written for it, and the
 * lessons recorded in the year: final yields of groups closed in it, yields of its group meetings,
 * and the decisions of its network meetings.
 */
export async function yearReport({
  themeId,
  year,
  now = new Date(),
  modules,
}: {
  themeId: FiguresScope;
  year: number;
  now?: Date;
  modules?: ModuleRef[];
}) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const b = boundsOf({ from, to });
  const theme =
    themeId === "all"
      ? null
      : (db
          .select({ id: themes.id, name: themes.name, slug: themes.slug })
          .from(themes)
          .where(eq(themes.id, themeId))
          .get() ?? null);
  if (themeId !== "all" && !theme) return null;
  const figures = await circleFigures({ themeId, from, to, now, modules });
  const scope = themeId === "all" ? scopeOf("all") : scopeOf({ themeIds: [themeId], modules: new Map() });

  const highlights = db
    .select({ circleId: circleHighlights.circleId, themeName: themes.name, text: circleHighlights.text })
    .from(circleHighlights)
    .leftJoin(learningCircles, eq(learningCircles.id, circleHighlights.circleId))
    .leftJoin(themes, eq(themes.id, learningCircles.themeId))
    .where(and(eq(circleHighlights.year, year), themeId === "all" ? undefined : eq(learningCircles.themeId, themeId)))
    .orderBy(sql`${circleHighlights.circleId} is not null`, asc(themes.name))
    .all();

  const groupYields = db.all<{
    groupId: number;
    groupName: string;
    themeName: string | null;
    closedAt: number;
    finalYield: string;
  }>(sql`
    select g.id as groupId, g.name as groupName, t.name as themeName, g.closed_at as closedAt, g.final_yield as finalYield
    from ${actionLearningGroups} g left join ${themes} t on t.id = g.theme_id
    where ${scope.where(sql`g.theme_id`)} and g.closed_at is not null and g.final_yield is not null
      and ${momentIn(sql`g.closed_at`, b)}
    order by g.closed_at, g.id`);
  const meetingYields = db.all<{
    meetingId: number;
    groupId: number;
    groupName: string;
    themeName: string | null;
    startsAt: number;
    yield: string;
  }>(sql`
    select m.id as meetingId, g.id as groupId, g.name as groupName, t.name as themeName, m.starts_at as startsAt, m.yield
    from ${groupMeetings} m join ${actionLearningGroups} g on g.id = m.group_id left join ${themes} t on t.id = g.theme_id
    where ${scope.where(sql`g.theme_id`)} and m.cancelled_at is null and m.yield is not null
      and ${momentIn(sql`m.starts_at`, b)}
    order by m.starts_at, m.id`);
  const meetingDecisions = db.all<{
    id: number;
    themeName: string;
    step: number;
    heldOn: string;
    decisions: string;
    notes: string;
  }>(sql`
    select n.id, t.name as themeName, n.step, n.held_on as heldOn, n.decisions, n.notes
    from ${networkMeetings} n join ${learningCircles} c on c.id = n.circle_id join ${themes} t on t.id = c.theme_id
    where ${scope.where(sql`c.theme_id`)} and ${dayIn(sql`n.held_on`, b)}
    order by n.held_on, n.id`);

  return {
    year,
    theme,
    figures,
    highlights: {
      text:
        themeId === "all" ? (highlights.find((h) => h.circleId === null)?.text ?? null) : (highlights[0]?.text ?? null),
      // For all circles: each circle's own highlights too.
      perCircle:
        themeId === "all"
          ? highlights.filter((h) => h.circleId !== null).map((h) => ({ themeName: h.themeName ?? "", text: h.text }))
          : [],
    },
    lessons: {
      groups: groupYields.map((g) => ({ ...g, closedAt: new Date(g.closedAt) })),
      meetings: meetingYields.map((m) => ({ ...m, startsAt: new Date(m.startsAt) })),
      networkMeetings: meetingDecisions,
    },
  };
}

export type YearReport = NonNullable<Awaited<ReturnType<typeof yearReport>>>;

const csvMoment = (at: Date) => toAmsterdamLocal(at).replace("T", " ");
const csvAverage = (a: Average) => (a.average === null ? "" : a.average.toFixed(1).replace(".", ","));

/** The yearly yield report as rows for a spreadsheet (toCsv), in sections. */
export function yearReportCsvRows(report: YearReport): (string | number | null)[][] {
  const f = report.figures;
  const regions = REGIONS.filter((r) => f.reached.byRegion[r]);
  return [
    ["Jaaropbrengst", String(report.year)],
    ["Leercirkel", report.theme?.name ?? "Alle leercirkels"],
    [],
    ["Cijfers", "Aantal"],
    ["Bereikte personen", f.reached.total],
    ["  via modules", f.reached.bySource.modules],
    ["  via webinars", f.reached.bySource.webinars],
    ["  via actieleergroepen", f.reached.bySource.groups],
    ["  via peilingen", f.reached.bySource.polls],
    ["Modules gestart", f.modules.started],
    ["Modules afgerond", f.modules.completed],
    ["Terugblikken", f.checkIns.total],
    ["Terugblikken: toegepast in de praktijk", f.checkIns.applied],
    ["Terugblikken: deels toegepast", f.checkIns.partly],
    ["Webinars gehouden", f.webinars.held],
    ["Aanmeldingen voor gehouden webinars", f.webinars.registered],
    ["Aanwezigen bij gehouden webinars", f.webinars.attended],
    ["Rapportcijfer modules (gemiddeld)", csvAverage(f.evaluations.modules)],
    ["Rapportcijfer modules (aantal)", f.evaluations.modules.count],
    ["Rapportcijfer webinars (gemiddeld)", csvAverage(f.evaluations.webinars)],
    ["Rapportcijfer webinars (aantal)", f.evaluations.webinars.count],
    ["Actieleergroepen actief", f.groups.running],
    ["Actieleergroepen gestart", f.groups.started],
    ["Actieleergroepen afgesloten", f.groups.closed],
    ["Deelnemers aan actieleergroepen", f.groups.members],
    ["Acties afgesproken", f.groups.actions],
    ["Acties geborgd", f.groups.embedded],
    ...EMBEDDING_KINDS.map((k) => [`  ${EMBEDDING_KIND_LABELS[k]}`, f.groups.embeddedByKind[k]]),
    ["Bijdragen van ervaringsdeskundigen gepubliceerd", f.contributions.published],
    ...CONTRIBUTION_KINDS.map((k) => [`  ${CONTRIBUTION_KIND_LABELS[k]}`, f.contributions.byKind[k]]),
    ["Signalen", f.signals.total],
    ...SIGNAL_KINDS.map((k) => [`  ${SIGNAL_KIND_LABELS[k]}`, f.signals.byKind[k]]),
    ["Netwerkbijeenkomsten", f.networkMeetings.held],
    [],
    ["Bereikte personen per soort organisatie", "Aantal"],
    ...ORGANISATION_KINDS.map((k) => [ORGANISATION_KIND_LABELS[k], f.reached.byKind[k]]),
    [],
    ["Bereikte personen per regio", "Aantal"],
    ...regions.map((r) => [r, f.reached.byRegion[r] ?? 0]),
    [],
    ["Module", "Gestart", "Afgerond"],
    ...f.modules.perModule.map((m) => [m.slug, m.started, m.completed]),
    [],
    ["Webinar", "Datum", "Aanmeldingen", "Aanwezig", "Evaluaties", "Opname"],
    ...f.webinars.perWebinar
      .filter((w) => w.held)
      .map((w) => [
        w.title,
        csvMoment(w.startsAt),
        w.registered,
        w.attended,
        w.evaluations,
        w.hasRecording ? "ja" : "nee",
      ]),
    [],
    ["Actieleergroep", "Gestart op", "Afgesloten op", "Deelnemers", "Acties", "Geborgd"],
    ...f.groups.perGroup.map((g) => [
      g.name,
      g.startsOn,
      g.closedAt ? csvMoment(g.closedAt) : "",
      g.members,
      g.actions,
      g.embedded,
    ]),
    [],
    ["Hoogtepunten", report.highlights.text ?? ""],
    ...report.highlights.perCircle.map((h) => [`Hoogtepunten ${h.themeName}`, h.text]),
    [],
    ["Lessen uit afgesloten actieleergroepen"],
    ["Actieleergroep", "Thema", "Afgesloten op", "Opbrengst"],
    ...report.lessons.groups.map((g) => [g.groupName, g.themeName ?? "", csvMoment(g.closedAt), g.finalYield]),
    [],
    ["Opbrengsten van bijeenkomsten"],
    ["Actieleergroep", "Thema", "Bijeenkomst", "Opbrengst"],
    ...report.lessons.meetings.map((m) => [m.groupName, m.themeName ?? "", csvMoment(m.startsAt), m.yield]),
    [],
    ["Besluiten van netwerkbijeenkomsten"],
    ["Datum", "Thema", "Stap", "Besluiten", "Aantekeningen"],
    ...report.lessons.networkMeetings.map((n) => [n.heldOn, n.themeName, n.step, n.decisions, n.notes]),
  ];
}

/** The yearly yield report as a CSV file (semicolons, CRLF); null for a theme that does not exist. */
export async function yearReportCsv(args: Parameters<typeof yearReport>[0]) {
  const report = await yearReport(args);
  return report ? toCsv(yearReportCsvRows(report)) : null;
}
