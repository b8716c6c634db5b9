import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { SERVER_NODE_FLAGS } from "../scripts/node-flags";

test("npm run serve starts node with the flags the benches measure", () => {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  expect(scripts.serve).toContain(`node ${SERVER_NODE_FLAGS.join(" ")} build/serve.js`);
});
