import type { Browser, Page } from "@playwright/test";
import { amsterdamLocal, DEMO, expect, expectNoAxeViolations, latestMailTo, signIn, test } from "./fixtures";

const NAME = "Borgen in de wijk (e2e)";
const MEMBERS = {
  sanne: "sanne.devries@demo.leercirkel.nl", // aanbieder, Noord-Veluwe
  ahmed: "ahmed.bakir@demo.leercirkel.nl", // toegang, Achterhoek
  lotte: "lotte.hendriks@demo.leercirkel.nl", // jeugd-ggz, Rivierenland
  ruud: "ruud.willems@demo.leercirkel.nl", // gemeente
  noor: "noor.peters@demo.leercirkel.nl", // ervaringsdeskundige
};

/** Opens a folded form (a <details>) by its summary, unless it is open already. */
async function unfold(page: Page, summary: string) {
  const details = page.locator("details", { has: page.locator("summary", { hasText: summary }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
}

async function as(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("a coordinator starts a group from a frame; members from four organisations and an expert join; a meeting with yield and attendance; actions embedded; the monitor shows it", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const coordinator = await as(browser, DEMO.coordinator);

  // The frame, then a group from it.
  await coordinator.goto("/beheer/actieleergroepen/kaders/nieuw");
  await expectNoAxeViolations(coordinator);
  await coordinator.getByRole("button", { name: "Kader opslaan" }).click();
  await expect(coordinator.getByText("Vul de leervraag in.")).toBeVisible();
  await coordinator.getByLabel("Naam van het kader").fill("Kader e2e: zes bijeenkomsten");
  await coordinator.getByLabel("Leervraag").fill("Hoe borgen we de verklarende analyse in het werk van het wijkteam?");
  await coordinator.getByLabel("Aantal bijeenkomsten").fill("6");
  await coordinator.getByLabel("Om de hoeveel weken").fill("4");
  await coordinator.getByLabel("Maximaal aantal deelnemers").fill("10");
  await coordinator.getByLabel("Vertrouwelijkheid (afspraken)").fill("Casussen blijven in de groep.");
  await coordinator.getByRole("button", { name: "Kader opslaan" }).click();
  await expect(coordinator.getByText("Het kader Kader e2e: zes bijeenkomsten is opgeslagen.")).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator
    .getByRole("row", { name: /Kader e2e: zes bijeenkomsten/ })
    .getByRole("link", { name: "Groep starten met dit kader" })
    .click();
  await expect(coordinator.getByLabel("Leervraag")).toHaveValue(
    "Hoe borgen we de verklarende analyse in het werk van het wijkteam?",
  );
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Naam van de groep").fill(NAME);
  await coordinator.getByRole("button", { name: "Groep starten" }).click();
  await expect(coordinator.getByText("De actieleergroep is gestart.", { exact: false })).toBeVisible();
  const path = new URL(coordinator.url()).pathname;
  await expect(coordinator.getByText("Er doet geen ervaringsdeskundige mee.", { exact: false })).toBeVisible();

  // Invitations by e-mail address; an unknown address is refused at the field.
  await coordinator.getByLabel("E-mailadres").fill("niemand@example.org");
  await coordinator.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(coordinator.getByText("Er is geen account met dit e-mailadres.")).toBeVisible();
  for (const email of [MEMBERS.sanne, MEMBERS.ahmed, MEMBERS.ruud, MEMBERS.noor]) {
    await coordinator.getByLabel("E-mailadres").fill(email);
    await coordinator.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await expect(coordinator.getByText("De uitnodiging is verstuurd.")).toBeVisible();
  }
  expect(latestMailTo(MEMBERS.sanne)?.subject).toBe(`Uitnodiging: actieleergroep ${NAME}`);

  for (const email of [MEMBERS.sanne, MEMBERS.ahmed, MEMBERS.ruud, MEMBERS.noor]) {
    const page = await as(browser, email);
    await page.goto("/actieleergroepen");
    await expect(page.getByRole("heading", { name: "Je bent uitgenodigd" })).toBeVisible();
    await page.goto(path);
    if (email === MEMBERS.sanne) await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Ja, ik doe mee" }).click();
    await expect(page.getByText("Welkom in de actieleergroep.", { exact: false })).toBeVisible();
    await page.context().close();
  }

  // Lotte asks to join; the facilitator accepts.
  const lotte = await as(browser, MEMBERS.lotte);
  await lotte.goto("/actieleergroepen");
  await lotte.getByRole("link", { name: NAME }).click();
  await lotte.getByLabel("Waarom wil je meedoen? (niet verplicht)").fill("Ik zie dit vaak in de jeugd-ggz.");
  await lotte.getByRole("button", { name: "Vragen om mee te doen" }).click();
  await expect(lotte.getByText("Je aanvraag is verstuurd.", { exact: false })).toBeVisible();
  await coordinator.reload();
  await coordinator.getByRole("button", { name: "Aannemen: Lotte Hendriks" }).click();
  await expect(coordinator.getByText("Aanvraag aangenomen.")).toBeVisible();
  await expect(coordinator.getByRole("heading", { name: "Leden (5 van 10)" })).toBeVisible();
  await expect(coordinator.getByText("Let op de samenstelling")).toHaveCount(0);
  await expectNoAxeViolations(coordinator);

  // A meeting to come (everyone gets the calendar file) and one held this morning.
  await unfold(coordinator, "Nieuwe bijeenkomst");
  await coordinator.getByLabel("Begin (Nederlandse tijd)").fill(amsterdamLocal(7 * 86400_000));
  await coordinator.getByLabel("Einde (Nederlandse tijd)").fill(amsterdamLocal(7 * 86400_000 + 2 * 3600_000));
  await coordinator.getByLabel("Plaats of link").fill("Gemeentehuis Nijmegen");
  await coordinator.getByRole("button", { name: "Bijeenkomst plannen" }).click();
  await expect(coordinator.getByText("De bijeenkomst is gepland", { exact: false })).toBeVisible();
  const invite = latestMailTo(MEMBERS.noor)!;
  expect(invite.subject.startsWith(`Bijeenkomst ${NAME}: `)).toBe(true);
  await unfold(coordinator, "Nieuwe bijeenkomst");
  await coordinator.getByLabel("Begin (Nederlandse tijd)").fill(amsterdamLocal(-3 * 3600_000));
  await coordinator.getByLabel("Einde (Nederlandse tijd)").fill(amsterdamLocal(-1 * 3600_000));
  await coordinator.getByLabel("Agenda").fill("Casus van Sanne (fictief)");
  await coordinator.getByRole("button", { name: "Bijeenkomst plannen" }).click();
  await expect(coordinator.getByText("De bijeenkomst is gepland", { exact: false })).toBeVisible();
  await coordinator.getByText("De opbrengst is nog niet vastgelegd.").locator("xpath=..").getByRole("link").click();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByRole("button", { name: "Opbrengst opslaan" }).click();
  await expect(coordinator.getByText("Schrijf de opbrengst van de bijeenkomst op.")).toBeVisible();
  await coordinator
    .getByRole("textbox", { name: "Opbrengst" })
    .fill("Eerst verklaren, dan pas hulp kiezen. Noor: vraag ouders naar hun verklaring.");
  for (const name of ["Sanne de Vries", "Ahmed Bakir", "Noor Peters"]) {
    await coordinator.getByRole("checkbox", { name: new RegExp(`^${name}`) }).check();
  }
  await coordinator.getByRole("button", { name: "Opbrengst opslaan" }).click();
  await expect(coordinator.getByText("De opbrengst en de aanwezigheid zijn vastgelegd.")).toBeVisible();
  await expect(coordinator.getByText("(3 aanwezig)")).toBeVisible();

  // The coordinator gives Ahmed an action; Sanne takes one herself, carries it out and embeds it.
  await unfold(coordinator, "Nieuwe actie");
  await coordinator.getByLabel("Wat gaat er gebeuren?").fill("Vast overleg met de GI over de analyse");
  await coordinator.getByLabel("Trekker").selectOption({ label: "Ahmed Bakir (Toegangsteam Jeugd Achterhoek)" });
  await coordinator.getByRole("button", { name: "Actie toevoegen" }).click();
  await expect(coordinator.getByText("De actie staat erin.")).toBeVisible();
  expect(latestMailTo(MEMBERS.ahmed)?.subject).toBe(`Nieuwe actie voor jou: ${NAME}`);

  const sanne = await as(browser, MEMBERS.sanne);
  await sanne.goto(path);
  await unfold(sanne, "Nieuwe actie");
  await sanne.getByLabel("Wat gaat er gebeuren?").fill("De vraag 'wat verklaart dit?' in het protocol zorgmelding");
  await sanne.getByLabel("Trekker").selectOption({ label: "Sanne de Vries (Jeugdhulp Noord-Veluwe (demo))" });
  await sanne.getByRole("button", { name: "Actie toevoegen" }).click();
  await expect(sanne.getByText("De actie staat erin.")).toBeVisible();
  // Someone else's action: Sanne sees it but may not change it.
  await sanne.getByRole("link", { name: "Vast overleg met de GI over de analyse" }).click();
  await expect(sanne.getByRole("button", { name: "Actie bijwerken" })).toHaveCount(0);
  await sanne.goto(path);
  await sanne.getByRole("link", { name: "De vraag 'wat verklaart dit?' in het protocol zorgmelding" }).click();
  await expect(sanne.getByRole("heading", { name: "Actie", exact: true })).toBeVisible();
  const actionPath = new URL(sanne.url()).pathname;
  await expectNoAxeViolations(sanne);
  await sanne.getByRole("radio", { name: "Bezig" }).check();
  await sanne.getByLabel("Wat is er veranderd?").fill("Voorstel ligt bij de teamleider.");
  await sanne.getByRole("button", { name: "Actie bijwerken" }).click();
  await expect(sanne.getByText("De actie is bijgewerkt.")).toBeVisible();
  await sanne.getByRole("link", { name: "De vraag 'wat verklaart dit?' in het protocol zorgmelding" }).click();
  await sanne.getByRole("radio", { name: "Gedaan" }).check();
  await sanne.getByLabel("Wat is er veranderd?").fill("Het MT stemde in.");
  await sanne.getByLabel("Geborgd in (bij een actie die gedaan is)").selectOption({ label: "In een protocol" });
  await sanne.getByRole("button", { name: "Actie bijwerken" }).click();
  await expect(sanne.getByText("Beschrijf waaruit blijkt dat het geborgd is", { exact: false })).toBeVisible();
  await expect(sanne.getByLabel("Wat is er veranderd?")).toHaveValue("Het MT stemde in.");
  await sanne.getByLabel("Waaruit blijkt dat?").fill("Protocol zorgmelding, stap 2, sinds deze maand.");
  await sanne.getByRole("button", { name: "Actie bijwerken" }).click();
  await expect(sanne.getByText("De actie is bijgewerkt.")).toBeVisible();
  await expect(sanne.getByText("geborgd (in een protocol)")).toBeVisible();

  // Ahmed's start page shows his open actions (also the overdue one of the demo group).
  const ahmed = await as(browser, MEMBERS.ahmed);
  await expect(ahmed.getByRole("heading", { name: "Mijn acties" })).toBeVisible();
  await expect(ahmed.getByRole("link", { name: "Vast overleg met de GI over de analyse" })).toBeVisible();
  await expect(ahmed.getByText("te laat").first()).toBeVisible();

  // Someone outside the group sees only what anyone may know before asking to join (the group takes
  // requests), never its contents, also when guessing the ids of its meeting, action or monitor.
  const outsider = await as(browser, DEMO.professional);
  expect((await outsider.goto(path))?.status()).toBe(200);
  await expect(outsider.getByRole("button", { name: "Vragen om mee te doen" })).toBeVisible();
  for (const text of ["Eerst verklaren", "protocol zorgmelding", "Sanne de Vries"]) {
    expect(await outsider.content()).not.toContain(text);
  }
  for (const guess of [`${path}/monitor`, `${path}/monitor.csv`, actionPath]) {
    const response = await outsider.goto(guess);
    expect(response?.status(), guess).toBe(404);
  }
  expect(await outsider.content()).not.toContain("protocol zorgmelding");

  // The monitor: attendance, actions by status, embedded per organisation; printable and as CSV.
  await coordinator.goto(`${path}/monitor`);
  await expect(coordinator.getByRole("heading", { name: "Geborgd per organisatie" })).toBeVisible();
  await expect(
    coordinator
      .getByRole("row", { name: /Jeugdhulp Noord-Veluwe \(demo\)/ })
      .getByRole("cell")
      .nth(2),
  ).toHaveText("1");
  await expectNoAxeViolations(coordinator);
  const csv = await (await coordinator.request.get(`${path}/monitor.csv`)).text();
  expect(csv).toContain("Jeugdhulp Noord-Veluwe (demo)");
  await coordinator.goto("/beheer/actieleergroepen");
  await expect(coordinator.getByRole("link", { name: NAME, exact: true })).toBeVisible();
  await expectNoAxeViolations(coordinator);

  // Closing asks for the final yield; afterwards the room is read-only and still readable.
  await coordinator.goto(path);
  await unfold(coordinator, "De groep is klaar: opbrengst vastleggen en afsluiten");
  await coordinator.getByRole("button", { name: "Groep afsluiten" }).click();
  await expect(coordinator.getByText("Schrijf de opbrengst van de groep op.")).toBeVisible();
  await coordinator
    .getByLabel("Opbrengst van de groep")
    .fill("De analyse staat in twee protocollen; we nemen dit mee naar het netwerkoverleg.");
  await coordinator.getByRole("checkbox", { name: /Ja, de groep is klaar/ }).check();
  await coordinator.getByRole("button", { name: "Groep afsluiten" }).click();
  await expect(coordinator.getByText("De groep is afgesloten.", { exact: false })).toBeVisible();
  await sanne.goto(path);
  await expect(sanne.getByRole("heading", { name: "Opbrengst van de groep" })).toBeVisible();
  await expect(sanne.getByText("Nieuwe actie")).toHaveCount(0);
});
