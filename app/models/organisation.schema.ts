import { z } from "zod";
import { ORGANISATION_KINDS } from "@db/schema/enums";
import { REGIONS } from "~/utils/labels";

export const OrganisationSchema = z.object({
  name: z
    .string({ error: "Vul de naam van de organisatie in." })
    .trim()
    .min(2, "Vul de naam van de organisatie in.")
    .max(150, "De naam mag hoogstens 150 tekens zijn."),
  kind: z.enum(ORGANISATION_KINDS, { error: "Kies het soort organisatie." }),
  region: z.enum(REGIONS, { error: "Kies de regio." }),
});
export type OrganisationInput = z.infer<typeof OrganisationSchema>;
