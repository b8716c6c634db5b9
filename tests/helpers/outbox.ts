import { asc, eq } from "drizzle-orm";
import { db } from "@db/client.server";
import { mailOutbox } from "@db/schema";

/** The mails in the outbox for this address, oldest first. */
export function mailsTo(address: string) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.to, address)).orderBy(asc(mailOutbox.id)).all();
}

/** The token at the end of a link such as /registreren/bevestigen/<token> in a mail's text. */
export function tokenFromMail(mail: { text: string } | undefined, path: string) {
  if (!mail) throw new Error(`no mail with a link to ${path}`);
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`${escaped}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in the mail:\n${mail.text}`);
  return match[1];
}
