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
