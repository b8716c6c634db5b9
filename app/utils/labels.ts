import type { MailStatus, OrganisationKind, Role } from "@db/schema/enums";

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  aanbieder: "Aanbieder",
  toegang: "Toegang / wijkteam",
  gecertificeerde_instelling: "Gecertificeerde instelling",
  gemeente: "Gemeente",
  kennisinstelling: "Kennisinstelling",
  clientvertegenwoordiging: "Cliëntvertegenwoordiging",
};

export const ROLE_LABELS: Record<Role, string> = {
  professional: "Professional",
  expert: "Ervaringsdeskundige",
  coordinator: "Coördinator",
  admin: "Beheerder",
};

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  pending: "In de wachtrij",
  sending: "Wordt verstuurd",
  sent: "Verstuurd",
  failed: "Mislukt",
};

/** The youth-care regions of Gelderland, and the level above them. */
export const REGIONS = [
  "Achterhoek",
  "Centraal Gelderland",
  "FoodValley",
  "Gelderland-Zuid",
  "Midden-IJssel/Oost-Veluwe",
  "Noord-Veluwe",
  "Rivierenland",
  "Bovenregionaal",
] as const;

/** "Gemeente Ede (Gemeente, FoodValley)". */
export function describeOrganisation(organisation: { name: string; kind: OrganisationKind; region: string }) {
  return `${organisation.name} (${ORGANISATION_KIND_LABELS[organisation.kind]}, ${organisation.region})`;
}
