import { DEMO, expect, expectNoAxeViolations, signIn, test } from "./fixtures";

test("axe finds no violations on the start page, sign-in and registration", async ({ page }) => {
  for (const path of ["/", "/inloggen", "/registreren", "/wachtwoord-vergeten", "/pagina-die-niet-bestaat"]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
  // With the field errors showing as well.
  await page.goto("/registreren");
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByText("Vul je naam in.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("axe finds no violations on the signed-in pages and the admin screens", async ({ page }) => {
  // Eleven full scans at ~2.3 s each (axe's own start-up per page, measured): more than the default 30 s
  // on a busy machine.
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin);
  for (const path of [
    "/",
    "/account",
    "/account/verwijderen",
    "/beheer",
    "/beheer/gebruikers",
    "/beheer/organisaties",
    "/beheer/organisaties/nieuw",
    "/beheer/themas",
    "/beheer/mail",
    "/beheer/audit",
    "/beheer/audit?persoon=Sanne",
  ]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
});

test("pages fit a 320 px wide screen without sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  for (const path of ["/", "/inloggen", "/registreren"]) {
    await page.goto(path);
    expect(await overflow(), path).toBeLessThanOrEqual(0);
  }
  await signIn(page, DEMO.admin);
  for (const path of ["/", "/account", "/beheer", "/beheer/gebruikers", "/beheer/mail", "/beheer/audit"]) {
    await page.goto(path);
    expect(await overflow(), path).toBeLessThanOrEqual(0);
  }
  await context.close();
});

test("the skip link and the header work by keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Naar de inhoud" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#inhoud$/);
});

test("unknown pages get a Dutch 404 without details; /healthz answers", async ({ page, request }) => {
  const response = await page.goto("/bestaat/niet");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Pagina niet gevonden" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  expect(await page.content()).not.toMatch(/at .*\.js:\d+/);

  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.text()).toBe("ok");
});

test("a POST from another site is refused before it reaches the app", async ({ request }) => {
  const response = await request.post("/inloggen", {
    headers: { Origin: "https://evil.example" },
    form: { email: DEMO.admin, password: "leercirkel-demo" },
  });
  expect(response.status()).toBe(403);
});

test("a malformed or oversized request gets a 4xx, never a 500", async ({ request }) => {
  const origin = { Origin: "http://localhost:3100" };
  const json = await request.post("/inloggen", {
    headers: { ...origin, "Content-Type": "application/json" },
    data: "{",
  });
  expect(json.status()).toBe(400);

  const huge = await request.post("/registreren", {
    headers: origin,
    form: { name: "x".repeat(2 * 1024 * 1024), email: "a@b.nl" },
  });
  expect(huge.status()).toBe(413);

  const duplicated = await request.post("/inloggen", {
    headers: { ...origin, "Content-Type": "application/x-www-form-urlencoded" },
    data: "email=a@b.nl&email=c@d.nl&password=1&password=2",
  });
  expect(duplicated.status()).toBe(400);

  const unknownUser = await request.get("/beheer/gebruikers/bestaat-niet");
  expect(unknownUser.status()).toBe(200); // the sign-in page: a visitor is redirected first
  expect(unknownUser.url()).toContain("/inloggen?redirectTo=");
});
