import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";

export const DEMO_PASSWORD = "leercirkel-demo";
export const DEMO = {
  professional: "professional@demo.leercirkel.nl",
  expert: "ervaringsdeskundige@demo.leercirkel.nl",
  coordinator: "coordinator@demo.leercirkel.nl",
  admin: "admin@demo.leercirkel.nl",
} as const;

/** A datetime-local value in Amsterdam time, `offsetMs` from now (as a coordinator would type it). */
export function amsterdamLocal(offsetMs = 0) {
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

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/inloggen");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.getByRole("button", { name: "Uitloggen" })).toBeVisible();
}

/** Signs out through the header button and waits until the server has ended the session. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(page.getByRole("status")).toHaveText("Je bent uitgelogd.");
}

/** Asserts that axe finds no WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** The newest mail to an address, read from the outbox as /beheer/mail would show it. */
/**
 * The newest mail to an address. `ignore` leaves out mails a background job may queue at any
 * moment (such as webinar reminders), which would otherwise race the mail a test waits for.
 */
export function latestMailTo(to: string, { ignore }: { ignore?: RegExp } = {}) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    const mails = db
      .prepare('select subject, text from mail_outbox where lower("to") = lower(?) order by id desc')
      .all(to) as { subject: string; text: string }[];
    return mails.find((mail) => !ignore?.test(mail.subject));
  } finally {
    db.close();
  }
}

export function linkIn(text: string, path: string) {
  const match = text.match(new RegExp(`https?://[^\\s]+${path}/[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${path} link in mail:\n${text}`);
  return new URL(match[0]).pathname;
}

/**
 * The page of every test waits after each navigation until React has hydrated it, as a person
 * would before clicking: a click in the first milliseconds can be lost while the page hydrates.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      return response;
    };
    await use(page);
  },
});
export { expect };
