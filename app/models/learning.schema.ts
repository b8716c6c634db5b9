import { z } from "zod";
import { CHECK_IN_OUTCOMES, INTERVENTION_PARTS } from "@db/schema/enums";
import { BSN_MESSAGE, containsBsn } from "~/utils/privacy";

/** Free text about practice: limited in length, never a BSN. */
export function practiceText({ max, required }: { max: number; required?: string }) {
  const base = z.string().trim().max(max, `Schrijf hoogstens ${max} tekens.`);
  return (
    required ? z.string({ error: required }).trim().min(1, required).max(max, `Schrijf hoogstens ${max} tekens.`) : base
  ).refine((text) => !containsBsn(text), BSN_MESSAGE);
}

export const PartSchema = z.object({
  intent: z.enum(["complete-part", "undo-part"]),
  part: z.enum(INTERVENTION_PARTS, { error: "Onbekend onderdeel." }),
});

export const ReflectionSchema = z.object({
  intent: z.literal("save-reflection"),
  questionId: z.string({ error: "Onbekende vraag." }).max(80),
  answer: practiceText({ max: 5000 }).default(""),
});

const day = z.string({ error: "Kies een datum." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Kies een datum.");

export const IntentionSchema = z.object({
  intent: z.literal("save-intention"),
  text: practiceText({ max: 2000, required: "Schrijf op wat je de komende weken anders gaat doen." }),
  checkInOn: day,
});

/** A rapportcijfer: a whole number from 1 to 10. */
export const gradeSchema = z
  .number({ error: "Geef een rapportcijfer van 1 tot en met 10." })
  .int("Geef een heel cijfer van 1 tot en met 10.")
  .min(1, "Geef een rapportcijfer van 1 tot en met 10.")
  .max(10, "Geef een rapportcijfer van 1 tot en met 10.");

export const EvaluationSchema = z.object({
  intent: z.literal("evaluate"),
  grade: gradeSchema,
  mostUseful: practiceText({ max: 2000 }).default(""),
  missing: practiceText({ max: 2000 }).default(""),
});

export const CheckInSchema = z.object({
  outcome: z.enum(CHECK_IN_OUTCOMES, { error: "Kies of het gelukt is." }),
  whatHappened: practiceText({ max: 2000 }).default(""),
  helpedOrHindered: practiceText({ max: 2000 }).default(""),
});

export const CatalogueSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  thema: z.string().max(80).optional().catch(undefined),
  duur: z.enum(["kort", "middel", "lang"]).optional().catch(undefined),
  doelgroep: z.string().max(40).optional().catch(undefined),
});

/** Duration filters of the catalogue: up to 15, 16–30 and over 30 minutes. */
export const DURATION_FILTERS = {
  kort: { label: "Tot 15 minuten", test: (minutes: number) => minutes <= 15 },
  middel: { label: "16 tot 30 minuten", test: (minutes: number) => minutes > 15 && minutes <= 30 },
  lang: { label: "Meer dan 30 minuten", test: (minutes: number) => minutes > 30 },
} as const;

/** A certificate's code as printed (XXXX-XXXX-XXXX, no 0/O/1/I), in any case, with spaces around it. */
export const CertificateParamsSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){2}$/),
});
