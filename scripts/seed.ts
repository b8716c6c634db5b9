import type { OrganisationKind, Role } from "@db/schema";
import { NetworkMeetingSchema, SignalSchema } from "../app/models/circle.schema";
import { recordNetworkMeeting, recordSignal, startCircle } from "../app/models/circle.server";
import { changeActionStatus, createAction, planMeeting, recordMeetingYield } from "../app/models/group.server";
import { addDays, amsterdamDay, fromAmsterdamLocal } from "../app/utils/dates";
import { getInterventions } from "../app/mdx/registry.server";
import {
  completePart,
  saveIntention,
  submitCheckIn,
  submitEvaluation,
  submitQuiz,
} from "../app/models/progress.server";
import { getWebinar, saveWebinarEvaluation, sendFollowUp, webinarDeepening } from "../app/models/webinar.server";
import {
  ensureOrganisation,
  ensureTheme,
  ensureUser,
  makeContribution,
  makeGroup,
  makePoll,
  makeWebinar,
} from "../tests/factories";
import type { REGIONS } from "~/utils/labels";

type Region = (typeof REGIONS)[number];

/** Themes every installation starts with (reference data, not demo data). */
export const THEMES = [
  {
    slug: "verklarende-analyse",
    name: "Verklarende analyse",
    description:
      "Samen met het gezin en betrokkenen begrijpen hoe problemen zijn ontstaan en in stand blijven, als basis voor passende hulp. Kennis hierover is er volop, maar landt nog onvoldoende in de praktijk.",
  },
  {
    slug: "luisteren-naar-ouders-en-jeugdigen",
    name: "Luisteren naar ouders en jeugdigen",
    description:
      "Wat ouders en jongeren met ervaring ons leren over echt luisteren, samen beslissen en aansluiten bij wat een gezin nodig heeft.",
  },
  {
    slug: "eetstoornissen",
    name: "Eetstoornissen",
    description:
      "Signaleren, doorverwijzen en samenwerken rond jeugdigen met een eetstoornis, in de wijk en in de specialistische zorg.",
  },
  {
    slug: "autisme",
    name: "Autisme",
    description:
      "Passende ondersteuning voor jeugdigen met autisme en hun gezin, met aandacht voor wat in het dagelijks leven werkt.",
  },
  {
    slug: "lessen-uit-casuistiekonderzoek",
    name: "Lessen uit casuïstiekonderzoek",
    description:
      "Wat Ketenbreed Leren en het onderzoek naar complexe casuïstiek in Gelderland opleveren: patronen, knooppunten en succesmomenten, vertaald naar lessen voor professionals.",
  },
] as const;

const DEMO_ORGANISATIONS: { name: string; kind: OrganisationKind; region: Region }[] = [
  { name: "Gemeente Arnhem", kind: "gemeente", region: "Centraal Gelderland" },
  { name: "Gemeente Nijmegen", kind: "gemeente", region: "Gelderland-Zuid" },
  { name: "Gemeente Ede", kind: "gemeente", region: "FoodValley" },
  { name: "Sociaal wijkteam Apeldoorn-Zuid", kind: "toegang", region: "Midden-IJssel/Oost-Veluwe" },
  { name: "Toegangsteam Jeugd Achterhoek", kind: "toegang", region: "Achterhoek" },
  { name: "Jeugdhulp Noord-Veluwe (demo)", kind: "aanbieder", region: "Noord-Veluwe" },
  { name: "Jeugd-ggz Rivierenland (demo)", kind: "aanbieder", region: "Rivierenland" },
  {
    name: "Gecertificeerde instelling Gelderland (demo)",
    kind: "gecertificeerde_instelling",
    region: "Bovenregionaal",
  },
  { name: "Academische Werkplaats Inside-Out", kind: "kennisinstelling", region: "Bovenregionaal" },
  { name: "Regionale Kenniswerkplaats Jeugd Noord-Veluwe", kind: "kennisinstelling", region: "Noord-Veluwe" },
  { name: "Cliëntenraad Jeugd Gelderland (demo)", kind: "clientvertegenwoordiging", region: "Bovenregionaal" },
];

type DemoUser = { name: string; email: string; organisation: string; roles: Role[] };

/** The four accounts anyone may use to try each role. */
export const DEMO_ACCOUNTS: DemoUser[] = [
  {
    name: "Petra Jansen",
    email: "professional@demo.leercirkel.nl",
    organisation: "Sociaal wijkteam Apeldoorn-Zuid",
    roles: ["professional"],
  },
  {
    name: "Yara El Amrani",
    email: "ervaringsdeskundige@demo.leercirkel.nl",
    organisation: "Cliëntenraad Jeugd Gelderland (demo)",
    roles: ["expert"],
  },
  {
    name: "Marco de Boer",
    email: "coordinator@demo.leercirkel.nl",
    organisation: "Academische Werkplaats Inside-Out",
    roles: ["coordinator", "professional"],
  },
  {
    name: "Anouk Visser",
    email: "admin@demo.leercirkel.nl",
    organisation: "Gecertificeerde instelling Gelderland (demo)",
    roles: ["admin"],
  },
];

const MORE_DEMO_USERS: DemoUser[] = [
  {
    name: "Sanne de Vries",
    email: "sanne.devries@demo.leercirkel.nl",
    organisation: "Jeugdhulp Noord-Veluwe (demo)",
    roles: ["professional"],
  },
  {
    name: "Ahmed Bakir",
    email: "ahmed.bakir@demo.leercirkel.nl",
    organisation: "Toegangsteam Jeugd Achterhoek",
    roles: ["professional"],
  },
  {
    name: "Lotte Hendriks",
    email: "lotte.hendriks@demo.leercirkel.nl",
    organisation: "Jeugd-ggz Rivierenland (demo)",
    roles: ["professional"],
  },
  {
    name: "Ruud Willems",
    email: "ruud.willems@demo.leercirkel.nl",
    organisation: "Gemeente Nijmegen",
    roles: ["professional"],
  },
  {
    name: "Noor Peters",
    email: "noor.peters@demo.leercirkel.nl",
    organisation: "Cliëntenraad Jeugd Gelderland (demo)",
    roles: ["expert"],
  },
  {
    name: "Daan Smit",
    email: "daan.smit@demo.leercirkel.nl",
    organisation: "Regionale Kenniswerkplaats Jeugd Noord-Veluwe",
    roles: ["expert", "professional"],
  },
  {
    name: "Ingrid Bos",
    email: "ingrid.bos@demo.leercirkel.nl",
    organisation: "Gemeente Arnhem",
    roles: ["coordinator"],
  },
];

export type SeedResult = { themesCreated: number; demoAccountsCreated: DemoUser[]; usersCreated: number };

/**
 * Seeds what is missing; running it again creates nothing twice. Themes always, demo
 * organisations and accounts only with `demo`.
 */
export async function seed({ demo, demoPassword }: { demo: boolean; demoPassword: string }): Promise<SeedResult> {
  let themesCreated = 0;
  const themeIds = new Map<string, number>();
  for (const theme of THEMES) {
    const { id, created } = ensureTheme(theme);
    themeIds.set(theme.slug, id);
    if (created) themesCreated++;
  }
  const result: SeedResult = { themesCreated, demoAccountsCreated: [], usersCreated: 0 };
  if (!demo) return result;

  const organisationIds = new Map<string, number>();
  const userIds = new Map<string, string>();
  const newUsers = new Set<string>();
  for (const organisation of DEMO_ORGANISATIONS)
    organisationIds.set(organisation.name, ensureOrganisation(organisation).id);
  for (const user of [...DEMO_ACCOUNTS, ...MORE_DEMO_USERS]) {
    const organisationId = organisationIds.get(user.organisation);
    if (!organisationId) throw new Error(`seed: unknown organisation ${user.organisation}`);
    const { id, created } = await ensureUser({ ...user, password: demoPassword, organisationId });
    userIds.set(user.email, id);
    if (created) {
      newUsers.add(user.email);
      result.usersCreated++;
      if (DEMO_ACCOUNTS.includes(user)) result.demoAccountsCreated.push(user);
    }
  }
  // Contributions come with their contributors: only when those are new.
  if (userIds.size && newUsers.has("noor.peters@demo.leercirkel.nl")) {
    await seedContributions(userIds, themeIds);
    const pollId = await seedPoll(userIds, themeIds);
    await seedGroup(userIds, themeIds);
    await seedWebinars(userIds, themeIds, pollId);
    seedCircle(userIds, themeIds);
    await seedLearning(userIds);
  }
  return result;
}

/** An open theme poll of the network, with the first votes in it. */
async function seedPoll(userIds: Map<string, string>, themeIds: Map<string, number>) {
  const id = (email: string) => userIds.get(email)!;
  return makePoll({
    actorId: id("ingrid.bos@demo.leercirkel.nl"),
    question: "Welke thema's heeft het netwerk het komende jaar het meest nodig?",
    explanation:
      "Zet je top 3 op volgorde. De uitkomst bespreken we in het netwerkoverleg; het thema met de meeste punten krijgt als eerste een leercirkel.",
    method: "ranking",
    maxChoices: 3,
    closesInHours: hoursUntil(14, "17:00"),
    themeOptions: [themeIds.get("eetstoornissen")!, themeIds.get("autisme")!],
    freeOptions: ["Schoolverzuim en thuiszitters", "Scheiding en loyaliteit", "Mentaliseren in de jeugdhulp"],
    votes: [
      [
        id("sanne.devries@demo.leercirkel.nl"),
        ["Schoolverzuim en thuiszitters", "Autisme", "Mentaliseren in de jeugdhulp"],
      ],
      [
        id("ahmed.bakir@demo.leercirkel.nl"),
        ["Scheiding en loyaliteit", "Schoolverzuim en thuiszitters", "Eetstoornissen"],
      ],
      [id("lotte.hendriks@demo.leercirkel.nl"), ["Eetstoornissen", "Mentaliseren in de jeugdhulp", "Autisme"]],
      [id("ruud.willems@demo.leercirkel.nl"), ["Schoolverzuim en thuiszitters", "Scheiding en loyaliteit", "Autisme"]],
    ],
  });
}

/**
 * An action learning group six weeks under way: members from four organisations and an expert by
 * experience, one meeting held with its yield, actions done and embedded, running, overdue and open.
 */
async function seedGroup(userIds: Map<string, string>, themeIds: Map<string, number>) {
  const id = (email: string) => userIds.get(email)!;
  const day = 86400_000;
  const weeksAgo = (weeks: number) => new Date(Date.now() - weeks * 7 * day);
  const coordinator = id("ingrid.bos@demo.leercirkel.nl");
  const members = [
    "sanne.devries@demo.leercirkel.nl",
    "ahmed.bakir@demo.leercirkel.nl",
    "ruud.willems@demo.leercirkel.nl",
    "noor.peters@demo.leercirkel.nl",
    "professional@demo.leercirkel.nl",
  ].map(id);
  const group = await makeGroup({
    coordinatorId: coordinator,
    frameName: "Kader actieleergroep: verklarende analyse borgen",
    name: "Samen analyseren Noord-Veluwe",
    themeId: themeIds.get("verklarende-analyse"),
    learningQuestion:
      "Hoe zorgen we dat er bij elke uithuisplaatsing een verklarende analyse ligt die wijkteam, GI en ouders samen hebben gemaakt?",
    maxMembers: 8,
    plannedMeetings: 5,
    openToRequests: true,
    startsOn: amsterdamDay(weeksAgo(6)),
    memberIds: members,
    now: weeksAgo(6),
  });
  const meetingStart = weeksAgo(4);
  meetingStart.setUTCHours(13, 0, 0, 0);
  const meeting = planMeeting({
    actorId: coordinator,
    groupId: group.id,
    input: {
      startsAt: meetingStart,
      endsAt: new Date(meetingStart.getTime() + 2.5 * 3600_000),
      location: "Jeugdhulp Noord-Veluwe, Harderwijk",
      agenda:
        "1. Casus (fictief) van Sanne: een gezin met drie kinderen, zorgen over verwaarlozing\n2. Wat verklaart het gedrag? Samen hypothesen maken\n3. Acties tot de volgende bijeenkomst",
    },
    now: weeksAgo(5),
  });
  if (meeting.status !== "ok") throw new Error(`seed: meeting ${meeting.status}`);
  recordMeetingYield({
    actorId: coordinator,
    meetingId: meeting.id,
    yield:
      "We beschrijven vaak wat er gebeurt, maar verklaren het zelden. Afgesproken: bij elke zorgmelding eerst samen met ouders de vraag 'wat verklaart dit?' stellen. Noor: vraag ouders wat volgens hen de oorzaak is, voordat je een conclusie trekt.",
    attendeeIds: members.slice(0, 4),
    now: new Date(meetingStart.getTime() + 3 * 3600_000),
  });
  const actionAt = new Date(meetingStart.getTime() + 3 * 3600_000);
  const action = (ownerEmail: string, description: string, dueOn: string) => {
    const result = createAction({
      actorId: coordinator,
      groupId: group.id,
      input: { description, ownerId: id(ownerEmail), dueOn, meetingId: meeting.id },
      now: actionAt,
    });
    if (result.status !== "ok") throw new Error(`seed: action ${result.status}`);
    return result.id;
  };
  const embedded = action(
    "sanne.devries@demo.leercirkel.nl",
    "De vraag 'wat verklaart dit?' als vaste stap opnemen in het werkproces van de zorgmelding",
    amsterdamDay(weeksAgo(1)),
  );
  changeActionStatus({
    actorId: id("sanne.devries@demo.leercirkel.nl"),
    actionId: embedded,
    status: "bezig",
    update: "Besproken met de teamleider; voorstel ligt bij het MT.",
    now: weeksAgo(3),
  });
  changeActionStatus({
    actorId: id("sanne.devries@demo.leercirkel.nl"),
    actionId: embedded,
    status: "gedaan",
    update: "Het MT heeft ingestemd.",
    embedding: { kind: "werkproces", evidence: "Stap 2 van het werkproces zorgmelding, vanaf 1 november." },
    now: weeksAgo(2),
  });
  const overdue = action(
    "ahmed.bakir@demo.leercirkel.nl",
    "Met de GI een vast moment afspreken om de analyse samen te maken bij een voorgenomen uithuisplaatsing",
    amsterdamDay(new Date(Date.now() - 5 * day)),
  );
  changeActionStatus({
    actorId: id("ahmed.bakir@demo.leercirkel.nl"),
    actionId: overdue,
    status: "bezig",
    update: "Eerste gesprek met de teamleider van de GI gehad.",
    now: weeksAgo(2),
  });
  action(
    "professional@demo.leercirkel.nl",
    "In het teamoverleg een casus bespreken met de vragenlijst uit de module Verklarende analyse",
    amsterdamDay(new Date(Date.now() + 10 * day)),
  );
  const next = new Date(Date.now() + 14 * day);
  next.setUTCHours(13, 0, 0, 0);
  planMeeting({
    actorId: coordinator,
    groupId: group.id,
    input: {
      startsAt: next,
      endsAt: new Date(next.getTime() + 2.5 * 3600_000),
      location: "Online: https://meet.jit.si/leercirkel-samen-analyseren",
      agenda: "1. Terugblik op de acties\n2. Casus van Ahmed\n3. Wat nemen we mee naar het netwerkoverleg?",
    },
  });
}

/** The circle of "verklarende analyse", started at the network meeting, with a signal from casework. */
function seedCircle(userIds: Map<string, string>, themeIds: Map<string, number>) {
  const coordinator = userIds.get("ingrid.bos@demo.leercirkel.nl")!;
  const themeId = themeIds.get("verklarende-analyse")!;
  const circle = startCircle({ actorId: coordinator, themeId, step: 1 });
  if (circle.status !== "ok") throw new Error(`seed: circle ${circle.status}`);
  const day = (daysAgo: number) => amsterdamDay(new Date(Date.now() - daysAgo * 86400_000));
  recordSignal({
    actorId: coordinator,
    input: SignalSchema.parse({
      title: "Bij uithuisplaatsingen ontbreekt vaak een verklarende analyse",
      description:
        "In het casuïstiekonderzoek van de regio lag bij drie van de vier uithuisplaatsingen geen gedeelde verklarende analyse van wijkteam en GI.",
      kind: "gap",
      source: "casework_research",
      region: "Noord-Veluwe",
      observedOn: day(90),
      themeId,
    }),
  });
  // Two signals the coordinator has not placed under a theme yet: they wait on the dashboard.
  for (const input of [
    {
      title: "Jongeren met een eetstoornis wachten langer op specialistische behandeling",
      description:
        "Het regionaal expertteam ziet het afgelopen halfjaar vaker dat jeugdigen na een verwijzing maanden wachten; het wijkteam houdt de zorg in de tussentijd vast zonder duidelijke afspraken met de specialist.",
      kind: "trend",
      source: "expert_team",
      region: "Achterhoek",
      observedOn: day(20),
    },
    {
      title: "Ouders herkennen zich niet in het plan dat over hun gezin gaat",
      description:
        "In de terugblikken van het ketenbreed leren zeggen ouders in meerdere casussen dat het plan zonder hen is opgesteld en hun eigen verklaring voor de problemen mist.",
      kind: "pattern",
      source: "chain_learning",
      region: "Centraal Gelderland",
      observedOn: day(10),
    },
  ]) {
    recordSignal({ actorId: coordinator, input: SignalSchema.parse(input) });
  }
  recordNetworkMeeting({
    actorId: coordinator,
    circleId: circle.id,
    input: NetworkMeetingSchema.parse({
      step: 1,
      heldOn: day(60),
      participants: { aanbieder: 4, toegang: 3, gecertificeerde_instelling: 2, gemeente: 2, kennisinstelling: 1 },
      expertsByExperience: 2,
      notes: "Het signaal uit het casuïstiekonderzoek besproken met de hele keten en met ouders.",
      decisions:
        "Een leercirkel over verklarende analyse: een webinar, de module en een actieleergroep in Noord-Veluwe.",
    }),
  });
}

/**
 * Three colleagues took the module on verklarende analyse (the demo accounts have not, so a visitor
 * can take it fresh): two completed it and evaluated it, one looked back on her intention.
 */
async function seedLearning(userIds: Map<string, string>) {
  const intervention = (await getInterventions()).bySlug.get("verklarende-analyse");
  if (!intervention) return;
  const id = (email: string) => userIds.get(email)!;
  const today = amsterdamDay();
  const correct = Object.fromEntries(intervention.quiz.map((q) => [q.id, q.answers.findIndex((a) => a.correct)]));
  const complete = (userId: string) => {
    submitQuiz({ userId, intervention, answers: correct });
    for (const part of ["kennis", "toepassen", "ervaring", "afsluiting"] as const) {
      completePart({ userId, intervention, part });
    }
  };
  const sanne = id("sanne.devries@demo.leercirkel.nl");
  const ahmed = id("ahmed.bakir@demo.leercirkel.nl");
  complete(sanne);
  complete(ahmed);
  completePart({ userId: id("lotte.hendriks@demo.leercirkel.nl"), intervention, part: "kennis" });
  submitEvaluation({
    userId: sanne,
    slug: intervention.slug,
    grade: 8,
    mostUseful: "De vraag 'wat verklaart dit?' samen met ouders stellen.",
    missing: "Een voorbeeld van een analyse die de GI en het wijkteam echt samen schreven.",
  });
  submitEvaluation({
    userId: ahmed,
    slug: intervention.slug,
    grade: 7,
    mostUseful: "Het verschil tussen beschrijven en verklaren.",
    missing: "",
  });
  saveIntention({
    userId: sanne,
    slug: intervention.slug,
    text: "In elk keukentafelgesprek vraag ik ouders eerst hoe zij verklaren wat er gebeurt.",
    checkInOn: addDays(today, -1),
    today: addDays(today, -22),
  });
  submitCheckIn({
    userId: sanne,
    slug: intervention.slug,
    outcome: "yes",
    whatHappened: "In drie gesprekken gedaan; ouders kwamen met een verklaring die wij niet hadden bedacht.",
    helpedOrHindered: "Het hielp dat mijn teamleider het in de casusbespreking terugvroeg.",
    today,
  });
}

/**
 * Hours from now until a time of day in Amsterdam, `days` days from today: demo webinars and the demo
 * poll start and close at round times, not at the minute the demo was seeded.
 */
function hoursUntil(days: number, time: string) {
  const at = fromAmsterdamLocal(`${addDays(amsterdamDay(), days)}T${time}`);
  if (!at) throw new Error(`not a time: ${time}`);
  return (at.getTime() - Date.now()) / 3600_000;
}

/** A webinar held three weeks ago (attendance, recording, evaluations) and two coming up. */
async function seedWebinars(userIds: Map<string, string>, themeIds: Map<string, number>, pollId: number) {
  const id = (email: string) => userIds.get(email)!;
  const coordinator = id("ingrid.bos@demo.leercirkel.nl");
  const held = makeWebinar({
    actorId: coordinator,
    title: "Verklarende analyse: samen tot een gedeeld beeld",
    description:
      "Waarom ontbreekt bij zoveel uithuisplaatsingen een verklarende analyse, en hoe maken wijkteam en gecertificeerde instelling er samen één? Met een casus (fictief) en de ervaring van een ouder.",
    speakers: "Anouk Visser – jeugdbeschermer\nNoor Peters – ervaringsdeskundige ouder",
    themeId: themeIds.get("verklarende-analyse"),
    startsInHours: hoursUntil(-21, "15:30"),
    durationMinutes: 75,
    modules: ["verklarende-analyse"],
    registrants: [
      id("sanne.devries@demo.leercirkel.nl"),
      id("ahmed.bakir@demo.leercirkel.nl"),
      id("lotte.hendriks@demo.leercirkel.nl"),
      id("ruud.willems@demo.leercirkel.nl"),
    ],
    attended: [
      id("sanne.devries@demo.leercirkel.nl"),
      id("ahmed.bakir@demo.leercirkel.nl"),
      id("lotte.hendriks@demo.leercirkel.nl"),
    ],
    recordingUrl: "https://video.leercirkel.nl/webinars/verklarende-analyse-gedeeld-beeld",
  });
  const answers: [string, number, string, string][] = [
    [
      "sanne.devries@demo.leercirkel.nl",
      8,
      "De vraag 'wat verklaart dit gedrag?' eerst samen met de ouders stellen, voor we over hulp praten.",
      "Meer tijd voor de casus; de vragenronde was te kort.",
    ],
    [
      "ahmed.bakir@demo.leercirkel.nl",
      7,
      "Het onderscheid tussen beschrijven en verklaren.",
      "Een voorbeeld van een goede analyse om mee te nemen.",
    ],
  ];
  await sendFollowUp({ actorId: coordinator, webinarId: held, deepening: await webinarDeepening(getWebinar(held)!) });
  for (const [email, grade, takeaway, improve] of answers) {
    saveWebinarEvaluation({ webinarId: held, userId: id(email), input: { grade, takeaway, improve } });
  }
  makeWebinar({
    actorId: coordinator,
    title: "Signalen van eetstoornissen vroeg herkennen",
    description:
      "Wat zie je als eerste, wat vraag je, en wanneer schakel je de huisarts of de jeugd-ggz in? Na afloop peilen we welke vervolgstappen het netwerk nodig heeft.",
    speakers: "Lotte Hendriks – jeugd-ggz\nDaan Smit – ervaringsdeskundige jongere",
    themeId: themeIds.get("eetstoornissen"),
    startsInHours: hoursUntil(10, "19:30"),
    capacity: 40,
    modules: ["signalen-van-eetstoornissen"],
    pollId,
    registrants: [id("professional@demo.leercirkel.nl"), id("sanne.devries@demo.leercirkel.nl")],
  });
  makeWebinar({
    actorId: coordinator,
    title: "Autisme in het gezin: wat ouders nodig hebben",
    description: "Ouders en professionals over wat helpt als een kind met autisme thuis vastloopt.",
    speakers: "Noor Peters – ervaringsdeskundige ouder",
    themeId: themeIds.get("autisme"),
    startsInHours: hoursUntil(5 * 7, "10:00"),
    capacity: 30,
    modules: ["autisme-in-het-gezin"],
  });
}

/** What experts by experience added to the modules, and one that waits for review. */
async function seedContributions(userIds: Map<string, string>, themeIds: Map<string, number>) {
  const id = (email: string) => userIds.get(email)!;
  const theme = (slug: string) => themeIds.get(slug)!;
  const noor = id("noor.peters@demo.leercirkel.nl");
  const daan = id("daan.smit@demo.leercirkel.nl");
  const reviewerId = id("ingrid.bos@demo.leercirkel.nl");
  await makeContribution({
    contributorId: noor,
    reviewerId,
    themeId: theme("verklarende-analyse"),
    kind: "do",
    perspective: "ouder",
    credit: "first_name",
    text: "Maak de tijdlijn samen met ons. Toen de jeugdbeschermer en ik op een groot vel papier zetten wat er de afgelopen jaren gebeurde, zag ik zelf voor het eerst dat de problemen begonnen nadat mijn moeder overleed.",
  });
  await makeContribution({
    contributorId: noor,
    reviewerId,
    themeId: theme("verklarende-analyse"),
    kind: "dont",
    perspective: "ouder",
    credit: "first_name",
    text: 'Schrijf niet dat wij "niet meewerken" als we alleen om uitleg vroegen. Dat zinnetje bleef jaren in ons dossier staan, en iedere nieuwe hulpverlener las het als eerste.',
  });
  await makeContribution({
    contributorId: daan,
    reviewerId,
    themeId: theme("luisteren-naar-ouders-en-jeugdigen"),
    kind: "tip",
    perspective: "jongere",
    credit: "anonymous",
    text: "Vraag niet alleen hoe het gaat, maar ook wat er volgens mij moet veranderen. En kom terug op wat ik zei: als ik merk dat er niets mee gebeurt, vertel ik het de volgende keer niet meer.",
  });
  await makeContribution({
    contributorId: daan,
    themeId: theme("autisme"),
    kind: "story",
    perspective: "jongere",
    credit: "first_name",
    text: "Op school zagen ze een jongen die moeilijk deed. Thuis zag mijn moeder een jongen die na elke schooldag instortte.\n\nPas toen de begeleider van het wijkteam een dag met me meeliep, snapte iemand dat het lawaai in de klas het probleem was, niet ik.",
  });
}

export function shouldSeedDemo(env: { SEED_DEMO: "auto" | "true" | "false"; isProduction: boolean }) {
  return env.SEED_DEMO === "true" || (env.SEED_DEMO === "auto" && !env.isProduction);
}

export function describeDemoAccounts(accounts: DemoUser[], password: string) {
  if (!accounts.length) return "";
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    "Demo accounts (password: " + password + "):",
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.roles.join(", ")}`),
  ].join("\n");
}
