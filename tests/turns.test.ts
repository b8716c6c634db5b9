import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, test } from "vitest";
import { inTurns } from "../scripts/turns";

// scripts/turns.ts: while new connections come in, requests start one per turn of the event loop,
// so that a busy server lets newcomers in; otherwise they start at once.

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

let server: http.Server | undefined;
const agents: http.Agent[] = [];
afterEach(async () => {
  agents.splice(0).forEach((agent) => agent.destroy());
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server whose every page takes 2 ms of work without waiting, as a page made from SQLite does. */
async function busyServer(withTurns: boolean) {
  const app = express();
  if (withTurns) app.use(inTurns());
  const served = { count: 0, order: [] as string[] };
  app.get("/", (req, res) => {
    busy(2);
    served.count++;
    served.order.push(String(req.query.n ?? ""));
    res.type("text/plain").send("x".repeat(10_000));
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server!.once("listening", resolve));
  return { served, port: (server!.address() as AddressInfo).port };
}

/** One keep-alive connection of its own, like one browser. */
function connection(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return (path = "/") =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path, agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
        .on("error", reject);
    });
}

describe("requests in turns", () => {
  test("a burst of new connections to a busy server is let in within a few pages, not after rounds of all of them", async () => {
    const { served, port } = await busyServer(true);
    // 20 connections keep the server busy, each asking again as soon as it has its answer.
    let stop = false;
    const regulars = Array.from({ length: 20 }, () => connection(port));
    await Promise.all(regulars.map((ask) => ask()));
    const load = regulars.map(async (ask) => {
      while (!stop) await ask();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Then 20 newcomers connect at once. Node accepts one connection per turn of its event loop;
    // were all pages of a turn made at once, the last newcomer would wait for 240 pages here (78 in turns).
    const atBurst = served.count;
    const waitedFor: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await connection(port)();
        waitedFor.push(served.count - atBurst);
      }),
    );
    stop = true;
    await Promise.all(load);

    expect(waitedFor).toHaveLength(20);
    expect(Math.max(...waitedFor)).toBeLessThan(150);
  });

  test("requests on known connections start at once, and queued requests start in the order they came", async () => {
    const { served, port } = await busyServer(true);
    const asks = Array.from({ length: 5 }, () => connection(port));
    await Promise.all(asks.map((ask, index) => ask(`/?n=first-${index}`)));
    served.order.length = 0;

    for (const [index, ask] of asks.entries()) await ask(`/?n=again-${index}`);

    expect(served.order).toEqual(["again-0", "again-1", "again-2", "again-3", "again-4"]);
  });
});
