/**
 * The V8 flags the production server runs with: `npm run serve` passes them (package.json), and the
 * benches start every server they measure with them too. A young generation of 32 MB per
 * semi-space instead of 16 halves the minor collections of a page render's short-lived objects:
 * about +15% requests per second on the module page and +6% on the minimal Remix route
 * (docs/decisions/0007). tests/node-flags.test.ts keeps package.json in line.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"];
