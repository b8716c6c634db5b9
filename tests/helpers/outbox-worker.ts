// One outbox worker in its own process, for the test that runs two at once against one database
// (tests/mail-outbox.test.ts). It prints "ready", waits for a line on stdin so both start together,
// sends the due mails through nodemailer's offline JSON transport and prints what it sent as JSON.
import { once } from "node:events";
import { createInterface } from "node:readline";
import nodemailer from "nodemailer";
import { processOutbox } from "../../app/models/mail.server";

const json = nodemailer.createTransport({ jsonTransport: true });
const delivered: string[] = [];
const transport = {
  async sendMail(message: nodemailer.SendMailOptions) {
    const info = await json.sendMail(message);
    delivered.push(JSON.parse(String(info.message)).subject);
    // A little time per mail, as a real transport takes, so the two workers overlap.
    await new Promise((resolve) => setTimeout(resolve, 1));
    return info;
  },
};

const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await once(input, "line");
input.close();

const sent = await processOutbox({ transport, from: "Leercirkel <test@leercirkel.local>", limit: 100_000 });
process.stdout.write(`${JSON.stringify({ pid: process.pid, sent, delivered })}\n`);
