import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { sqlite } from "@db/client.server";
import { WebinarSchema } from "~/models/webinar.schema";
import {
  canSeeJoinLink,
  cancelRegistration,
  cancelWebinar,
  createWebinar,
  getRegistration,
  getWebinar,
  registerForWebinar,
  sendDueReminders,
  updateWebinar,
  waitlistPosition,
  webinarIcs,
} from "~/models/webinar.server";
import { toAmsterdamLocal } from "~/utils/dates";
import { makeUser } from "./factories";

const HOUR = 3600_000;

async function webinar(overrides: Record<string, unknown> = {}) {
  const coordinator = await makeUser({ roles: ["coordinator"] });
  const input = WebinarSchema.parse({
    title: "Verklarende analyse in de praktijk",
    description: "Hoe maken wijkteam en jeugdbeschermer samen een analyse?",
    speakers: "Anouk Visser – jeugdbeschermer\nNoor Peters – ervaringsdeskundige ouder",
    startsAt: toAmsterdamLocal(Date.now() + 48 * HOUR),
    endsAt: toAmsterdamLocal(Date.now() + 49 * HOUR),
    capacity: 2,
    joinUrl: "https://meet.jit.si/leercirkel-verklarende-analyse",
    ...overrides,
  });
  return getWebinar(createWebinar({ actorId: coordinator.id, input }))!;
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
    expect(updateWebinar({ actorId: coordinator.id, id: w.id, input })).toEqual({ status: "ok", mailed: true });
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
    expect(updateWebinar({ actorId: coordinator.id, id: w.id, input: quiet })).toEqual({ status: "ok", mailed: false });
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
