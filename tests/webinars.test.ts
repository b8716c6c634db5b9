import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import { getCertificate } from "~/models/progress.server";
import { WebinarEvaluationSchema, WebinarSchema } from "~/models/webinar.schema";
import {
  canSeeJoinLink,
  cancelRegistration,
  cancelWebinar,
  createWebinar,
  emailsInParticipantList,
  getRegistration,
  getWebinar,
  importAttendance,
  issueWebinarCertificate,
  listUpcomingWebinarsForUser,
  listWebinarEvaluationsDue,
  markAttendance,
  registerForWebinar,
  registrationsCsv,
  saveWebinarEvaluation,
  sendDueReminders,
  sendFollowUp,
  setWebinarMaterials,
  updateWebinar,
  waitlistPosition,
  webinarFigures,
  webinarIcs,
} from "~/models/webinar.server";
import { toAmsterdamLocal } from "~/utils/dates";
import { makeUser } from "./factories";

const HOUR = 3600_000;
type User = Awaited<ReturnType<typeof makeUser>>;

/** What a coordinator types into the webinar form, two days ahead. */
function webinarForm(overrides: Record<string, unknown> = {}) {
  return {
    title: "Verklarende analyse in de praktijk",
    description: "Hoe maken wijkteam en jeugdbeschermer samen een analyse?",
    speakers: "Anouk Visser – jeugdbeschermer\nNoor Peters – ervaringsdeskundige ouder",
    startsAt: toAmsterdamLocal(Date.now() + 48 * HOUR),
    endsAt: toAmsterdamLocal(Date.now() + 49 * HOUR),
    capacity: 2,
    joinUrl: "https://meet.jit.si/leercirkel-verklarende-analyse",
    ...overrides,
  };
}

async function webinar(overrides: Record<string, unknown> = {}) {
  const coordinator = await makeUser({ roles: ["coordinator"] });
  const input = WebinarSchema.parse(webinarForm(overrides));
  const created = createWebinar({ actorId: coordinator.id, input });
  if (created.status !== "ok") throw new Error(created.status);
  return getWebinar(created.id)!;
}

type Mail = { to: string; subject: string; attachments: string };
const mailsTo = (email: string) =>
  sqlite.prepare('select "to", subject, attachments from mail_outbox where "to" = ? order by id').all(email) as Mail[];

describe("places and the waitlist", () => {
  test("two places, three people: the third waits, and gets the place when someone cancels", async () => {
    const w = await webinar();
    const [a, b, c] = [await makeUser(), await makeUser(), await makeUser()];
    expect(registerForWebinar({ webinarId: w.id, user: a })).toEqual({ status: "registered", already: false });
    expect(registerForWebinar({ webinarId: w.id, user: b })).toEqual({ status: "registered", already: false });
    expect(registerForWebinar({ webinarId: w.id, user: c })).toEqual({ status: "waitlisted", already: false });
    expect(registerForWebinar({ webinarId: w.id, user: c })).toEqual({ status: "waitlisted", already: true });
    expect(waitlistPosition(w.id, c.id)).toBe(1);
    expect(canSeeJoinLink(w, getRegistration(w.id, c.id), new Date(w.startsAt.getTime() - 10 * 60_000))).toBe(false);

    expect(cancelRegistration({ webinarId: w.id, userId: a.id })).toEqual({ status: "ok", promoted: c.id });
    expect(getRegistration(w.id, c.id)?.status).toBe("registered");
    expect(getRegistration(w.id, a.id)?.status).toBe("cancelled");
    expect(cancelRegistration({ webinarId: w.id, userId: a.id })).toEqual({ status: "not-registered" });

    const [confirmation] = mailsTo(a.email);
    expect(confirmation?.subject).toBe("Aangemeld: Verklarende analyse in de praktijk");
    expect(JSON.parse(confirmation!.attachments)[0].filename).toBe("webinar.ics");
    const cMails = mailsTo(c.email);
    expect(cMails.map((m) => m.subject)).toEqual([
      "Wachtlijst: Verklarende analyse in de praktijk",
      "Aangemeld: Verklarende analyse in de praktijk",
    ]);
    expect(JSON.parse(cMails[0]!.attachments)).toEqual([]);
    expect(JSON.parse(cMails[1]!.attachments)).toHaveLength(1);
  });

  test("two processes registering 30 people for 10 places at once never overbook", async () => {
    const w = await webinar({ capacity: 10 });
    const people = await Promise.all(Array.from({ length: 30 }, () => makeUser()));
    // Both processes try everyone: the same person twice at once, and everyone for the last places.
    const args = JSON.stringify([w.id, people.map((p) => p.id)]);
    const children = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", "tests/helpers/webinar-register.ts", args], {
        cwd: process.cwd(),
        env: { ...process.env },
        stdio: ["pipe", "pipe", "pipe"],
      }),
    );
    const lines = children.map((child) => createInterface({ input: child.stdout! }));
    await Promise.all(lines.map((line) => once(line, "line")));
    for (const child of children) child.stdin!.write("go\n");
    await Promise.all(
      children.map(async (child, i) => {
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        await once(lines[i]!, "line");
        const [code] = (await once(child, "exit")) as [number];
        expect(code, stderr).toBe(0);
      }),
    );
    const counts = sqlite
      .prepare("select status, count(*) as n from webinar_registrations where webinar_id = ? group by status")
      .all(w.id) as { status: string; n: number }[];
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ registered: 10, waitlisted: 20 });
  }, 60_000);
});

describe("the calendar file", () => {
  test("a valid iCalendar event in Amsterdam time, summer and winter, with a stable UID", async () => {
    for (const [local, utc] of [
      ["2027-07-01T14:00", "2027-07-01T12:00:00.000Z"],
      ["2027-12-01T14:00", "2027-12-01T13:00:00.000Z"],
      // Just after the clocks go forward and just after they go back.
      ["2027-03-28T03:30", "2027-03-28T01:30:00.000Z"],
      ["2027-10-31T03:30", "2027-10-31T02:30:00.000Z"],
    ] as const) {
      const end = toAmsterdamLocal(new Date(new Date(utc).getTime() + HOUR));
      const w = await webinar({ startsAt: local, endsAt: end });
      const calendar = new ICAL.Component(ICAL.parse(webinarIcs(w)));
      expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
      const vevent = calendar.getFirstSubcomponent("vevent")!;
      const event = new ICAL.Event(vevent);
      // Resolve the time zone from the file itself, as a calendar application does.
      const zone = new ICAL.Timezone(calendar.getFirstSubcomponent("vtimezone")!);
      ICAL.TimezoneService.register(zone, "Europe/Amsterdam");
      expect(event.uid).toBe(w.uid);
      expect(vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Amsterdam");
      expect(event.startDate.toJSDate().toISOString()).toBe(utc);
      expect(event.summary).toBe("Verklarende analyse in de praktijk");
      expect(vevent.getFirstPropertyValue("sequence")).toBe(0);
    }
  });

  test("a cancelled webinar's file says CANCEL with the same UID and a higher sequence", async () => {
    const w = await webinar();
    sqlite.prepare("update webinars set cancelled_at = ?, sequence = sequence + 1 where id = ?").run(Date.now(), w.id);
    const cancelled = getWebinar(w.id)!;
    const calendar = new ICAL.Component(ICAL.parse(webinarIcs(cancelled)));
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    const vevent = calendar.getFirstSubcomponent("vevent")!;
    expect(vevent.getFirstPropertyValue("uid")).toBe(w.uid);
    expect(vevent.getFirstPropertyValue("sequence")).toBe(1);
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});

describe("reminders and the join link", () => {
  test("each reminder is sent once, also when the job runs again after a restart", async () => {
    const w = await webinar({
      startsAt: toAmsterdamLocal(Date.now() + 20 * HOUR),
      endsAt: toAmsterdamLocal(Date.now() + 21 * HOUR),
    });
    const person = await makeUser();
    registerForWebinar({ webinarId: w.id, user: person });
    sendDueReminders();
    sendDueReminders();
    const dayBefore = mailsTo(person.email).filter((m) => m.subject.startsWith("Herinnering"));
    expect(dayBefore.map((m) => m.subject)).toEqual(["Herinnering: Verklarende analyse in de praktijk begint morgen"]);
    const inAnHour = new Date(w.startsAt.getTime() - 50 * 60_000);
    sendDueReminders(inAnHour);
    sendDueReminders(inAnHour);
    expect(mailsTo(person.email).filter((m) => m.subject.startsWith("Herinnering"))).toHaveLength(2);
  });

  test("the link shows to registered people from 30 minutes before the start until the end", async () => {
    const w = await webinar();
    const at = (minutes: number) => new Date(w.startsAt.getTime() + minutes * 60_000);
    const registered = { status: "registered" };
    expect(canSeeJoinLink(w, registered, at(-31))).toBe(false);
    expect(canSeeJoinLink(w, registered, at(-30))).toBe(true);
    expect(canSeeJoinLink(w, registered, at(59))).toBe(true);
    expect(canSeeJoinLink(w, registered, at(60))).toBe(false);
    expect(canSeeJoinLink(w, { status: "waitlisted" }, at(0))).toBe(false);
    expect(canSeeJoinLink(w, undefined, at(0))).toBe(false);
    expect(canSeeJoinLink({ ...w, cancelledAt: new Date() }, registered, at(0))).toBe(false);
  });
});

describe("changes by the coordinator", () => {
  test("a reschedule raises the sequence, mails everyone with the new file, and reminders start over", async () => {
    const w = await webinar({
      startsAt: toAmsterdamLocal(Date.now() + 20 * HOUR),
      endsAt: toAmsterdamLocal(Date.now() + 21 * HOUR),
    });
    const [a, b, c] = [await makeUser(), await makeUser(), await makeUser()];
    for (const p of [a, b, c]) registerForWebinar({ webinarId: w.id, user: p });
    sendDueReminders();
    const coordinator = await makeUser({ roles: ["coordinator"] });
    const raw = {
      title: w.title,
      description: w.description,
      startsAt: "2027-06-10T15:00",
      endsAt: "2027-06-10T16:30",
      capacity: 2,
      joinUrl: w.joinUrl,
    };
    const input = WebinarSchema.parse(raw);
    expect(updateWebinar({ actorId: coordinator.id, id: w.id, input })).toEqual({
      status: "ok",
      id: w.id,
      mailed: true,
    });
    const after = getWebinar(w.id)!;
    expect(after.sequence).toBe(1);
    const mail = mailsTo(a.email).at(-1)!;
    expect(mail.subject).toBe("Gewijzigd: Verklarende analyse in de praktijk");
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(JSON.parse(mail.attachments)[0].content)).getFirstSubcomponent("vevent")!,
    );
    expect(event.uid).toBe(w.uid);
    expect(event.sequence).toBe(1);
    // The waiting person is told too, without a calendar file.
    expect(mailsTo(c.email).at(-1)?.subject).toBe("Gewijzigd: Verklarende analyse in de praktijk");
    expect(JSON.parse(mailsTo(c.email).at(-1)!.attachments)).toEqual([]);
    expect(getRegistration(w.id, a.id)?.reminderDaySentAt).toBeNull();
    // A change nobody needs to hear of (the description) mails no one.
    const quiet = WebinarSchema.parse({ ...raw, description: "Nieuwe beschrijving" });
    expect(updateWebinar({ actorId: coordinator.id, id: w.id, input: quiet })).toEqual({
      status: "ok",
      id: w.id,
      mailed: false,
    });
    expect(getWebinar(w.id)!.sequence).toBe(1);
  });

  test("a cancellation mails a METHOD:CANCEL file with the same UID and a higher sequence", async () => {
    const w = await webinar();
    const person = await makeUser();
    registerForWebinar({ webinarId: w.id, user: person });
    const coordinator = await makeUser({ roles: ["coordinator"] });
    expect(cancelWebinar({ actorId: coordinator.id, id: w.id })).toEqual({ status: "ok" });
    expect(cancelWebinar({ actorId: coordinator.id, id: w.id })).toEqual({ status: "not-found" });
    const mail = mailsTo(person.email).at(-1)!;
    expect(mail.subject).toBe("Gaat niet door: Verklarende analyse in de praktijk");
    const calendar = new ICAL.Component(ICAL.parse(JSON.parse(mail.attachments)[0].content));
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(calendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid")).toBe(w.uid);
    expect(calendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("sequence")).toBe(1);
    expect(registerForWebinar({ webinarId: w.id, user: await makeUser() })).toEqual({ status: "closed" });
  });
});

describe("after the webinar", () => {
  async function heldWebinar() {
    const w = await webinar({
      startsAt: toAmsterdamLocal(Date.now() - 3 * HOUR),
      endsAt: toAmsterdamLocal(Date.now() - 2 * HOUR),
      capacity: 3,
    });
    const before = new Date(Date.now() - 4 * HOUR);
    const people = [await makeUser(), await makeUser(), await makeUser(), await makeUser()];
    for (const p of people) registerForWebinar({ webinarId: w.id, user: p, now: before });
    return { w, people, coordinatorId: w.createdBy! };
  }

  test("attendance by hand: ticked were there, the others not; only people with a place count", async () => {
    const { w, people, coordinatorId } = await heldWebinar();
    const [a, b, c, waiting] = people as [User, User, User, User];
    expect(getRegistration(w.id, waiting.id)?.status).toBe("waitlisted");
    const result = markAttendance({
      actorId: coordinatorId,
      webinarId: w.id,
      shown: [a.id, b.id, c.id, waiting.id],
      present: [a.id, b.id, waiting.id],
    });
    expect(result).toEqual({ status: "ok", present: 2 });
    expect(getRegistration(w.id, a.id)?.attended).toBe(true);
    expect(getRegistration(w.id, c.id)?.attended).toBe(false);
    expect(getRegistration(w.id, waiting.id)?.attended).toBeNull();
    expect(webinarFigures(w.id)).toMatchObject({
      registered: 3,
      waitlisted: 1,
      attended: 2,
      attendanceRate: 2 / 3,
    });

    const upcoming = await webinar();
    expect(markAttendance({ actorId: coordinatorId, webinarId: upcoming.id, shown: [], present: [] })).toEqual({
      status: "not-started",
    });
  });

  test("a held webinar cannot be cancelled, and a correction afterwards mails nobody", async () => {
    const { w, coordinatorId } = await heldWebinar();
    expect(cancelWebinar({ actorId: coordinatorId, id: w.id })).toEqual({ status: "not-found" });
    const input = WebinarSchema.parse({
      title: "Verklarende analyse in de praktijk (terugblik)",
      startsAt: toAmsterdamLocal(w.startsAt),
      endsAt: toAmsterdamLocal(w.endsAt),
      capacity: 3,
      joinUrl: w.joinUrl,
    });
    const mailsBefore = sqlite.prepare("select count(*) as n from mail_outbox").get() as { n: number };
    expect(updateWebinar({ actorId: coordinatorId, id: w.id, input })).toEqual({
      status: "ok",
      id: w.id,
      mailed: false,
    });
    expect(sqlite.prepare("select count(*) as n from mail_outbox").get()).toEqual(mailsBefore);
  });

  test("a Teams list (UTF-16, tabs) and a Zoom list (UTF-8, commas) mark the attendees", async () => {
    const { w, people, coordinatorId } = await heldWebinar();
    const [a, b, , waiting] = people as [User, User, User, User];
    const stranger = await makeUser();
    const teams = [
      "1. Samenvatting",
      "Vergadertitel\tVerklarende analyse",
      "2. Deelnemers",
      "Naam\tEerste deelname\tLaatste vertrek\tDuur\tE-mailadres\tRol",
      `${a.name}\t25-11-2026 10:01\t25-11-2026 11:00\t59 min\t${a.email.toUpperCase()}\tDeelnemer`,
      `Gast zonder account\t25-11-2026 10:03\t25-11-2026 10:40\t37 min\tgast@example.org\tDeelnemer`,
      `${stranger.name}\t25-11-2026 10:05\t25-11-2026 11:00\t55 min\t${stranger.email}\tDeelnemer`,
    ].join("\r\n");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(teams, "utf16le")]);
    expect(emailsInParticipantList(utf16)).toEqual([a.email.toLowerCase(), "gast@example.org", stranger.email]);

    const result = importAttendance({ actorId: coordinatorId, webinarId: w.id, bytes: utf16 });
    expect(result).toMatchObject({ status: "ok", found: 3, marked: 2, unknown: ["gast@example.org"] });
    expect(result.status === "ok" && result.added.map((p) => p.email)).toEqual([stranger.email]);
    expect(getRegistration(w.id, a.id)?.attended).toBe(true);
    expect(getRegistration(w.id, stranger.id)).toMatchObject({ status: "registered", attended: true });

    const zoom = `Naam (oorspronkelijke naam),E-mail van gebruiker,Duur (minuten),Gast\n"${b.name}",${b.email},58,Nee\n"${waiting.name}",${waiting.email},40,Nee\n`;
    importAttendance({ actorId: coordinatorId, webinarId: w.id, bytes: new TextEncoder().encode(`\uFEFF${zoom}`) });
    expect(getRegistration(w.id, b.id)?.attended).toBe(true);
    // Someone on the waitlist who still joined (a forwarded link) was there: they get the place.
    expect(getRegistration(w.id, waiting.id)).toMatchObject({ status: "registered", attended: true });

    expect(
      importAttendance({ actorId: coordinatorId, webinarId: w.id, bytes: new TextEncoder().encode("a;b;c") }),
    ).toEqual({ status: "no-addresses" });
  });

  test("the after-webinar mail goes once to each attendee, with recording, evaluation and going deeper", async () => {
    const { w, people, coordinatorId } = await heldWebinar();
    const [a, b, c] = people as [User, User, User, User];
    markAttendance({ actorId: coordinatorId, webinarId: w.id, shown: [a.id, b.id, c.id], present: [a.id, b.id] });
    setWebinarMaterials({
      actorId: coordinatorId,
      id: w.id,
      recordingUrl: "https://video.example.org/opname-123",
      slidesUrl: "https://example.org/dia.pdf",
    });
    const deepening = {
      modules: [{ slug: "verklarende-analyse", title: "Verklarende analyse" }],
      poll: { id: 7, question: "Welk thema hierna?" },
      groups: [{ id: 3, name: "Samen analyseren" }],
    };
    expect(sendFollowUp({ actorId: coordinatorId, webinarId: w.id, deepening })).toEqual({ status: "ok", mailed: 2 });
    expect(sendFollowUp({ actorId: coordinatorId, webinarId: w.id, deepening })).toEqual({ status: "ok", mailed: 0 });
    const mail = sqlite
      .prepare('select subject, text from mail_outbox where "to" = ? and subject like ?')
      .get(a.email, "Na het webinar%") as { subject: string; text: string };
    expect(mail.text).toContain("Terugkijken: https://video.example.org/opname-123");
    expect(mail.text).toContain("De presentatie: https://example.org/dia.pdf");
    expect(mail.text).toContain(`/webinars/${w.id}/evaluatie`);
    expect(mail.text).toContain('Module "Verklarende analyse": http://');
    expect(mail.text).toContain('Peiling "Welk thema hierna?"');
    expect(mail.text).toContain('Actieleergroep "Samen analyseren"');
    expect(mailsTo(c.email).some((m) => m.subject.startsWith("Na het webinar"))).toBe(false);

    // Marked later: only the newcomer gets it.
    markAttendance({ actorId: coordinatorId, webinarId: w.id, shown: [c.id], present: [c.id] });
    expect(sendFollowUp({ actorId: coordinatorId, webinarId: w.id, deepening })).toEqual({ status: "ok", mailed: 1 });

    const upcoming = await webinar();
    expect(sendFollowUp({ actorId: coordinatorId, webinarId: upcoming.id, deepening })).toEqual({
      status: "not-ended",
    });
  });

  test("only attendees evaluate and get a certificate, verifiable and the same on every request", async () => {
    const { w, people, coordinatorId } = await heldWebinar();
    const [a, b, c] = people as [User, User, User, User];
    markAttendance({ actorId: coordinatorId, webinarId: w.id, shown: [a.id, b.id, c.id], present: [a.id, b.id] });
    expect(listWebinarEvaluationsDue(a.id).map((x) => x.id)).toEqual([w.id]);
    expect(listWebinarEvaluationsDue(c.id)).toEqual([]);
    const input = WebinarEvaluationSchema.parse({ grade: 8, takeaway: "De vragenlijst", improve: "" });
    expect(saveWebinarEvaluation({ webinarId: w.id, userId: a.id, input })).toEqual({ status: "ok" });
    expect(saveWebinarEvaluation({ webinarId: w.id, userId: a.id, input: { ...input, grade: 9 } })).toEqual({
      status: "ok",
    });
    saveWebinarEvaluation({ webinarId: w.id, userId: b.id, input: { ...input, grade: 6 } });
    expect(saveWebinarEvaluation({ webinarId: w.id, userId: c.id, input })).toEqual({ status: "not-attended" });
    expect(webinarFigures(w.id)).toMatchObject({ evaluations: 2, gradeAverage: 7.5 });
    expect(listWebinarEvaluationsDue(a.id)).toEqual([]);

    const first = issueWebinarCertificate({ webinarId: w.id, userId: a.id });
    expect(first.status).toBe("ok");
    const code = first.status === "ok" ? first.code : "";
    expect(issueWebinarCertificate({ webinarId: w.id, userId: a.id })).toEqual({ status: "ok", code });
    expect(getCertificate(code)).toMatchObject({
      kind: "webinar",
      holderName: a.name,
      title: w.title,
      durationMinutes: 60,
    });
    expect(issueWebinarCertificate({ webinarId: w.id, userId: c.id })).toEqual({ status: "not-attended" });

    const csv = registrationsCsv({ actorId: coordinatorId, webinarId: w.id });
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "Naam;E-mailadres;Organisatie;Soort organisatie;Regio;Status;Aangemeld op;Aanwezig;Rapportcijfer",
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes(a.email))).toMatch(/;aangemeld;.*;ja;9$/);
    expect(lines.find((l) => l.includes(c.email))).toMatch(/;aangemeld;.*;nee;$/);
  });

  test("the start page's list: upcoming webinars a person registered or waits for", async () => {
    const w = await webinar({ capacity: 1 });
    const [a, b] = [await makeUser(), await makeUser()];
    registerForWebinar({ webinarId: w.id, user: a });
    registerForWebinar({ webinarId: w.id, user: b });
    expect(listUpcomingWebinarsForUser(a.id).map((x) => [x.id, x.status])).toEqual([[w.id, "registered"]]);
    expect(listUpcomingWebinarsForUser(b.id).map((x) => [x.id, x.status])).toEqual([[w.id, "waitlisted"]]);
    cancelRegistration({ webinarId: w.id, userId: b.id });
    expect(listUpcomingWebinarsForUser(b.id)).toEqual([]);
    expect(listUpcomingWebinarsForUser(a.id, new Date(w.endsAt.getTime() + 1))).toEqual([]);
  });
});

describe("the webinar form's times", () => {
  test("a start of only spaces gets its own message, not also one about the registration deadline", () => {
    const result = WebinarSchema.safeParse(
      webinarForm({ startsAt: "  \r\n ", registrationClosesAt: toAmsterdamLocal(Date.now() + 47 * HOUR) }),
    );
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["startsAt"], message: "Vul het begin in." }),
    ]);
  });
});
