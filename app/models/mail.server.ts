import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { db, type Db } from "@db/client.server";
import { mailOutbox, users, type Mail, type MailAttachment, type MailStatus } from "@db/schema";
import { recordAudit } from "./audit.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type MailContent = { to: string; subject: string; text: string; html: string; attachments?: MailAttachment[] };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Builds the plain-text and HTML body of a mail from a greeting, paragraphs and an optional button. */
export function renderMail(parts: {
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  after?: string[];
}): { text: string; html: string } {
  const after = parts.after ?? [];
  const text = [
    parts.greeting,
    ...parts.paragraphs,
    ...(parts.action ? [`${parts.action.label}: ${parts.action.url}`] : []),
    ...after,
    "Met vriendelijke groet,\nLeercirkel",
  ].join("\n\n");
  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, "<br>")}</p>`;
  const html = [
    `<!doctype html><html lang="nl"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b">`,
    p(parts.greeting),
    ...parts.paragraphs.map(p),
    parts.action
      ? `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:.6em 1em;background:#0b5d4b;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(parts.action.label)}</a></p><p style="font-size:.9em">Werkt de knop niet? Kopieer dan deze link: ${escapeHtml(parts.action.url)}</p>`
      : "",
    ...after.map(p),
    p("Met vriendelijke groet,\nLeercirkel"),
    `</body></html>`,
  ].join("\n");
  return { text, html };
}

/** Puts a mail in the outbox; pass the transaction of the change that causes it. */
export function enqueueMail(tx: Tx | Db, mail: MailContent) {
  return tx
    .insert(mailOutbox)
    .values({ ...mail, nextAttemptAt: new Date() })
    .returning({ id: mailOutbox.id })
    .get();
}

export const MAIL_PAGE_SIZE = 50;

export function listMails({ page = 1, status }: { page?: number; status?: MailStatus } = {}) {
  const where = status ? eq(mailOutbox.status, status) : undefined;
  const rows = db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.to,
      subject: mailOutbox.subject,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .where(where)
    .orderBy(desc(mailOutbox.id))
    .limit(MAIL_PAGE_SIZE)
    .offset((page - 1) * MAIL_PAGE_SIZE)
    .all();
  const total =
    db
      .select({ count: sql<number>`count(*)` })
      .from(mailOutbox)
      .where(where)
      .get()?.count ?? 0;
  return { rows, total, pages: Math.max(1, Math.ceil(total / MAIL_PAGE_SIZE)) };
}

export function getMail(id: number): Mail | undefined {
  return db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

/**
 * One mail from the outbox for a coordinator or administrator to read. Reading someone else's
 * mail (which may hold a sign-in or reset link) is audited, with the account it was sent to.
 */
export function readMail({ actorId, id }: { actorId: string; id: number }): Mail | undefined {
  return db.transaction((tx) => {
    const mail = tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
    if (!mail) return undefined;
    const recipient = tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.emailNormalized, mail.to.trim().toLowerCase()))
      .get();
    if (recipient?.id !== actorId) {
      recordAudit(tx, {
        actorId,
        action: "mail.read",
        targetType: "mail",
        targetId: id,
        details: { subject: mail.subject },
        people: [recipient?.id],
      });
    }
    return mail;
  });
}

/** A claim older than this is taken as abandoned by a worker that died while sending. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 8;

/**
 * Claims the next due mail for one worker. A single UPDATE … RETURNING runs under SQLite's
 * write lock, so two workers (in one process or several) never claim the same row.
 */
export function claimNextMail({ workerId, now = new Date() }: { workerId: string; now?: Date }): Mail | undefined {
  const nowMs = now.getTime();
  const staleBefore = nowMs - CLAIM_LEASE_MS;
  return db
    .update(mailOutbox)
    .set({ status: "sending", claimedBy: workerId, claimedAt: now, attempts: sql`${mailOutbox.attempts} + 1` })
    .where(
      eq(
        mailOutbox.id,
        sql`(select id from mail_outbox
              where (status = 'pending' and next_attempt_at <= ${nowMs})
                 or (status = 'sending' and claimed_at < ${staleBefore})
              order by next_attempt_at, id limit 1)`,
      ),
    )
    .returning()
    .get();
}

export function markMailSent({ id, workerId }: { id: number; workerId: string }) {
  db.update(mailOutbox)
    .set({ status: "sent", sentAt: new Date(), lastError: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.claimedBy, workerId)))
    .run();
}

/** Exponential backoff: 1, 2, 4 … minutes, at most six hours; after MAX_ATTEMPTS the mail is failed. */
export function retryDelayMs(attempts: number) {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

export function markMailFailed({ mail, workerId, error }: { mail: Mail; workerId: string; error: string }) {
  const giveUp = mail.attempts >= MAX_ATTEMPTS;
  db.update(mailOutbox)
    .set({
      status: giveUp ? "failed" : "pending",
      lastError: error.slice(0, 1000),
      nextAttemptAt: new Date(Date.now() + retryDelayMs(mail.attempts)),
      claimedBy: null,
      claimedAt: null,
    })
    .where(and(eq(mailOutbox.id, mail.id), eq(mailOutbox.claimedBy, workerId)))
    .run();
}

export type MailTransport = Pick<Transporter, "sendMail">;

/** Sends due mails until none is left (or `limit` is reached). Returns the ids it sent. */
export async function processOutbox({
  transport,
  from,
  workerId = randomUUID(),
  limit = 100,
}: {
  transport: MailTransport;
  from: string;
  workerId?: string;
  limit?: number;
}): Promise<number[]> {
  const sent: number[] = [];
  for (let i = 0; i < limit; i++) {
    const mail = claimNextMail({ workerId });
    if (!mail) break;
    try {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      });
      markMailSent({ id: mail.id, workerId });
      sent.push(mail.id);
    } catch (error) {
      markMailFailed({ mail, workerId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return sent;
}

/** Runs processOutbox every `intervalMs` in this process; returns a function that stops it. */
export function startOutboxWorker({
  transport,
  from,
  intervalMs,
  log = console,
}: {
  transport: MailTransport;
  from: string;
  intervalMs: number;
  log?: Pick<Console, "info" | "error">;
}) {
  const workerId = randomUUID();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const sent = await processOutbox({ transport, from, workerId });
      if (sent.length) log.info(`mail: sent ${sent.length} message(s)`);
    } catch (error) {
      log.error("mail: outbox worker failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
