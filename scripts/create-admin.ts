// The first administrator of a real installation (no demo data):
//   npm run admin:create -- --email beheer@netwerk.nl --name "Naam" --organisation "Expertisenetwerk"
// Creates a confirmed account with the admin role (or gives an existing account that role).
// The password comes from ADMIN_PASSWORD, or one is generated and printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ORGANISATION_KINDS } from "@db/schema/enums";
import { REGIONS } from "~/utils/labels";
import { prepareDatabase } from "./prepare";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    organisation: { type: "string" },
    kind: { type: "string", default: "kennisinstelling" },
    region: { type: "string", default: "Bovenregionaal" },
  },
});

const Args = z.object({
  email: z.email("--email must be an e-mail address"),
  name: z.string("--name is required").min(2),
  organisation: z.string("--organisation is required").min(2),
  kind: z.enum(ORGANISATION_KINDS, `--kind must be one of: ${ORGANISATION_KINDS.join(", ")}`),
  region: z.enum(REGIONS, `--region must be one of: ${REGIONS.join(", ")}`),
});
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  process.exit(1);
}
const args = parsed.data;

await prepareDatabase();
const { ensureOrganisation, ensureUser } = await import("../tests/factories");
const { grantRole } = await import("~/models/user.server");

const generated = !process.env.ADMIN_PASSWORD;
const password = process.env.ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
if (password.length < 10) {
  console.error("ADMIN_PASSWORD must be at least 10 characters.");
  process.exit(1);
}
const organisationId = ensureOrganisation({ name: args.organisation, kind: args.kind, region: args.region }).id;
const { id, created } = await ensureUser({
  name: args.name,
  email: args.email,
  password,
  organisationId,
  roles: ["admin"],
});
if (created) {
  console.info(`Created administrator ${args.email}.`);
  if (generated) console.info(`Password (shown once, change it at /account): ${password}`);
} else {
  grantRole({ actorId: null, userId: id, role: "admin" });
  console.info(`${args.email} already had an account; it now has the admin role (password unchanged).`);
}
