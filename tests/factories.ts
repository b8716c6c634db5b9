// Factories shared by the tests and the demo seed: each makes a valid record through the models.
import type { CircleStep } from "@db/schema";
import { SignalSchema } from "~/models/circle.schema";
import { recordSignal, startCircle } from "~/models/circle.server";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "@db/client.server";
import { organisations, themes, type OrganisationKind, type Role } from "@db/schema";
import { createOrganisation } from "~/models/organisation.server";
import { FrameSchema, StartGroupSchema } from "~/models/group.schema";
import { acceptInvitation, createFrame, inviteMember, startGroup } from "~/models/group.server";
import { ContributionSchema, ReviewSchema } from "~/models/contribution.schema";
import { reviewContribution, saveContribution } from "~/models/contribution.server";
import { PollSchema } from "~/models/poll.schema";
import { castVote, createPoll, listOptions } from "~/models/poll.server";
import { getUserProfile } from "~/models/user.server";
import { WebinarSchema } from "~/models/webinar.schema";
import { createWebinar, markAttendance, registerForWebinar, setWebinarMaterials } from "~/models/webinar.server";
import { toAmsterdamLocal } from "~/utils/dates";
import { createTheme } from "~/models/theme.server";
import { createConfirmedUser, findUserIdByEmail } from "~/models/user.server";
import type { REGIONS } from "~/utils/labels";

type Region = (typeof REGIONS)[number];

export const TEST_PASSWORD = "een-lang-wachtwoord";

export function uniqueSuffix() {
  return randomUUID().slice(0, 8);
}

/** The organisation with this name, created when missing. */
export function ensureOrganisation(input: { name: string; kind: OrganisationKind; region: Region }) {
  const existing = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${input.name})`)
    .get();
  if (existing) return { id: existing.id, created: false };
  const result = createOrganisation({ actorId: null, input });
  if (result.status !== "ok") throw new Error(`could not create organisation ${input.name}: ${result.status}`);
  return { id: result.id, created: true };
}

export function makeOrganisation(overrides: Partial<{ name: string; kind: OrganisationKind; region: Region }> = {}) {
  return ensureOrganisation({
    name: overrides.name ?? `Testorganisatie ${uniqueSuffix()}`,
    kind: overrides.kind ?? "aanbieder",
    region: overrides.region ?? "Centraal Gelderland",
  }).id;
}

/** The user with this e-mail address, created (confirmed, with these roles) when missing. */
export async function ensureUser(input: {
  name: string;
  email: string;
  password: string;
  organisationId: number;
  roles: Role[];
}) {
  const existing = findUserIdByEmail(input.email);
  if (existing) return { id: existing, created: false };
  return { id: await createConfirmedUser(input), created: true };
}

export async function makeUser(
  overrides: Partial<{ name: string; email: string; password: string; organisationId: number; roles: Role[] }> = {},
) {
  const suffix = uniqueSuffix();
  const input = {
    name: overrides.name ?? `Test Gebruiker ${suffix}`,
    email: overrides.email ?? `test-${suffix}@example.nl`,
    password: overrides.password ?? TEST_PASSWORD,
    organisationId: overrides.organisationId ?? makeOrganisation(),
    roles: overrides.roles ?? (["professional"] as Role[]),
  };
  const { id } = await ensureUser(input);
  return { ...input, id };
}

/** The theme with this slug, created when missing. */
export function ensureTheme(input: { slug: string; name: string; description: string }) {
  const existing = db.select({ id: themes.id }).from(themes).where(eq(themes.slug, input.slug)).get();
  if (existing) return { id: existing.id, created: false };
  const result = createTheme({ actorId: null, input });
  if (result.status !== "ok") throw new Error(`could not create theme ${input.slug}: ${result.status}`);
  return { id: result.id, created: true };
}

let ipCounter = 0;

/** An IP address no other test in this process uses: rate limits are kept per IP in memory. */
export function uniqueIp() {
  ipCounter++;
  return `10.${(process.pid >> 8) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** A contribution, submitted through the model and, with a reviewer, published. */
export async function makeContribution(input: {
  contributorId: string;
  reviewerId?: string;
  themeId: number;
  kind: "do" | "dont" | "tip" | "story";
  text: string;
  perspective: "ouder" | "jongere" | "anders";
  credit: "anonymous" | "first_name" | "full_name";
  modules?: string[];
}) {
  const parsed = ContributionSchema.parse({ intent: "submit", modules: [], ...input });
  const saved = await saveContribution({ userId: input.contributorId, input: parsed });
  if (saved.status !== "ok") throw new Error(`could not save contribution: ${saved.status}`);
  if (input.reviewerId) {
    const review = reviewContribution({
      actorId: input.reviewerId,
      id: saved.id,
      input: ReviewSchema.parse({ intent: "publish" }),
    });
    if (review.status !== "ok") throw new Error(`could not publish contribution: ${review.status}`);
  }
  return saved.id;
}

/** A poll created through the model, with ballots cast through it: `votes` maps a user id to option labels. */
export async function makePoll(input: {
  actorId: string;
  question: string;
  explanation?: string;
  method: "single" | "multiple" | "ranking" | "dots";
  maxChoices?: number;
  themeOptions?: number[];
  freeOptions: string[];
  opensInHours?: number;
  closesInHours?: number;
  votes?: [userId: string, labels: string[]][];
}) {
  const now = Date.now();
  const parsed = PollSchema.parse({
    question: input.question,
    explanation: input.explanation ?? "",
    method: input.method,
    maxChoices: input.maxChoices,
    audience: "all",
    resultsVisibility: "after_vote",
    opensAt: toAmsterdamLocal(now + (input.opensInHours ?? -24) * 3600_000),
    closesAt: toAmsterdamLocal(now + (input.closesInHours ?? 14 * 24) * 3600_000),
    themeOptions: input.themeOptions ?? [],
    freeOptions: input.freeOptions.join("\n"),
  });
  const created = await createPoll({ actorId: input.actorId, input: parsed });
  if (created.status !== "ok") throw new Error(`could not create poll: ${created.status}`);
  const options = listOptions(created.id);
  for (const [userId, labels] of input.votes ?? []) {
    const ids = labels.map((label) => options.find((o) => o.label === label)!.id);
    const points = Object.fromEntries(
      ids.map((id, index) => [String(id), input.method === "ranking" ? ids.length - index : 1]),
    );
    const user = getUserProfile(userId)!;
    const result = castVote({ pollId: created.id, user, points });
    if (result.status !== "ok") throw new Error(`could not vote: ${result.status}`);
  }
  return created.id;
}

/**
 * A webinar planned by `actorId`, `startsInHours` from now (negative: already held). Registrations
 * are made before the start; `attended` are marked present afterwards.
 */
export function makeWebinar(input: {
  actorId: string;
  title: string;
  description?: string;
  speakers?: string;
  themeId?: number;
  startsInHours: number;
  durationMinutes?: number;
  capacity?: number;
  modules?: string[];
  pollId?: number;
  registrants?: string[];
  attended?: string[];
  recordingUrl?: string;
}) {
  const start = Date.now() + input.startsInHours * 3600_000;
  const parsed = WebinarSchema.parse({
    title: input.title,
    description: input.description ?? "",
    speakers: input.speakers ?? "",
    themeId: input.themeId,
    startsAt: toAmsterdamLocal(start),
    endsAt: toAmsterdamLocal(start + (input.durationMinutes ?? 60) * 60_000),
    capacity: input.capacity ?? 50,
    joinUrl: "https://meet.jit.si/leercirkel-demo",
    modules: input.modules ?? [],
    pollId: input.pollId,
  });
  const created = createWebinar({ actorId: input.actorId, input: parsed });
  if (created.status !== "ok") throw new Error(`could not create webinar: ${created.status}`);
  const before = new Date(Math.min(Date.now(), start - 3600_000));
  for (const userId of input.registrants ?? []) {
    registerForWebinar({ webinarId: created.id, user: { id: userId }, now: before });
  }
  if (input.attended) {
    markAttendance({
      actorId: input.actorId,
      webinarId: created.id,
      shown: input.registrants ?? [],
      present: input.attended,
    });
  }
  if (input.recordingUrl) {
    setWebinarMaterials({ actorId: input.actorId, id: created.id, recordingUrl: input.recordingUrl });
  }
  return created.id;
}

// ---------------------------------------------------------------- action learning groups

/**
 * An action learning group started through the models from a new frame, with these members (invited
 * by the facilitator and accepted). The coordinator and the facilitator are made when not given; by
 * default the coordinator facilitates.
 */
export async function makeGroup(
  input: {
    coordinatorId?: string;
    facilitatorId?: string;
    memberIds?: string[];
    name?: string;
    frameName?: string;
    themeId?: number | null;
    learningQuestion?: string;
    maxMembers?: number;
    plannedMeetings?: number;
    openToRequests?: boolean;
    startsOn?: string;
    now?: Date;
  } = {},
) {
  const coordinatorId = input.coordinatorId ?? (await makeUser({ roles: ["coordinator"] })).id;
  const facilitatorId = input.facilitatorId ?? coordinatorId;
  const frame = createFrame({
    actorId: coordinatorId,
    input: FrameSchema.parse({
      name: input.frameName ?? `Kader actieleergroep ${uniqueSuffix()}`,
      themeId: input.themeId ?? null,
      learningQuestion:
        input.learningQuestion ?? "Hoe borgen we de verklarende analyse in het gesprek tussen wijkteam en GI?",
      aim: "Elke deelnemer past de verklarende analyse toe in ten minste één casus.",
      plannedMeetings: input.plannedMeetings ?? 5,
      meetingIntervalWeeks: 4,
      maxMembers: input.maxMembers ?? 12,
      confidentiality: "Wat we over casussen bespreken, blijft in de groep.",
      attendance: "We zijn er elke bijeenkomst, of melden ons af bij de begeleider.",
      commitment: "Iedereen brengt een casus in en voert tussen de bijeenkomsten een actie uit.",
    }),
  });
  if (frame.status !== "ok") throw new Error(`could not create frame: ${frame.status}`);
  const started = startGroup({
    actorId: coordinatorId,
    input: StartGroupSchema.parse({
      frameId: frame.id,
      name: input.name ?? `Actieleergroep ${uniqueSuffix()}`,
      facilitatorId,
      openToRequests: input.openToRequests ?? false,
      ...(input.startsOn ? { startsOn: input.startsOn } : {}),
    }),
    now: input.now,
  });
  if (started.status !== "ok") throw new Error(`could not start group: ${started.status}`);
  for (const userId of input.memberIds ?? []) {
    const invited = inviteMember({ actorId: facilitatorId, groupId: started.id, userId, now: input.now });
    if (invited.status !== "ok") throw new Error(`could not invite member: ${invited.status}`);
    const joined = acceptInvitation({ userId, groupId: started.id, now: input.now });
    if (joined.status !== "ok") throw new Error(`could not join group: ${joined.status}`);
  }
  return { id: started.id, frameId: frame.id, coordinatorId, facilitatorId };
}

// ---------------------------------------------------------------- learning circles

/** A signal from casework recorded through the model by a coordinator (made when not given). */
export async function makeSignal(
  input: {
    actorId?: string;
    title?: string;
    description?: string;
    kind?: "pattern" | "gap" | "trend";
    source?: "expert_team" | "casework_research" | "chain_learning" | "monitoring" | "practice" | "other";
    region?: Region;
    observedOn?: string;
    themeId?: number | null;
  } = {},
) {
  const actorId = input.actorId ?? (await makeUser({ roles: ["coordinator"] })).id;
  const result = recordSignal({
    actorId,
    input: SignalSchema.parse({
      title: input.title ?? `Signaal ${uniqueSuffix()}: bij veel uithuisplaatsingen geen verklarende analyse`,
      description: input.description ?? "In de casusbesprekingen van het afgelopen kwartaal kwam dit steeds terug.",
      kind: input.kind ?? "pattern",
      source: input.source ?? "expert_team",
      region: input.region ?? "Centraal Gelderland",
      observedOn: input.observedOn ?? toAmsterdamLocal(Date.now()).slice(0, 10),
      themeId: input.themeId ?? null,
    }),
  });
  if (result.status !== "ok") throw new Error(`could not record signal: ${result.status}`);
  return result.id;
}

/** A learning circle started through the model, on a new theme unless one is given. */
export async function makeCircle(input: { actorId?: string; themeId?: number; step?: CircleStep } = {}) {
  const actorId = input.actorId ?? (await makeUser({ roles: ["coordinator"] })).id;
  const suffix = uniqueSuffix();
  const themeId =
    input.themeId ?? ensureTheme({ slug: `cirkel-${suffix}`, name: `Cirkelthema ${suffix}`, description: "" }).id;
  const result = startCircle({ actorId, themeId, step: input.step ?? 1 });
  if (result.status !== "ok") throw new Error(`could not start circle: ${result.status}`);
  return { id: result.id, slug: result.slug, themeId, coordinatorId: actorId };
}
