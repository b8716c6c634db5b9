import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import { ContributionSchema, ReviewSchema } from "~/models/contribution.schema";
import {
  correctionSize,
  creditLine,
  dismissInvite,
  getContributionForReview,
  getOwnContribution,
  inviteToContribute,
  listContributionNews,
  listForReview,
  listOpenInvites,
  listOwnContributions,
  listPublishedForModule,
  markContributionsSeen,
  reviewContribution,
  saveContribution,
  withdrawContribution,
} from "~/models/contribution.server";
import { containsNameWithBirthDate } from "~/utils/privacy";
import { ensureTheme, makeUser } from "./factories";

// The real modules in content/: verklarende-analyse belongs to the theme of the same slug.
const THEME = ensureTheme({ slug: "verklarende-analyse", name: "Verklarende analyse", description: "" }).id;
const OTHER_THEME = ensureTheme({ slug: "autisme", name: "Autisme", description: "" }).id;
const MODULE = "verklarende-analyse";

const expert = (name = "Sanne de Vries") => makeUser({ name, roles: ["expert"] });
const coordinator = () => makeUser({ name: "Carla Coördinator", roles: ["coordinator"] });

function input(overrides: Partial<Record<string, unknown>> = {}) {
  const parsed = ContributionSchema.safeParse({
    intent: "submit",
    kind: "dont",
    text: "Praat niet over ons, maar met ons: vraag eerst wat wij zelf denken dat er speelt.",
    themeId: THEME,
    modules: [MODULE],
    perspective: "ouder",
    credit: "first_name",
    ...overrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

async function submitted(userId: string, overrides: Partial<Record<string, unknown>> = {}) {
  const result = await saveContribution({ userId, input: input(overrides) });
  if (result.status !== "ok") throw new Error(result.status);
  return result.id;
}

const statusOf = (id: number) =>
  (sqlite.prepare("select status from contributions where id = ?").get(id) as { status: string }).status;
const review = (actorId: string, id: number, raw: Record<string, unknown>) =>
  reviewContribution({ actorId, id, input: ReviewSchema.parse(raw) });

describe("the status machine", () => {
  test("draft → submitted → returned → (edited) submitted → published → withdrawn", async () => {
    const sanne = await expert();
    const carla = await coordinator();
    const draft = await saveContribution({ userId: sanne.id, input: input({ intent: "save", text: "Eerste aanzet" }) });
    expect(draft).toMatchObject({ status: "ok", submitted: false });
    const id = (draft as { id: number }).id;
    expect(statusOf(id)).toBe("draft");
    // A draft is not in the queue.
    expect(listForReview({}).some((c) => c.id === id)).toBe(false);
    expect(getContributionForReview(id)).toBeUndefined();

    expect(await saveContribution({ userId: sanne.id, id, input: input() })).toMatchObject({ status: "ok" });
    expect(statusOf(id)).toBe("submitted");
    expect(listForReview({ themeId: THEME }).map((c) => c.id)).toContain(id);

    expect(review(carla.id, id, { intent: "return", comment: "Kun je een voorbeeld geven?" })).toEqual({
      status: "ok",
      to: "returned",
    });
    const returned = getOwnContribution({ userId: sanne.id, id })!;
    expect(returned.status).toBe("returned");
    expect(returned.reviewComment).toBe("Kun je een voorbeeld geven?");
    expect(listContributionNews(sanne.id).map((c) => c.id)).toContain(id);
    markContributionsSeen({ userId: sanne.id, id });
    expect(listContributionNews(sanne.id).map((c) => c.id)).not.toContain(id);

    const edited =
      "Praat niet over ons maar met ons. Toen de hulpverlener eerst naar mijn verhaal vroeg, veranderde alles.";
    expect(await saveContribution({ userId: sanne.id, id, input: input({ text: edited }) })).toMatchObject({
      status: "ok",
      submitted: true,
    });
    expect(review(carla.id, id, { intent: "publish" })).toEqual({ status: "ok", to: "published" });
    const shown = listPublishedForModule({ slug: MODULE, themeSlug: "verklarende-analyse" });
    expect(shown.find((c) => c.id === id)).toMatchObject({
      text: edited,
      credit: "Sanne, ouder",
      kindLabel: "Niet doen",
    });

    expect(withdrawContribution({ userId: sanne.id, id })).toEqual({ status: "ok" });
    expect(listPublishedForModule({ slug: MODULE, themeSlug: "verklarende-analyse" }).some((c) => c.id === id)).toBe(
      false,
    );
    const events = getOwnContribution({ userId: sanne.id, id })!.events.map((e) => e.event);
    expect(events).toEqual([
      "created",
      "saved",
      "submitted",
      "returned",
      "saved",
      "submitted",
      "published",
      "withdrawn",
    ]);
    const audit = sqlite
      .prepare("select action from audit_log where target_type = 'contribution' and target_id = ? order by id")
      .all(String(id)) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      "contribution.return",
      "contribution.publish",
      "contribution.withdraw",
    ]);
    const mails = sqlite.prepare('select subject from mail_outbox where "to" = ? order by id').all(sanne.email) as {
      subject: string;
    }[];
    expect(mails.map((m) => m.subject)).toEqual(["Je bijdrage is teruggestuurd", "Je bijdrage is gepubliceerd"]);
  });

  test("no transition outside the machine goes through, whatever the request says", async () => {
    const sanne = await expert();
    const carla = await coordinator();
    const draft = await saveContribution({ userId: sanne.id, input: input({ intent: "save" }) });
    const draftId = (draft as { id: number }).id;
    // A coordinator cannot decide on a draft, nor see it.
    expect(review(carla.id, draftId, { intent: "publish" })).toEqual({ status: "not-found" });
    expect(statusOf(draftId)).toBe("draft");

    const id = await submitted(sanne.id);
    expect(review(carla.id, id, { intent: "publish" })).toMatchObject({ status: "ok" });
    // Published: it cannot be returned or published again, and the contributor cannot edit it.
    expect(review(carla.id, id, { intent: "return", comment: "x" })).toEqual({
      status: "not-allowed",
      current: "published",
    });
    expect(review(carla.id, id, { intent: "publish" })).toEqual({ status: "not-allowed", current: "published" });
    expect(await saveContribution({ userId: sanne.id, id, input: input({ text: "Iets heel anders nu." }) })).toEqual({
      status: "not-editable",
    });
    expect(review(carla.id, id, { intent: "archive", comment: "Dubbel met een andere bijdrage." })).toMatchObject({
      status: "ok",
      to: "archived",
    });
    expect(review(carla.id, id, { intent: "publish" })).toEqual({ status: "not-allowed", current: "archived" });

    // Withdrawn is the end: nothing after it, not even a second withdrawal.
    expect(withdrawContribution({ userId: sanne.id, id })).toEqual({ status: "ok" });
    expect(withdrawContribution({ userId: sanne.id, id })).toEqual({ status: "not-found" });
    expect(review(carla.id, id, { intent: "archive" })).toEqual({ status: "not-found" });
  });

  test("two coordinators deciding at once: one decision lands", async () => {
    const sanne = await expert();
    const [a, b] = [await coordinator(), await coordinator()];
    const id = await submitted(sanne.id);
    const results = [review(a.id, id, { intent: "publish" }), review(b.id, id, { intent: "return", comment: "Nee" })];
    expect(results.map((r) => r.status).sort()).toEqual(["not-allowed", "ok"]);
    expect(getOwnContribution({ userId: sanne.id, id })!.events.filter((e) => e.actorId !== sanne.id)).toHaveLength(1);
  });
});

describe("who may do what", () => {
  test("an expert never sees or changes another expert's contributions", async () => {
    const sanne = await expert();
    const other = await expert("Piet Pieters");
    const id = await submitted(sanne.id, { intent: "save" });
    expect(getOwnContribution({ userId: other.id, id })).toBeUndefined();
    expect(listOwnContributions(other.id).some((c) => c.id === id)).toBe(false);
    expect(await saveContribution({ userId: other.id, id, input: input() })).toEqual({ status: "not-found" });
    expect(withdrawContribution({ userId: other.id, id })).toEqual({ status: "not-found" });
    expect(statusOf(id)).toBe("draft");
  });

  test("modules must belong to the chosen theme, and the theme must exist", async () => {
    const sanne = await expert();
    expect(await saveContribution({ userId: sanne.id, input: input({ themeId: OTHER_THEME }) })).toEqual({
      status: "module-mismatch",
      slugs: [MODULE],
    });
    expect(await saveContribution({ userId: sanne.id, input: input({ themeId: 99999 }) })).toEqual({
      status: "unknown-theme",
    });
  });
});

describe("corrections by a coordinator", () => {
  test("a typo may be corrected, visibly to the contributor; a rewrite may not", async () => {
    const sanne = await expert();
    const carla = await coordinator();
    const id = await submitted(sanne.id, { text: "Vraag ouders naar hun eigen verklaaring van wat er gebeurt." });
    expect(
      review(carla.id, id, { intent: "correct", text: "Vraag ouders naar hun eigen verklaring van wat er gebeurt." }),
    ).toMatchObject({
      status: "ok",
    });
    const own = getOwnContribution({ userId: sanne.id, id })!;
    expect(own.text).toBe("Vraag ouders naar hun eigen verklaring van wat er gebeurt.");
    expect(own.events.at(-1)).toMatchObject({
      event: "corrected",
      textBefore: "Vraag ouders naar hun eigen verklaaring van wat er gebeurt.",
      textAfter: "Vraag ouders naar hun eigen verklaring van wat er gebeurt.",
    });
    expect(listContributionNews(sanne.id).map((c) => c.id)).toContain(id);
    expect(
      review(carla.id, id, {
        intent: "correct",
        text: "Iets heel anders dat de coördinator zelf beter vindt klinken.",
      }),
    ).toMatchObject({
      status: "too-large",
    });
    expect(review(carla.id, id, { intent: "correct", text: own.text })).toEqual({ status: "unchanged" });
  });

  test("the size of a correction counts what differs between the common start and end", () => {
    expect(correctionSize("verklaaring", "verklaring")).toBe(1);
    expect(correctionSize("abc", "abc")).toBe(0);
    expect(correctionSize("een kind", "een jongere")).toBe(7);
  });
});

describe("the privacy guard", () => {
  test("a BSN or a name with a date of birth is refused with a clear message", () => {
    const bsn = ContributionSchema.safeParse({ ...input(), text: "Onze zoon (BSN 123456782) kreeg te laat hulp." });
    expect(bsn.success).toBe(false);
    expect(bsn.error?.issues[0]?.message).toMatch(/burgerservicenummer/);
    const named = ContributionSchema.safeParse({
      ...input(),
      text: "Mijn dochter Sanne de Vries (12-03-2015) werd niet gehoord.",
    });
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]?.message).toMatch(/naam met een geboortedatum/);
  });

  test.each([
    ["Lisa Jansen, geboren 3 maart 2012, woont bij ons.", true],
    ["Sem van den Berg 01-02-2010 heeft autisme.", true],
    ["Op 3 maart 2024 sprak ik met het wijkteam in Apeldoorn.", false],
    ["Jeugdzorg Gelderland deed het goed, ook na 12-04-2023.", true],
    ["Onze zoon werd geboren in 2010 en kreeg pas laat hulp.", false],
    ["Vraag ouders naar hun eigen verklaring.", false],
  ])("%s → %s", (text, refused) => {
    expect(containsNameWithBirthDate(text)).toBe(refused);
  });

  test("length: at most 1,000 characters for a do, don't or tip and 3,000 for a story", () => {
    const long = "a".repeat(1001);
    expect(ContributionSchema.safeParse({ ...input(), kind: "tip", text: long }).success).toBe(false);
    expect(ContributionSchema.safeParse({ ...input(), kind: "story", text: long }).success).toBe(true);
    expect(ContributionSchema.safeParse({ ...input(), kind: "story", text: "a".repeat(3001) }).success).toBe(false);
  });
});

describe("in the modules", () => {
  test("newest first; module-specific and theme-wide ones; credited as chosen", async () => {
    const sanne = await expert("Anouk Bakker");
    const carla = await coordinator();
    const themeWide = await submitted(sanne.id, { modules: [], credit: "anonymous", perspective: "jongere" });
    const named = await submitted(sanne.id, { credit: "full_name", kind: "do" });
    const otherTheme = await submitted(sanne.id, { themeId: OTHER_THEME, modules: [] });
    for (const id of [themeWide, named, otherTheme]) review(carla.id, id, { intent: "publish" });
    const shown = listPublishedForModule({ slug: MODULE, themeSlug: "verklarende-analyse" });
    const ids = shown.map((c) => c.id);
    expect(ids).toContain(themeWide);
    expect(ids).toContain(named);
    expect(ids).not.toContain(otherTheme);
    expect(ids.indexOf(named)).toBeLessThan(ids.indexOf(themeWide));
    expect(shown.find((c) => c.id === named)?.credit).toBe("Anouk Bakker, ouder");
    expect(shown.find((c) => c.id === themeWide)?.credit).toBe("Ervaringsdeskundige (jongere)");
    expect(creditLine({ credit: "first_name", perspective: "anders", contributorName: "Jan Smit" })).toBe(
      "Jan, anders",
    );
  });
});

describe("the module page's list", () => {
  test("is kept until something it shows changes, also when another process changes it", async () => {
    const noor = await expert("Noor Visser");
    const carla = await coordinator();
    const id = await submitted(noor.id, { credit: "full_name", kind: "tip" });
    review(carla.id, id, { intent: "publish" });
    const list = () => listPublishedForModule({ slug: MODULE, themeSlug: "verklarende-analyse" });
    const first = list();
    expect(list()).toBe(first);
    expect(first.find((c) => c.id === id)?.credit).toBe("Noor Visser, ouder");

    // Another connection to the database, as a script or a second server process would have.
    const other = new Database(process.env.DATABASE_PATH!);
    try {
      other.prepare("update users set name = ? where id = ?").run("Noor de Wit", noor.id);
      expect(list().find((c) => c.id === id)?.credit).toBe("Noor de Wit, ouder");
      other.prepare("update contribution_modules set slug = 'autisme-in-het-gezin' where contribution_id = ?").run(id);
      expect(list().some((c) => c.id === id)).toBe(false);
      other.prepare("delete from contribution_modules where contribution_id = ?").run(id);
      expect(list().some((c) => c.id === id)).toBe(true);
      other.prepare("update contributions set text = ? where id = ?").run("Vraag wat wij nodig hebben.", id);
      expect(list().find((c) => c.id === id)?.text).toBe("Vraag wat wij nodig hebben.");
    } finally {
      other.close();
    }
    // And through the app: withdrawn, it is gone at once.
    expect(withdrawContribution({ userId: noor.id, id })).toEqual({ status: "ok" });
    expect(list().some((c) => c.id === id)).toBe(false);
  });
});

describe("invitations", () => {
  test("a coordinator invites by e-mail; the expert sees it, contributes from it or sets it aside", async () => {
    const carla = await coordinator();
    const sanne = await expert();
    const result = await inviteToContribute({
      actorId: carla.id,
      input: { email: sanne.email.toUpperCase(), themeId: THEME, slug: MODULE, message: "Je ervaring is welkom." },
    });
    expect(result.status).toBe("ok");
    const inviteId = (result as { id: number }).id;
    expect(listOpenInvites(sanne.id).map((i) => i.id)).toEqual([inviteId]);
    const mail = sqlite
      .prepare('select subject, text from mail_outbox where "to" = ?')
      .get(sanne.email.toUpperCase()) as {
      subject: string;
      text: string;
    };
    expect(mail.subject).toContain("Verklarende analyse");
    expect(mail.text).toContain(`/bijdragen/nieuw?uitnodiging=${inviteId}`);

    // Someone else cannot use or dismiss it.
    const other = await expert("Piet Pieters");
    expect(dismissInvite({ userId: other.id, id: inviteId })).toEqual({ status: "not-found" });
    const id = await submitted(sanne.id, { inviteId });
    expect(listOpenInvites(sanne.id)).toEqual([]);
    expect(
      (sqlite.prepare("select invite_id as inviteId from contributions where id = ?").get(id) as { inviteId: number })
        .inviteId,
    ).toBe(inviteId);

    const second = await inviteToContribute({
      actorId: carla.id,
      input: { email: sanne.email, themeId: THEME, message: "" },
    });
    expect(dismissInvite({ userId: sanne.id, id: (second as { id: number }).id })).toEqual({ status: "ok" });
    expect(listOpenInvites(sanne.id)).toEqual([]);
    expect(
      await inviteToContribute({
        actorId: carla.id,
        input: { email: sanne.email, themeId: OTHER_THEME, slug: MODULE, message: "" },
      }),
    ).toEqual({ status: "module-mismatch" });
  });
});
