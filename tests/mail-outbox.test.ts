import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { beforeEach, describe, expect, test } from "vitest";
import { db } from "@db/client.server";
import { mailOutbox } from "@db/schema";
import {
  CLAIM_LEASE_MS,
  claimNextMail,
  enqueueMail,
  getMail,
  MAX_ATTEMPTS,
  processOutbox,
  renderMail,
} from "~/models/mail.server";

const FROM = "Leercirkel <test@leercirkel.local>";

function enqueue(count: number, prefix = "mail") {
  return Array.from({ length: count }, (_, i) => {
    const body = renderMail({ greeting: "Beste lezer,", paragraphs: [`Bericht ${i}.`] });
    return enqueueMail(db, { to: `${prefix}-${i}@example.nl`, subject: `${prefix} ${i}`, ...body }).id;
  });
}

/** nodemailer's offline JSON transport: a real transport that writes the message instead of sending it. */
function jsonTransport() {
  return nodemailer.createTransport({ jsonTransport: true });
}

/** A real nodemailer transport whose server refuses every message. */
function failingTransport() {
  return nodemailer.createTransport({
    name: "refusing",
    version: "1.0.0",
    send: (_mail, callback) => callback(new Error("451 mail server unavailable"), undefined as never),
  });
}

function mail(id: number) {
  const row = getMail(id);
  if (!row) throw new Error(`mail ${id} is gone`);
  return row;
}

/** Makes a waiting mail due now, as if its retry time had come. */
function makeDue(id: number) {
  db.update(mailOutbox)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(eq(mailOutbox.id, id))
    .run();
}

// Every test here starts from an empty outbox in this file's own database.
beforeEach(() => {
  db.delete(mailOutbox).run();
});

describe("claimNextMail", () => {
  test("never hands out the same mail twice", () => {
    const ids = enqueue(5);

    const claimed: number[] = [];
    for (let i = 0; i < 10; i++) {
      const next = claimNextMail({ workerId: i % 2 ? "worker-a" : "worker-b" });
      if (next) claimed.push(next.id);
    }

    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
  });

  test("a claim abandoned for longer than the lease is taken over by another worker", () => {
    const [id] = enqueue(1);
    expect(claimNextMail({ workerId: "died" })?.id).toBe(id);
    expect(claimNextMail({ workerId: "other" })).toBeUndefined();

    const later = new Date(Date.now() + CLAIM_LEASE_MS + 1000);
    const takenOver = claimNextMail({ workerId: "other", now: later });

    expect(takenOver).toMatchObject({ id, claimedBy: "other", attempts: 2 });
  });
});

describe("processOutbox", () => {
  test("sends due mails through a real transport and marks them sent", async () => {
    const ids = enqueue(3);
    const transport = jsonTransport();
    const messages: string[] = [];
    const sendMail = transport.sendMail.bind(transport);

    const sent = await processOutbox({
      transport: {
        sendMail: async (options: nodemailer.SendMailOptions) => {
          const info = await sendMail(options);
          messages.push(String(info.message));
          return info;
        },
      },
      from: FROM,
    });

    expect(sent.sort((a, b) => a - b)).toEqual(ids);
    for (const id of ids) {
      expect(mail(id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
      expect(mail(id).sentAt).toBeInstanceOf(Date);
    }
    const first = JSON.parse(messages[0] ?? "{}");
    expect(first).toMatchObject({ subject: "mail 0", to: [{ address: "mail-0@example.nl" }] });
    expect(first.text).toContain("Bericht 0.");
    expect(await processOutbox({ transport, from: FROM })).toEqual([]);
  });

  test("a failed send stays in the outbox and is retried later", async () => {
    const [id] = enqueue(1);
    const before = Date.now();

    expect(await processOutbox({ transport: failingTransport(), from: FROM })).toEqual([]);

    const afterFirst = mail(id!);
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, claimedBy: null });
    expect(afterFirst.lastError).toContain("451 mail server unavailable");
    expect(afterFirst.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);

    // Not yet due: running again right away leaves it alone.
    expect(await processOutbox({ transport: jsonTransport(), from: FROM })).toEqual([]);
    expect(mail(id!).attempts).toBe(1);

    makeDue(id!);
    const beforeSecond = Date.now();
    await processOutbox({ transport: failingTransport(), from: FROM });
    const afterSecond = mail(id!);
    expect(afterSecond).toMatchObject({ status: "pending", attempts: 2 });
    // Backoff: each retry waits longer than the one before.
    expect(afterSecond.nextAttemptAt.getTime() - beforeSecond).toBeGreaterThan(
      afterFirst.nextAttemptAt.getTime() - before,
    );

    makeDue(id!);
    expect(await processOutbox({ transport: jsonTransport(), from: FROM })).toEqual([id]);
    expect(mail(id!)).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });

  test(`a mail that fails ${MAX_ATTEMPTS} times is given up`, async () => {
    const [id] = enqueue(1);

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      makeDue(id!);
      await processOutbox({ transport: failingTransport(), from: FROM });
      expect(mail(id!)).toMatchObject({
        status: attempt < MAX_ATTEMPTS ? "pending" : "failed",
        attempts: attempt,
      });
    }

    makeDue(id!);
    expect(await processOutbox({ transport: jsonTransport(), from: FROM })).toEqual([]);
    expect(mail(id!).status).toBe("failed");
  });

  test("outbox claiming by two workers at once sends each mail once", async () => {
    const ids = enqueue(200, "parallel");

    const workers = [startWorkerProcess(), startWorkerProcess()];
    let results: WorkerResult[];
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.go();
      results = await Promise.all(workers.map((worker) => worker.done));
    } finally {
      for (const worker of workers) worker.stop();
    }

    const sent = results.flatMap((result) => result.sent);
    expect(sent.sort((a, b) => a - b)).toEqual(ids);
    const delivered = results.flatMap((result) => result.delivered);
    expect(delivered).toHaveLength(ids.length);
    expect(new Set(delivered).size).toBe(ids.length);
    // Both really worked on the outbox at the same time (each sent some of it).
    for (const result of results) expect(result.sent.length).toBeGreaterThan(0);

    const statuses = db.select({ status: mailOutbox.status, attempts: mailOutbox.attempts }).from(mailOutbox).all();
    expect(statuses).toHaveLength(ids.length);
    expect(statuses.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});

type WorkerResult = { pid: number; sent: number[]; delivered: string[] };

/** Starts tests/helpers/outbox-worker.ts in its own Node process on this test file's database. */
function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/outbox-worker.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  let result: WorkerResult | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "ready") resolve();
      else if (line.startsWith("{")) result = JSON.parse(line) as WorkerResult;
    });
    child.on("exit", () => reject(new Error(`outbox worker exited before it was ready:\n${stderr}`)));
  });
  const done = once(child, "exit").then(([code]) => {
    if (code !== 0 || !result) throw new Error(`outbox worker failed (exit code ${code}):\n${stderr}`);
    return result;
  });
  // Whichever of ready/done the test is not awaiting when the worker fails must not go unhandled.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  return {
    ready,
    done,
    go: () => child.stdin.end("go\n"),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
