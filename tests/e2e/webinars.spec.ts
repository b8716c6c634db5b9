import { amsterdamLocal, DEMO, expect, expectNoAxeViolations, latestMailTo, signIn, test } from "./fixtures";

const TITLE = "Samen een verklarende analyse maken";
// The webinar below starts within the hour, so the reminder job (every minute) may queue its
// reminders at any moment: they are not the mails these checks are about.
const notReminders = { ignore: /^Herinnering:/ };

test("two places, three registrations: the third waits and is promoted; the join link only for the registered", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/webinars/nieuw");
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Titel").fill(TITLE);
  await coordinator.getByRole("button", { name: "Webinar plannen" }).click();
  await expect(coordinator.getByText("Vul het begin in.")).toBeVisible();
  await coordinator.getByLabel("Begin (Nederlandse tijd)").fill(amsterdamLocal(20 * 60_000));
  await coordinator.getByLabel("Einde (Nederlandse tijd)").fill(amsterdamLocal(80 * 60_000));
  await coordinator.getByLabel("Aantal plaatsen").fill("2");
  await coordinator.getByLabel("Link naar de online bijeenkomst").fill("https://meet.jit.si/leercirkel-e2e");
  await coordinator.getByLabel("Sprekers, één per regel").fill("Noor Peters – ervaringsdeskundige ouder");
  await coordinator.getByRole("button", { name: "Webinar plannen" }).click();
  await expect(coordinator.getByText("Het webinar is gepland.")).toBeVisible();
  const path = new URL(coordinator.url()).pathname;
  await coordinatorContext.close();

  const people = [DEMO.professional, "sanne.devries@demo.leercirkel.nl", "ahmed.bakir@demo.leercirkel.nl"];
  const pages = [];
  for (const email of people) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await page.goto(path);
    await page.getByRole("button", { name: /Aanmelden|Op de wachtlijst/ }).click();
    pages.push(page);
  }
  const [first, second, third] = pages as [(typeof pages)[0], (typeof pages)[0], (typeof pages)[0]];
  await expect(first.getByText("Je bent aangemeld.", { exact: true })).toBeVisible();
  await expect(second.getByText("Je bent aangemeld.", { exact: true })).toBeVisible();
  await expect(third.getByText("Je staat op de wachtlijst (plaats 1).")).toBeVisible();
  // The join link: for the registered (the webinar starts within 30 minutes), never for the waitlist.
  await expect(first.getByRole("link", { name: "Deelnemen aan het webinar" })).toHaveAttribute(
    "href",
    "https://meet.jit.si/leercirkel-e2e",
  );
  await expect(third.getByRole("link", { name: "Deelnemen aan het webinar" })).toHaveCount(0);
  expect(await third.content()).not.toContain("meet.jit.si");
  await expectNoAxeViolations(first);

  expect(latestMailTo(people[0]!, notReminders)?.subject).toBe(`Aangemeld: ${TITLE}`);
  expect(latestMailTo(people[2]!, notReminders)?.subject).toBe(`Wachtlijst: ${TITLE}`);
  const ics = await first.request.get(`${path}/agenda.ics`);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const calendar = await ics.text();
  expect(calendar).toContain("BEGIN:VCALENDAR");
  expect(calendar).toContain("DTSTART;TZID=Europe/Amsterdam:");

  // The first cancels: the third gets the place and a mail.
  await first.getByRole("button", { name: "Afmelden" }).click();
  await expect(first.getByText("Je bent afgemeld.")).toBeVisible();
  await third.reload();
  await expect(third.getByText("Je bent aangemeld.", { exact: true })).toBeVisible();
  expect(latestMailTo(people[2]!, notReminders)?.subject).toBe(`Aangemeld: ${TITLE}`);

  await first.goto("/webinars");
  await expect(first.getByRole("link", { name: TITLE })).toBeVisible();
  await expectNoAxeViolations(first);
  expect(await first.content()).not.toContain("meet.jit.si");

  // The coordinator moves it an hour later, then cancels it: the registered hear of both.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, DEMO.coordinator);
  await manager.goto(`/beheer${path}`);
  await expectNoAxeViolations(manager);
  await manager.getByLabel("Begin (Nederlandse tijd)").fill(amsterdamLocal(80 * 60_000));
  await manager.getByLabel("Einde (Nederlandse tijd)").fill(amsterdamLocal(140 * 60_000));
  await manager.getByRole("button", { name: "Wijzigingen opslaan" }).click();
  await expect(manager.getByText("Wie zich aanmeldde krijgt de wijziging", { exact: false })).toBeVisible();
  expect(latestMailTo(people[1]!, notReminders)?.subject).toBe(`Gewijzigd: ${TITLE}`);
  await manager.getByRole("button", { name: "Webinar annuleren" }).click();
  await expect(manager.getByText("Vink aan dat het webinar niet doorgaat.")).toBeVisible();
  await manager.getByRole("checkbox", { name: "Ja, dit webinar gaat niet door." }).check();
  await manager.getByRole("button", { name: "Webinar annuleren" }).click();
  await expect(manager.getByText("Het webinar is geannuleerd", { exact: false })).toBeVisible();
  expect(latestMailTo(people[1]!, notReminders)?.subject).toBe(`Gaat niet door: ${TITLE}`);
  await managerContext.close();
});

test("after the webinar: attendance from a Teams list and by hand, recording, after-webinar mail, evaluation and certificate", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const title = "Terugblik: signalen van eetstoornissen";
  const attendee = "lotte.hendriks@demo.leercirkel.nl";
  const absentee = "ruud.willems@demo.leercirkel.nl";
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/webinars/nieuw");
  await coordinator.getByLabel("Titel").fill(title);
  await coordinator.getByLabel("Begin (Nederlandse tijd)").fill(amsterdamLocal(-120 * 60_000));
  await coordinator.getByLabel("Einde (Nederlandse tijd)").fill(amsterdamLocal(-60 * 60_000));
  await coordinator.getByLabel("Aantal plaatsen").fill("30");
  await coordinator.getByLabel("Link naar de online bijeenkomst").fill("https://meet.jit.si/leercirkel-terugblik");
  await coordinator.getByRole("checkbox", { name: "Signalen van eetstoornissen herkennen en bespreken" }).check();
  await coordinator.getByRole("button", { name: "Webinar plannen" }).click();
  await expect(coordinator.getByText("Het webinar is gepland.")).toBeVisible();
  const path = new URL(coordinator.url()).pathname;

  await coordinator.goto(`/beheer${path}/deelnemers`);
  await expect(coordinator.getByText("Nog niemand heeft zich aangemeld.")).toBeVisible();
  // The participant list as Teams exports it: UTF-16 with tabs, and a guest without an account.
  const teams = [
    "Naam\tE-mailadres\tDuur",
    `Lotte\t${attendee}\t58 min`,
    `Ruud\t${absentee}\t3 min`,
    "Gast\tgast@example.org\t40 min",
  ];
  await coordinator.getByLabel("Bestand (CSV of tekst, hoogstens 1 MB)").setInputFiles({
    name: "aanwezigheid.csv",
    mimeType: "text/csv",
    buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(teams.join("\r\n"), "utf16le")]),
  });
  await coordinator.getByRole("button", { name: "Lijst inlezen" }).click();
  await expect(coordinator.getByText("3 e-mailadressen gevonden; 2 deelnemers als aanwezig gemarkeerd.")).toBeVisible();
  await expect(coordinator.getByText("gast@example.org")).toBeVisible();
  await expectNoAxeViolations(coordinator);
  // Ruud left after three minutes: the coordinator unticks him.
  await coordinator.getByRole("checkbox", { name: "Ruud Willems was aanwezig" }).uncheck();
  await coordinator.getByRole("button", { name: "Aanwezigheid opslaan" }).click();
  await expect(coordinator.getByText("Aanwezigheid opgeslagen: 1 aanwezig.")).toBeVisible();
  await expect(coordinator.getByText("1 (50% van de aangemelden)")).toBeVisible();

  await coordinator.getByLabel("Link naar de opname").fill("geen link");
  await coordinator.getByRole("button", { name: "Links opslaan" }).click();
  await expect(coordinator.getByText("Vul een webadres in dat begint met https://.")).toBeVisible();
  await coordinator.getByLabel("Link naar de opname").fill("https://video.example.org/terugblik");
  await coordinator.getByRole("button", { name: "Links opslaan" }).click();
  await expect(coordinator.getByText("De opname en de presentatie zijn opgeslagen.")).toBeVisible();
  await coordinator.getByRole("button", { name: "Nabericht versturen aan 1 aanwezige" }).click();
  await expect(coordinator.getByText("Het nabericht is verstuurd aan 1 deelnemer.")).toBeVisible();
  const mail = latestMailTo(attendee)!;
  expect(mail.subject).toBe(`Na het webinar: ${title}`);
  expect(mail.text).toContain("Terugkijken: https://video.example.org/terugblik");
  expect(mail.text).toContain('Module "Signalen van eetstoornissen herkennen en bespreken"');
  expect(latestMailTo(absentee)?.subject).not.toBe(`Na het webinar: ${title}`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, attendee);
  await page.getByRole("link", { name: `Evaluatie van ${title}` }).click();
  await expect(page.getByRole("heading", { name: "Wat vond je van het webinar?" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Wat neem je mee naar je eigen werk?").fill("Eerder doorvragen naar eten en bewegen.");
  await page.getByRole("button", { name: "Evaluatie versturen" }).click();
  await expect(page.getByText("Geef een rapportcijfer van 1 tot en met 10.")).toBeVisible();
  await expect(page.getByLabel("Wat neem je mee naar je eigen werk?")).toHaveValue(
    "Eerder doorvragen naar eten en bewegen.",
  );
  await page.getByRole("radio", { name: "8" }).check();
  await page.getByRole("button", { name: "Evaluatie versturen" }).click();
  await expect(page.getByText("Dank je wel voor je evaluatie.")).toBeVisible();
  await expect(page.getByRole("link", { name: "De opname" })).toHaveAttribute(
    "href",
    "https://video.example.org/terugblik",
  );
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Deelnamebewijs ophalen" }).click();
  await expect(page.getByRole("heading", { name: "Deelnamebewijs" })).toBeVisible();
  await expect(page.getByText("heeft deelgenomen aan het webinar")).toBeVisible();
  await expect(page.getByText("60 minuten")).toBeVisible();
  const certificate = new URL(page.url()).pathname;
  await context.close();

  // Anyone may verify the certificate; only attendees may evaluate.
  const visitor = await browser.newContext();
  const check = await visitor.request.get(certificate);
  expect(check.status()).toBe(200);
  await visitor.close();
  const absentContext = await browser.newContext();
  const absentPage = await absentContext.newPage();
  await signIn(absentPage, absentee);
  const refused = await absentPage.goto(`${path}/evaluatie`);
  expect(refused?.status()).toBe(403);
  await absentContext.close();

  await coordinator.reload();
  await expect(coordinator.getByText("gemiddeld 8,0 (1 evaluatie)")).toBeVisible();
  const csv = await (await coordinator.request.get(`/beheer${path}/deelnemers.csv`)).text();
  expect(csv).toMatch(/Lotte Hendriks;.*;aangemeld;.*;ja;8/);
  expect(csv).toMatch(/Ruud Willems;.*;aangemeld;.*;nee;/);
  await coordinatorContext.close();
});
