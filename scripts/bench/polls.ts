// The poll part of `npm run bench` (issue #5): 500 distinct users vote, change their vote and read
// the results at once against the production server; afterwards the stored totals must equal the
// votes each user last made. Then the results page of a poll with 50,000 votes beside one with 10.
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import type Database from "better-sqlite3";
import { medianRound } from "./rounds";

export type PollBenchSetup = {
  loadPollId: number;
  optionIds: number[];
  voters: { id: string; cookie: string }[];
  bigPollId: number;
  smallPollId: number;
  readerCookie: string;
  bigVotes: number;
};

const HOUR = 3600_000;

function createPoll(db: Database.Database, question: string, options: string[]) {
  const now = Date.now();
  const id = Number(
    db
      .prepare(
        "insert into polls (question, method, audience, results_visibility, opens_at, closes_at) values (?, 'single', 'all', 'after_vote', ?, ?)",
      )
      .run(question, now - HOUR, now + 24 * HOUR).lastInsertRowid,
  );
  const insert = db.prepare("insert into poll_options (poll_id, label, position) values (?, ?, ?)");
  const optionIds = options.map((label, position) => Number(insert.run(id, label, position).lastInsertRowid));
  return { id, optionIds };
}

function session(db: Database.Database, userId: string) {
  const id = randomBytes(20).toString("hex");
  db.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)").run(
    id,
    userId,
    Math.floor(Date.now() / 1000) + 30 * 86400,
  );
  return `leercirkel_sessie=${id}`;
}

/**
 * Fills a poll with votes the way the app stores them (participants, ballots under random keys,
 * running totals), without going through HTTP: for the page that must not slow down with them.
 */
function fillPoll(db: Database.Database, pollId: number, optionIds: number[], userIds: string[]) {
  const participant = db.prepare("insert into poll_participants (poll_id, user_id) values (?, ?)");
  const ballot = db.prepare(
    "insert into poll_ballots (poll_id, ballot_key, user_id, region, points) values (?, ?, ?, ?, ?)",
  );
  const region = db.prepare(
    "select o.region from users u join organisations o on o.id = u.organisation_id where u.id = ?",
  );
  const totals = new Map<number, number>();
  const regions = new Map<string, Map<number, number>>();
  for (const [index, userId] of userIds.entries()) {
    const option = optionIds[(index * 7) % optionIds.length]!;
    const where = (region.get(userId) as { region: string }).region;
    participant.run(pollId, userId);
    ballot.run(pollId, randomBytes(32).toString("base64url"), userId, where, JSON.stringify({ [option]: 1 }));
    totals.set(option, (totals.get(option) ?? 0) + 1);
    const perRegion = regions.get(where) ?? new Map<number, number>();
    perRegion.set(option, (perRegion.get(option) ?? 0) + 1);
    perRegion.set(0, (perRegion.get(0) ?? 0) + 1);
    regions.set(where, perRegion);
  }
  const option = db.prepare("update poll_options set points = ?, mentions = ? where id = ?");
  for (const [id, count] of totals) option.run(count, count, id);
  const tally = db.prepare(
    "insert into poll_region_tallies (poll_id, region, option_id, points, mentions) values (?, ?, ?, ?, ?)",
  );
  for (const [where, perRegion] of regions)
    for (const [id, count] of perRegion) tally.run(pollId, where, id, id === 0 ? 0 : count, count);
  db.prepare("update polls set ballot_count = ? where id = ?").run(userIds.length, pollId);
}

/** Before the server starts: the polls, 500 voters with sessions, and 50,000 votes in one poll. */
export function seedPollBench(
  db: Database.Database,
  {
    passwordHash,
    organisations,
    bigVotes = 50_000,
  }: { passwordHash: string; organisations: number[]; bigVotes?: number },
): PollBenchSetup {
  return db.transaction(() => {
    const have = (
      db.prepare("select count(*) as n from users where email_verified_at is not null").get() as { n: number }
    ).n;
    const user = db.prepare(
      "insert into users (id, email, email_normalized, name, password_hash, organisation_id, email_verified_at) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const role = db.prepare("insert into user_roles (user_id, role) values (?, 'professional')");
    for (let i = 0; i < bigVotes + 10 - have; i++) {
      const id = randomBytes(8).toString("hex");
      const email = `peiler${i}@example.nl`;
      user.run(id, email, email, `Peiler ${i}`, passwordHash, organisations[i % organisations.length], Date.now());
      role.run(id);
    }
    const ids = (
      db.prepare("select id from users where email_verified_at is not null order by id").all() as { id: string }[]
    ).map((r) => r.id);
    const load = createPoll(db, "Bench: welk thema eerst?", ["Thema A", "Thema B", "Thema C", "Thema D", "Thema E"]);
    const big = createPoll(db, "Bench: 50.000 stemmen", ["Optie 1", "Optie 2", "Optie 3", "Optie 4", "Optie 5"]);
    const small = createPoll(db, "Bench: 10 stemmen", ["Optie 1", "Optie 2", "Optie 3", "Optie 4", "Optie 5"]);
    fillPoll(db, big.id, big.optionIds, ids.slice(0, bigVotes));
    fillPoll(db, small.id, small.optionIds, ids.slice(0, 10));
    // The reader voted in both, so it sees both results (results after voting).
    const voters = ids.slice(bigVotes - 500, bigVotes).map((id) => ({ id, cookie: session(db, id) }));
    return {
      loadPollId: load.id,
      optionIds: load.optionIds,
      voters,
      bigPollId: big.id,
      smallPollId: small.id,
      readerCookie: session(db, ids[0]!),
      bigVotes,
    };
  })();
}

export type Figures = { rps: number; p50: number; p90: number; p99: number; errors: number; non2xx: number };

/** The load: votes, changed votes and reads at 100 connections; then the check of every ballot. */
export async function runPollBench({
  base,
  db,
  setup,
  connections = 100,
  amount = Number(process.env.BENCH_POLL_REQUESTS ?? 15_000),
  mix = "vvr",
}: {
  base: string;
  db: Database.Database;
  setup: PollBenchSetup;
  connections?: number;
  amount?: number;
  /** The requests of each round: v a vote, r a read of the poll page. */
  mix?: string;
}) {
  const { loadPollId, optionIds, voters } = setup;
  const path = `/peilingen/${loadPollId}`;
  const origin = new URL(base).origin;
  // A voter has at most one request in flight, so the order of their votes is the order sent.
  const busy = new Set<number>();
  const lastConfirmed = new Map<string, number>();
  let next = 0;
  let votes = 0;
  let failedVotes = 0;
  const pick = () => {
    for (let tries = 0; tries < voters.length; tries++) {
      const index = next++ % voters.length;
      if (!busy.has(index)) {
        busy.add(index);
        return index;
      }
    }
    throw new Error("no free voter");
  };
  type Context = { voter?: number; option?: number };
  const vote = {
    method: "POST" as const,
    path,
    setupRequest(request: autocannon.Request, context: Context) {
      const voter = pick();
      const option = optionIds[Math.floor(Math.random() * optionIds.length)]!;
      context.voter = voter;
      context.option = option;
      return {
        ...request,
        headers: {
          Cookie: voters[voter]!.cookie,
          Origin: origin,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: `intent=vote&choice=${option}`,
      };
    },
    onResponse(status: number, _body: string, context: Context) {
      busy.delete(context.voter!);
      votes++;
      if (status === 302) lastConfirmed.set(voters[context.voter!]!.id, context.option!);
      else failedVotes++;
    },
  };
  const read = {
    method: "GET" as const,
    path,
    setupRequest(request: autocannon.Request, context: Context) {
      const voter = pick();
      context.voter = voter;
      return { ...request, headers: { Cookie: voters[voter]!.cookie } };
    },
    onResponse(_status: number, _body: string, context: Context) {
      busy.delete(context.voter!);
    },
  };
  const started = Date.now();
  const result = await autocannon({
    url: base,
    connections,
    amount,
    requests: [...mix].map((c) => (c === "v" ? vote : read)) as unknown as autocannon.Request[],
  });
  const seconds = (Date.now() - started) / 1000;

  // The same person twice at once: two different votes from 100 voters, sent together.
  const pairs = voters.slice(0, 100);
  const sent = new Map<string, number[]>();
  await Promise.all(
    pairs.flatMap((voter, i) => {
      const choices = [optionIds[i % optionIds.length]!, optionIds[(i + 1) % optionIds.length]!];
      sent.set(voter.id, choices);
      return choices.map((option) =>
        fetch(`${base}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: voter.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: `intent=vote&choice=${option}`,
        }).then((response) => {
          if (response.status !== 302) failedVotes++;
        }),
      );
    }),
  );

  // The check: every ballot is the vote its user last made; totals equal the ballots.
  let mismatches = 0;
  const ballots = new Map(
    (
      db.prepare("select user_id as userId, points from poll_ballots where poll_id = ?").all(loadPollId) as {
        userId: string;
        points: string;
      }[]
    ).map((b) => [b.userId, Number(Object.keys(JSON.parse(b.points))[0])]),
  );
  for (const [userId, option] of lastConfirmed) {
    if (sent.has(userId)) continue;
    if (ballots.get(userId) !== option) mismatches++;
  }
  for (const [userId, options] of sent) if (!options.includes(ballots.get(userId) ?? -1)) mismatches++;
  const voted = new Set([...lastConfirmed.keys(), ...sent.keys()]);
  if (ballots.size !== voted.size) mismatches += Math.abs(ballots.size - voted.size);
  const counts = db
    .prepare(
      "select (select count(*) from poll_participants where poll_id = ?) as participants, (select ballot_count from polls where id = ?) as ballotCount",
    )
    .get(loadPollId, loadPollId) as { participants: number; ballotCount: number };
  if (counts.participants !== ballots.size || counts.ballotCount !== ballots.size) mismatches++;
  const expected = new Map<number, number>();
  for (const option of ballots.values()) expected.set(option, (expected.get(option) ?? 0) + 1);
  for (const row of db.prepare("select id, points, mentions from poll_options where poll_id = ?").all(loadPollId) as {
    id: number;
    points: number;
    mentions: number;
  }[]) {
    const want = expected.get(row.id) ?? 0;
    if (row.points !== want || row.mentions !== want) mismatches++;
  }

  const figures: Figures = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: 0,
  };
  return {
    figures,
    votes,
    votesPerSecond: votes / seconds,
    seconds,
    failedVotes,
    mismatches,
    ballots: ballots.size,
    requests: result.requests.total,
  };
}

/**
 * The results page of the poll with 50,000 votes beside the one with 10, measured in turn `rounds`
 * times: this machine's speed drifts within minutes, so each ratio is of two measurements next to
 * each other, and the median round counts.
 */
export async function measureResultsPages({
  base,
  setup,
  seconds,
  rounds = 3,
}: {
  base: string;
  setup: PollBenchSetup;
  seconds: number;
  rounds?: number;
}) {
  const measure = async (pollId: number) => {
    const url = `${base}/peilingen/${pollId}`;
    const headers = { Cookie: setup.readerCookie };
    const check = await fetch(url, { headers });
    const html = await check.text();
    if (check.status !== 200 || !html.includes("Uitslag"))
      throw new Error(`results page ${url} answered ${check.status}`);
    await autocannon({ url, connections: 50, duration: 2, headers });
    const result = await autocannon({ url, connections: 50, duration: seconds, headers });
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    } satisfies Figures;
  };
  const measured: { big: Figures; small: Figures; ratio: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const big = await measure(setup.bigPollId);
    const small = await measure(setup.smallPollId);
    measured.push({ big, small, ratio: big.rps / small.rps });
  }
  const median = medianRound(measured, (r) => r.ratio);
  return { rounds: measured, big: median.big, small: median.small, ratio: median.ratio };
}
