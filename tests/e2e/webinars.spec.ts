import { DEMO, expect, expectNoAxeViolations, latestMailTo, signIn, test } from "./fixtures";

const TITLE = "Samen een verklarende analyse maken";

function amsterdam(offsetMs: number) {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  })
    .format(new Date(Date.now() + offsetMs))
    .replace(" ", "T");
}

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
  await coordinator.getByLabel("Begin (Nederlandse tijd)").fill(amsterdam(20 * 60_000));
  await coordinator.getByLabel("Einde (Nederlandse tijd)").fill(amsterdam(80 * 60_000));
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

  expect(latestMailTo(people[0]!)?.subject).toBe(`Aangemeld: ${TITLE}`);
  expect(latestMailTo(people[2]!)?.subject).toBe(`Wachtlijst: ${TITLE}`);
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
  expect(latestMailTo(people[2]!)?.subject).toBe(`Aangemeld: ${TITLE}`);

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
  await manager.getByLabel("Begin (Nederlandse tijd)").fill(amsterdam(80 * 60_000));
  await manager.getByLabel("Einde (Nederlandse tijd)").fill(amsterdam(140 * 60_000));
  await manager.getByRole("button", { name: "Wijzigingen opslaan" }).click();
  await expect(manager.getByText("Wie zich aanmeldde krijgt de wijziging", { exact: false })).toBeVisible();
  expect(latestMailTo(people[1]!)?.subject).toBe(`Gewijzigd: ${TITLE}`);
  await manager.getByRole("button", { name: "Webinar annuleren" }).click();
  await expect(manager.getByText("Vink aan dat het webinar niet doorgaat.")).toBeVisible();
  await manager.getByRole("checkbox", { name: "Ja, dit webinar gaat niet door." }).check();
  await manager.getByRole("button", { name: "Webinar annuleren" }).click();
  await expect(manager.getByText("Het webinar is geannuleerd", { exact: false })).toBeVisible();
  expect(latestMailTo(people[1]!)?.subject).toBe(`Gaat niet door: ${TITLE}`);
  await managerContext.close();
});
