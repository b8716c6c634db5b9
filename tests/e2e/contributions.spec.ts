import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { DEMO, expect, expectNoAxeViolations, latestMailTo, signIn, test } from "./fixtures";

const SLUG = "verklarende-analyse";

test.beforeAll(() => {
  // accounts.spec.ts changes the expert's password; all demo accounts share one.
  const db = new Database(E2E_DATABASE);
  db.prepare("update users set password_hash = (select password_hash from users where email = ?) where email = ?").run(
    DEMO.professional,
    DEMO.expert,
  );
  db.close();
});

test("an expert's don't is returned, edited, published into the module, credited as chosen, and withdrawn", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const first = "Praat niet over ons zonder ons. Vraag eerst hoe wij het zelf zien.";
  const edited =
    "Praat niet over ons zonder ons. Toen de jeugdbeschermer eerst vroeg hoe wij het zelf zagen, kon ik pas echt vertellen wat er thuis speelde.";

  // The expert writes a don't; the privacy guard refuses a name with a date of birth.
  await signIn(page, DEMO.expert);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn bijdragen" }).click();
  await expect(page.getByRole("heading", { name: "Mijn bijdragen", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Nieuwe bijdrage schrijven" }).click();
  await expect(page.getByRole("heading", { name: "Nieuwe bijdrage" })).toBeVisible();
  await page.getByRole("radio", { name: /^Niet doen/ }).check();
  await page.getByLabel("Je bijdrage").fill("Mijn zoon Daan Jansen (12-03-2012) werd nooit gevraagd wat hij wilde.");
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: "Verklarende analyse" });
  await page.getByRole("checkbox", { name: /Verklarende analyse: samen begrijpen/ }).check();
  await page.getByRole("radio", { name: "Ouder" }).check();
  await page.getByRole("radio", { name: "Met mijn voornaam" }).check();
  await page.getByRole("button", { name: "Indienen" }).click();
  await expect(page.getByText(/Dit lijkt een naam met een geboortedatum/)).toBeVisible();
  await expect(page.getByLabel("Je bijdrage")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("radio", { name: "Met mijn voornaam" })).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByLabel("Je bijdrage").fill(first);
  await page.getByRole("button", { name: "Indienen" }).click();
  await expect(page.getByText("Je bijdrage is ingediend.", { exact: false })).toBeVisible();
  await expect(page.getByText("Ingediend", { exact: true }).first()).toBeVisible();
  const contributionUrl = page.url();
  await expectNoAxeViolations(page);

  // The coordinator finds it in the queue of its theme and returns it with a question.
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/bijdragen");
  await expect(coordinator.getByRole("heading", { name: /Verklarende analyse \(\d+\)/ })).toBeVisible();
  await expectNoAxeViolations(coordinator);
  const card = coordinator.getByRole("listitem").filter({ hasText: first });
  await card.getByRole("link", { name: /Beoordelen/ }).click();
  await expect(coordinator.getByRole("heading", { name: "Niet doen van Yara El Amrani" })).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByRole("button", { name: "Terugsturen" }).click();
  await expect(coordinator.getByText("Schrijf wat de bijdrager moet aanpassen.")).toBeVisible();
  await coordinator.getByLabel("Wat moet de bijdrager aanpassen?").fill("Kun je een voorbeeld geven van hoe dat ging?");
  await coordinator.getByRole("button", { name: "Terugsturen" }).click();
  await expect(coordinator.getByText("De bijdrage is teruggestuurd")).toBeVisible();
  expect(latestMailTo(DEMO.expert)?.subject).toBe("Je bijdrage is teruggestuurd");

  // The expert sees it on the start page, edits and resubmits.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Nieuw over je bijdragen" })).toBeVisible();
  await expect(page.getByText("Kun je een voorbeeld geven van hoe dat ging?")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(contributionUrl);
  await expect(page.getByText("Vraag van de coördinator:")).toBeVisible();
  await page.getByLabel("Je bijdrage").fill(edited);
  await page.getByRole("button", { name: "Indienen" }).click();
  await expect(page.getByText("Je bijdrage is opnieuw ingediend.")).toBeVisible();

  // The coordinator publishes.
  await coordinator.goto("/beheer/bijdragen");
  await coordinator
    .getByRole("listitem")
    .filter({ hasText: "Toen de jeugdbeschermer eerst vroeg" })
    .getByRole("link", { name: /Beoordelen/ })
    .click();
  await coordinator.getByRole("button", { name: "Publiceren" }).click();
  await expect(coordinator.getByText("De bijdrage is gepubliceerd.")).toBeVisible();

  // A professional reads it in the lived-experience part of the module, credited as chosen.
  const professionalContext = await browser.newContext();
  const professional = await professionalContext.newPage();
  await signIn(professional, DEMO.professional);
  await professional.goto(`/leren/${SLUG}`);
  const experience = professional.locator("#deel-ervaring");
  const item = experience.getByRole("listitem").filter({ hasText: "Toen de jeugdbeschermer eerst vroeg" });
  await expect(item).toBeVisible();
  await expect(item).toContainText("Niet doen");
  await expect(item).toContainText("— Yara, ouder");
  await expectNoAxeViolations(professional);

  // The expert withdraws it; it is gone from the module at once.
  await page.goto(contributionUrl);
  await page.getByRole("button", { name: "Bijdrage intrekken" }).click();
  await expect(page.getByText("Vink aan dat je deze bijdrage wilt intrekken.")).toBeVisible();
  await page.getByRole("checkbox", { name: /Ja, ik trek deze bijdrage in/ }).check();
  await page.getByRole("button", { name: "Bijdrage intrekken" }).click();
  await expect(page.getByText("Je bijdrage is ingetrokken.", { exact: false })).toBeVisible();
  await professional.reload();
  await expect(professional.locator("#deel-ervaring")).not.toContainText("Toen de jeugdbeschermer eerst vroeg");

  await coordinatorContext.close();
  await professionalContext.close();
});

test("only its author opens a contribution; drafts stay out of review; professionals cannot review", async ({
  page,
  browser,
}) => {
  await signIn(page, DEMO.expert);
  await page.goto("/bijdragen/nieuw");
  await page.getByRole("radio", { name: /^Tip/ }).check();
  await page.getByLabel("Je bijdrage").fill("Een concept dat niemand anders mag zien.");
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: "Autisme" });
  await page.getByRole("radio", { name: "Jongere" }).check();
  await page.getByRole("radio", { name: "Anoniem" }).check();
  await page.getByRole("button", { name: "Bewaren als concept" }).click();
  await expect(page.getByText("Je concept is bewaard.", { exact: false })).toBeVisible();
  const draftPath = new URL(page.url()).pathname;

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, DEMO.coordinator);
  // A coordinator is not its author, and drafts are not in the review screens.
  expect((await other.goto(draftPath))?.status()).toBe(403);
  const id = draftPath.split("/").pop();
  expect((await other.goto(`/beheer/bijdragen/${id}`))?.status()).toBe(404);
  await otherContext.close();

  const professionalContext = await browser.newContext();
  const professional = await professionalContext.newPage();
  await signIn(professional, DEMO.professional);
  expect((await professional.goto("/beheer/bijdragen"))?.status()).toBe(403);
  expect((await professional.goto("/bijdragen"))?.status()).toBe(403);
  const post = await professional.request.post(`/beheer/bijdragen/${id}`, {
    form: { intent: "publish" },
    headers: { Origin: new URL(professional.url()).origin },
  });
  expect(post.status()).toBe(403);
  await professionalContext.close();
});

test("a coordinator invites an expert, who sees the invitation and writes from it", async ({ page, browser }) => {
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/bijdragen/uitnodigen");
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("E-mailadres").fill(DEMO.expert);
  await coordinator.getByLabel("Thema", { exact: true }).selectOption({ label: "Eetstoornissen" });
  await coordinator.getByLabel("Persoonlijk bericht (niet verplicht)").fill("Jouw ervaring met signalen is welkom.");
  await coordinator.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(coordinator.getByText(`De uitnodiging is verstuurd naar ${DEMO.expert}.`)).toBeVisible();
  expect(latestMailTo(DEMO.expert)?.subject).toBe("Uitnodiging: deel je ervaring over Eetstoornissen");
  await coordinatorContext.close();

  await signIn(page, DEMO.expert);
  await expect(page.getByText("nodigt je uit voor het thema Eetstoornissen")).toBeVisible();
  await page.getByRole("link", { name: "Schrijf je bijdrage" }).first().click();
  await expect(page.getByText("Jouw ervaring met signalen is welkom.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Thema", { exact: true })).toHaveValue(/\d+/);
  await expect(page.getByLabel("Thema", { exact: true }).locator("option:checked")).toHaveText("Eetstoornissen");
});

test("the contribution form works without JavaScript: errors at the fields, input kept, then saved", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(DEMO.expert);
  await page.getByLabel("Wachtwoord").fill("leercirkel-demo");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.goto("/bijdragen/nieuw");
  await page.getByLabel("Je bijdrage").fill("Een tip met BSN 123456782 erin.");
  await page.getByRole("button", { name: "Indienen" }).click();
  await expect(page.getByText("Kies wat voor bijdrage het is.")).toBeVisible();
  await expect(page.getByText("Kies een thema.")).toBeVisible();
  await expect(page.getByText(/burgerservicenummer/)).toBeVisible();
  await expect(page.getByLabel("Je bijdrage")).toHaveValue("Een tip met BSN 123456782 erin.");
  await page.getByRole("radio", { name: /^Tip/ }).check();
  await page.getByLabel("Je bijdrage").fill("Zeg het eerlijk als je iets niet weet, en zoek het samen uit.");
  await page.getByLabel("Thema", { exact: true }).selectOption({ label: "Luisteren naar ouders en jeugdigen" });
  await page.getByRole("checkbox", { name: /Verklarende analyse: samen begrijpen/ }).check();
  await page.getByRole("radio", { name: "Anders" }).check();
  await page.getByRole("radio", { name: "Anoniem" }).check();
  await page.getByRole("button", { name: "Bewaren als concept" }).click();
  // The module belongs to another theme: refused at the field, the rest kept.
  await expect(page.getByText(/Deze module hoort niet bij het gekozen thema/)).toBeVisible();
  await expect(page.getByRole("radio", { name: "Anoniem" })).toBeChecked();
  await page.getByRole("checkbox", { name: /Verklarende analyse: samen begrijpen/ }).uncheck();
  await page.getByRole("button", { name: "Bewaren als concept" }).click();
  await expect(page.getByText("Je concept is bewaard.", { exact: false })).toBeVisible();
  await expect(page.getByText("Concept", { exact: true }).first()).toBeVisible();
  await context.close();
});
