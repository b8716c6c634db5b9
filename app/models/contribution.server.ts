import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { db, sqlite, type Db } from "@db/client.server";
import {
  contributionEvents,
  contributionInvites,
  contributionModules,
  contributions,
  themes,
  users,
  type Contribution,
  type ContributionEvent,
  type ContributionStatus,
} from "@db/schema";
import { lazy } from "@db/lazy";
import { getInterventions } from "~/mdx/registry.server";
import { env } from "~/utils/env.server";
import { CONTRIBUTION_KIND_LABELS, CONTRIBUTION_PERSPECTIVE_LABELS } from "~/utils/labels";
import { recordAudit } from "./audit.server";
import type { ContributionInput, InviteInput, ReviewInput } from "./contribution.schema";
import {
  CORRECTABLE,
  DECISIONS,
  EDITABLE,
  MAX_CORRECTION,
  MODULE_CONTRIBUTIONS_SHOWN,
  privacyProblem,
  WITHDRAWABLE,
} from "./contribution.schema";

export { CORRECTABLE, DECISIONS, EDITABLE, MAX_CORRECTION, MODULE_CONTRIBUTIONS_SHOWN, WITHDRAWABLE };
import { enqueueMail, renderMail } from "./mail.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type SaveResult =
  | { status: "ok"; id: number; submitted: boolean }
  | { status: "not-found" }
  | { status: "not-editable" }
  | { status: "unknown-theme" }
  | { status: "module-mismatch"; slugs: string[] };

/** How many characters a correction changes (what differs between the common start and end). */
export function correctionSize(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return Math.max(before.length - start - end, after.length - start - end);
}

function addEvent(
  tx: Tx,
  event: {
    contributionId: number;
    actorId: string | null;
    event: ContributionEvent;
    comment?: string | null;
    textBefore?: string;
    textAfter?: string;
  },
) {
  tx.insert(contributionEvents).values(event).run();
}

async function checkModules(themeSlug: string, slugs: string[]) {
  if (!slugs.length) return [];
  const { bySlug } = await getInterventions();
  return slugs.filter((slug) => bySlug.get(slug)?.frontmatter.theme !== themeSlug);
}

/** Creates a contribution (no id) or changes one of the contributor's own drafts or returned ones. */
export async function saveContribution({
  userId,
  id,
  input,
}: {
  userId: string;
  id?: number;
  input: ContributionInput;
}): Promise<SaveResult> {
  const theme = db.select().from(themes).where(eq(themes.id, input.themeId)).get();
  if (!theme) return { status: "unknown-theme" };
  const modules = [...new Set(input.modules)];
  const wrong = await checkModules(theme.slug, modules);
  if (wrong.length) return { status: "module-mismatch", slugs: wrong };
  const submit = input.intent === "submit";
  const now = new Date();

  return db.transaction((tx) => {
    const values = {
      kind: input.kind,
      text: input.text,
      themeId: theme.id,
      perspective: input.perspective,
      credit: input.credit,
      updatedAt: now,
      ...(submit ? { status: "submitted" as const, submittedAt: now } : {}),
    };
    let contributionId: number;
    if (id === undefined) {
      const invite = input.inviteId ? openInviteFor(tx, userId, input.inviteId) : undefined;
      contributionId = tx
        .insert(contributions)
        .values({ ...values, contributorId: userId, status: submit ? "submitted" : "draft", inviteId: invite?.id })
        .returning({ id: contributions.id })
        .get().id;
      addEvent(tx, { contributionId, actorId: userId, event: "created" });
      if (invite)
        tx.update(contributionInvites).set({ closedAt: now }).where(eq(contributionInvites.id, invite.id)).run();
    } else {
      const updated = tx
        .update(contributions)
        .set(values)
        .where(
          and(
            eq(contributions.id, id),
            eq(contributions.contributorId, userId),
            inArray(contributions.status, EDITABLE),
          ),
        )
        .returning({ id: contributions.id })
        .get();
      if (!updated) {
        const exists = tx
          .select({ id: contributions.id })
          .from(contributions)
          .where(and(eq(contributions.id, id), eq(contributions.contributorId, userId)))
          .get();
        return { status: exists ? "not-editable" : "not-found" };
      }
      contributionId = updated.id;
      addEvent(tx, { contributionId, actorId: userId, event: "saved" });
    }
    tx.delete(contributionModules).where(eq(contributionModules.contributionId, contributionId)).run();
    if (modules.length) {
      tx.insert(contributionModules)
        .values(modules.map((slug) => ({ contributionId, slug })))
        .run();
    }
    if (submit) addEvent(tx, { contributionId, actorId: userId, event: "submitted" });
    return { status: "ok", id: contributionId, submitted: submit };
  });
}

/** The contributor takes a contribution back; a published one leaves every module at once. */
export function withdrawContribution({ userId, id }: { userId: string; id: number }) {
  return db.transaction((tx) => {
    const row = tx
      .update(contributions)
      .set({ status: "withdrawn", updatedAt: new Date() })
      .where(
        and(
          eq(contributions.id, id),
          eq(contributions.contributorId, userId),
          inArray(contributions.status, WITHDRAWABLE),
        ),
      )
      .returning({ id: contributions.id })
      .get();
    if (!row) return { status: "not-found" as const };
    addEvent(tx, { contributionId: id, actorId: userId, event: "withdrawn" });
    recordAudit(tx, { actorId: userId, action: "contribution.withdraw", targetType: "contribution", targetId: id });
    return { status: "ok" as const };
  });
}

function modulesOf(ids: number[]) {
  const rows = ids.length
    ? db
        .select()
        .from(contributionModules)
        .where(inArray(contributionModules.contributionId, ids))
        .orderBy(asc(contributionModules.slug))
        .all()
    : [];
  const map = new Map<number, string[]>();
  for (const row of rows) map.set(row.contributionId, [...(map.get(row.contributionId) ?? []), row.slug]);
  return map;
}

function eventsOf(id: number) {
  return db
    .select({
      id: contributionEvents.id,
      event: contributionEvents.event,
      comment: contributionEvents.comment,
      textBefore: contributionEvents.textBefore,
      textAfter: contributionEvents.textAfter,
      createdAt: contributionEvents.createdAt,
      actorId: contributionEvents.actorId,
      actorName: users.name,
    })
    .from(contributionEvents)
    .leftJoin(users, eq(users.id, contributionEvents.actorId))
    .where(eq(contributionEvents.contributionId, id))
    .orderBy(asc(contributionEvents.id))
    .all();
}

const listColumns = {
  id: contributions.id,
  kind: contributions.kind,
  text: contributions.text,
  status: contributions.status,
  perspective: contributions.perspective,
  credit: contributions.credit,
  reviewComment: contributions.reviewComment,
  themeId: contributions.themeId,
  themeName: themes.name,
  themeSlug: themes.slug,
  submittedAt: contributions.submittedAt,
  publishedAt: contributions.publishedAt,
  decidedAt: contributions.decidedAt,
  seenAt: contributions.seenAt,
  updatedAt: contributions.updatedAt,
  createdAt: contributions.createdAt,
};

/** The contributor's own contributions, newest change first. */
export function listOwnContributions(userId: string) {
  const rows = db
    .select(listColumns)
    .from(contributions)
    .innerJoin(themes, eq(themes.id, contributions.themeId))
    .where(eq(contributions.contributorId, userId))
    .orderBy(desc(contributions.updatedAt), desc(contributions.id))
    .all();
  const modules = modulesOf(rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, modules: modules.get(row.id) ?? [] }));
}

/** One of the contributor's own contributions with its history; undefined for anyone else's. */
export function getOwnContribution({ userId, id }: { userId: string; id: number }) {
  const row = db
    .select(listColumns)
    .from(contributions)
    .innerJoin(themes, eq(themes.id, contributions.themeId))
    .where(and(eq(contributions.id, id), eq(contributions.contributorId, userId)))
    .get();
  if (!row) return undefined;
  return { ...row, modules: modulesOf([id]).get(id) ?? [], events: eventsOf(id) };
}

/** The contributor has looked at their contributions: decisions are no longer news. */
export function markContributionsSeen({ userId, id }: { userId: string; id?: number }) {
  db.update(contributions)
    .set({ seenAt: new Date() })
    .where(
      and(
        eq(contributions.contributorId, userId),
        id === undefined ? sql`1` : eq(contributions.id, id),
        sql`${contributions.decidedAt} is not null`,
      ),
    )
    .run();
}

/** Decisions and corrections the contributor has not seen yet, for the start page. */
export function listContributionNews(userId: string) {
  return db
    .select(listColumns)
    .from(contributions)
    .innerJoin(themes, eq(themes.id, contributions.themeId))
    .where(
      and(
        eq(contributions.contributorId, userId),
        sql`${contributions.decidedAt} is not null`,
        or(isNull(contributions.seenAt), gt(contributions.decidedAt, contributions.seenAt)),
      ),
    )
    .orderBy(desc(contributions.decidedAt))
    .limit(10)
    .all();
}

/** The themes and online modules a contribution can belong to. */
export async function contributionFormOptions() {
  const { list } = await getInterventions();
  return {
    themes: db
      .select({ id: themes.id, name: themes.name, slug: themes.slug })
      .from(themes)
      .orderBy(asc(themes.name))
      .all(),
    modules: list
      .map((m) => ({ slug: m.slug, title: m.frontmatter.title, themeSlug: m.frontmatter.theme }))
      .sort((a, b) => a.title.localeCompare(b.title, "nl")),
  };
}

// ---------------------------------------------------------------- coordinators

/** The review queue: per status (default: submitted) and optionally one theme, oldest first. */
export function listForReview({ status = "submitted", themeId }: { status?: ContributionStatus; themeId?: number }) {
  const rows = db
    .select({ ...listColumns, contributorName: users.name, contributorEmail: users.email })
    .from(contributions)
    .innerJoin(themes, eq(themes.id, contributions.themeId))
    .innerJoin(users, eq(users.id, contributions.contributorId))
    .where(and(eq(contributions.status, status), themeId ? eq(contributions.themeId, themeId) : sql`1`))
    .orderBy(asc(themes.name), asc(sql`coalesce(${contributions.submittedAt}, ${contributions.updatedAt})`))
    .all();
  const modules = modulesOf(rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, modules: modules.get(row.id) ?? [] }));
}

/** Counts per status, for the tabs of the review screen. */
export function countByStatus() {
  const rows = db
    .select({ status: contributions.status, count: sql<number>`count(*)` })
    .from(contributions)
    .groupBy(contributions.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Partial<Record<ContributionStatus, number>>;
}

export function getContributionForReview(id: number) {
  const row = db
    .select({ ...listColumns, contributorName: users.name, contributorEmail: users.email })
    .from(contributions)
    .innerJoin(themes, eq(themes.id, contributions.themeId))
    .innerJoin(users, eq(users.id, contributions.contributorId))
    .where(eq(contributions.id, id))
    .get();
  if (!row || row.status === "draft" || row.status === "withdrawn") return undefined;
  return { ...row, modules: modulesOf([id]).get(id) ?? [], events: eventsOf(id) };
}

const DECISION_MAIL: Record<keyof typeof DECISIONS | "correct", { subject: string; paragraph: string }> = {
  publish: {
    subject: "Je bijdrage is gepubliceerd",
    paragraph: "Je bijdrage is gepubliceerd. Professionals lezen haar nu in de modules van het thema.",
  },
  return: {
    subject: "Je bijdrage is teruggestuurd",
    paragraph:
      "De coördinator heeft je bijdrage teruggestuurd met een vraag. Je kunt haar aanpassen en opnieuw indienen.",
  },
  archive: {
    subject: "Je bijdrage is gearchiveerd",
    paragraph: "De coördinator heeft je bijdrage gearchiveerd. Ze staat niet (meer) in de modules.",
  },
  correct: {
    subject: "De coördinator heeft je bijdrage verbeterd",
    paragraph:
      "De coördinator heeft een kleine verbetering in je bijdrage gemaakt. Je ziet wat er veranderde bij je bijdrage; ben je het er niet mee eens, dan kun je haar intrekken.",
  },
};

function mailContributor(
  tx: Tx,
  contribution: Pick<Contribution, "id" | "contributorId">,
  kind: keyof typeof DECISION_MAIL,
  comment?: string | null,
) {
  const person = tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, contribution.contributorId))
    .get();
  if (!person) return;
  const { subject, paragraph } = DECISION_MAIL[kind];
  enqueueMail(tx, {
    to: person.email,
    subject,
    ...renderMail({
      greeting: `Beste ${person.name},`,
      paragraphs: [paragraph, ...(comment ? [`Toelichting van de coördinator:\n${comment}`] : [])],
      action: { label: "Naar je bijdrage", url: `${env.appUrl}/bijdragen/${contribution.id}` },
    }),
  });
}

export type DecisionResult =
  | { status: "ok"; to: ContributionStatus }
  | { status: "not-found" }
  | { status: "not-allowed"; current: ContributionStatus }
  | { status: "too-large"; size: number }
  | { status: "unchanged" }
  | { status: "privacy"; message: string };

/** A coordinator's decision or correction; audited, mailed and shown on the contributor's start page. */
export function reviewContribution({
  actorId,
  id,
  input,
}: {
  actorId: string;
  id: number;
  input: ReviewInput;
}): DecisionResult {
  return db.transaction((tx): DecisionResult => {
    const current = tx.select().from(contributions).where(eq(contributions.id, id)).get();
    if (!current || current.status === "draft" || current.status === "withdrawn") return { status: "not-found" };
    const now = new Date();

    if (input.intent === "correct") {
      if (!CORRECTABLE.includes(current.status)) return { status: "not-allowed", current: current.status };
      const problem = privacyProblem(input.text);
      if (problem) return { status: "privacy", message: problem };
      if (input.text === current.text) return { status: "unchanged" };
      const size = correctionSize(current.text, input.text);
      if (size > MAX_CORRECTION) return { status: "too-large", size };
      const updated = tx
        .update(contributions)
        .set({ text: input.text, decidedAt: now, updatedAt: now })
        .where(and(eq(contributions.id, id), eq(contributions.text, current.text)))
        .returning({ id: contributions.id })
        .get();
      if (!updated) return { status: "not-allowed", current: current.status };
      addEvent(tx, {
        contributionId: id,
        actorId,
        event: "corrected",
        textBefore: current.text,
        textAfter: input.text,
      });
      recordAudit(tx, {
        actorId,
        action: "contribution.correct",
        targetType: "contribution",
        targetId: id,
        details: { before: current.text, after: input.text },
        people: [current.contributorId],
      });
      mailContributor(tx, current, "correct");
      return { status: "ok", to: current.status };
    }

    const decision = DECISIONS[input.intent];
    const comment = "comment" in input && input.comment ? input.comment : null;
    const updated = tx
      .update(contributions)
      .set({
        status: decision.to,
        decidedAt: now,
        updatedAt: now,
        reviewComment: comment,
        ...(decision.to === "published" ? { publishedAt: now } : {}),
      })
      .where(and(eq(contributions.id, id), inArray(contributions.status, decision.from)))
      .returning({ id: contributions.id })
      .get();
    if (!updated) return { status: "not-allowed", current: current.status };
    addEvent(tx, { contributionId: id, actorId, event: decision.event, comment });
    recordAudit(tx, {
      actorId,
      action: `contribution.${input.intent}`,
      targetType: "contribution",
      targetId: id,
      details: comment ? { comment } : {},
      people: [current.contributorId],
    });
    mailContributor(tx, current, input.intent, comment);
    return { status: "ok", to: decision.to };
  });
}

// ---------------------------------------------------------------- in the modules

const publishedForModule = lazy(() =>
  sqlite.prepare<[string, string], PublishedRow>(
    `select c.id, c.kind, c.text, c.perspective, c.credit, c.published_at as publishedAt, u.name as contributorName
       from contributions c
       join themes t on t.id = c.theme_id
       join users u on u.id = c.contributor_id
      where c.status = 'published'
        and t.slug = ?
        and (exists (select 1 from contribution_modules m where m.contribution_id = c.id and m.slug = ?)
             or not exists (select 1 from contribution_modules m where m.contribution_id = c.id))
      order by c.published_at desc, c.id desc`,
  ),
);

type PublishedRow = {
  id: number;
  kind: Contribution["kind"];
  text: string;
  perspective: Contribution["perspective"];
  credit: Contribution["credit"];
  publishedAt: number;
  contributorName: string;
};

/** How a published contribution is credited, as its contributor chose. */
export function creditLine(row: Pick<PublishedRow, "credit" | "perspective" | "contributorName">) {
  const who = CONTRIBUTION_PERSPECTIVE_LABELS[row.perspective].toLowerCase();
  if (row.credit === "anonymous") return `Ervaringsdeskundige (${who})`;
  const name = row.credit === "first_name" ? (row.contributorName.split(/\s+/)[0] ?? "") : row.contributorName;
  return `${name}, ${who}`;
}

const contributionsCount = lazy(() =>
  sqlite.prepare<[], { value: number }>(`select value from change_counters where name = 'contributions'`),
);

export type PublishedContribution = {
  id: number;
  kind: Contribution["kind"];
  kindLabel: string;
  text: string;
  credit: string;
  publishedAt: number;
};

// Per theme and module: the list, and the change count it was read at.
const publishedLists = new Map<string, { count: number; list: readonly PublishedContribution[] }>();

/**
 * Published contributions for one module: those linked to it, and those of its theme linked to no
 * module in particular; newest first. Kept until the database's change count for contributions moves
 * (a trigger counts every change that could alter such a list): the module page reads one number
 * instead of running the query on every view. Do not change what it returns: it is shared.
 */
export function listPublishedForModule({
  slug,
  themeSlug,
}: {
  slug: string;
  themeSlug: string;
}): readonly PublishedContribution[] {
  const count = contributionsCount().get()?.value ?? -1;
  const key = `${themeSlug}\u0000${slug}`;
  const known = publishedLists.get(key);
  if (known && known.count === count && count >= 0) return known.list;
  const list = publishedForModule()
    .all(themeSlug, slug)
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      kindLabel: CONTRIBUTION_KIND_LABELS[row.kind],
      text: row.text,
      credit: creditLine(row),
      publishedAt: row.publishedAt,
    }));
  publishedLists.set(key, { count, list });
  return list;
}

// ---------------------------------------------------------------- invitations

function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

function openInviteFor(tx: Tx, userId: string, inviteId: number) {
  const person = tx.select({ email: users.emailNormalized }).from(users).where(eq(users.id, userId)).get();
  if (!person) return undefined;
  return tx
    .select({ id: contributionInvites.id })
    .from(contributionInvites)
    .where(
      and(
        eq(contributionInvites.id, inviteId),
        eq(contributionInvites.emailNormalized, person.email),
        isNull(contributionInvites.closedAt),
      ),
    )
    .get();
}

export type InviteResult = { status: "ok"; id: number } | { status: "unknown-theme" } | { status: "module-mismatch" };

/** A coordinator invites someone by e-mail to contribute to a theme or one of its modules. */
export async function inviteToContribute({
  actorId,
  input,
}: {
  actorId: string;
  input: InviteInput;
}): Promise<InviteResult> {
  const theme = db.select().from(themes).where(eq(themes.id, input.themeId)).get();
  if (!theme) return { status: "unknown-theme" };
  const { bySlug } = await getInterventions();
  const module = input.slug ? bySlug.get(input.slug) : undefined;
  if (input.slug && module?.frontmatter.theme !== theme.slug) return { status: "module-mismatch" };
  const inviter = db.select({ name: users.name }).from(users).where(eq(users.id, actorId)).get();
  return db.transaction((tx) => {
    const id = tx
      .insert(contributionInvites)
      .values({
        inviterId: actorId,
        email: input.email,
        emailNormalized: normalizeEmail(input.email),
        themeId: theme.id,
        slug: input.slug ?? null,
        message: input.message,
      })
      .returning({ id: contributionInvites.id })
      .get().id;
    const subject = module ? `de module "${module.frontmatter.title}"` : `het thema ${theme.name}`;
    enqueueMail(tx, {
      to: input.email,
      subject: `Uitnodiging: deel je ervaring over ${theme.name}`,
      ...renderMail({
        greeting: "Beste ervaringsdeskundige,",
        paragraphs: [
          `${inviter?.name ?? "Een coördinator"} nodigt je uit om je ervaring te delen voor ${subject} op Leercirkel: een doen, een niet doen, een tip of een kort verhaal. Professionals lezen het in de modules, met je naam of anoniem, zoals jij kiest.`,
          ...(input.message ? [input.message] : []),
          "Heb je nog geen account? Maak er dan eerst een aan als ervaringsdeskundige, met dit e-mailadres.",
        ],
        action: { label: "Schrijf je bijdrage", url: `${env.appUrl}/bijdragen/nieuw?uitnodiging=${id}` },
      }),
    });
    const invitee = tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.emailNormalized, normalizeEmail(input.email)))
      .get();
    recordAudit(tx, {
      actorId,
      action: "contribution.invite",
      targetType: "contribution_invite",
      targetId: id,
      details: { email: input.email, theme: theme.slug, slug: input.slug ?? null },
      people: [invitee?.id],
    });
    return { status: "ok" as const, id };
  });
}

/** Open invitations for the person with this account, for the start page and the new form. */
export function listOpenInvites(userId: string) {
  const person = db.select({ email: users.emailNormalized }).from(users).where(eq(users.id, userId)).get();
  if (!person) return [];
  return db
    .select({
      id: contributionInvites.id,
      themeId: contributionInvites.themeId,
      themeName: themes.name,
      slug: contributionInvites.slug,
      message: contributionInvites.message,
      inviterName: users.name,
      createdAt: contributionInvites.createdAt,
    })
    .from(contributionInvites)
    .innerJoin(themes, eq(themes.id, contributionInvites.themeId))
    .leftJoin(users, eq(users.id, contributionInvites.inviterId))
    .where(and(eq(contributionInvites.emailNormalized, person.email), isNull(contributionInvites.closedAt)))
    .orderBy(desc(contributionInvites.createdAt))
    .all();
}

/** The invited person sets an invitation aside without contributing. */
export function dismissInvite({ userId, id }: { userId: string; id: number }) {
  return db.transaction((tx) => {
    const invite = openInviteFor(tx, userId, id);
    if (!invite) return { status: "not-found" as const };
    tx.update(contributionInvites).set({ closedAt: new Date() }).where(eq(contributionInvites.id, id)).run();
    return { status: "ok" as const };
  });
}

/** Invitations a coordinator sent, newest first. */
export function listInvites({ limit = 50 }: { limit?: number } = {}) {
  return db
    .select({
      id: contributionInvites.id,
      email: contributionInvites.email,
      themeName: themes.name,
      slug: contributionInvites.slug,
      closedAt: contributionInvites.closedAt,
      createdAt: contributionInvites.createdAt,
    })
    .from(contributionInvites)
    .innerJoin(themes, eq(themes.id, contributionInvites.themeId))
    .orderBy(desc(contributionInvites.createdAt), desc(contributionInvites.id))
    .limit(limit)
    .all();
}
