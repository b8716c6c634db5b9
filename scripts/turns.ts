import type { Socket } from "node:net";
import type { RequestHandler } from "express";

/**
 * While new connections are coming in, lets requests start one per turn of the event loop, in the
 * order they came; otherwise they start at once.
 *
 * Node (libuv as in Node 20) accepts one new connection per turn of its event loop, and in one turn
 * it answers every request that has come in on the connections it holds. A page is made without
 * waiting (SQLite answers at once), so when the server is busy a turn lasts as long as all those
 * pages together: with 50 open connections about 60 ms. When 50 people connected at once, the last
 * of them waited 50 such turns for a first answer, close to two seconds, while the first were served
 * again and again (measured: last first answer after 1.9 s; in turns after 0.24 s).
 *
 * Started one per turn, a new connection is accepted after every page instead of after every round
 * of all of them. Turns cost: a request parsed and held in the queue lives long enough for the
 * garbage collector to move it (about 12% more CPU time per page measured under constant load), so
 * turns are taken only while a first request on a new connection came in since the last turn; when
 * a turn passes without one, what waits starts at once and requests start at once again.
 *
 * A request starts in its turn; what it then waits for (a request body, a file) does not hold up
 * the next one.
 */
export function inTurns(): RequestHandler {
  const known = new WeakSet<Socket>();
  let waiting: (() => void)[] = [];
  let first = 0;
  let turning = false;
  let newcomer = false;

  const startAll = () => {
    const all = waiting.slice(first);
    waiting = [];
    first = 0;
    turning = false;
    for (const start of all) start();
  };

  const turn = () => {
    const connectionsCame = newcomer;
    newcomer = false;
    const start = first < waiting.length ? waiting[first++] : undefined;
    // While turns go on (newcomers keep coming), started requests must not stay referenced here.
    if (first === waiting.length) {
      waiting = [];
      first = 0;
    } else if (first >= 1024) {
      waiting = waiting.slice(first);
      first = 0;
    }
    try {
      start?.();
    } finally {
      if (connectionsCame) setImmediate(turn);
      else startAll();
    }
  };

  return (req, _res, next) => {
    const socket = req.socket;
    if (!known.has(socket)) {
      known.add(socket);
      newcomer = true;
    }
    if (!turning && !newcomer) {
      next();
      return;
    }
    waiting.push(() => next());
    if (!turning) {
      turning = true;
      setImmediate(turn);
    }
  };
}
