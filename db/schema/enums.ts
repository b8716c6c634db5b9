// Plain constants, free of drizzle, so that UI code may import them too.

export const ORGANISATION_KINDS = [
  "aanbieder",
  "toegang",
  "gecertificeerde_instelling",
  "gemeente",
  "kennisinstelling",
  "clientvertegenwoordiging",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = ["professional", "expert", "coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_PURPOSES = ["verify-email", "reset-password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export const MAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** The parts of a module a learner marks as done; the knowledge check is passed, not marked. */
export const INTERVENTION_PARTS = ["kennis", "toepassen", "ervaring", "afsluiting"] as const;
export type InterventionPart = (typeof INTERVENTION_PARTS)[number];

export const CHECK_IN_OUTCOMES = ["yes", "partly", "not_yet"] as const;
export type CheckInOutcome = (typeof CHECK_IN_OUTCOMES)[number];

/** Who a module is for: the kinds of organisation in the network. */
export const AUDIENCES = ORGANISATION_KINDS;

/** What an expert by experience contributes: a do, a don't, a tip or a short story. */
export const CONTRIBUTION_KINDS = ["do", "dont", "tip", "story"] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/**
 * concept → ingediend → gepubliceerd, or teruggestuurd (and again ingediend), or gearchiveerd;
 * the contributor may withdraw (ingetrokken) at any moment. See app/models/contribution.server.ts.
 */
export const CONTRIBUTION_STATUSES = ["draft", "submitted", "returned", "published", "archived", "withdrawn"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export const CONTRIBUTION_PERSPECTIVES = ["ouder", "jongere", "anders"] as const;
export type ContributionPerspective = (typeof CONTRIBUTION_PERSPECTIVES)[number];

/** How a published contribution names its contributor. */
export const CONTRIBUTION_CREDITS = ["anonymous", "first_name", "full_name"] as const;
export type ContributionCredit = (typeof CONTRIBUTION_CREDITS)[number];

export const CONTRIBUTION_EVENTS = [
  "created",
  "saved",
  "submitted",
  "returned",
  "published",
  "archived",
  "withdrawn",
  "corrected",
] as const;
export type ContributionEvent = (typeof CONTRIBUTION_EVENTS)[number];

/** How a poll counts: one choice, several (at most N), a ranking (Borda), or N points to spread. */
export const POLL_METHODS = ["single", "multiple", "ranking", "dots"] as const;
export type PollMethod = (typeof POLL_METHODS)[number];

/** Who may vote: every signed-in user, one region, or one kind of organisation. */
export const POLL_AUDIENCES = ["all", "region", "organisation_kind"] as const;
export type PollAudience = (typeof POLL_AUDIENCES)[number];

/** When voters see the results: right after voting, after the poll closed, or never (coordinators only). */
export const POLL_RESULT_VISIBILITY = ["after_vote", "after_close", "coordinators"] as const;
export type PollResultVisibility = (typeof POLL_RESULT_VISIBILITY)[number];

export const POLL_OPTION_STATUSES = ["approved", "pending", "rejected"] as const;
export type PollOptionStatus = (typeof POLL_OPTION_STATUSES)[number];

/** A registration holds a place, waits for one, or was cancelled. */
export const REGISTRATION_STATUSES = ["registered", "waitlisted", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * A person's place in an action learning group: invited by the facilitator or a coordinator, or
 * asking to join (requested); active once accepted; declined or left end it (the row is kept).
 */
export const GROUP_MEMBER_STATUSES = ["invited", "requested", "active", "declined", "left"] as const;
export type GroupMemberStatus = (typeof GROUP_MEMBER_STATUSES)[number];

/** A follow-up action of a group: open, bezig (in progress), gedaan (done) or losgelaten (let go). */
export const ACTION_STATUSES = ["open", "bezig", "gedaan", "losgelaten"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Where a done action is embedded (geborgd) in the organisation. */
export const EMBEDDING_KINDS = ["werkproces", "protocol", "training", "teamoverleg"] as const;
export type EmbeddingKind = (typeof EMBEDDING_KINDS)[number];

/** The seven practical steps of a learning circle (seed 001, "Aanpak in de praktijk"). */
export const CIRCLE_STEPS = [1, 2, 3, 4, 5, 6, 7] as const;
export type CircleStep = (typeof CIRCLE_STEPS)[number];

/** Where a circle's step stands: niet gestart, bezig, afgerond. */
export const CIRCLE_STEP_STATUSES = ["niet_gestart", "bezig", "afgerond"] as const;
export type CircleStepStatus = (typeof CIRCLE_STEP_STATUSES)[number];

/** What a signal from casework shows: a pattern, a gap in the care landscape (lacune), or a trend. */
export const SIGNAL_KINDS = ["pattern", "gap", "trend"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** Where a signal comes from. */
export const SIGNAL_SOURCES = [
  "expert_team",
  "casework_research",
  "chain_learning",
  "monitoring",
  "practice",
  "other",
] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];
