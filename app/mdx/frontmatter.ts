import { z } from "zod";
import { AUDIENCES } from "@db/schema/enums";

const slug = z
  .string({ error: "ontbreekt" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "gebruik alleen kleine letters, cijfers en streepjes");

const day = z.union([z.date(), z.string()], { error: "ontbreekt" }).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "schrijf een datum als JJJJ-MM-DD" });
    return z.NEVER;
  }
  return date.toISOString().slice(0, 10);
});

/** The frontmatter of a module (content/README.md explains every field to authors). */
export const InterventionFrontmatterSchema = z.strictObject(
  {
    title: z.string({ error: "ontbreekt" }).trim().min(3, "is te kort").max(120, "is langer dan 120 tekens"),
    slug,
    theme: slug,
    summary: z.string({ error: "ontbreekt" }).trim().min(10, "is te kort").max(400, "is langer dan 400 tekens"),
    duration: z
      .number({ error: "moet een aantal minuten zijn" })
      .int("moet een heel aantal minuten zijn")
      .min(5, "moet minstens 5 minuten zijn")
      .max(120, "mag hoogstens 120 minuten zijn"),
    audience: z
      .array(z.enum(AUDIENCES, { error: `kies uit ${AUDIENCES.join(", ")}` }), { error: "moet een lijst zijn" })
      .min(1, "noem minstens één doelgroep"),
    authors: z
      .array(z.string().trim().min(2), { error: "moet een lijst met namen zijn" })
      .min(1, "noem minstens één auteur"),
    experts: z.array(z.string().trim().min(2), { error: "moet een lijst met namen zijn" }).default([]),
    version: z.union([z.string(), z.number()], { error: "ontbreekt" }).transform(String),
    lastReviewed: day,
    deepen: z
      .array(
        z.strictObject({
          title: z.string({ error: "ontbreekt" }).trim().min(2),
          url: z
            .string({ error: "ontbreekt" })
            .refine((url) => url.startsWith("/") || /^https?:\/\//.test(url), "moet met / of https:// beginnen"),
        }),
        { error: "moet een lijst zijn met title en url" },
      )
      .default([]),
    accreditation: z
      .strictObject({
        register: z.string({ error: "ontbreekt" }).trim().min(2),
        number: z.union([z.string(), z.number()], { error: "ontbreekt" }).transform(String),
        points: z.number({ error: "moet een getal zijn" }).positive("moet groter dan 0 zijn"),
      })
      .optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `onbekend veld: ${issue.keys.join(", ")}` : undefined) },
);

export type InterventionFrontmatter = z.output<typeof InterventionFrontmatterSchema>;
