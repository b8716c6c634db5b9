import { amsterdamLocal, DEMO, expect, expectNoAxeViolations, signIn, test } from "./fixtures";

const QUESTION = "Welk thema pakken we in Midden-IJssel/Oost-Veluwe als eerste op?";

test("a ranking poll for a region: vote, change, results after closing, the winner becomes a theme", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The coordinator creates the poll; a mistake is shown at its field.
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/peilingen");
  await expectNoAxeViolations(coordinator);
  await coordinator.getByRole("link", { name: "Nieuwe peiling" }).click();
  await expect(coordinator.getByRole("heading", { name: "Nieuwe peiling" })).toBeVisible();
  await coordinator.getByLabel("Vraag").fill(QUESTION);
  await coordinator
    .getByLabel("Eigen opties, één per regel")
    .fill("Mentaliseren\nSchoolverzuim\nScheiding en loyaliteit");
  await coordinator.getByRole("radio", { name: "Rangschikken (Borda-telling)" }).check();
  await coordinator.getByRole("radio", { name: "Eén regio" }).check();
  await coordinator.getByRole("radio", { name: "Na het sluiten van de peiling" }).check();
  await coordinator.getByRole("button", { name: "Peiling aanmaken" }).click();
  await expect(coordinator.getByText("Kies een regio.")).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await coordinator.getByLabel("Regio (bij één regio)").selectOption("Midden-IJssel/Oost-Veluwe");
  // Open from an hour ago, in Amsterdam time.
  await coordinator.getByLabel("Open vanaf (Nederlandse tijd)").fill(amsterdamLocal(-3600_000));
  await coordinator.getByRole("button", { name: "Peiling aanmaken" }).click();
  await expect(coordinator.getByText("De peiling is aangemaakt.")).toBeVisible();
  const pollPath = new URL(coordinator.url()).pathname.replace("/beheer", "");
  await expectNoAxeViolations(coordinator);

  // A professional from the region ranks the options, then changes the ranking.
  await signIn(page, DEMO.professional);
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Peilingen" }).click();
  const card = page.getByRole("listitem").filter({ hasText: QUESTION });
  await expect(card).toContainText("Nog niet gestemd");
  await expectNoAxeViolations(page);
  await card.getByRole("link").click();
  await expect(page.getByRole("heading", { name: QUESTION })).toBeVisible();
  await page.getByLabel("Mentaliseren").selectOption("1");
  await page.getByLabel("Schoolverzuim").selectOption("1");
  await page.getByRole("button", { name: "Stemmen" }).click();
  await expect(page.getByText("Plaats 1 is twee keer gekozen")).toBeVisible();
  await expect(page.getByLabel("Schoolverzuim")).toHaveValue("1");
  await expectNoAxeViolations(page);
  await page.getByLabel("Schoolverzuim").selectOption("2");
  await page.getByLabel("Scheiding en loyaliteit").selectOption("3");
  await page.getByRole("button", { name: "Stemmen" }).click();
  await expect(page.getByText("Dank je wel, je stem is opgeslagen.")).toBeVisible();
  await expect(page.getByText("De uitslag is te zien als de peiling gesloten is.")).toBeVisible();
  await page.getByLabel("Scheiding en loyaliteit").selectOption("1");
  await page.getByLabel("Mentaliseren").selectOption("2");
  await page.getByLabel("Schoolverzuim").selectOption("3");
  await page.getByRole("button", { name: "Stem wijzigen" }).click();
  await expect(page.getByText("Je stem is gewijzigd.")).toBeVisible();
  await expect(page.getByLabel("Scheiding en loyaliteit")).toHaveValue("1");
  await page.goto("/peilingen");
  await expect(page.getByRole("listitem").filter({ hasText: QUESTION })).toContainText("Gestemd");

  // Someone from another region does not see the poll.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, "sanne.devries@demo.leercirkel.nl");
  await other.goto("/peilingen");
  await expect(other.getByText(QUESTION)).toHaveCount(0);
  expect((await other.goto(pollPath))?.status()).toBe(404);
  await otherContext.close();

  // The coordinator sees the results, closes the poll and makes the winner a theme.
  await coordinator.reload();
  await expect(coordinator.getByText(/1 stemmer van de \d+ mensen/)).toBeVisible();
  const table = coordinator.getByRole("table", { name: "Uitslag per optie" });
  await expect(table.getByRole("row").nth(1)).toContainText("Scheiding en loyaliteit3");
  await coordinator.getByRole("button", { name: "Peiling nu sluiten" }).click();
  await expect(coordinator.getByText("De peiling is gesloten.")).toBeVisible();
  await coordinator
    .getByLabel("Scheiding en loyaliteit: naar thema")
    .selectOption({ label: 'Nieuw thema "Scheiding en loyaliteit"' });
  await coordinator.getByRole("button", { name: "Koppelen: Scheiding en loyaliteit" }).click();
  await expect(coordinator.getByText("Het nieuwe thema Scheiding en loyaliteit is gemaakt")).toBeVisible();
  await expect(coordinator.getByText("Hoort bij thema")).toBeVisible();
  await expectNoAxeViolations(coordinator);
  const csv = await coordinator.request.get(`/beheer${pollPath}/uitslag.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Scheiding en loyaliteit;3;50.0;3");
  await coordinatorContext.close();

  // Now the professional sees the results.
  await page.goto(pollPath);
  await expect(page.getByRole("heading", { name: "Uitslag" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Uitslag per optie" })).toContainText("Scheiding en loyaliteit");
  await expectNoAxeViolations(page);
});

test("a participant suggests an option; it shows once the coordinator adds it", async ({ page, browser }) => {
  const question = "Welke vorm van leren past het best bij je team?";
  const coordinatorContext = await browser.newContext();
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, DEMO.coordinator);
  await coordinator.goto("/beheer/peilingen/nieuw");
  await coordinator.getByLabel("Vraag").fill(question);
  await coordinator.getByLabel("Eigen opties, één per regel").fill("Webinar\nKorte module");
  await coordinator.getByRole("checkbox", { name: "Deelnemers mogen opties voorstellen" }).check();
  await coordinator.getByLabel("Open vanaf (Nederlandse tijd)").fill(amsterdamLocal(-3600_000));
  await coordinator.getByRole("button", { name: "Peiling aanmaken" }).click();
  await expect(coordinator.getByText("De peiling is aangemaakt.")).toBeVisible();
  const pollPath = new URL(coordinator.url()).pathname.replace("/beheer", "");

  await signIn(page, DEMO.professional);
  await page.goto(pollPath);
  await page.getByLabel("Je voorstel").fill("Intervisie met collega's");
  await page.getByRole("button", { name: "Voorstellen" }).click();
  await expect(page.getByText("De coördinator bekijkt je voorstel.", { exact: false })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Intervisie met collega's" })).toHaveCount(0);

  await coordinator.reload();
  await coordinator.getByRole("button", { name: "Toevoegen: Intervisie met collega's" }).click();
  await expect(coordinator.getByText("Het voorstel staat nu bij de opties.")).toBeVisible();
  await coordinatorContext.close();

  await page.reload();
  await page.getByRole("radio", { name: "Intervisie met collega's" }).check();
  await page.getByRole("button", { name: "Stemmen" }).click();
  await expect(page.getByText("Dank je wel, je stem is opgeslagen.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Uitslag per optie" })).toContainText("Intervisie met collega's");
});
