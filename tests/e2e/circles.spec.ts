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
