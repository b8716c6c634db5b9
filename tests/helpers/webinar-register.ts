// Registers people in its own process, for the test that has two processes register for the last
// places at once (tests/webinars.test.ts). Prints "ready", waits for a line, registers, prints results.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { registerForWebinar } from "../../app/models/webinar.server";

const [webinarId, userIds] = JSON.parse(process.argv[2] ?? "[]") as [number, string[]];
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await once(input, "line");
input.close();
const results = userIds.map((id) => registerForWebinar({ webinarId, user: { id } }).status);
process.stdout.write(`${JSON.stringify(results)}\n`);
