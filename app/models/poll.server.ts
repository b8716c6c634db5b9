import { createHmac } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, sqlite } from "@db/client.server";
import { lazy } from "@db/lazy";
import {
  organisations,
  pollBallots,
  pollOptions,
  pollParticipants,
  pollRegionTallies,
  polls,
  themes,
  users,
  type Poll,
  type PollOption,
} from "@db/schema";
import { isManager } from "~/auth/roles";
import { toCsv } from "~/utils/csv";
import { cookieSecret } from "~/utils/secret.server";
import { recordAudit } from "./audit.server";
import type { BallotPoints, PollInput } from "./poll.schema";
import { slugify } from "./theme.schema";
import type { UserProfile } from "./user.server";

export type PollState = "scheduled" | "open" | "closed";

export function pollState(poll: Pick<Poll, "opensAt" | "closesAt" | "closedAt">, now = new Date()): PollState {
  if (poll.closedAt || now >= poll.closesAt) return "closed";
  if (now < poll.opensAt) return "scheduled";
  return "open";
}

/** Whether this person belongs to the poll's audience. */
export function isInAudience(poll: Pick<Poll, "audience" | "audienceRegion" | "audienceKind">, user: UserProfile) {
  if (poll.audience === "region") return user.organisation.region === poll.audienceRegion;
  if (poll.audience === "organisation_kind") return user.organisation.kind === poll.audienceKind;
  return true;
}

// Audience sizes change slowly; counting the users on every results page would grow with them.
const audienceCache = new Map<string, { size: number; at: number }>();
const AUDIENCE_CACHE_MS = 60_000;

/** How many people may vote: the denominator of the turnout (counted at most once a minute). */
export function audienceSize(poll: Pick<Poll, "audience" | "audienceRegion" | "audienceKind">, now = Date.now()) {
  const key = `${poll.audience}:${poll.audienceRegion ?? ""}:${poll.audienceKind ?? ""}`;
  const cached = audienceCache.get(key);
  if (cached && now - cached.at < AUDIENCE_CACHE_MS) return cached.size;
  const size = countAudience(poll);
  audienceCache.set(key, { size, at: now });
  return size;
}

function countAudience(poll: Pick<Poll, "audience" | "audienceRegion" | "audienceKind">) {
  const where =
    poll.audience === "region"
      ? eq(organisations.region, poll.audienceRegion ?? "")
      : poll.audience === "organisation_kind"
        ? eq(organisations.kind, poll.audienceKind ?? "gemeente")
        : sql`1`;
  return (
    db
      .select({ count: sql<number>`count(*)` })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(and(where, sql`${users.emailVerifiedAt} is not null`))
      .get()?.count ?? 0
  );
}

// The key of a person's ballot in a poll. The secret is not in the database, so the ballots of an
// anonymous poll cannot be matched to people from the data alone (docs/decisions/0009-polls.md).
function ballotKey(pollId: number, userId: string) {
  return createHmac("sha256", cookieSecret).update(`ballot:${pollId}:${userId}`).digest("base64url");
}

// ---------------------------------------------------------------- coordinators

export async function createPoll({ actorId, input }: { actorId: string; input: PollInput }) {
  const themeRows = input.themeOptions.length
    ? db.select({ id: themes.id, name: themes.name }).from(themes).where(inArray(themes.id, input.themeOptions)).all()
    : [];
  if (themeRows.length !== new Set(input.themeOptions).size) return { status: "unknown-theme" as const };
  return db.transaction((tx) => {
    const poll = tx
      .insert(polls)
      .values({
        question: input.question,
        explanation: input.explanation,
        method: input.method,
        maxChoices: input.method === "single" ? null : (input.maxChoices ?? null),
        audience: input.audience,
        audienceRegion: input.audience === "region" ? input.audienceRegion : null,
        audienceKind: input.audience === "organisation_kind" ? input.audienceKind : null,
        anonymous: input.anonymous,
        allowSuggestions: input.allowSuggestions,
        resultsVisibility: input.resultsVisibility,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        createdBy: actorId,
      })
      .returning({ id: polls.id })
      .get();
    const options = [
      ...themeRows.map((t) => ({ label: t.name, themeId: t.id })),
      ...input.freeOptions.map((label) => ({ label, themeId: null })),
    ];
    tx.insert(pollOptions)
      .values(options.map((o, position) => ({ ...o, pollId: poll.id, position })))
      .run();
    recordAudit(tx, {
      actorId,
      action: "poll.create",
      targetType: "poll",
      targetId: poll.id,
      details: { question: input.question },
    });
    return { status: "ok" as const, id: poll.id };
  });
}

export function listPollsForManager() {
  return db.select().from(polls).orderBy(desc(polls.opensAt), desc(polls.id)).all();
}

// The reads of the poll page, prepared once (a poll page is read by everyone who votes).
const readQueries = lazy(() => ({
  poll: db
    .select()
    .from(polls)
    .where(eq(polls.id, sql.placeholder("id")))
    .prepare(),
  approved: db
    .select()
    .from(pollOptions)
    .where(and(eq(pollOptions.pollId, sql.placeholder("pollId")), eq(pollOptions.status, "approved")))
    .orderBy(asc(pollOptions.position), asc(pollOptions.id))
    .prepare(),
  allOptions: db
    .select()
    .from(pollOptions)
    .where(eq(pollOptions.pollId, sql.placeholder("pollId")))
    .orderBy(asc(pollOptions.position), asc(pollOptions.id))
    .prepare(),
  voted: db
    .select({ one: sql`1` })
    .from(pollParticipants)
    .where(
      and(
        eq(pollParticipants.pollId, sql.placeholder("pollId")),
        eq(pollParticipants.userId, sql.placeholder("userId")),
      ),
    )
    .prepare(),
  ballot: db
    .select({ points: pollBallots.points })
    .from(pollBallots)
    .where(and(eq(pollBallots.pollId, sql.placeholder("pollId")), eq(pollBallots.ballotKey, sql.placeholder("key"))))
    .prepare(),
  regions: db
    .select()
    .from(pollRegionTallies)
    .where(eq(pollRegionTallies.pollId, sql.placeholder("pollId")))
    .prepare(),
}));

export function getPoll(id: number) {
  return readQueries().poll.get({ id });
}

/** The options voters see (approved), or with `all` also the suggestions that wait or were refused. */
export function listOptions(pollId: number, { all = false }: { all?: boolean } = {}) {
  return all ? readQueries().allOptions.all({ pollId }) : readQueries().approved.all({ pollId });
}

export function closePoll({ actorId, id, now = new Date() }: { actorId: string; id: number; now?: Date }) {
  return db.transaction((tx) => {
    const row = tx
      .update(polls)
      .set({ closedAt: now, updatedAt: now })
      .where(and(eq(polls.id, id), sql`${polls.closedAt} is null`, sql`${polls.closesAt} > ${now.getTime()}`))
      .returning({ id: polls.id })
      .get();
    if (!row) return { status: "not-open" as const };
    recordAudit(tx, { actorId, action: "poll.close", targetType: "poll", targetId: id });
    return { status: "ok" as const };
  });
}

export function reopenPoll({
  actorId,
  id,
  closesAt,
  now = new Date(),
}: {
  actorId: string;
  id: number;
  closesAt: Date;
  now?: Date;
}) {
  if (closesAt <= now) return { status: "in-past" as const };
  return db.transaction((tx) => {
    const poll = tx.select().from(polls).where(eq(polls.id, id)).get();
    if (!poll) return { status: "not-found" as const };
    if (pollState(poll, now) !== "closed") return { status: "not-closed" as const };
    tx.update(polls).set({ closedAt: null, closesAt, updatedAt: now }).where(eq(polls.id, id)).run();
    recordAudit(tx, {
      actorId,
      action: "poll.reopen",
      targetType: "poll",
      targetId: id,
      details: { closesAt: closesAt.toISOString() },
    });
    return { status: "ok" as const };
  });
}

export function decideSuggestion({
  actorId,
  pollId,
  optionId,
  approve,
}: {
  actorId: string;
  pollId: number;
  optionId: number;
  approve: boolean;
}) {
  return db.transaction((tx) => {
    const row = tx
      .update(pollOptions)
      .set({ status: approve ? "approved" : "rejected" })
      .where(and(eq(pollOptions.id, optionId), eq(pollOptions.pollId, pollId), eq(pollOptions.status, "pending")))
      .returning({ id: pollOptions.id, label: pollOptions.label, suggestedBy: pollOptions.suggestedBy })
      .get();
    if (!row) return { status: "not-found" as const };
    recordAudit(tx, {
      actorId,
      action: approve ? "poll.option.approve" : "poll.option.reject",
      targetType: "poll",
      targetId: pollId,
      details: { option: row.label },
      people: [row.suggestedBy],
    });
    return { status: "ok" as const };
  });
}

/**
 * After closing: the outcome becomes a theme (a new one named after the option, or an existing one)
 * and the poll stays linked to it.
 */
export function optionToTheme({
  actorId,
  pollId,
  optionId,
  themeId,
  now = new Date(),
}: {
  actorId: string;
  pollId: number;
  optionId: number;
  themeId?: number;
  now?: Date;
}) {
  return db.transaction((tx) => {
    const poll = tx.select().from(polls).where(eq(polls.id, pollId)).get();
    if (!poll) return { status: "not-found" as const };
    if (pollState(poll, now) !== "closed") return { status: "not-closed" as const };
    const option = tx
      .select()
      .from(pollOptions)
      .where(and(eq(pollOptions.id, optionId), eq(pollOptions.pollId, pollId), eq(pollOptions.status, "approved")))
      .get();
    if (!option) return { status: "not-found" as const };
    let theme = themeId
      ? tx.select().from(themes).where(eq(themes.id, themeId)).get()
      : option.themeId
        ? tx.select().from(themes).where(eq(themes.id, option.themeId)).get()
        : undefined;
    if (themeId && !theme) return { status: "unknown-theme" as const };
    let created = false;
    if (!theme) {
      const base = slugify(option.label).slice(0, 70) || `thema-${option.id}`;
      let slug = base;
      for (let n = 2; tx.select({ id: themes.id }).from(themes).where(eq(themes.slug, slug)).get(); n++)
        slug = `${base}-${n}`;
      theme = tx
        .insert(themes)
        .values({ slug, name: option.label.slice(0, 120), description: `Uit de peiling: ${poll.question}` })
        .returning()
        .get();
      created = true;
    }
    tx.update(pollOptions).set({ themeId: theme.id }).where(eq(pollOptions.id, option.id)).run();
    tx.update(polls).set({ themeId: theme.id, updatedAt: now }).where(eq(polls.id, pollId)).run();
    recordAudit(tx, {
      actorId,
      action: "poll.to-theme",
      targetType: "poll",
      targetId: pollId,
      details: { option: option.label, theme: theme.slug, created },
    });
    return { status: "ok" as const, theme: { id: theme.id, slug: theme.slug, name: theme.name }, created };
  });
}

// ---------------------------------------------------------------- voters

/** Open polls this person may vote in, with whether they voted. */
export function listOpenPollsForUser(user: UserProfile, now = new Date()) {
  const rows = db
    .select({
      poll: polls,
      voted: sql<number>`exists (select 1 from ${pollParticipants} p where p.poll_id = ${polls.id} and p.user_id = ${user.id})`,
    })
    .from(polls)
    .where(
      and(
        sql`${polls.closedAt} is null`,
        sql`${polls.opensAt} <= ${now.getTime()}`,
        sql`${polls.closesAt} > ${now.getTime()}`,
      ),
    )
    .orderBy(asc(polls.closesAt))
    .all();
  return rows.filter((r) => isInAudience(r.poll, user)).map((r) => ({ ...r.poll, voted: Boolean(r.voted) }));
}

/** Closed polls whose results this person may see, newest first. */
export function listClosedPollsForUser(user: UserProfile, now = new Date(), limit = 20) {
  const rows = db
    .select()
    .from(polls)
    .where(sql`(${polls.closedAt} is not null or ${polls.closesAt} <= ${now.getTime()})`)
    .orderBy(desc(polls.closesAt))
    .limit(limit * 3)
    .all();
  return rows.filter((p) => isInAudience(p, user) && p.resultsVisibility !== "coordinators").slice(0, limit);
}

export function hasVoted(pollId: number, userId: string) {
  return Boolean(readQueries().voted.get({ pollId, userId }));
}

/** The person's own ballot, to show and change; only they can find it. */
export function getOwnBallot(pollId: number, userId: string): BallotPoints | null {
  const row = readQueries().ballot.get({ pollId, key: ballotKey(pollId, userId) });
  return row?.points ?? null;
}

export type VoteResult =
  | { status: "ok"; changed: boolean }
  | { status: "not-found" }
  | { status: "not-open" }
  | { status: "not-in-audience" }
  | { status: "unknown-option" }
  | { status: "lost-ballot" };

// The vote is the hot path of a poll (hundreds per second when a webinar votes at once): its
// statements are prepared once, as plain SQL.
const voteStatements = lazy(() => ({
  poll: sqlite.prepare<[number], PollRow>(
    "select id, anonymous, audience, audience_region as audienceRegion, audience_kind as audienceKind, opens_at as opensAt, closes_at as closesAt, closed_at as closedAt from polls where id = ?",
  ),
  options: sqlite.prepare<[number], { id: number }>(
    "select id from poll_options where poll_id = ? and status = 'approved'",
  ),
  ballot: sqlite.prepare<[number, string], { region: string | null; points: string }>(
    "select region, points from poll_ballots where poll_id = ? and ballot_key = ?",
  ),
  updateBallot: sqlite.prepare<[string, number, string]>(
    "update poll_ballots set points = ? where poll_id = ? and ballot_key = ?",
  ),
  insertBallot: sqlite.prepare<[number, string, string | null, string | null, string]>(
    "insert into poll_ballots (poll_id, ballot_key, user_id, region, points) values (?, ?, ?, ?, ?)",
  ),
  participant: sqlite.prepare<[number, string], { pollId: number }>(
    "insert into poll_participants (poll_id, user_id) values (?, ?) on conflict do nothing returning poll_id as pollId",
  ),
  count: sqlite.prepare<[number]>("update polls set ballot_count = ballot_count + 1 where id = ?"),
  tally: sqlite.prepare<[number, number, number, number]>(
    "update poll_options set points = points + ?, mentions = mentions + ? where id = ? and poll_id = ?",
  ),
  region: sqlite.prepare<[{ poll: number; region: string; option: number; points: number; mentions: number }]>(
    "insert into poll_region_tallies (poll_id, region, option_id, points, mentions) values (@poll, @region, @option, @points, @mentions) " +
      "on conflict (poll_id, region, option_id) do update set points = points + @points, mentions = mentions + @mentions",
  ),
}));

type PollRow = Pick<Poll, "id" | "audience" | "audienceRegion" | "audienceKind"> & {
  anonymous: number;
  opensAt: number;
  closesAt: number;
  closedAt: number | null;
};

function addToTallies(pollId: number, anonymous: boolean, region: string | null, points: BallotPoints, sign: 1 | -1) {
  const q = voteStatements();
  for (const [optionId, value] of Object.entries(points)) {
    q.tally.run(sign * value, sign, Number(optionId), pollId);
    if (!anonymous && region) {
      q.region.run({ poll: pollId, region, option: Number(optionId), points: sign * value, mentions: sign });
    }
  }
}

const castVoteTransaction = lazy(() =>
  sqlite.transaction(
    ({
      pollId,
      user,
      points,
      now,
    }: {
      pollId: number;
      user: UserProfile;
      points: BallotPoints;
      now: Date;
    }): VoteResult => {
      const q = voteStatements();
      const row = q.poll.get(pollId);
      if (!row) return { status: "not-found" };
      const poll = {
        ...row,
        opensAt: new Date(row.opensAt),
        closesAt: new Date(row.closesAt),
        closedAt: row.closedAt === null ? null : new Date(row.closedAt),
      };
      if (pollState(poll, now) !== "open") return { status: "not-open" };
      if (!isInAudience(poll, user)) return { status: "not-in-audience" };
      const valid = new Set(q.options.all(pollId).map((o) => String(o.id)));
      if (Object.keys(points).some((id) => !valid.has(id))) return { status: "unknown-option" };
      const anonymous = Boolean(row.anonymous);
      const key = ballotKey(pollId, user.id);
      const json = JSON.stringify(points);
      const old = q.ballot.get(pollId, key);
      if (old) {
        addToTallies(pollId, anonymous, old.region, JSON.parse(old.points) as BallotPoints, -1);
        q.updateBallot.run(json, pollId, key);
        addToTallies(pollId, anonymous, old.region, points, 1);
        return { status: "ok", changed: true };
      }
      // Voted before, but the ballot cannot be found: the secret changed since.
      if (!q.participant.get(pollId, user.id)) return { status: "lost-ballot" };
      const region = anonymous ? null : user.organisation.region;
      q.insertBallot.run(pollId, key, anonymous ? null : user.id, region, json);
      q.count.run(pollId);
      if (region) q.region.run({ poll: pollId, region, option: 0, points: 0, mentions: 1 });
      addToTallies(pollId, anonymous, region, points, 1);
      return { status: "ok", changed: false };
    },
  ),
);

/**
 * Casts or changes one person's vote: one transaction (begun IMMEDIATE, so a second process waits
 * instead of failing) that takes the old ballot out of the totals and puts the new one in, so the
 * totals always equal the sum of the ballots, also when the same person sends two votes at once.
 */
export function castVote({
  pollId,
  user,
  points,
  now = new Date(),
}: {
  pollId: number;
  user: UserProfile;
  points: BallotPoints;
  now?: Date;
}): VoteResult {
  return castVoteTransaction().immediate({ pollId, user, points, now });
}

export function suggestOption({
  pollId,
  user,
  label,
  now = new Date(),
}: {
  pollId: number;
  user: UserProfile;
  label: string;
  now?: Date;
}) {
  const poll = getPoll(pollId);
  if (!poll || !poll.allowSuggestions) return { status: "not-allowed" as const };
  if (pollState(poll, now) !== "open" || !isInAudience(poll, user)) return { status: "not-allowed" as const };
  const exists = listOptions(pollId, { all: true }).some((o) => o.label.toLowerCase() === label.toLowerCase());
  if (exists) return { status: "duplicate" as const };
  db.insert(pollOptions).values({ pollId, label, status: "pending", suggestedBy: user.id, position: 1000 }).run();
  return { status: "ok" as const };
}

// ---------------------------------------------------------------- results

/** Whether this person sees the results now. Coordinators always do. */
export function canSeeResults(poll: Poll, user: UserProfile, voted: boolean, now = new Date()) {
  if (isManager(user.roles)) return true;
  if (poll.resultsVisibility === "coordinators") return false;
  if (pollState(poll, now) === "closed") return true;
  return poll.resultsVisibility === "after_vote" && voted;
}

export type PollResults = {
  ballots: number;
  audience: number;
  turnout: number | null;
  totalPoints: number;
  options: (Pick<PollOption, "id" | "label" | "points" | "mentions" | "themeId"> & { share: number })[];
  regions: { region: string; ballots: number; options: Record<string, number> }[];
};

/**
 * The results from the running totals: a handful of rows, however many votes the poll has. The
 * share is of the ballots for one or several choices, and of all points for a ranking or dots.
 */
export function getResults(poll: Poll): PollResults {
  const options = listOptions(poll.id);
  const totalPoints = options.reduce((sum, o) => sum + o.points, 0);
  const byPoints = poll.method === "ranking" || poll.method === "dots";
  const denominator = byPoints ? totalPoints : poll.ballotCount;
  const audience = audienceSize(poll);
  const regions: PollResults["regions"] = [];
  if (!poll.anonymous) {
    const rows = readQueries().regions.all({ pollId: poll.id });
    const map = new Map<string, PollResults["regions"][number]>();
    for (const row of rows) {
      const entry = map.get(row.region) ?? { region: row.region, ballots: 0, options: {} };
      if (row.optionId === 0) entry.ballots = row.mentions;
      else entry.options[String(row.optionId)] = byPoints ? row.points : row.mentions;
      map.set(row.region, entry);
    }
    regions.push(...[...map.values()].filter((r) => r.ballots > 0).sort((a, b) => a.region.localeCompare(b.region)));
  }
  return {
    ballots: poll.ballotCount,
    audience,
    turnout: audience ? poll.ballotCount / audience : null,
    totalPoints,
    options: options
      .map((o) => ({
        id: o.id,
        label: o.label,
        points: o.points,
        mentions: o.mentions,
        themeId: o.themeId,
        share: denominator ? (byPoints ? o.points : o.mentions) / denominator : 0,
      }))
      .sort((a, b) => (byPoints ? b.points - a.points : b.mentions - a.mentions) || a.id - b.id),
    regions,
  };
}

/** The results as CSV (semicolons, as Dutch spreadsheets expect): per option, and per region when not anonymous. */
export function resultsCsv(poll: Poll) {
  const results = getResults(poll);
  const byPoints = poll.method === "ranking" || poll.method === "dots";
  const regions = results.regions.map((r) => r.region);
  const header = ["optie", byPoints ? "punten" : "stemmen", "aandeel_procent", ...regions.map((r) => `regio_${r}`)];
  const lines = results.options.map((o) => [
    o.label,
    byPoints ? o.points : o.mentions,
    (o.share * 100).toFixed(1),
    ...results.regions.map((r) => r.options[String(o.id)] ?? 0),
  ]);
  lines.push(["(aantal stemmers)", results.ballots, "", ...results.regions.map((r) => r.ballots)]);
  return toCsv([header, ...lines]);
}

/** For the audit of a vote test: the totals recomputed from the ballots (never on a page view). */
export function recountFromBallots(pollId: number) {
  const totals = new Map<string, { points: number; mentions: number }>();
  for (const ballot of db.select().from(pollBallots).where(eq(pollBallots.pollId, pollId)).all()) {
    for (const [id, value] of Object.entries(ballot.points)) {
      const entry = totals.get(id) ?? { points: 0, mentions: 0 };
      entry.points += value;
      entry.mentions += 1;
      totals.set(id, entry);
    }
  }
  return totals;
}
