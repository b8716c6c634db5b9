// Votes in its own process, for the test that has two processes vote for the same people at once
// (tests/polls.test.ts). Reads the poll, the users and the options from argv, prints "ready",
// waits for a line on stdin, then casts and changes votes as fast as it can and prints how many.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { castVote } from "../../app/models/poll.server";
import { getUserProfile } from "../../app/models/user.server";

const [pollId, userIds, optionIds, rounds] = JSON.parse(process.argv[2] ?? "[]") as [
  number,
  string[],
  number[],
  number,
];
const users = userIds.map((id) => getUserProfile(id)!);
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await once(input, "line");
input.close();
let cast = 0;
for (let round = 0; round < rounds; round++) {
  for (const [index, user] of users.entries()) {
    const option = optionIds[(index + round + process.pid) % optionIds.length]!;
    const result = castVote({ pollId, user, points: { [option]: 1 } });
    if (result.status !== "ok") throw new Error(result.status);
    cast++;
  }
}
process.stdout.write(`${JSON.stringify({ cast })}\n`);
