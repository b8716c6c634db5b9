import { randomInt } from "node:crypto";
import { and, asc, desc, eq, isNull, lte, notExists, sql } from "drizzle-orm";
import { db, sqlite, type Db } from "@db/client.server";
import { lazy } from "@db/lazy";
import {
  certificates,
  checkIns,
  evaluations,
  intentions,
  interventionProgress,
  partProgress,
  quizAttempts,
  reflections,
  users,
  INTERVENTION_PARTS,
  type Certificate,
  type CheckInOutcome,
  type InterventionPart,
} from "@db/schema";
import type { CompiledIntervention } from "~/mdx/types";
import { addDays, amsterdamDay, formatDate } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { enqueueMail, renderMail } from "./mail.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Share of knowledge-check questions a learner must answer right to pass (content/README.md). */
export const PASS_RATIO = 0.75;
export const DEFAULT_CHECK_IN_DAYS = 21;

export function passMark(total: number) {
  return Math.ceil(total * PASS_RATIO);
}

/** The first write for a module records its start; later ones only the last activity. */
function touch(tx: Tx, userId: string, slug: string) {
  tx.insert(interventionProgress)
    .values({ userId, slug })
    .onConflictDoUpdate({
      target: [interventionProgress.userId, interventionProgress.slug],
      set: { lastActivityAt: new Date() },
    })
    .run();
}

const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** A certificate code such as 7K3M-QX9P-2HRT: 60 random bits, no look-alike characters. */
export function newCertificateCode() {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/** The code of a person's certificate for a module or webinar, or null when none was issued. */
export function findCertificateCode(
  tx: Tx | Db,
  { userId, kind, subjectSlug }: { userId: string; kind: Certificate["kind"]; subjectSlug: string },
) {
  return (
    tx
      .select({ code: certificates.code })
      .from(certificates)
      .where(
        and(eq(certificates.userId, userId), eq(certificates.kind, kind), eq(certificates.subjectSlug, subjectSlug)),
      )
      .get()?.code ?? null
  );
}

/**
 * Completes the module when every part is done and the check is passed, and issues the
 * certificate, in the caller's transaction. Returns the certificate code when it did.
 */
function completeIfDone(tx: Tx, userId: string, intervention: CompiledIntervention): string | null {
  const progress = tx
    .select()
    .from(interventionProgress)
    .where(and(eq(interventionProgress.userId, userId), eq(interventionProgress.slug, intervention.slug)))
    .get();
  if (!progress || progress.completedAt || !progress.quizPassedAt) return null;
  const done = tx
    .select({ part: partProgress.part })
    .from(partProgress)
    .where(and(eq(partProgress.userId, userId), eq(partProgress.slug, intervention.slug)))
    .all();
  if (!INTERVENTION_PARTS.every((part) => done.some((d) => d.part === part))) return null;

  const completedAt = new Date();
  tx.update(interventionProgress)
    .set({ completedAt, completedVersion: intervention.frontmatter.version })
    .where(and(eq(interventionProgress.userId, userId), eq(interventionProgress.slug, intervention.slug)))
    .run();
  const holder = tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).get();
  const existing = findCertificateCode(tx, { userId, kind: "intervention", subjectSlug: intervention.slug });
  if (existing) return existing;
  const code = newCertificateCode();
  tx.insert(certificates)
    .values({
      code,
      userId,
      kind: "intervention",
      subjectSlug: intervention.slug,
      holderName: holder?.name ?? "",
      title: intervention.frontmatter.title,
      durationMinutes: intervention.frontmatter.duration,
      completedAt,
      accreditation: intervention.frontmatter.accreditation ?? null,
    })
    .run();
  return code;
}

export type ProgressResult = { completed: boolean; certificateCode: string | null };

export function completePart({
  userId,
  intervention,
  part,
}: {
  userId: string;
  intervention: CompiledIntervention;
  part: InterventionPart;
}): ProgressResult {
  return db.transaction((tx) => {
    touch(tx, userId, intervention.slug);
    tx.insert(partProgress).values({ userId, slug: intervention.slug, part }).onConflictDoNothing().run();
    const code = completeIfDone(tx, userId, intervention);
    return { completed: code !== null, certificateCode: code };
  });
}

/** Marks a part as not done again; a completed module stays completed. */
export function undoPart({ userId, slug, part }: { userId: string; slug: string; part: InterventionPart }) {
  db.transaction((tx) => {
    const progress = tx
      .select({ completedAt: interventionProgress.completedAt })
      .from(interventionProgress)
      .where(and(eq(interventionProgress.userId, userId), eq(interventionProgress.slug, slug)))
      .get();
    if (progress?.completedAt) return;
    tx.delete(partProgress)
      .where(and(eq(partProgress.userId, userId), eq(partProgress.slug, slug), eq(partProgress.part, part)))
      .run();
  });
}

export type ReflectionResult = { status: "ok" } | { status: "unknown-question" };

/** Saves (or, when empty, removes) a learner's private answer to a reflection question. */
export function saveReflection({
  userId,
  intervention,
  questionId,
  answer,
}: {
  userId: string;
  intervention: CompiledIntervention;
  questionId: string;
  answer: string;
}): ReflectionResult {
  if (!intervention.reflections.some((r) => r.id === questionId)) return { status: "unknown-question" };
  db.transaction((tx) => {
    touch(tx, userId, intervention.slug);
    const key = and(
      eq(reflections.userId, userId),
      eq(reflections.slug, intervention.slug),
      eq(reflections.questionId, questionId),
    );
    if (!answer.trim()) {
      tx.delete(reflections).where(key).run();
      return;
    }
    tx.insert(reflections)
      .values({ userId, slug: intervention.slug, questionId, answer })
      .onConflictDoUpdate({
        target: [reflections.userId, reflections.slug, reflections.questionId],
        set: { answer, updatedAt: new Date() },
      })
      .run();
  });
  return { status: "ok" };
}

export type QuizResult = {
  score: number;
  total: number;
  passed: boolean;
  completed: boolean;
  certificateCode: string | null;
};

/**
 * Scores a knowledge-check attempt. `answers` maps each question id to the index of the chosen
 * answer; every question must be answered (the caller validates that). May be retried.
 */
export function submitQuiz({
  userId,
  intervention,
  answers,
}: {
  userId: string;
  intervention: CompiledIntervention;
  answers: Record<string, number>;
}): QuizResult {
  const total = intervention.quiz.length;
  const score = intervention.quiz.filter((q) => q.answers[answers[q.id] ?? -1]?.correct).length;
  const passed = score >= passMark(total);
  return db.transaction((tx) => {
    touch(tx, userId, intervention.slug);
    tx.insert(quizAttempts).values({ userId, slug: intervention.slug, answers, score, total, passed }).run();
    if (passed) {
      tx.update(interventionProgress)
        .set({ quizPassedAt: sql`coalesce(${interventionProgress.quizPassedAt}, ${Date.now()})` })
        .where(and(eq(interventionProgress.userId, userId), eq(interventionProgress.slug, intervention.slug)))
        .run();
    }
    const code = completeIfDone(tx, userId, intervention);
    return { score, total, passed, completed: code !== null, certificateCode: code };
  });
}

export type IntentionResult = { status: "ok" } | { status: "invalid-date"; message: string };

/** Saves the intention and when to look back on it (a day in Europe/Amsterdam). */
export function saveIntention({
  userId,
  slug,
  text,
  checkInOn,
  today = amsterdamDay(),
}: {
  userId: string;
  slug: string;
  text: string;
  checkInOn: string;
  today?: string;
}): IntentionResult {
  const earliest = addDays(today, 1);
  const latest = addDays(today, 365);
  if (checkInOn < earliest) {
    return { status: "invalid-date", message: "Kies een datum na vandaag: de terugblik is voor over een paar weken." };
  }
  if (checkInOn > latest) return { status: "invalid-date", message: "Kies een datum binnen een jaar." };
  db.transaction((tx) => {
    touch(tx, userId, slug);
    const existing = tx
      .select({ id: intentions.id, checkInOn: intentions.checkInOn })
      .from(intentions)
      .where(and(eq(intentions.userId, userId), eq(intentions.slug, slug)))
      .get();
    if (existing) {
      // A new date means a new invitation; a check-in already given stays with the intention.
      tx.update(intentions)
        .set({
          text,
          checkInOn,
          updatedAt: new Date(),
          ...(existing.checkInOn !== checkInOn ? { invitedAt: null } : {}),
        })
        .where(eq(intentions.id, existing.id))
        .run();
    } else {
      tx.insert(intentions).values({ userId, slug, text, checkInOn }).run();
    }
  });
  return { status: "ok" };
}

export type CheckInResult = { status: "ok" } | { status: "no-intention" } | { status: "not-yet"; checkInOn: string };

export function submitCheckIn({
  userId,
  slug,
  outcome,
  whatHappened,
  helpedOrHindered,
  today = amsterdamDay(),
}: {
  userId: string;
  slug: string;
  outcome: CheckInOutcome;
  whatHappened: string;
  helpedOrHindered: string;
  today?: string;
}): CheckInResult {
  return db.transaction((tx) => {
    const intention = tx
      .select({ id: intentions.id, checkInOn: intentions.checkInOn })
      .from(intentions)
      .where(and(eq(intentions.userId, userId), eq(intentions.slug, slug)))
      .get();
    if (!intention) return { status: "no-intention" } as const;
    if (intention.checkInOn > today) return { status: "not-yet", checkInOn: intention.checkInOn } as const;
    tx.insert(checkIns)
      .values({ intentionId: intention.id, outcome, whatHappened, helpedOrHindered })
      .onConflictDoUpdate({
        target: checkIns.intentionId,
        set: { outcome, whatHappened, helpedOrHindered, createdAt: new Date() },
      })
      .run();
    return { status: "ok" } as const;
  });
}

export type EvaluationResult = { status: "ok" } | { status: "not-completed" };

/** The evaluation after completion: a report mark and two open answers; may be changed later. */
export function submitEvaluation({
  userId,
  slug,
  grade,
  mostUseful,
  missing,
}: {
  userId: string;
  slug: string;
  grade: number;
  mostUseful: string;
  missing: string;
}): EvaluationResult {
  return db.transaction((tx) => {
    const progress = tx
      .select({ completedAt: interventionProgress.completedAt })
      .from(interventionProgress)
      .where(and(eq(interventionProgress.userId, userId), eq(interventionProgress.slug, slug)))
      .get();
    if (!progress?.completedAt) return { status: "not-completed" } as const;
    tx.insert(evaluations)
      .values({ userId, slug, grade, mostUseful, missing })
      .onConflictDoUpdate({
        target: [evaluations.userId, evaluations.slug],
        set: { grade, mostUseful, missing, createdAt: new Date() },
      })
      .run();
    return { status: "ok" } as const;
  });
}

export type LearnerState = {
  startedAt: Date | null;
  completedAt: Date | null;
  partsDone: InterventionPart[];
  reflections: Record<string, string>;
  lastQuiz: { answers: Record<string, number>; score: number; total: number; passed: boolean } | null;
  quizPassed: boolean;
  intention: {
    text: string;
    checkInOn: string;
    checkIn: { outcome: CheckInOutcome; whatHappened: string; helpedOrHindered: string } | null;
  } | null;
  evaluation: { grade: number; mostUseful: string; missing: string } | null;
  certificateCode: string | null;
};

// The catalogue reads this on every view: prepared once, not built per request.
const learnerQueries = lazy(() => ({
  statusByModule: db
    .select({ slug: interventionProgress.slug, completedAt: interventionProgress.completedAt })
    .from(interventionProgress)
    .where(eq(interventionProgress.userId, sql.placeholder("userId")))
    .prepare(),
}));

type LearnerStateRow = {
  started_at: number | null;
  completed_at: number | null;
  quiz_passed_at: number | null;
  parts: string;
  reflections: string;
  last_quiz: string | null;
  intention: string | null;
  evaluation: string | null;
  certificate_code: string | null;
};

// The module page reads a learner's state on every view: one statement instead of seven (each
// part as JSON), measured at 12 µs against 58 µs for the seven (docs/decisions/0007).
// The module page's statement also reads the name of the module's theme: a statement less on
// every view, ~20 µs inside a request (docs/decisions/0007).
const learnerStateQuery = lazy(() => learnerStateStatement<{ userId: string; slug: string }>(false));
const learnerStateWithThemeQuery = lazy(() =>
  learnerStateStatement<{ userId: string; slug: string; theme: string }>(true),
);

function learnerStateStatement<P extends { userId: string; slug: string }>(withThemeName: boolean) {
  return sqlite.prepare<P, LearnerStateRow & { theme_name?: string | null }>(`
    select ${withThemeName ? "(select name from themes where slug = @theme) as theme_name," : ""}
      p.started_at, p.completed_at, p.quiz_passed_at,
      (select json_group_array(part) from part_progress where user_id = @userId and slug = @slug) as parts,
      (select json_group_object(question_id, answer) from reflections
        where user_id = @userId and slug = @slug) as reflections,
      (select json_object('answers', json(answers), 'score', score, 'total', total, 'passed', passed)
        from quiz_attempts where user_id = @userId and slug = @slug order by id desc limit 1) as last_quiz,
      (select json_object('text', i.text, 'checkInOn', i.check_in_on, 'outcome', c.outcome,
                          'whatHappened', c.what_happened, 'helpedOrHindered', c.helped_or_hindered)
        from intentions i left join check_ins c on c.intention_id = i.id
        where i.user_id = @userId and i.slug = @slug) as intention,
      (select json_object('grade', grade, 'mostUseful', most_useful, 'missing', missing)
        from evaluations where user_id = @userId and slug = @slug) as evaluation,
      (select code from certificates
        where user_id = @userId and kind = 'intervention' and subject_slug = @slug) as certificate_code
    from (select 1) left join intervention_progress p on p.user_id = @userId and p.slug = @slug`);
}

const dateOrNull = (ms: number | null) => (ms == null ? null : new Date(ms));

/** Everything one learner has done in one module (their own data only). */
export function getLearnerState({ userId, slug }: { userId: string; slug: string }): LearnerState {
  return learnerStateFromRow(learnerStateQuery().get({ userId, slug }));
}

/** A learner's state in one module and the name of a theme (null for an unknown slug), in one statement. */
export function getLearnerStateAndThemeName({ userId, slug, theme }: { userId: string; slug: string; theme: string }) {
  const row = learnerStateWithThemeQuery().get({ userId, slug, theme });
  return { state: learnerStateFromRow(row), themeName: row?.theme_name ?? null };
}

function learnerStateFromRow(row: LearnerStateRow | undefined): LearnerState {
  if (!row) throw new Error("the learner state query returns one row");
  const quiz = row.last_quiz
    ? (JSON.parse(row.last_quiz) as { answers: Record<string, number>; score: number; total: number; passed: number })
    : null;
  const intention = row.intention
    ? (JSON.parse(row.intention) as {
        text: string;
        checkInOn: string;
        outcome: CheckInOutcome | null;
        whatHappened: string | null;
        helpedOrHindered: string | null;
      })
    : null;
  return {
    startedAt: dateOrNull(row.started_at),
    completedAt: dateOrNull(row.completed_at),
    partsDone: JSON.parse(row.parts) as InterventionPart[],
    reflections: JSON.parse(row.reflections) as Record<string, string>,
    lastQuiz: quiz ? { answers: quiz.answers, score: quiz.score, total: quiz.total, passed: quiz.passed === 1 } : null,
    quizPassed: row.quiz_passed_at != null,
    intention: intention
      ? {
          text: intention.text,
          checkInOn: intention.checkInOn,
          checkIn: intention.outcome
            ? {
                outcome: intention.outcome,
                whatHappened: intention.whatHappened ?? "",
                helpedOrHindered: intention.helpedOrHindered ?? "",
              }
            : null,
        }
      : null,
    evaluation: row.evaluation
      ? (JSON.parse(row.evaluation) as { grade: number; mostUseful: string; missing: string })
      : null,
    certificateCode: row.certificate_code,
  };
}

/** Status per module for one learner, for the catalogue. */
export function getProgressByModule(userId: string) {
  const rows = learnerQueries().statusByModule.all({ userId });
  return new Map(rows.map((r) => [r.slug, r.completedAt ? ("completed" as const) : ("in-progress" as const)]));
}

/** What the start page shows a learner: modules in progress and check-ins that are due. */
export function getLearnerAgenda({ userId, today = amsterdamDay() }: { userId: string; today?: string }) {
  const inProgress = db
    .select({ slug: interventionProgress.slug, lastActivityAt: interventionProgress.lastActivityAt })
    .from(interventionProgress)
    .where(and(eq(interventionProgress.userId, userId), isNull(interventionProgress.completedAt)))
    .orderBy(desc(interventionProgress.lastActivityAt))
    .all();
  const checkInsDue = db
    .select({ slug: intentions.slug, text: intentions.text, checkInOn: intentions.checkInOn })
    .from(intentions)
    .where(
      and(
        eq(intentions.userId, userId),
        lte(intentions.checkInOn, today),
        notExists(
          db
            .select({ one: sql`1` })
            .from(checkIns)
            .where(eq(checkIns.intentionId, intentions.id)),
        ),
      ),
    )
    .orderBy(asc(intentions.checkInOn))
    .all();
  return { inProgress, checkInsDue };
}

/**
 * Queues the check-in invitation of every intention whose day has come, once: the UPDATE …
 * RETURNING claims each intention, so two processes never invite twice. Returns how many.
 */
export function inviteDueCheckIns({
  today = amsterdamDay(),
  titleOf,
}: {
  today?: string;
  titleOf: (slug: string) => string | undefined;
}) {
  return db.transaction((tx) => {
    const due = tx
      .update(intentions)
      .set({ invitedAt: new Date() })
      .where(
        and(
          lte(intentions.checkInOn, today),
          isNull(intentions.invitedAt),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(checkIns)
              .where(eq(checkIns.intentionId, intentions.id)),
          ),
        ),
      )
      .returning({
        userId: intentions.userId,
        slug: intentions.slug,
        text: intentions.text,
        checkInOn: intentions.checkInOn,
      })
      .all();
    for (const intention of due) {
      const user = tx
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(eq(users.id, intention.userId))
        .get();
      if (!user) continue;
      const title = titleOf(intention.slug) ?? intention.slug;
      enqueueMail(tx, {
        to: user.email,
        subject: `Tijd voor je terugblik: ${title}`,
        ...renderMail({
          greeting: `Beste ${user.name},`,
          paragraphs: [
            `Na de module "${title}" schreef je op wat je de komende weken anders zou gaan doen:`,
            `"${intention.text}"`,
            `Het is nu ${formatDate(intention.checkInOn)}: hoe is het gegaan? De terugblik kost een paar minuten en helpt je (en je netwerk) te zien wat leren in de praktijk oplevert.`,
          ],
          action: { label: "Naar mijn terugblik", url: `${env.appUrl}/leren/${intention.slug}/terugblik` },
        }),
      });
    }
    return due.length;
  });
}

/** The public address where anyone can check a certificate. */
export function certificateUrl(code: string) {
  return `${env.appUrl}/deelnamebewijs/${code}`;
}

export function getCertificate(code: string) {
  return db.select().from(certificates).where(eq(certificates.code, code.trim().toUpperCase())).get() ?? null;
}

/** A person's certificates (modules and webinars), latest first: their recorded learning time. */
export function listCertificates(userId: string) {
  return db
    .select({
      code: certificates.code,
      kind: certificates.kind,
      title: certificates.title,
      durationMinutes: certificates.durationMinutes,
      completedAt: certificates.completedAt,
    })
    .from(certificates)
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.completedAt))
    .all();
}
