import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { DEMO, expect, expectNoAxeViolations, signIn, test } from "./fixtures";

test("a coordinator follows the circle of a theme: its steps, what belongs to them, and the figures by region", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.coordinator);
  await page.getByRole("link", { name: "Leercirkels" }).click();
  await expect(page.getByRole("heading", { name: "Leercirkels", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Verklarende analyse" }).click();
  await expect(page.getByRole("heading", { name: "Leercirkel Verklarende analyse" })).toBeVisible();
  // The demo circle: the network meeting and the signal (step 1 and 2), the held webinar (step 4), the group (step 5).
  await expect(
    page.getByText("Bij uithuisplaatsingen ontbreekt vaak een verklarende analyse", { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Verklarende analyse: samen tot een gedeeld beeld" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Samen analyseren Noord-Veluwe" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Regio").selectOption("Achterhoek");
  await page.getByRole("button", { name: "Toon cijfers" }).click();
  await expect(page).toHaveURL(/regio=Achterhoek/);
  await expect(page.getByLabel("Regio")).toHaveValue("Achterhoek");
  const unknown = await page.goto("/leercirkels/bestaat-niet");
  expect(unknown?.status()).toBe(404);
});

test("the coordinators' dashboard shows what needs them now", async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto("/beheer");
  await expect(page.getByRole("heading", { name: "Wat nu aandacht vraagt" })).toBeVisible();
  // The demo data: a contribution waiting for review and an overdue action in the demo group.
  await expect(page.getByRole("heading", { name: /^Bijdragen om te beoordelen/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Acties over de einddatum/ })).toBeVisible();
  await page.getByRole("link", { name: /Met de GI een vast moment afspreken/ }).click();
  await expect(page.getByRole("heading", { name: "Actie", exact: true })).toBeVisible();
  await page.goto("/beheer");
  await expectNoAxeViolations(page);
});

test("a coordinator starts a circle at step 4, sets a step's status and records a network meeting", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.coordinator);
  await page.goto("/leercirkels");
  await page.getByText("Een leercirkel starten").click();
  await page.getByRole("button", { name: "Leercirkel starten" }).click();
  await expect(page.getByText("Kies een thema.")).toBeVisible();
  await page.getByLabel("Thema").selectOption({ label: "Autisme" });
  await page.getByLabel("Beginnen bij stap").selectOption("4");
  await page.getByRole("button", { name: "Leercirkel starten" }).click();
  await expect(page.getByText("De leercirkel is gestart.")).toBeVisible();
  await expect(page.getByText("De cirkel begon bij stap 4.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByText("Status van stap 3 vaststellen").click();
  const step3 = page.locator("details", { has: page.getByText("Status van stap 3 vaststellen") });
  await step3.getByLabel("Status").selectOption({ label: "Afgerond" });
  await step3.getByLabel("Toelichting (niet verplicht)").fill("Kader uit de vorige ronde");
  await step3.getByRole("button", { name: "Status opslaan" }).click();
  await expect(page.getByText("Stap 3 is bijgewerkt.")).toBeVisible();
  await expect(page.getByText("(vastgesteld door de coördinator: Kader uit de vorige ronde)")).toBeVisible();

  await page.getByText("Een netwerkoverleg of de jaarlijkse netwerkbijeenkomst vastleggen").click();
  await page.getByRole("button", { name: "Overleg vastleggen" }).click();
  await expect(page.getByText("Vul in wie er meededen: minstens één deelnemer.")).toBeVisible();
  await page.getByLabel("Gemeente").fill("3");
  await page.getByLabel("Ervaringsdeskundigen").fill("2");
  await page.getByLabel("Besluiten").fill("Een webinar over autisme in het gezin, met ouders.");
  await page.getByRole("button", { name: "Overleg vastleggen" }).click();
  await expect(page.getByText("Het netwerkoverleg is vastgelegd.")).toBeVisible();
  await expect(
    page.getByText("besloten: Een webinar over autisme in het gezin, met ouders.", { exact: false }),
  ).toBeVisible();
});

/** Counts rows in the e2e database: the figures on a page must be the rows they count. */
function countRows(query: string, ...params: unknown[]) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return (db.prepare(query).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("a coordinator follows one theme from a signal through a poll, a webinar, a module and a group to the yearly report", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const title = `Ouders missen een gedeelde verklaring bij een ondertoezichtstelling ${Date.now()}`;
  await signIn(page, DEMO.coordinator);

  // A signal from casework, recorded without a theme: the dashboard asks to place it.
  await page.goto("/beheer/signalen/nieuw");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Signaal vastleggen" }).click();
  await expect(page.getByText("Vat het signaal samen in een titel.")).toBeVisible();
  await expect(page.getByText("Kies de bron van het signaal.")).toBeVisible();
  await page.getByLabel("Het signaal in één zin").fill(title);
  await page.getByLabel("Toelichting (niet verplicht)").fill("Zoals bij het gezin met BSN 123456782.");
  await page.getByLabel("Lacune").check();
  await page.getByLabel("Bron").selectOption({ label: "Casuïstiekonderzoek" });
  await page.getByLabel("Regio").selectOption("Noord-Veluwe");
  await page.getByRole("button", { name: "Signaal vastleggen" }).click();
  await expect(page.getByText("Dit lijkt een burgerservicenummer te bevatten.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Het signaal in één zin")).toHaveValue(title);
  await page
    .getByLabel("Toelichting (niet verplicht)")
    .fill("In vier van de zes onderzochte ondertoezichtstellingen stond de verklaring van ouders niet in het plan.");
  await page.getByRole("button", { name: "Signaal vastleggen" }).click();
  await expect(page.getByText("Het signaal is vastgelegd.")).toBeVisible();

  await page.goto("/beheer");
  await expect(page.getByRole("heading", { name: /^Signalen zonder thema/ })).toBeVisible();
  await page.getByRole("link", { name: "Signalen aan een thema koppelen" }).click();
  await expect(page).toHaveURL(/\/beheer\/signalen\?thema=zonder$/);
  await expectNoAxeViolations(page);
  const row = page.getByRole("row", { name: new RegExp(title) });
  await row.getByRole("button", { name: "Koppelen" }).click();
  await expect(page.getByRole("row", { name: new RegExp(title) }).getByText("Kies een thema.")).toBeVisible();
  await page
    .getByRole("row", { name: new RegExp(title) })
    .getByLabel("Thema voor dit signaal")
    .selectOption({ label: "Verklarende analyse" });
  await page
    .getByRole("row", { name: new RegExp(title) })
    .getByRole("button", { name: "Koppelen" })
    .click();
  await expect(page.getByText("Het signaal is aan het thema gekoppeld.")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(title) })).toHaveCount(0);

  // The signal, with one still without a theme, proposes the options of a new theme poll.
  await page.goto("/beheer/signalen");
  await page
    .getByRole("row", { name: new RegExp(title) })
    .getByRole("checkbox")
    .check();
  await page
    .getByRole("row", { name: /Jongeren met een eetstoornis wachten langer/ })
    .getByRole("checkbox")
    .check();
  await page.getByRole("button", { name: "Peiling maken met de aangevinkte signalen" }).click();
  await expect(page.getByRole("heading", { name: "Nieuwe peiling" })).toBeVisible();
  await expect(page.getByText("De opties komen uit 2 signalen")).toBeVisible();
  await expect(page.getByLabel("Verklarende analyse")).toBeChecked();
  await expect(page.getByLabel("Eigen opties, één per regel")).toHaveValue(
    "Jongeren met een eetstoornis wachten langer op specialistische behandeling",
  );
  await page.getByLabel("Vraag").fill("Waar moet de leercirkel verklarende analyse eerst mee aan de slag?");
  await page.getByRole("button", { name: "Peiling aanmaken" }).click();
  await expect(page.getByText("De peiling is aangemaakt.")).toBeVisible();

  // The circle: the signal in step 2, the webinar with its poll, the module and the group.
  await page.goto("/leercirkels/verklarende-analyse");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("link", { name: "Verklarende analyse: samen tot een gedeeld beeld" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Samen analyseren Noord-Veluwe" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Modules" }).getByRole("link")).not.toHaveCount(0);

  // The yearly report: figures that are the rows they count, highlights, lessons, CSV.
  await page.getByRole("link", { name: "Jaaropbrengst van deze leercirkel" }).click();
  const year = new Date().getFullYear();
  await expect(
    page.getByRole("heading", { name: `Jaaropbrengst ${year}: leercirkel Verklarende analyse` }),
  ).toBeVisible();
  const from = new Date(`${year}-01-01T00:00:00+01:00`).getTime();
  const completed = countRows(
    "select count(*) as n from intervention_progress where slug = 'verklarende-analyse' and completed_at >= ?",
    from,
  );
  const started = countRows(
    "select count(*) as n from intervention_progress where slug = 'verklarende-analyse' and started_at >= ?",
    from,
  );
  expect(completed).toBeGreaterThan(0);
  await expect(
    page.getByRole("definition").filter({ hasText: `${started} gestart, ${completed} afgerond` }),
  ).toBeVisible();
  await expect(page.getByText("Een leercirkel over verklarende analyse: een webinar", { exact: false })).toBeVisible();
  await expect(
    page.getByText("We beschrijven vaak wat er gebeurt, maar verklaren het zelden.", { exact: false }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByText(`Hoogtepunten ${year} schrijven`).click();
  await page
    .getByLabel(`Hoogtepunten van leercirkel Verklarende analyse in ${year}`)
    .fill("Wijkteams en GI in Noord-Veluwe maken de verklarende analyse nu samen, met ouders aan tafel.");
  await page.getByRole("button", { name: "Hoogtepunten opslaan" }).click();
  await expect(page.getByText("De hoogtepunten zijn opgeslagen.")).toBeVisible();
  await expect(page.getByText("Wijkteams en GI in Noord-Veluwe maken de verklarende analyse nu samen")).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download als CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv).toContain(`Modules afgerond;${completed}`);
  expect(csv).toContain("Wijkteams en GI in Noord-Veluwe maken de verklarende analyse nu samen");

  // All circles together; a coordinator-only page.
  await page.getByLabel("Leercirkel", { exact: true }).selectOption({ label: "Alle leercirkels" });
  await page.getByRole("button", { name: "Toon jaaropbrengst" }).click();
  await expect(page.getByRole("heading", { name: `Jaaropbrengst ${year}: alle leercirkels` })).toBeVisible();
  expect((await page.goto("/leercirkels/jaaropbrengst?cirkel=bestaat-niet"))?.status()).toBe(404);
});

test("professionals see no yearly report and no signals", async ({ page }) => {
  await signIn(page, DEMO.professional);
  expect((await page.goto("/leercirkels/jaaropbrengst"))?.status()).toBe(403);
  expect((await page.request.get("/leercirkels/jaaropbrengst.csv")).status()).toBe(403);
  expect((await page.goto("/beheer/signalen"))?.status()).toBe(403);
});
