import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import type { Page } from "@playwright/test";
import { DEMO, expect, expectNoAxeViolations, signIn, test } from "./fixtures";

const SLUG = "verklarende-analyse";

/** Answers a module's knowledge check, reads the feedback and tries again until it is passed. */
async function passKnowledgeCheck(page: Page, slug: string) {
  const check = page.locator("#deel-kennischeck");
  const questions = check.locator("fieldset.quiz-question");
  const count = await questions.count();
  expect(count).toBeGreaterThanOrEqual(3);
  const chosen = Array.from({ length: count }, () => 0);
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let q = 0; q < count; q++)
      await questions
        .nth(q)
        .getByRole("radio")
        .nth(chosen[q] ?? 0)
        .check();
    // Wait for this attempt's answer and the page's fresh data, not the previous attempt's result.
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/leren/${slug}`));
    const refreshed = page.waitForResponse((r) => r.request().method() === "GET" && r.url().includes(".data"));
    await check.getByRole("button", { name: /controleren|Controleer mijn antwoorden/ }).click();
    await answered;
    await refreshed;
    await expect(check.getByText(/van de \d+ goed\./)).toBeVisible();
    if (await check.getByText("Je hebt de kennischeck gehaald.").isVisible()) return;
    for (let q = 0; q < count; q++) {
      if (await questions.nth(q).getByText("Niet goed.").isVisible()) chosen[q] = (chosen[q] ?? 0) + 1;
    }
  }
  await expect(check.getByText("Je hebt de kennischeck gehaald.")).toBeVisible();
}

test("a professional finds a module, works through it, passes the check, gets a certificate and looks back later", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO.professional);

  // The catalogue, with search.
  const menu = page.getByRole("navigation", { name: "Hoofdmenu" });
  await expect(menu.getByRole("link", { name: "Start" })).toHaveAttribute("aria-current", "page");
  await menu.getByRole("link", { name: "Leren" }).click();
  await expect(page.getByRole("heading", { name: "Leren", level: 1 })).toBeVisible();
  // The menu follows a navigation in the browser: the section is marked, the start page no longer.
  await expect(menu.getByRole("link", { name: "Leren" })).toHaveAttribute("aria-current", "page");
  await expect(menu.getByRole("link", { name: "Start" })).not.toHaveAttribute("aria-current");
  await expectNoAxeViolations(page);
  await page.getByLabel("Zoeken", { exact: true }).fill("verklarende");
  await page.getByRole("button", { name: "Toon modules" }).click();
  await expect(page.getByText(/^1 van de \d+ modules\./)).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2 }) });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Nog niet begonnen");
  await card.getByRole("link").click();

  // The module page.
  await expect(page).toHaveURL(new RegExp(`/leren/${SLUG}$`));
  // Read the title once the module is on screen (the URL changes a moment before the page does).
  await expect(page.getByRole("heading", { name: "Voortgang: 0 van de 5 onderdelen" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Leren" })).toHaveAttribute("aria-current", "page");
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await expectNoAxeViolations(page);

  // Knowledge, by keyboard.
  await page.getByRole("button", { name: "Kennis is klaar" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Het onderdeel Kennis is afgerond.")).toBeVisible();

  // Apply: a private answer, the intention, done.
  const apply = page.locator("#deel-toepassen");
  await apply.getByRole("textbox").first().fill("Ik bespreek elke nieuwe casus eerst met het wijkteam.");
  await apply.getByRole("button", { name: "Antwoord opslaan" }).first().click();
  await expect(apply.getByText("Je antwoord is opgeslagen.").first()).toBeVisible();
  await page
    .getByLabel("Wat ga ik de komende weken anders doen?")
    .fill("Bij elke crisis eerst samen een verklarende analyse maken.");
  await page.getByRole("button", { name: "Voornemen opslaan" }).click();
  await expect(page.getByText(/Je voornemen is opgeslagen\. Op .* vragen we hoe het ging\./)).toBeVisible();
  await page.getByRole("button", { name: "Toepassen is klaar" }).click();
  await page.getByRole("button", { name: "Ervaringsdeskundigheid is klaar" }).click();
  await expect(page.getByText("Het onderdeel Ervaringsdeskundigheid is afgerond.")).toBeVisible();

  // The knowledge check: answer, read the feedback, try again until it is passed.
  await passKnowledgeCheck(page, SLUG);
  const check = page.locator("#deel-kennischeck");
  await expect(check.getByText("Je hebt de kennischeck gehaald.")).toBeVisible();

  // The close, and completion.
  await page.getByRole("button", { name: "Afsluiting is klaar" }).click();
  await expect(page.getByText(/Je hebt deze module afgerond op/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Voortgang: 5 van de 5 onderdelen" })).toBeVisible();

  // The evaluation.
  await page.getByRole("radio", { name: "8", exact: true }).check();
  await page.getByLabel("Wat was het nuttigst?").fill("De casus en de stappen voor wijkteam en GI samen.");
  await page.getByRole("button", { name: "Evaluatie versturen" }).click();
  await expect(page.getByText("Dank je wel voor je evaluatie.").first()).toBeVisible();

  // The certificate, verifiable by anyone without signing in.
  await page.getByRole("link", { name: "Bekijk en print je deelnamebewijs" }).click();
  await expect(page.getByRole("heading", { name: "Deelnamebewijs" })).toBeVisible();
  await expect(page.getByRole("main").getByText("Petra Jansen")).toBeVisible();
  await expect(page.getByText(title.trim())).toBeVisible();
  const certificateUrl = new URL(page.url()).pathname;
  const visitor = await (await browser.newContext()).newPage();
  const response = await visitor.goto(certificateUrl);
  expect(response?.status()).toBe(200);
  await expect(visitor.getByText("Petra Jansen")).toBeVisible();
  await expectNoAxeViolations(visitor);
  // The same certificate as a PDF, for a portfolio or the SKJ register.
  const [download] = await Promise.all([
    visitor.waitForEvent("download"),
    visitor.getByRole("link", { name: "Download als pdf" }).click(),
  ]);
  const code = certificateUrl.split("/").pop();
  expect(download.suggestedFilename()).toBe(`deelnamebewijs-${code}.pdf`);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect((await visitor.goto("/deelnamebewijs/AAAA-BBBB-CCCC"))?.status()).toBe(404);

  // Weeks later: the check-in is due (the date is moved instead of waiting three weeks).
  const db = new Database(E2E_DATABASE);
  db.prepare(
    "update intentions set check_in_on = date('now', '-1 day') where slug = ? and user_id = (select id from users where email = ?)",
  ).run(SLUG, DEMO.professional);
  db.close();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Tijd om terug te kijken" })).toBeVisible();
  await page.getByRole("link", { name: `Terugblik op ${title.trim()}` }).click();
  await expect(page.getByText("Bij elke crisis eerst samen een verklarende analyse maken.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { name: "Deels" }).check();
  await page.getByLabel("Wat is er gebeurd?").fill("Twee keer gelukt, één keer ging het te snel.");
  await page.getByRole("button", { name: "Terugblik opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("Dank je wel voor je terugblik.");
  await expect(page.getByRole("heading", { name: "Tijd om terug te kijken" })).toHaveCount(0);
});

test("a module works without JavaScript: marking a part, refusing a BSN in a reflection, keeping a check's answers", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(DEMO.coordinator); // the expert's password is changed by accounts.spec.ts
  await page.getByLabel("Wachtwoord").fill("leercirkel-demo");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.goto(`/leren/${SLUG}`);
  await page.getByRole("button", { name: "Kennis is klaar" }).click();
  await expect(page).toHaveURL(new RegExp(`/leren/${SLUG}#deel-toepassen$`));
  await expect(page.getByText("Het onderdeel Kennis is afgerond.")).toBeVisible();

  const apply = page.locator("#deel-toepassen");
  await apply.getByRole("textbox").first().fill("Het gezin met BSN 123456782 heb ik besproken.");
  await apply.getByRole("button", { name: "Antwoord opslaan" }).first().click();
  await expect(page.getByText(/Dit lijkt een burgerservicenummer te bevatten/)).toBeVisible();
  await expect(page.locator("#deel-toepassen").getByRole("textbox").first()).toHaveValue(
    "Het gezin met BSN 123456782 heb ik besproken.",
  );

  // The knowledge check with one question answered: the others are marked, the chosen answer stays.
  const quiz = page.locator("form.quiz");
  const firstChoice = quiz.getByRole("group").first().getByRole("radio").nth(1);
  await firstChoice.check();
  await quiz.getByRole("button", { name: "Controleer mijn antwoorden" }).click();
  await expect(page.locator("form.quiz").getByText("Kies een antwoord.").first()).toBeVisible();
  await expect(page.locator("form.quiz").getByRole("group").first().getByRole("radio").nth(1)).toBeChecked();
  await expect(page.locator("form.quiz").getByRole("group").first().getByText("Kies een antwoord.")).toHaveCount(0);
  await context.close();
});

test("a coordinator sees the figures per module and downloads them", async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto("/beheer/leren");
  await expect(page.getByRole("heading", { name: "Leren: cijfers per module" })).toBeVisible();
  await expectNoAxeViolations(page);
  const download = await page.request.get("/beheer/leren/export.csv");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toContain("text/csv");
  expect(await download.text()).toContain("slug;titel;thema;gestart;afgerond");
});

test("visitors may browse the catalogue but must sign in for a module; an unknown module is a 404", async ({
  page,
}) => {
  await page.goto("/leren");
  await expect(page.getByText("Log in om een module te volgen")).toBeVisible();
  await page.goto(`/leren/${SLUG}`);
  await expect(page).toHaveURL(/\/inloggen\?redirectTo=/);
  await signIn(page, DEMO.professional);
  expect((await page.goto("/leren/bestaat-niet"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Pagina niet gevonden" })).toBeVisible();
});

test("the article comes with the page once and stays through saving and client-side navigation", async ({ page }) => {
  await signIn(page, DEMO.admin);
  const response = await page.goto(`/leren/${SLUG}`);
  const html = (await response?.text()) ?? "";
  // In the page, not a second time in the hydration data.
  expect(html.split("Driekwart zonder verklaring").length - 1).toBe(1);
  const heading = page.getByRole("heading", { name: "Driekwart zonder verklaring" });
  await expect(heading).toBeVisible();
  const segments = await page.locator("[data-segment]").count();
  expect(segments).toBeGreaterThan(1);

  // Saving revalidates the page's data; the article stays as it was.
  await page.getByRole("button", { name: "Kennis is klaar" }).click();
  await expect(page.getByText("Het onderdeel Kennis is afgerond.")).toBeVisible();
  await expect(heading).toBeVisible();
  await expect(page.locator("[data-segment]")).toHaveCount(segments);
  await page.getByRole("button", { name: "Kennis toch weer openzetten" }).click();
  await expect(page.getByRole("button", { name: "Kennis is klaar" })).toBeVisible();

  // To the catalogue and back without a page load: the data carries the article then.
  await page.getByRole("link", { name: "Leren", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Leren", level: 1 })).toBeVisible();
  await page
    .getByRole("link", { name: /Verklarende analyse/ })
    .first()
    .click();
  await expect(heading).toBeVisible();
  await expect(page.getByRole("heading", { name: "Vijf valkuilen" })).toBeVisible();
});

test("the server renders a module's forms and links as the browser does, in every state", async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const slug = "autisme-in-het-gezin";
  await signIn(page, DEMO.coordinator);
  await page.goto(`/leren/${slug}`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });

  // Each form and link as markup with its attributes in order and without the comments the server
  // puts between texts (the browser builds the same nodes in its own order and without them).
  const parts = page.locator("header a, article.module a, article.module form");
  const markup = () =>
    parts.evaluateAll((list) =>
      list.map((element) => {
        const write = (node: Node): string => {
          if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
          if (!(node instanceof Element)) return "";
          const attributes = [...node.attributes].map((a) => ` ${a.name}="${a.value}"`).sort();
          const children = [...node.childNodes].map(write).join("");
          return `<${node.localName}${attributes.join("")}>${children}</${node.localName}>`;
        };
        return write(element);
      }),
    );
  // The page as the server made it (after hydration each form has gained its fetch field, and
  // React keeps the server's attributes: a difference would stay in the page), then as the
  // browser renders it: away and back without a page load.
  const expectServerAndBrowserAlike = async () => {
    await page.goto(`/leren/${slug}`);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const forms = page.locator("article.module form");
    await expect(forms.locator('input[name="fetch"]')).toHaveCount(await forms.count());
    const fromServer = await markup();
    expect(fromServer.length).toBeGreaterThan(10);
    await page.getByRole("link", { name: "Leren", exact: true }).first().click();
    await expect(page.getByRole("heading", { name: "Leren", level: 1 })).toBeVisible();
    await page
      .getByRole("link", { name: /Autisme in het gezin/ })
      .first()
      .click();
    await expect(page.locator("form.quiz")).toBeVisible();
    expect(await markup()).toEqual(fromServer);
  };

  // Some state in every kind of form: a part done, an answer, an attempt at the check, an intention.
  await page.getByRole("button", { name: "Kennis is klaar" }).click();
  await expect(page.getByText("Het onderdeel Kennis is afgerond.")).toBeVisible();
  const reflection = page.locator("form.reflection").first();
  await reflection.locator("textarea").fill("Ik vraag vaker door.");
  await reflection.getByRole("button", { name: "Antwoord opslaan" }).click();
  await expect(reflection.getByText("Je antwoord is opgeslagen.")).toBeVisible();
  const check = page.locator("form.quiz");
  for (const question of await check.getByRole("group").all()) await question.getByRole("radio").first().check();
  await check.getByRole("button", { name: "Controleer mijn antwoorden" }).click();
  await expect(check.getByText(/van de \d+ goed\./)).toBeVisible();
  await page.getByLabel("Wat ga ik de komende weken anders doen?").fill("Eerst vragen wat het kind prikkelt.");
  await page.getByRole("button", { name: "Voornemen opslaan" }).click();
  await expect(page.getByText(/Je voornemen is opgeslagen/)).toBeVisible();
  await expectServerAndBrowserAlike();

  // Completed, with the certificate's link and an evaluation.
  await passKnowledgeCheck(page, slug);
  for (const part of ["Toepassen", "Ervaringsdeskundigheid", "Afsluiting"]) {
    await page.getByRole("button", { name: `${part} is klaar` }).click();
    await expect(page.getByText(`Het onderdeel ${part} is afgerond.`)).toBeVisible();
  }
  await expect(page.getByText(/Je hebt deze module afgerond op/)).toBeVisible();
  await page.getByRole("radio", { name: "7", exact: true }).check();
  await page.getByRole("button", { name: "Evaluatie versturen" }).click();
  await expect(page.getByText("Dank je wel voor je evaluatie.").first()).toBeVisible();
  await expectServerAndBrowserAlike();
  expect(errors).toEqual([]);
});
