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
  await signIn(page, DEMO.admin);
  for (const path of [
    "/",
    "/account",
    "/beheer",
    "/beheer/gebruikers",
    "/beheer/organisaties",
    "/beheer/organisaties/nieuw",
    "/beheer/themas",
    "/beheer/mail",
    "/beheer/audit",
  ]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
});

test("pages fit a 320 px wide screen without sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const path of ["/", "/inloggen", "/registreren"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
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
