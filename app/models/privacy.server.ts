import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { db, type Db } from "@db/client.server";
import {
  actionLearningGroups,
  auditLog,
  auditLogPeople,
  certificates,
  checkIns,
  circleHighlights,
  circleSteps,
  contributionEvents,
  contributionInvites,
  contributionModules,
  contributions,
  evaluations,
  groupActionUpdates,
  groupActions,
  groupFrames,
  groupMeetingAttendance,
  groupMeetings,
  groupMembers,
  intentions,
  interventionProgress,
  learningCircles,
  mailOutbox,
  networkMeetings,
  organisations,
  partProgress,
  pollBallots,
  pollOptions,
  pollParticipants,
  polls,
  quizAttempts,
  reflections,
  sessions,
  signals,
  themes,
  userRoles,
  userTokens,
  users,
  webinarEvaluations,
  webinarRegistrations,
  webinars,
} from "@db/schema";
import { verifyPassword } from "~/auth/password.server";
import { amsterdamDay } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { escapeHtml } from "./mail.server";
import { promoteFromWaitlist } from "./webinar.server";

// The person's own data (AVG/GDPR, issue #9): everything the platform holds about one account, as
// one file, and the erasure of that account. What happens per table is declared once, in
// PRIVACY_RULES; tests/privacy.test.ts fails when a table that refers to users has no rule. See
// docs/decisions/0012-privacy-export-and-erasure.md.

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Handle = Tx | Db;

/** The account as it was before erasure: what the rules look for. */
export type Person = { id: string; name: string; email: string; emailNormalized: string };

/** What a deleted account is called wherever others still see it (group actions, coordinators' work). */
export const FORMER_MEMBER_NAME = "Oud-lid";
const REMOVED_EMAIL = "[verwijderd e-mailadres]";

export type ErasureContext = { person: Person; now: Date };

export type PrivacyRule = {
  /** What the export holds from this table (the description is in the file, in Dutch); null: nothing. */
  export: { description: string; rows: (h: Handle, person: Person) => unknown[] } | null;
  /**
   * What erasure does here: delete the person's rows, blank their free text, unlink them, or keep the
   * rows as they are (pointing at the tombstone, shown as "Oud-lid"). `run` does it, in the erasure's
   * transaction; without `run` nothing needs to change.
   */
  erase: {
    does: "delete" | "blank" | "unlink" | "keep" | "tombstone";
    description: string;
    run?: (tx: Tx, ctx: ErasureContext) => void;
  };
};

// ---------------------------------------------------------------- helpers

/** Reset and confirmation links in mails still work for a while: the export never carries them. */
function hideTokens(text: string) {
  return text.replace(/(\/(?:wachtwoord-herstellen|registreren\/bevestigen)\/)[A-Za-z0-9_-]+/g, "$1[verborgen]");
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces the person's name (as a whole word, also HTML-escaped) and e-mail address in a text:
 * for copies the platform made itself, such as a mail to a facilitator ("… wil graag meedoen").
 */
function scrubberFor(person: Person) {
  const names = [...new Set([person.name.trim(), escapeHtml(person.name.trim())])].filter((n) => n.length >= 2);
  const emails = [...new Set([person.email.trim(), person.emailNormalized, escapeHtml(person.email.trim())])];
  const name = names.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "gu")
    : null;
  const email = new RegExp(emails.map(escapeRegExp).join("|"), "giu");
  return (text: string) => {
    const withoutEmail = text.replace(email, REMOVED_EMAIL);
    return name ? withoutEmail.replace(name, FORMER_MEMBER_NAME) : withoutEmail;
  };
}

function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, scrub)]));
  }
  return value;
}

/** A text column holds the person's name or e-mail address (a coarse filter; the scrubber decides). */
function mentions(column: unknown, person: Person) {
  return sql`(instr(${column}, ${person.name.trim()}) > 0 or instr(${column}, ${escapeHtml(person.name.trim())}) > 0
    or instr(lower(${column}), ${person.emailNormalized}) > 0)`;
}

const isRecipient = (person: Person) => sql`lower(trim(${mailOutbox.to})) = ${person.emailNormalized}`;

// ---------------------------------------------------------------- the rules, per table

/**
 * Per table (SQL name): what the export holds and what erasure does. Erasure runs the rules in this
 * order, users (the tombstone) last. Every table with a column that refers to users.id must be here.
 */
export const PRIVACY_RULES: Record<string, PrivacyRule> = {
  // ---------------------------------------------------------------- accounts
  sessions: {
    export: {
      description: "Waar je nu bent ingelogd: wanneer elke sessie begon en afloopt (zonder de sleutel van de sessie).",
      rows: (h, p) =>
        h
          .select({ startedAt: sessions.createdAt, expiresAt: sessions.expiresAt })
          .from(sessions)
          .where(eq(sessions.userId, p.id))
          .all()
          .map((s) => ({ startedAt: s.startedAt, expiresAt: new Date(s.expiresAt * 1000) })),
    },
    erase: {
      does: "delete",
      description: "Alle sessies eindigen.",
      run: (tx, { person }) => void tx.delete(sessions).where(eq(sessions.userId, person.id)).run(),
    },
  },
  user_tokens: {
    export: {
      description:
        "Links om je e-mailadres te bevestigen of een nieuw wachtwoord te kiezen: alleen wanneer en waarvoor (de links zelf bewaren we niet).",
      rows: (h, p) =>
        h
          .select({
            purpose: userTokens.purpose,
            createdAt: userTokens.createdAt,
            expiresAt: userTokens.expiresAt,
            usedAt: userTokens.usedAt,
          })
          .from(userTokens)
          .where(eq(userTokens.userId, p.id))
          .orderBy(asc(userTokens.createdAt))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd.",
      run: (tx, { person }) => void tx.delete(userTokens).where(eq(userTokens.userId, person.id)).run(),
    },
  },
  user_roles: {
    export: {
      description: "Je rollen op het platform, en sinds wanneer.",
      rows: (h, p) =>
        h
          .select({ role: userRoles.role, since: userRoles.createdAt })
          .from(userRoles)
          .where(eq(userRoles.userId, p.id))
          .orderBy(asc(userRoles.role))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd.",
      run: (tx, { person }) => void tx.delete(userRoles).where(eq(userRoles.userId, person.id)).run(),
    },
  },

  // ---------------------------------------------------------------- learning
  intervention_progress: {
    export: {
      description: "De modules die je startte en afrondde.",
      rows: (h, p) =>
        h
          .select({
            module: interventionProgress.slug,
            startedAt: interventionProgress.startedAt,
            lastActivityAt: interventionProgress.lastActivityAt,
            quizPassedAt: interventionProgress.quizPassedAt,
            completedAt: interventionProgress.completedAt,
            completedVersion: interventionProgress.completedVersion,
          })
          .from(interventionProgress)
          .where(eq(interventionProgress.userId, p.id))
          .orderBy(asc(interventionProgress.startedAt))
          .all(),
    },
    erase: {
      does: "keep",
      description:
        "Blijft, zonder naam: starts, afrondingen en de tijd tot afronden tellen mee in de cijfers van modules en leercirkels.",
    },
  },
  part_progress: {
    export: {
      description: "Welke delen van een module je afvinkte.",
      rows: (h, p) =>
        h
          .select({ module: partProgress.slug, part: partProgress.part, doneAt: partProgress.doneAt })
          .from(partProgress)
          .where(eq(partProgress.userId, p.id))
          .orderBy(asc(partProgress.slug), asc(partProgress.doneAt))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd (geen cijfer telt ze).",
      run: (tx, { person }) => void tx.delete(partProgress).where(eq(partProgress.userId, person.id)).run(),
    },
  },
  quiz_attempts: {
    export: {
      description: "Je pogingen bij de kennischecks: je antwoorden en je score.",
      rows: (h, p) =>
        h
          .select({
            module: quizAttempts.slug,
            answers: quizAttempts.answers,
            score: quizAttempts.score,
            total: quizAttempts.total,
            passed: quizAttempts.passed,
            at: quizAttempts.createdAt,
          })
          .from(quizAttempts)
          .where(eq(quizAttempts.userId, p.id))
          .orderBy(asc(quizAttempts.id))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd.",
      run: (tx, { person }) => void tx.delete(quizAttempts).where(eq(quizAttempts.userId, person.id)).run(),
    },
  },
  reflections: {
    export: {
      description: "Je reflecties: wat je alleen voor jezelf schreef.",
      rows: (h, p) =>
        h
          .select({
            module: reflections.slug,
            question: reflections.questionId,
            answer: reflections.answer,
            updatedAt: reflections.updatedAt,
          })
          .from(reflections)
          .where(eq(reflections.userId, p.id))
          .orderBy(asc(reflections.slug), asc(reflections.questionId))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd.",
      run: (tx, { person }) => void tx.delete(reflections).where(eq(reflections.userId, person.id)).run(),
    },
  },
  intentions: {
    export: {
      description: "Je voornemens: wat je anders ging doen, en wanneer je wilde terugblikken.",
      rows: (h, p) =>
        h
          .select({
            id: intentions.id,
            module: intentions.slug,
            text: intentions.text,
            checkInOn: intentions.checkInOn,
            invitedAt: intentions.invitedAt,
            createdAt: intentions.createdAt,
            updatedAt: intentions.updatedAt,
          })
          .from(intentions)
          .where(eq(intentions.userId, p.id))
          .orderBy(asc(intentions.id))
          .all(),
    },
    erase: {
      does: "blank",
      description:
        "De tekst wordt leeggemaakt; het voornemen telt mee in de cijfers (aantal voornemens per module). Er gaat geen uitnodiging meer uit.",
      run: (tx, { person, now }) =>
        void tx
          .update(intentions)
          .set({ text: "", invitedAt: sql`coalesce(${intentions.invitedAt}, ${now.getTime()})` })
          .where(eq(intentions.userId, person.id))
          .run(),
    },
  },
  check_ins: {
    export: {
      description: "Je terugblikken op je voornemens (intentionId verwijst naar je voornemen).",
      rows: (h, p) =>
        h
          .select({
            intentionId: checkIns.intentionId,
            outcome: checkIns.outcome,
            whatHappened: checkIns.whatHappened,
            helpedOrHindered: checkIns.helpedOrHindered,
            at: checkIns.createdAt,
          })
          .from(checkIns)
          .innerJoin(intentions, eq(intentions.id, checkIns.intentionId))
          .where(eq(intentions.userId, p.id))
          .orderBy(asc(checkIns.intentionId))
          .all(),
    },
    erase: {
      does: "blank",
      description: "Wat je schreef wordt leeggemaakt; de uitkomst (gelukt, deels, nog niet) telt mee in de cijfers.",
      run: (tx, { person }) =>
        void tx
          .update(checkIns)
          .set({ whatHappened: "", helpedOrHindered: "" })
          .where(sql`${checkIns.intentionId} in (select id from ${intentions} where user_id = ${person.id})`)
          .run(),
    },
  },
  evaluations: {
    export: {
      description: "Je evaluaties van modules: rapportcijfer en open antwoorden.",
      rows: (h, p) =>
        h
          .select({
            module: evaluations.slug,
            grade: evaluations.grade,
            mostUseful: evaluations.mostUseful,
            missing: evaluations.missing,
            at: evaluations.createdAt,
          })
          .from(evaluations)
          .where(eq(evaluations.userId, p.id))
          .orderBy(asc(evaluations.slug))
          .all(),
    },
    erase: {
      does: "blank",
      description: "De open antwoorden worden leeggemaakt; het rapportcijfer telt mee in de gemiddelden.",
      run: (tx, { person }) =>
        void tx.update(evaluations).set({ mostUseful: "", missing: "" }).where(eq(evaluations.userId, person.id)).run(),
    },
  },
  certificates: {
    export: {
      description: "Je deelnamebewijzen, met de code waarmee iemand ze kan controleren.",
      rows: (h, p) =>
        h
          .select({
            code: certificates.code,
            kind: certificates.kind,
            subject: certificates.subjectSlug,
            holderName: certificates.holderName,
            title: certificates.title,
            durationMinutes: certificates.durationMinutes,
            completedAt: certificates.completedAt,
            accreditation: certificates.accreditation,
            issuedAt: certificates.issuedAt,
          })
          .from(certificates)
          .where(eq(certificates.userId, p.id))
          .orderBy(asc(certificates.issuedAt))
          .all(),
    },
    erase: {
      does: "delete",
      description: "Verwijderd: een deelnamebewijs draagt je naam. De code is daarna niet meer te controleren.",
      run: (tx, { person }) => void tx.delete(certificates).where(eq(certificates.userId, person.id)).run(),
    },
  },

  // ---------------------------------------------------------------- contributions
  contributions: {
    export: {
      description: "Je bijdragen als ervaringsdeskundige, met de modules en de geschiedenis die jij ook ziet.",
      rows: (h, p) => {
        const rows = h
          .select({
            id: contributions.id,
            kind: contributions.kind,
            text: contributions.text,
            theme: themes.name,
            perspective: contributions.perspective,
            credit: contributions.credit,
            status: contributions.status,
            reviewComment: contributions.reviewComment,
            submittedAt: contributions.submittedAt,
            publishedAt: contributions.publishedAt,
            decidedAt: contributions.decidedAt,
            createdAt: contributions.createdAt,
            updatedAt: contributions.updatedAt,
          })
          .from(contributions)
          .innerJoin(themes, eq(themes.id, contributions.themeId))
          .where(eq(contributions.contributorId, p.id))
          .orderBy(asc(contributions.id))
          .all();
        const ids = rows.map((r) => r.id);
        const modules = ids.length
          ? h.select().from(contributionModules).where(inArray(contributionModules.contributionId, ids)).all()
          : [];
        // The history as the contributor sees it: what happened, not which coordinator did it.
        const events = ids.length
          ? h
              .select({
                contributionId: contributionEvents.contributionId,
                event: contributionEvents.event,
                byYou: sql<boolean>`coalesce(${contributionEvents.actorId} = ${p.id}, 0)`.mapWith(Boolean),
                comment: contributionEvents.comment,
                textBefore: contributionEvents.textBefore,
                textAfter: contributionEvents.textAfter,
                at: contributionEvents.createdAt,
              })
              .from(contributionEvents)
              .where(inArray(contributionEvents.contributionId, ids))
              .orderBy(asc(contributionEvents.id))
              .all()
          : [];
        return rows.map((row) => ({
          ...row,
          modules: modules.filter((m) => m.contributionId === row.id).map((m) => m.slug),
          history: events.filter((e) => e.contributionId === row.id).map(({ contributionId: _, ...event }) => event),
        }));
      },
    },
    erase: {
      does: "delete",
      description:
        "Een gepubliceerde bijdrage die je anoniem liet publiceren blijft staan, als 'Ervaringsdeskundige' (daar gaf je toestemming voor); alle andere worden verwijderd, met hun modules en geschiedenis.",
      run: (tx, { person }) => {
        tx.delete(contributions)
          .where(
            and(
              eq(contributions.contributorId, person.id),
              sql`not (${contributions.status} = 'published' and ${contributions.credit} = 'anonymous')`,
            ),
          )
          .run();
        // The coordinator's comment was addressed to the person; the text itself stays as published.
        tx.update(contributions)
          .set({ credit: "anonymous", reviewComment: null })
          .where(eq(contributions.contributorId, person.id))
          .run();
      },
    },
  },
  contribution_events: {
    export: {
      description: "Wat je deed met bijdragen van anderen (als coördinator): publiceren, terugsturen, verbeteren.",
      rows: (h, p) =>
        h
          .select({
            contributionId: contributionEvents.contributionId,
            event: contributionEvents.event,
            comment: contributionEvents.comment,
            at: contributionEvents.createdAt,
          })
          .from(contributionEvents)
          .innerJoin(contributions, eq(contributions.id, contributionEvents.contributionId))
          .where(and(eq(contributionEvents.actorId, p.id), ne(contributions.contributorId, p.id)))
          .orderBy(asc(contributionEvents.id))
          .all(),
    },
    erase: {
      does: "keep",
      description:
        "De geschiedenis van je eigen verwijderde bijdragen gaat mee; wat je bij bijdragen van anderen deed blijft, op naam van 'Oud-lid'.",
    },
  },
  contribution_invites: {
    export: {
      description: "Uitnodigingen om bij te dragen: aan jouw e-mailadres, en die je zelf verstuurde.",
      rows: (h, p) =>
        h
          .select({
            id: contributionInvites.id,
            toYou: sql<boolean>`${contributionInvites.emailNormalized} = ${p.emailNormalized}`.mapWith(Boolean),
            email: contributionInvites.email,
            theme: themes.name,
            module: contributionInvites.slug,
            message: contributionInvites.message,
            closedAt: contributionInvites.closedAt,
            createdAt: contributionInvites.createdAt,
          })
          .from(contributionInvites)
          .innerJoin(themes, eq(themes.id, contributionInvites.themeId))
          .where(
            or(eq(contributionInvites.emailNormalized, p.emailNormalized), eq(contributionInvites.inviterId, p.id)),
          )
          .orderBy(asc(contributionInvites.id))
          .all(),
    },
    erase: {
      does: "delete",
      description:
        "Uitnodigingen aan jouw e-mailadres worden verwijderd; die je zelf verstuurde blijven, op naam van 'Oud-lid'.",
      run: (tx, { person }) =>
        void tx
          .delete(contributionInvites)
          .where(eq(contributionInvites.emailNormalized, person.emailNormalized))
          .run(),
    },
  },

  // ---------------------------------------------------------------- polls
  polls: {
    export: {
      description: "Peilingen die je als coördinator maakte.",
      rows: (h, p) =>
        h
          .select({
            id: polls.id,
            question: polls.question,
            opensAt: polls.opensAt,
            closesAt: polls.closesAt,
            createdAt: polls.createdAt,
          })
          .from(polls)
          .where(eq(polls.createdBy, p.id))
          .orderBy(asc(polls.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  poll_options: {
    export: {
      description: "Thema's die je voorstelde in een peiling.",
      rows: (h, p) =>
        h
          .select({
            pollId: pollOptions.pollId,
            question: polls.question,
            label: pollOptions.label,
            status: pollOptions.status,
          })
          .from(pollOptions)
          .innerJoin(polls, eq(polls.id, pollOptions.pollId))
          .where(eq(pollOptions.suggestedBy, p.id))
          .orderBy(asc(pollOptions.id))
          .all(),
    },
    erase: {
      does: "unlink",
      description: "Het voorstel blijft een optie van de peiling, zonder te zeggen van wie het kwam.",
      run: (tx, { person }) =>
        void tx.update(pollOptions).set({ suggestedBy: null }).where(eq(pollOptions.suggestedBy, person.id)).run(),
    },
  },
  poll_participants: {
    export: {
      description:
        "De peilingen waarin je stemde. Bij een anonieme peiling is je keuze niet aan jou gekoppeld opgeslagen en staat ze dus niet in dit bestand.",
      rows: (h, p) =>
        h
          .select({ pollId: pollParticipants.pollId, question: polls.question, anonymous: polls.anonymous })
          .from(pollParticipants)
          .innerJoin(polls, eq(polls.id, pollParticipants.pollId))
          .where(eq(pollParticipants.userId, p.id))
          .orderBy(asc(pollParticipants.pollId))
          .all(),
    },
    erase: {
      does: "keep",
      description: "Blijft: één stem per persoon, en het bereik van de leercirkel telt wie stemde.",
    },
  },
  poll_ballots: {
    export: {
      description: "Je stemmen in peilingen die niet anoniem zijn: per optie je punten (een keuze is 1 punt).",
      rows: (h, p) => {
        const ballots = h
          .select({
            pollId: pollBallots.pollId,
            question: polls.question,
            region: pollBallots.region,
            points: pollBallots.points,
          })
          .from(pollBallots)
          .innerJoin(polls, eq(polls.id, pollBallots.pollId))
          .where(and(eq(pollBallots.userId, p.id), eq(polls.anonymous, false)))
          .orderBy(asc(pollBallots.pollId))
          .all();
        const optionIds = ballots.flatMap((b) => Object.keys(b.points).map(Number));
        const labels = new Map(
          optionIds.length
            ? h
                .select({ id: pollOptions.id, label: pollOptions.label })
                .from(pollOptions)
                .where(inArray(pollOptions.id, optionIds))
                .all()
                .map((o) => [o.id, o.label])
            : [],
        );
        return ballots.map((b) => ({
          pollId: b.pollId,
          question: b.question,
          region: b.region,
          choices: Object.entries(b.points).map(([id, points]) => ({ option: labels.get(Number(id)) ?? id, points })),
        }));
      },
    },
    erase: {
      does: "unlink",
      description: "De stem blijft in de uitslag (ook per regio), zonder te zeggen van wie ze is.",
      run: (tx, { person }) =>
        void tx.update(pollBallots).set({ userId: null }).where(eq(pollBallots.userId, person.id)).run(),
    },
  },

  // ---------------------------------------------------------------- webinars
  webinars: {
    export: {
      description: "Webinars die je als coördinator plande.",
      rows: (h, p) =>
        h
          .select({
            id: webinars.id,
            title: webinars.title,
            startsAt: webinars.startsAt,
            createdAt: webinars.createdAt,
          })
          .from(webinars)
          .where(eq(webinars.createdBy, p.id))
          .orderBy(asc(webinars.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  webinar_registrations: {
    export: {
      description: "Je aanmeldingen voor webinars, de wachtlijst, en of je aanwezig was.",
      rows: (h, p) =>
        h
          .select({
            webinarId: webinarRegistrations.webinarId,
            title: webinars.title,
            startsAt: webinars.startsAt,
            status: webinarRegistrations.status,
            queuedAt: webinarRegistrations.queuedAt,
            promotedAt: webinarRegistrations.promotedAt,
            cancelledAt: webinarRegistrations.cancelledAt,
            attended: webinarRegistrations.attended,
            createdAt: webinarRegistrations.createdAt,
          })
          .from(webinarRegistrations)
          .innerJoin(webinars, eq(webinars.id, webinarRegistrations.webinarId))
          .where(eq(webinarRegistrations.userId, p.id))
          .orderBy(asc(webinars.startsAt))
          .all(),
    },
    erase: {
      does: "keep",
      description:
        "Aanmeldingen voor webinars die nog komen worden afgemeld (de plaats gaat naar de wachtlijst); die van gehouden webinars blijven, zonder naam, want aanmeldingen en aanwezigheid tellen mee.",
      run: (tx, { person, now }) => {
        const upcoming = tx
          .select({ registrationId: webinarRegistrations.id, status: webinarRegistrations.status, webinar: webinars })
          .from(webinarRegistrations)
          .innerJoin(webinars, eq(webinars.id, webinarRegistrations.webinarId))
          .where(
            and(
              eq(webinarRegistrations.userId, person.id),
              inArray(webinarRegistrations.status, ["registered", "waitlisted"]),
              isNull(webinars.cancelledAt),
              gt(webinars.startsAt, now),
            ),
          )
          .all();
        for (const row of upcoming) {
          tx.update(webinarRegistrations)
            .set({ status: "cancelled", cancelledAt: now })
            .where(eq(webinarRegistrations.id, row.registrationId))
            .run();
          if (row.status === "registered") promoteFromWaitlist(tx, row.webinar, now);
        }
        // Nothing more goes out to the address: the after-webinar mail counts as sent.
        tx.update(webinarRegistrations)
          .set({ followUpSentAt: sql`coalesce(${webinarRegistrations.followUpSentAt}, ${now.getTime()})` })
          .where(eq(webinarRegistrations.userId, person.id))
          .run();
      },
    },
  },
  webinar_evaluations: {
    export: {
      description: "Je evaluaties van webinars: rapportcijfer en open antwoorden.",
      rows: (h, p) =>
        h
          .select({
            webinarId: webinarEvaluations.webinarId,
            title: webinars.title,
            grade: webinarEvaluations.grade,
            takeaway: webinarEvaluations.takeaway,
            improve: webinarEvaluations.improve,
            createdAt: webinarEvaluations.createdAt,
            updatedAt: webinarEvaluations.updatedAt,
          })
          .from(webinarEvaluations)
          .innerJoin(webinars, eq(webinars.id, webinarEvaluations.webinarId))
          .where(eq(webinarEvaluations.userId, p.id))
          .orderBy(asc(webinarEvaluations.webinarId))
          .all(),
    },
    erase: {
      does: "blank",
      description: "De open antwoorden worden leeggemaakt; het rapportcijfer telt mee in de gemiddelden.",
      run: (tx, { person }) =>
        void tx
          .update(webinarEvaluations)
          .set({ takeaway: "", improve: "" })
          .where(eq(webinarEvaluations.userId, person.id))
          .run(),
    },
  },

  // ---------------------------------------------------------------- action learning groups
  group_frames: {
    export: {
      description: "Kaders voor actieleergroepen die je als coördinator maakte.",
      rows: (h, p) =>
        h
          .select({ id: groupFrames.id, name: groupFrames.name, createdAt: groupFrames.createdAt })
          .from(groupFrames)
          .where(eq(groupFrames.createdBy, p.id))
          .orderBy(asc(groupFrames.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  action_learning_groups: {
    export: {
      description: "Actieleergroepen die je begeleidt, startte of afsloot.",
      rows: (h, p) =>
        h
          .select({
            id: actionLearningGroups.id,
            name: actionLearningGroups.name,
            youFacilitate: sql<boolean>`coalesce(${actionLearningGroups.facilitatorId} = ${p.id}, 0)`.mapWith(Boolean),
            youStarted: sql<boolean>`coalesce(${actionLearningGroups.createdBy} = ${p.id}, 0)`.mapWith(Boolean),
            youClosed: sql<boolean>`coalesce(${actionLearningGroups.closedBy} = ${p.id}, 0)`.mapWith(Boolean),
            startsOn: actionLearningGroups.startsOn,
            closedAt: actionLearningGroups.closedAt,
          })
          .from(actionLearningGroups)
          .where(
            or(
              eq(actionLearningGroups.facilitatorId, p.id),
              eq(actionLearningGroups.createdBy, p.id),
              eq(actionLearningGroups.closedBy, p.id),
            ),
          )
          .orderBy(asc(actionLearningGroups.id))
          .all(),
    },
    erase: {
      does: "keep",
      description: "Blijven; als begeleider staat er 'Oud-lid' tot een coördinator een ander kiest.",
    },
  },
  group_members: {
    export: {
      description: "Je plaats in actieleergroepen: uitnodigingen, aanvragen, lidmaatschap, met je eigen woorden erbij.",
      rows: (h, p) =>
        h
          .select({
            groupId: groupMembers.groupId,
            group: actionLearningGroups.name,
            status: groupMembers.status,
            message: groupMembers.message,
            joinedAt: groupMembers.joinedAt,
            endedAt: groupMembers.endedAt,
            createdAt: groupMembers.createdAt,
            updatedAt: groupMembers.updatedAt,
          })
          .from(groupMembers)
          .innerJoin(actionLearningGroups, eq(actionLearningGroups.id, groupMembers.groupId))
          .where(eq(groupMembers.userId, p.id))
          .orderBy(asc(groupMembers.groupId))
          .all(),
    },
    erase: {
      does: "blank",
      description:
        "Uitnodigingen en aanvragen zonder lidmaatschap worden verwijderd. Wie lid was blijft meetellen (zonder naam): het lidmaatschap eindigt nu en de bijbehorende tekst wordt leeggemaakt.",
      run: (tx, { person, now }) => {
        tx.delete(groupMembers)
          .where(and(eq(groupMembers.userId, person.id), isNull(groupMembers.joinedAt)))
          .run();
        tx.update(groupMembers)
          .set({
            status: sql`case when ${groupMembers.status} = 'declined' then 'declined' else 'left' end`,
            endedAt: sql`coalesce(${groupMembers.endedAt}, ${now.getTime()})`,
            message: "",
            updatedAt: now,
          })
          .where(eq(groupMembers.userId, person.id))
          .run();
      },
    },
  },
  group_meetings: {
    export: {
      description: "Bijeenkomsten die je plande.",
      rows: (h, p) =>
        h
          .select({
            id: groupMeetings.id,
            groupId: groupMeetings.groupId,
            startsAt: groupMeetings.startsAt,
            createdAt: groupMeetings.createdAt,
          })
          .from(groupMeetings)
          .where(eq(groupMeetings.createdBy, p.id))
          .orderBy(asc(groupMeetings.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, met agenda en opbrengst: die zijn van de groep." },
  },
  group_meeting_attendance: {
    export: {
      description: "De bijeenkomsten waar je aanwezig was.",
      rows: (h, p) =>
        h
          .select({ meetingId: groupMeetings.id, group: actionLearningGroups.name, startsAt: groupMeetings.startsAt })
          .from(groupMeetingAttendance)
          .innerJoin(groupMeetings, eq(groupMeetings.id, groupMeetingAttendance.meetingId))
          .innerJoin(actionLearningGroups, eq(actionLearningGroups.id, groupMeetings.groupId))
          .where(eq(groupMeetingAttendance.userId, p.id))
          .orderBy(asc(groupMeetings.startsAt))
          .all(),
    },
    erase: { does: "keep", description: "Blijft, zonder naam: de monitor van de groep telt de aanwezigheid." },
  },
  group_actions: {
    export: {
      description: "Acties in actieleergroepen die je trekt of vastlegde.",
      rows: (h, p) =>
        h
          .select({
            id: groupActions.id,
            group: actionLearningGroups.name,
            description: groupActions.description,
            youOwn: sql<boolean>`coalesce(${groupActions.ownerId} = ${p.id}, 0)`.mapWith(Boolean),
            dueOn: groupActions.dueOn,
            status: groupActions.status,
            embeddedIn: groupActions.embeddedIn,
            embeddingEvidence: groupActions.embeddingEvidence,
            embeddedAt: groupActions.embeddedAt,
            createdAt: groupActions.createdAt,
            updatedAt: groupActions.updatedAt,
          })
          .from(groupActions)
          .innerJoin(actionLearningGroups, eq(actionLearningGroups.id, groupActions.groupId))
          .where(or(eq(groupActions.ownerId, p.id), eq(groupActions.createdBy, p.id)))
          .orderBy(asc(groupActions.id))
          .all(),
    },
    erase: {
      does: "keep",
      description:
        "Blijven bij de groep; als eigenaar staat er 'Oud-lid' (de begeleider kan de actie aan een ander geven).",
    },
  },
  group_action_updates: {
    export: {
      description: "Wat je schreef bij het bijwerken van acties.",
      rows: (h, p) =>
        h
          .select({
            actionId: groupActionUpdates.actionId,
            fromStatus: groupActionUpdates.fromStatus,
            toStatus: groupActionUpdates.toStatus,
            note: groupActionUpdates.note,
            embeddedIn: groupActionUpdates.embeddedIn,
            embeddingEvidence: groupActionUpdates.embeddingEvidence,
            at: groupActionUpdates.createdAt,
          })
          .from(groupActionUpdates)
          .where(eq(groupActionUpdates.actorId, p.id))
          .orderBy(asc(groupActionUpdates.id))
          .all(),
    },
    erase: {
      does: "keep",
      description: "Blijven: de monitor berekent er de voortgang van de acties uit; op naam van 'Oud-lid'.",
    },
  },

  // ---------------------------------------------------------------- learning circles (a coordinator's work)
  learning_circles: {
    export: {
      description: "Leercirkels die je startte.",
      rows: (h, p) =>
        h
          .select({
            id: learningCircles.id,
            theme: themes.name,
            entryStep: learningCircles.entryStep,
            createdAt: learningCircles.createdAt,
          })
          .from(learningCircles)
          .innerJoin(themes, eq(themes.id, learningCircles.themeId))
          .where(eq(learningCircles.startedBy, p.id))
          .orderBy(asc(learningCircles.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  circle_steps: {
    export: {
      description: "Stappen van leercirkels waarvan je de status zette.",
      rows: (h, p) =>
        h
          .select({
            circleId: circleSteps.circleId,
            step: circleSteps.step,
            status: circleSteps.status,
            note: circleSteps.note,
            updatedAt: circleSteps.updatedAt,
          })
          .from(circleSteps)
          .where(eq(circleSteps.updatedBy, p.id))
          .orderBy(asc(circleSteps.circleId), asc(circleSteps.step))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  network_meetings: {
    export: {
      description: "Netwerkoverleggen die je vastlegde.",
      rows: (h, p) =>
        h
          .select({
            id: networkMeetings.id,
            circleId: networkMeetings.circleId,
            step: networkMeetings.step,
            heldOn: networkMeetings.heldOn,
            createdAt: networkMeetings.createdAt,
          })
          .from(networkMeetings)
          .where(eq(networkMeetings.createdBy, p.id))
          .orderBy(asc(networkMeetings.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  signals: {
    export: {
      description: "Signalen uit de casuïstiek die je vastlegde.",
      rows: (h, p) =>
        h
          .select({
            id: signals.id,
            title: signals.title,
            observedOn: signals.observedOn,
            createdAt: signals.createdAt,
          })
          .from(signals)
          .where(eq(signals.createdBy, p.id))
          .orderBy(asc(signals.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },
  circle_highlights: {
    export: {
      description: "Hoogtepunten van het jaar die je schreef.",
      rows: (h, p) =>
        h
          .select({
            circleId: circleHighlights.circleId,
            year: circleHighlights.year,
            text: circleHighlights.text,
            updatedAt: circleHighlights.updatedAt,
          })
          .from(circleHighlights)
          .where(eq(circleHighlights.updatedBy, p.id))
          .orderBy(asc(circleHighlights.id))
          .all(),
    },
    erase: { does: "keep", description: "Blijven, op naam van 'Oud-lid'." },
  },

  // ---------------------------------------------------------------- mail and the audit log
  mail_outbox: {
    export: {
      description:
        "De e-mails die we je stuurden of nog gaan sturen (links om in te loggen of een wachtwoord te kiezen zijn weggelaten).",
      rows: (h, p) =>
        h
          .select({
            subject: mailOutbox.subject,
            text: mailOutbox.text,
            status: mailOutbox.status,
            createdAt: mailOutbox.createdAt,
            sentAt: mailOutbox.sentAt,
          })
          .from(mailOutbox)
          .where(isRecipient(p))
          .orderBy(asc(mailOutbox.id))
          .all()
          .map((mail) => ({ ...mail, text: hideTokens(mail.text) })),
    },
    erase: {
      does: "delete",
      description:
        "Mails aan jou worden verwijderd (ook die nog niet weg waren); in mails aan anderen worden je naam en e-mailadres vervangen.",
      run: (tx, { person }) => {
        tx.delete(mailOutbox).where(isRecipient(person)).run();
        const scrub = scrubberFor(person);
        const candidates = tx
          .select()
          .from(mailOutbox)
          .where(
            or(
              mentions(mailOutbox.subject, person),
              mentions(mailOutbox.text, person),
              mentions(mailOutbox.html, person),
              mentions(mailOutbox.attachments, person),
            ),
          )
          .all();
        for (const mail of candidates) {
          tx.update(mailOutbox)
            .set({
              subject: scrub(mail.subject),
              text: scrub(mail.text),
              html: scrub(mail.html),
              attachments: scrubDeep(mail.attachments, scrub) as typeof mail.attachments,
            })
            .where(eq(mailOutbox.id, mail.id))
            .run();
        }
      },
    },
  },
  audit_log: {
    export: {
      description: "Regels uit het logboek waarin jij iets deed, of waarin het over jou gaat.",
      rows: (h, p) =>
        h
          .select({
            action: auditLog.action,
            youDidThis: sql<boolean>`coalesce(${auditLog.actorId} = ${p.id}, 0)`.mapWith(Boolean),
            targetType: auditLog.targetType,
            targetId: auditLog.targetId,
            details: auditLog.details,
            at: auditLog.createdAt,
          })
          .from(auditLog)
          .where(
            or(
              eq(auditLog.actorId, p.id),
              and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, p.id)),
              sql`${auditLog.id} in (select entry_id from ${auditLogPeople} where user_id = ${p.id})`,
            ),
          )
          .orderBy(asc(auditLog.id))
          .all(),
    },
    erase: {
      does: "keep",
      description:
        "Blijft: wie wat deed is nodig voor de verantwoording. Wat jij deed staat op naam van 'Oud-lid'; je naam en e-mailadres worden uit de details gehaald.",
      run: (tx, { person }) => {
        const scrub = scrubberFor(person);
        for (const entry of tx
          .select({ id: auditLog.id, details: auditLog.details })
          .from(auditLog)
          .where(mentions(auditLog.details, person))
          .all()) {
          tx.update(auditLog)
            .set({ details: scrubDeep(entry.details, scrub) as Record<string, unknown> })
            .where(eq(auditLog.id, entry.id))
            .run();
        }
      },
    },
  },
  audit_log_people: {
    export: null,
    erase: {
      does: "delete",
      description: "De koppeling van logboekregels aan jou verdwijnt; de regels zelf blijven (zie audit_log).",
      run: (tx, { person }) => void tx.delete(auditLogPeople).where(eq(auditLogPeople.userId, person.id)).run(),
    },
  },

  // ---------------------------------------------------------------- the account itself, last
  users: {
    export: {
      description: "Je profiel: naam, e-mailadres, organisatie, en wanneer je account werd gemaakt en bevestigd.",
      rows: (h, p) =>
        h
          .select({
            id: users.id,
            name: users.name,
            email: users.email,
            organisation: organisations.name,
            organisationKind: organisations.kind,
            region: organisations.region,
            createdAt: users.createdAt,
            emailVerifiedAt: users.emailVerifiedAt,
          })
          .from(users)
          .innerJoin(organisations, eq(organisations.id, users.organisationId))
          .where(eq(users.id, p.id))
          .all(),
    },
    erase: {
      does: "tombstone",
      description:
        "De rij blijft als 'Oud-lid' van je organisatie, zodat cijfers per soort organisatie en regio kloppen: naam, e-mailadres en wachtwoord worden vervangen, inloggen kan niet meer, en je e-mailadres is vrij voor een nieuw account.",
      run: (tx, { person, now }) =>
        void tx
          .update(users)
          .set({
            name: FORMER_MEMBER_NAME,
            email: `verwijderd-${person.id}@invalid`,
            // Upper case: normalizeEmail (sign-in, password reset, registration, invitations) only
            // ever produces lower case, so no lookup by address can reach this row again.
            emailNormalized: `VERWIJDERD-${person.id.toUpperCase()}@INVALID`,
            // Not an argon2 hash: verifyPassword fails on it whatever is typed.
            passwordHash: "!verwijderd",
            // Not a verified account: it no longer counts in a poll's audience.
            emailVerifiedAt: null,
            deletedAt: now,
          })
          .where(eq(users.id, person.id))
          .run(),
    },
  },
};

// ---------------------------------------------------------------- export

function findPerson(h: Handle, userId: string): Person | null {
  return (
    h
      .select({ id: users.id, name: users.name, email: users.email, emailNormalized: users.emailNormalized })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.deletedAt)))
      .get() ?? null
  );
}

export type PersonalDataExport = {
  about: string;
  exportedAt: Date;
  tables: Record<string, { description: string; rows: unknown[] }>;
};

function buildExport(h: Handle, person: Person, now: Date): PersonalDataExport {
  const tables: PersonalDataExport["tables"] = {};
  for (const [table, rule] of Object.entries(PRIVACY_RULES)) {
    if (rule.export) tables[table] = { description: rule.export.description, rows: rule.export.rows(h, person) };
  }
  return {
    about:
      "Alle gegevens die Leercirkel over jou bewaart, per tabel van de database, met bij elke tabel wat erin staat. Tijden zijn in UTC.",
    exportedAt: now,
    tables,
  };
}

/** Everything the platform holds about one person, as one JSON-serialisable object; null for an unknown or deleted account. */
export function exportPersonalData(userId: string, now = new Date()): PersonalDataExport | null {
  const person = findPerson(db, userId);
  return person ? buildExport(db, person, now) : null;
}

/** The export as the file the person downloads; the download is in the audit log. */
export function downloadPersonalData({ userId, now = new Date() }: { userId: string; now?: Date }) {
  return db.transaction((tx) => {
    const person = findPerson(tx, userId);
    if (!person) return null;
    recordAudit(tx, { actorId: userId, action: "user.export", targetType: "user", targetId: userId });
    return {
      filename: `leercirkel-mijn-gegevens-${amsterdamDay(now)}.json`,
      json: JSON.stringify(buildExport(tx, person, now), null, 2),
    };
  });
}

// ---------------------------------------------------------------- erasure

function isLastAdmin(h: Handle, userId: string) {
  const admins = h
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(eq(userRoles.role, "admin"))
    .all()
    .map((r) => r.userId);
  return admins.includes(userId) && admins.length <= 1;
}

function ownPublishedContributions(h: Handle, userId: string) {
  const rows = h
    .select({ status: contributions.status, credit: contributions.credit })
    .from(contributions)
    .where(eq(contributions.contributorId, userId))
    .all();
  const kept = rows.filter((r) => r.status === "published" && r.credit === "anonymous").length;
  return { kept, removed: rows.length - kept };
}

/** What the deletion page tells the person beforehand. */
export function erasurePreview({ userId }: { userId: string }) {
  return { lastAdmin: isLastAdmin(db, userId), contributions: ownPublishedContributions(db, userId) };
}

export type ErasureResult =
  | { status: "ok"; contributions: { kept: number; removed: number } }
  | { status: "not-found" }
  | { status: "last-admin" };

/**
 * Erases an account in one transaction, by the rules of PRIVACY_RULES: personal data is deleted or
 * blanked, what others rely on stays without the person, and the users row becomes a tombstone
 * ("Oud-lid") so that every count stays the same. The last administrator cannot be erased.
 */
export function eraseAccount({
  userId,
  actorId,
  now = new Date(),
}: {
  userId: string;
  actorId: string;
  now?: Date;
}): ErasureResult {
  return db.transaction((tx): ErasureResult => {
    const person = findPerson(tx, userId);
    if (!person) return { status: "not-found" };
    if (isLastAdmin(tx, userId)) return { status: "last-admin" };
    const counted = ownPublishedContributions(tx, userId);
    for (const rule of Object.values(PRIVACY_RULES)) rule.erase.run?.(tx, { person, now });
    // Without personal data: the id is a random key that now belongs to the tombstone.
    recordAudit(tx, {
      actorId,
      action: "user.erase",
      targetType: "user",
      targetId: userId,
      details: { contributionsKept: counted.kept, contributionsRemoved: counted.removed },
    });
    return { status: "ok", contributions: counted };
  });
}

export type OwnErasureResult = ErasureResult | { status: "wrong-password" };

/** The person deletes their own account after typing their password; the caller ends every session. */
export async function deleteOwnAccount({
  userId,
  password,
  now = new Date(),
}: {
  userId: string;
  password: string;
  now?: Date;
}): Promise<OwnErasureResult> {
  const row = db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .get();
  if (!row) return { status: "not-found" };
  if (!(await verifyPassword(row.passwordHash, password))) return { status: "wrong-password" };
  return eraseAccount({ userId, actorId: userId, now });
}
