import { z } from "zod";

export const ThemeSchema = z.object({
  name: z
    .string({ error: "Vul de naam van het thema in." })
    .trim()
    .min(2, "Vul de naam van het thema in.")
    .max(120, "De naam mag hoogstens 120 tekens zijn."),
  slug: z
    .string({ error: "Vul het webadres-deel (slug) in." })
    .trim()
    .toLowerCase()
    .min(2, "De slug moet minstens 2 tekens zijn.")
    .max(80, "De slug mag hoogstens 80 tekens zijn.")
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "Gebruik alleen kleine letters, cijfers en streepjes, zoals verklarende-analyse.",
    )
    .optional(),
  description: z.string().trim().max(2000, "De beschrijving mag hoogstens 2000 tekens zijn.").default(""),
});
export type ThemeInput = z.infer<typeof ThemeSchema>;

/** Turns a Dutch theme name into a slug: "Lessen uit casuïstiekonderzoek" → "lessen-uit-casuistiekonderzoek". */
export function slugify(name: string) {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}
