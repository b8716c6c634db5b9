import { DEMO, expect, signIn, signOut, test } from "./fixtures";

test("a visitor is sent to sign in and comes back to where they wanted to go", async ({ page }) => {
  await page.goto("/beheer/themas");
  await expect(page).toHaveURL(/\/inloggen\?redirectTo=%2Fbeheer%2Fthemas$/);
  await page.getByLabel("E-mailadres").fill(DEMO.coordinator);
  await page.getByLabel("Wachtwoord").fill("leercirkel-demo");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).toHaveURL(/\/beheer\/themas$/);
  await expect(page.getByRole("heading", { name: "Thema's" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Verklarende analyse" })).toBeVisible();
});

test("a professional is refused at /beheer with a Dutch 403 page", async ({ page }) => {
  await signIn(page, DEMO.professional);
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Beheer" })).toHaveCount(
    0,
  );
  const response = await page.goto("/beheer");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Geen toegang" })).toBeVisible();
});

test("a coordinator may not manage users; an admin grants a role and it is audited", async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  expect((await page.goto("/beheer/gebruikers"))?.status()).toBe(403);
  await signOut(page);

  await signIn(page, DEMO.admin);
  await page.goto("/beheer/gebruikers");
  await page.getByLabel("Zoek op naam, e-mailadres of organisatie").fill("Sanne");
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page.getByText("1 gebruiker gevonden voor “Sanne”.")).toBeVisible();
  await page.getByRole("link", { name: "Sanne de Vries" }).click();
  await page.getByRole("button", { name: "Rol coördinator geven" }).click();
  await expect(page.getByRole("status")).toHaveText("Sanne de Vries heeft nu de rol coördinator.");
  await expect(
    page
      .getByRole("row", { name: /Coördinator/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("Ja");

  await page.goto("/beheer/audit");
  await expect(page.getByRole("row", { name: /Anouk Visser.*Rol gegeven/ }).first()).toBeVisible();

  await page.goto("/beheer/gebruikers");
  await page.getByRole("link", { name: "Sanne de Vries" }).click();
  await page.getByRole("button", { name: "Rol coördinator intrekken" }).click();
  await expect(page.getByRole("status")).toHaveText("Sanne de Vries heeft niet langer de rol coördinator.");
});

test("an admin adds an organisation; a duplicate name is refused at the field", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/beheer/organisaties/nieuw");
  await page.getByLabel("Naam").fill("Gemeente Arnhem");
  await page.getByLabel("Soort organisatie").selectOption({ label: "Gemeente" });
  await page.getByLabel("Regio").selectOption("Centraal Gelderland");
  await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
  await expect(page.getByText("Er is al een organisatie met deze naam.")).toBeVisible();

  await page.getByLabel("Naam").fill("Gemeente Doetinchem");
  await page.getByLabel("Regio").selectOption("Achterhoek");
  await page.getByRole("button", { name: "Organisatie toevoegen" }).click();
  await expect(page.getByRole("status")).toHaveText("Organisatie Gemeente Doetinchem is toegevoegd.");
  await expect(page.getByRole("row", { name: /Gemeente Doetinchem.*Achterhoek/ })).toBeVisible();
});

test("a coordinator adds a theme whose slug is made from its name", async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto("/beheer/themas/nieuw");
  await page.getByLabel("Naam").fill("Traumasensitief werken");
  await page.getByLabel("Beschrijving").fill("Wat traumasensitief werken vraagt van professionals.");
  await page.getByRole("button", { name: "Thema toevoegen" }).click();
  await expect(page.getByRole("status")).toHaveText("Thema Traumasensitief werken is toegevoegd.");
  await expect(page.getByRole("row", { name: /Traumasensitief werken.*traumasensitief-werken/ })).toBeVisible();
});

test("unknown or malformed ids in the admin screens give a Dutch 404", async ({ page }) => {
  await signIn(page, DEMO.admin);
  for (const path of [
    "/beheer/gebruikers/onbekend",
    "/beheer/organisaties/abc",
    "/beheer/organisaties/999999",
    "/beheer/themas/999999",
    "/beheer/mail/0",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Pagina niet gevonden" })).toBeVisible();
  }
});
