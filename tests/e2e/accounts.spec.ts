import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEMO, expect, latestMailTo, linkIn, signIn, signOut, test } from "./fixtures";

test("a new professional registers, confirms by mail, signs out and signs in again", async ({ page }) => {
  const email = `Nieuw.${randomUUID().slice(0, 8)}@Example.nl`;
  const password = "mijn-eigen-wachtwoord";

  await page.goto("/");
  await page.getByRole("link", { name: "Registreren" }).click();
  await page.getByLabel("Naam").fill("Fenna Mulder");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByLabel("Organisatie").selectOption({ label: "Gemeente Ede" });
  await page.getByLabel("Professional").check();
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByRole("heading", { name: "Kijk in je mailbox" })).toBeVisible();

  const mail = latestMailTo(email);
  expect(mail?.subject).toBe("Bevestig je account bij Leercirkel");
  await page.goto(linkIn(mail!.text, "/registreren/bevestigen"));
  await page.getByRole("button", { name: "Bevestig mijn e-mailadres" }).click();
  await expect(page.getByRole("heading", { name: "Welkom, Fenna Mulder" })).toBeVisible();
  await expect(page.getByText("Gemeente Ede (Gemeente)")).toBeVisible();

  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(page.getByRole("status")).toHaveText("Je bent uitgelogd.");
  await expect(page.getByRole("banner").getByRole("link", { name: "Inloggen" })).toBeVisible();

  // The address is matched case-insensitively.
  await signIn(page, email.toLowerCase(), password);
  await expect(page.getByRole("heading", { name: "Welkom, Fenna Mulder" })).toBeVisible();
});

test("registration errors show at the field and keep what was typed, but never the password", async ({ page }) => {
  await page.goto("/registreren");
  await page.getByLabel("Naam").fill("Bram Koster");
  await page.getByLabel("E-mailadres").fill("geen-adres");
  await page.getByLabel("Wachtwoord").fill("kort");
  await page.getByRole("button", { name: "Account aanmaken" }).click();

  const email = page.getByLabel("E-mailadres");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")).toBeVisible();
  await expect(page.getByText("Kies een wachtwoord van minstens 10 tekens.")).toBeVisible();
  await expect(page.getByText("Kies je organisatie.")).toBeVisible();
  await expect(page.getByLabel("Naam")).toHaveValue("Bram Koster");
});

test("registration works without JavaScript and answers the same for a taken address", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/registreren");
  await page.getByLabel("Naam").fill("Iemand Anders");
  await page.getByLabel("E-mailadres").fill("PROFESSIONAL@demo.leercirkel.nl");
  await page.getByLabel("Wachtwoord").fill("nog-een-wachtwoord");
  await page.getByLabel("Organisatie").selectOption({ label: "Gemeente Arnhem" });
  await page.getByLabel("Ervaringsdeskundige").check();
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByRole("heading", { name: "Kijk in je mailbox" })).toBeVisible();
  expect(latestMailTo(DEMO.professional)?.subject).toBe("Je hebt al een account bij Leercirkel");

  // Server-side errors without JavaScript: shown at the field, input kept.
  await page.goto("/registreren");
  await page.getByLabel("Naam").fill("Zonder Script");
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByText("Vul je e-mailadres in.")).toBeVisible();
  await expect(page.getByLabel("Naam")).toHaveValue("Zonder Script");
  await context.close();
});

test("a wrong password gets one Dutch message that does not tell whether the address exists", async ({ page }) => {
  for (const email of [DEMO.professional, "niemand@example.nl"]) {
    await page.goto("/inloggen");
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill("fout-wachtwoord");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByRole("alert")).toHaveText(
      "Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw.",
    );
    await expect(page.getByLabel("E-mailadres")).toHaveValue(email);
    await expect(page.getByLabel("Wachtwoord")).toHaveValue("");
  }
});

test("a forgotten password is reset through the link in the outbox that a coordinator can read", async ({
  browser,
}) => {
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/inloggen");
  await visitor.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await visitor.getByRole("link", { name: "Wachtwoord vergeten?" }).click();
  await expect(visitor.getByRole("heading", { name: "Wachtwoord vergeten" })).toBeVisible();
  await visitor.getByLabel("E-mailadres").fill(DEMO.expert);
  await visitor.getByRole("button", { name: "Stuur de link" }).click();
  await expect(visitor.getByRole("status")).toContainText("Als er een account bij dit e-mailadres hoort");

  // On a laptop without SMTP the coordinator reads the mail at /beheer/mail.
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/mail");
  await coordinator.getByRole("link", { name: "Een nieuw wachtwoord voor Leercirkel" }).first().click();
  await expect(coordinator.getByText(`Aan${DEMO.expert}`)).toBeVisible();
  const link = await coordinator.getByRole("link", { name: /wachtwoord-herstellen/ }).getAttribute("href");

  await visitor.goto(new URL(link!).pathname);
  await visitor.getByLabel("Nieuw wachtwoord", { exact: true }).fill("een-nieuw-wachtwoord");
  await visitor.getByLabel("Herhaal het nieuwe wachtwoord").fill("een-nieuw-wachtwoord");
  await visitor.getByRole("button", { name: "Wachtwoord opslaan" }).click();
  await expect(visitor.getByRole("status")).toHaveText("Je nieuwe wachtwoord is opgeslagen. Je bent ingelogd.");

  // The link works once.
  await visitor.goto(new URL(link!).pathname);
  await expect(visitor.getByRole("heading", { name: "Deze link werkt niet meer" })).toBeVisible();

  await signOut(visitor);
  await signIn(visitor, DEMO.expert, "een-nieuw-wachtwoord");
});

test("a professional downloads everything the platform holds about them, then deletes the account", async ({
  page,
}) => {
  const email = `weg.${randomUUID().slice(0, 8)}@example.nl`;
  const password = "mijn-eigen-wachtwoord";
  await page.goto("/registreren");
  await page.getByLabel("Naam").fill("Jelle Smit");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByLabel("Organisatie").selectOption({ label: "Gemeente Ede" });
  await page.getByLabel("Professional").check();
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByRole("heading", { name: "Kijk in je mailbox" })).toBeVisible();
  await page.goto(linkIn(latestMailTo(email)!.text, "/registreren/bevestigen"));
  await page.getByRole("button", { name: "Bevestig mijn e-mailadres" }).click();
  await expect(page.getByRole("heading", { name: "Welkom, Jelle Smit" })).toBeVisible();

  await page.goto("/account");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Mijn gegevens downloaden" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^leercirkel-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(JSON.stringify(exported)).toContain("Jelle Smit");
  expect(JSON.stringify(exported)).toContain(email);

  await page.goto("/account/verwijderen");
  await page.getByRole("button", { name: "Account definitief verwijderen" }).click();
  await expect(page.getByText("Vink aan dat je begrijpt dat dit niet ongedaan kan worden.")).toBeVisible();
  await page.getByLabel("Je wachtwoord").fill("een-ander-wachtwoord");
  await page.getByLabel("Ik begrijp dat dit niet ongedaan kan worden").check();
  await page.getByRole("button", { name: "Account definitief verwijderen" }).click();
  await expect(page.getByText("Dit is niet je wachtwoord.")).toBeVisible();
  await page.getByLabel("Je wachtwoord").fill(password);
  await page.getByLabel("Ik begrijp dat dit niet ongedaan kan worden").check();
  await page.getByRole("button", { name: "Account definitief verwijderen" }).click();
  await expect(page.getByRole("status")).toHaveText("Je account is verwijderd. Bedankt dat je meedeed met Leercirkel.");

  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.getByText("Het e-mailadres of het wachtwoord klopt niet.", { exact: false })).toBeVisible();
});
