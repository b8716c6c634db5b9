import type {
  ContributionCredit,
  ContributionEvent,
  ContributionKind,
  ContributionPerspective,
  ContributionStatus,
  MailStatus,
  OrganisationKind,
  PollAudience,
  PollMethod,
  PollResultVisibility,
  Role,
} from "@db/schema/enums";

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

export const CONTRIBUTION_KIND_LABELS: Record<ContributionKind, string> = {
  do: "Doen",
  dont: "Niet doen",
  tip: "Tip",
  story: "Kort verhaal",
};

export const CONTRIBUTION_STATUS_LABELS: Record<ContributionStatus, string> = {
  draft: "Concept",
  submitted: "Ingediend",
  returned: "Teruggestuurd",
  published: "Gepubliceerd",
  archived: "Gearchiveerd",
  withdrawn: "Ingetrokken",
};

export const CONTRIBUTION_PERSPECTIVE_LABELS: Record<ContributionPerspective, string> = {
  ouder: "Ouder",
  jongere: "Jongere",
  anders: "Anders",
};

export const CONTRIBUTION_CREDIT_LABELS: Record<ContributionCredit, string> = {
  anonymous: "Anoniem",
  first_name: "Met mijn voornaam",
  full_name: "Met mijn volledige naam",
};

/** The same choice as the contributor's own words above, said of them (for coordinators). */
export const CONTRIBUTION_CREDIT_REVIEW_LABELS: Record<ContributionCredit, string> = {
  anonymous: "Anoniem",
  first_name: "Met voornaam",
  full_name: "Met volledige naam",
};

export const CONTRIBUTION_EVENT_LABELS: Record<ContributionEvent, string> = {
  created: "Aangemaakt",
  saved: "Bewaard",
  submitted: "Ingediend",
  returned: "Teruggestuurd",
  published: "Gepubliceerd",
  archived: "Gearchiveerd",
  withdrawn: "Ingetrokken",
  corrected: "Verbeterd door de coördinator",
};

export const POLL_METHOD_LABELS: Record<PollMethod, string> = {
  single: "Eén keuze",
  multiple: "Meerdere keuzes (hoogstens N)",
  ranking: "Rangschikken (Borda-telling)",
  dots: "Punten verdelen (N punten)",
};

export const POLL_AUDIENCE_LABELS: Record<PollAudience, string> = {
  all: "Iedereen met een account",
  region: "Eén regio",
  organisation_kind: "Eén soort organisatie",
};

export const POLL_VISIBILITY_LABELS: Record<PollResultVisibility, string> = {
  after_vote: "Direct na het stemmen",
  after_close: "Na het sluiten van de peiling",
  coordinators: "Alleen voor coördinatoren",
};

export const POLL_STATE_LABELS = { scheduled: "Gepland", open: "Open", closed: "Gesloten" } as const;

const dutchList = new Intl.ListFormat("nl", { type: "conjunction" });

const listed = new Map<string, string>();

/** "A, B en C". Remembered (up to 500 lists, then forgotten at once): Intl's formatter takes ~8 µs a call. */
export function listInDutch(items: readonly string[]) {
  const key = items.join("\u0000");
  let text = listed.get(key);
  if (text === undefined) {
    if (listed.size >= 500) listed.clear();
    text = dutchList.format(items);
    listed.set(key, text);
  }
  return text;
}
