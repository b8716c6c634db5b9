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
