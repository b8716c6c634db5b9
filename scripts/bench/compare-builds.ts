// Compares two server builds of the app on the same page, in one process: the Remix handler of
// each build is called directly (no HTTP), in turns of 50 requests, A and B alternating, and the
// ratio B/A of each pair of turns is reported with its median. On this machine the speed of one
// build drifts by a third within minutes, so two builds measured one after the other cannot show a
// change of 5%; measured in alternating turns they come much closer (the same build against itself read
// 0.99 and 1.03 in two runs). Used for the decisions in docs/decisions/0007.
//
//   npm run build && cp -r build tmp/compare-a      # the build to compare against
//   (change the code) && npm run build
//   npx tsx scripts/bench/compare-builds.ts tmp/compare-a build
//
// Needs a database with the demo users (the one `npm run bench` leaves in tmp/bench/bench.db is
// used by default; DATABASE_PATH chooses another). Options: COMPARE_PATH (default the module
// /leren/verklarende-analyse), COMPARE_ROUNDS (40 pairs of turns), COMPARE_CLOCK=cpu (the process's
// CPU time per turn instead of the time on the clock: steadier when the machine is shared, since time
// the process waits for a CPU is not counted; the same build against itself read 0.96–0.98).
//
// `minimal` as build A compares with the bench's minimal Remix route (/artikel of the build that
// `npm run bench` leaves in tmp/bench/minimal-build, no session): the ratio the bench judges, without
// the HTTP layer and in paired turns.
//
//   npx tsx scripts/bench/compare-builds.ts minimal build
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: npx tsx scripts/bench/compare-builds.ts <build A> <build B>");
  process.exit(2);
}
process.env.NODE_ENV = "production";
process.env.SEED_DEMO = "false";
process.env.DATABASE_PATH ??= "tmp/bench/bench.db";
if (!existsSync(process.env.DATABASE_PATH)) {
  console.error(`no database at ${process.env.DATABASE_PATH}: run npm run bench once, or set DATABASE_PATH`);
  process.exit(2);
}

const { createRequestHandler } = await import("@remix-run/node");
type Handler = ReturnType<typeof createRequestHandler>;
const ORIGIN = "http://localhost:3400";
const path = process.env.COMPARE_PATH ?? "/leren/verklarende-analyse";
const rounds = Number(process.env.COMPARE_ROUNDS ?? 40);
const TURN = 50;
const CPU_CLOCK = process.env.COMPARE_CLOCK === "cpu";
const context = () => ({ cspNonce: "bench", clientIp: "127.0.0.1", documentRequest: !path.endsWith(".data") });

const MINIMAL = "minimal";
process.env.BENCH_ARTICLE ??= "tmp/bench/article.html";
async function load(dir: string): Promise<Handler> {
  const server = dir === MINIMAL ? "tmp/bench/minimal-build/server/index.js" : resolve(dir, "server/index.js");
  const build = await import(pathToFileURL(resolve(server)).href);
  return createRequestHandler(build, "production");
}
const handlers = [await load(dirA), await load(dirB)] as const;

// Signed in as the demo professional, through build B's own sign-in.
const signIn = await handlers[1](
  new Request(`${ORIGIN}/inloggen`, {
    method: "POST",
    headers: { Origin: ORIGIN, Host: new URL(ORIGIN).host, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      email: "professional@demo.leercirkel.nl",
      password: "leercirkel-demo",
      redirectTo: "/",
    }),
  }),
  context(),
);
const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
if (!cookie.startsWith("leercirkel_sessie=")) throw new Error(`sign-in failed: ${signIn.status}`);

const sizes = [0, 0];
async function request(which: 0 | 1) {
  const response =
    which === 0 && dirA === MINIMAL
      ? await handlers[0](new Request(`${ORIGIN}/artikel`), context())
      : await handlers[which](new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } }), context());
  const bytes = await readLikeExpress(response);
  if (response.status !== 200) throw new Error(`build ${"AB"[which]} answered ${response.status} for ${path}`);
  sizes[which] = bytes;
}

// Reads the body as @remix-run/express does (a reader, chunk by chunk), so that the cost of how a
// build hands over its body is counted as on the server; returns its length in bytes.
async function readLikeExpress(response: Response) {
  const reader = response.body!.getReader();
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return length;
    length += value.byteLength;
  }
}

for (let i = 0; i < 400; i++) await request((i % 2) as 0 | 1); // warm-up
const perRequest: [number[], number[]] = [[], []];
for (let round = 0; round < rounds; round++) {
  for (const which of round % 2 ? ([1, 0] as const) : ([0, 1] as const)) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < TURN; i++) await request(which);
    const cpu = process.cpuUsage(cpuStart);
    perRequest[which].push(
      CPU_CLOCK ? (cpu.user + cpu.system) / TURN : Number(process.hrtime.bigint() - start) / 1000 / TURN,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ratios = perRequest[0].map((a, index) => perRequest[1][index]! / a);
console.info(`${path}, ${rounds} pairs of turns of ${TURN} requests`);
console.info(
  `A ${dirA === MINIMAL ? "minimal route /artikel" : dirA}: median ${median(perRequest[0]).toFixed(0)} µs a request, ${sizes[0]} bytes`,
);
console.info(`B ${dirB}: median ${median(perRequest[1]).toFixed(0)} µs a request, ${sizes[1]} bytes`);
console.info(`B/A, median of the pairs: ${median(ratios).toFixed(3)}`);
if (dirA === MINIMAL)
  console.info(`B's requests a second as a share of the minimal route's: ${(1 / median(ratios)).toFixed(3)}`);
process.exit(0);
