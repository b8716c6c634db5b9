import nodemailer from "nodemailer";
import { deleteExpiredSessions } from "../app/auth/session.server";
import { getInterventions } from "../app/mdx/registry.server";
import { sendDueActionReminders } from "../app/models/group.server";
import { startOutboxWorker } from "../app/models/mail.server";
import { inviteDueCheckIns } from "../app/models/progress.server";
import { sendDueReminders } from "../app/models/webinar.server";
import type { Env } from "../app/utils/env.server";

/** Work the server process does beside answering requests. Returns a function that stops it. */
export function startBackgroundJobs(env: Env) {
  const stops: (() => void)[] = [];
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    stops.push(startOutboxWorker({ transport, from: env.MAIL_FROM, intervalMs: env.MAIL_POLL_INTERVAL_MS }));
    console.info("Mail: sending the outbox over SMTP.");
  } else {
    console.info("Mail: SMTP_URL is not set; mails stay in the outbox, readable at /beheer/mail.");
  }
  const invite = async () => {
    try {
      const { bySlug } = await getInterventions();
      const invited = inviteDueCheckIns({ titleOf: (slug) => bySlug.get(slug)?.frontmatter.title });
      if (invited) console.info(`Check-ins: invited ${invited} learner(s) to look back.`);
    } catch (error) {
      console.error("check-ins: inviting failed", error);
    }
  };
  void invite();
  const checkIns = setInterval(() => void invite(), 15 * 60 * 1000);
  checkIns.unref();
  stops.push(() => clearInterval(checkIns));

  // Webinar reminders (24 hours and 1 hour before): each claimed once in the database, so a restart
  // in between neither loses nor repeats one.
  const remind = () => {
    try {
      const queued = sendDueReminders();
      if (queued) console.info(`Webinars: queued ${queued} reminder(s).`);
    } catch (error) {
      console.error("webinars: reminders failed", error);
    }
  };
  remind();
  const reminders = setInterval(remind, 60 * 1000);
  reminders.unref();
  stops.push(() => clearInterval(reminders));

  // Action reminders (a few days before the due day, and once overdue): claimed once per action in
  // the database, like the webinar reminders. Due days are calendar days, so every 15 minutes is enough.
  const remindActions = () => {
    try {
      const queued = sendDueActionReminders();
      if (queued) console.info(`Groups: queued ${queued} action reminder(s).`);
    } catch (error) {
      console.error("groups: action reminders failed", error);
    }
  };
  remindActions();
  const actionReminders = setInterval(remindActions, 15 * 60 * 1000);
  actionReminders.unref();
  stops.push(() => clearInterval(actionReminders));

  const sessions = setInterval(() => void deleteExpiredSessions().catch(console.error), 60 * 60 * 1000);
  sessions.unref();
  stops.push(() => clearInterval(sessions));
  return () => stops.forEach((stop) => stop());
}
