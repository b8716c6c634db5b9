import { z } from "zod";
import { amsterdamMoment } from "./moment.schema";
import {
  ORGANISATION_KINDS,
  POLL_AUDIENCES,
  POLL_METHODS,
  POLL_RESULT_VISIBILITY,
  type PollMethod,
} from "@db/schema/enums";
import { REGIONS } from "~/utils/labels";

export const MAX_POLL_OPTIONS = 30;
export const MAX_DOTS = 100;

const moment = amsterdamMoment;

/** A coordinator's new poll. Options are themes from the list and free-text lines. */
export const PollSchema = z
  .object({
    question: z
      .string({ error: "Vul de vraag in." })
      .trim()
      .min(5, "Vul de vraag in (minstens 5 tekens).")
      .max(300, "De vraag mag hoogstens 300 tekens zijn."),
    explanation: z.string().trim().max(2000, "De toelichting mag hoogstens 2000 tekens zijn.").default(""),
    method: z.enum(POLL_METHODS, { error: "Kies hoe er gestemd wordt." }),
    maxChoices: z
      .number({ error: "Vul een heel getal in." })
      .int("Vul een heel getal in.")
      .min(1, "Vul een getal van 1 of meer in.")
      .max(MAX_DOTS, `Hoogstens ${MAX_DOTS}.`)
      .optional(),
    audience: z.enum(POLL_AUDIENCES, { error: "Kies wie mag stemmen." }),
    audienceRegion: z.enum(REGIONS, { error: "Kies een regio." }).optional(),
    audienceKind: z.enum(ORGANISATION_KINDS, { error: "Kies een soort organisatie." }).optional(),
    anonymous: z.boolean().default(false),
    allowSuggestions: z.boolean().default(false),
    resultsVisibility: z.enum(POLL_RESULT_VISIBILITY, { error: "Kies wanneer de uitslag te zien is." }),
    opensAt: moment("het begin"),
    closesAt: moment("het einde"),
    themeOptions: z.array(z.number().int().positive()).max(MAX_POLL_OPTIONS).default([]),
    freeOptions: z.string().max(5000, "Te veel tekst.").default(""),
  })
  .transform((value) => ({
    ...value,
    freeOptions: [
      ...new Set(
        value.freeOptions
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ],
  }))
  .superRefine((value, ctx) => {
    const total = value.themeOptions.length + value.freeOptions.length;
    if (total < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["freeOptions"],
        message: "Geef minstens twee opties (thema's of eigen tekst).",
      });
    }
    if (total > MAX_POLL_OPTIONS) {
      ctx.addIssue({ code: "custom", path: ["freeOptions"], message: `Hoogstens ${MAX_POLL_OPTIONS} opties.` });
    }
    if (value.freeOptions.some((o) => o.length > 200)) {
      ctx.addIssue({ code: "custom", path: ["freeOptions"], message: "Een optie mag hoogstens 200 tekens zijn." });
    }
    if (value.method === "multiple" && (value.maxChoices ?? 0) < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["maxChoices"],
        message: "Vul in hoeveel keuzes iemand mag maken (2 of meer).",
      });
    }
    if (value.method === "dots" && !value.maxChoices) {
      ctx.addIssue({ code: "custom", path: ["maxChoices"], message: "Vul in hoeveel punten iemand mag verdelen." });
    }
    if (value.method === "ranking" && value.maxChoices !== undefined && value.maxChoices < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["maxChoices"],
        message: "Laat minstens 2 plaatsen rangschikken, of laat leeg voor alle.",
      });
    }
    if (value.audience === "region" && !value.audienceRegion) {
      ctx.addIssue({ code: "custom", path: ["audienceRegion"], message: "Kies een regio." });
    }
    if (value.audience === "organisation_kind" && !value.audienceKind) {
      ctx.addIssue({ code: "custom", path: ["audienceKind"], message: "Kies een soort organisatie." });
    }
    if (value.closesAt <= value.opensAt) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "Het einde moet na het begin liggen." });
    }
  });
export type PollInput = z.infer<typeof PollSchema>;

export const ReopenSchema = z.object({
  intent: z.literal("reopen"),
  closesAt: moment("het nieuwe einde"),
});

export const SuggestionSchema = z.object({
  intent: z.literal("suggest"),
  label: z
    .string({ error: "Vul je voorstel in." })
    .trim()
    .min(2, "Vul je voorstel in.")
    .max(200, "Een voorstel mag hoogstens 200 tekens zijn."),
});

/** The points a ballot gives each option id. */
export type BallotPoints = Record<string, number>;

export type BallotResult = { ok: true; points: BallotPoints } | { ok: false; message: string };

/**
 * Reads a ballot from the form of the poll page. One choice: `choice`; several: `choice` more
 * than once; ranking: `rank-<option>` = 1, 2, …; dots: `dots-<option>` = points. A ranking of N
 * places gives N points to the first, N − 1 to the second and so on (Borda).
 */
export function ballotFromForm(
  poll: { method: PollMethod; maxChoices: number | null },
  optionIds: number[],
  form: { getAll(name: string): unknown[]; get(name: string): unknown },
): BallotResult {
  const known = new Set(optionIds.map(String));
  if (poll.method === "single" || poll.method === "multiple") {
    const chosen = [...new Set(form.getAll("choice").map(String))];
    if (!chosen.length)
      return { ok: false, message: poll.method === "single" ? "Kies een optie." : "Kies minstens één optie." };
    if (chosen.some((id) => !known.has(id))) return { ok: false, message: "Kies uit de opties van deze peiling." };
    const max = poll.method === "single" ? 1 : (poll.maxChoices ?? optionIds.length);
    if (chosen.length > max) {
      return { ok: false, message: poll.method === "single" ? "Kies één optie." : `Kies hoogstens ${max} opties.` };
    }
    return { ok: true, points: Object.fromEntries(chosen.map((id) => [id, 1])) };
  }
  if (poll.method === "ranking") {
    const places = Math.min(poll.maxChoices ?? optionIds.length, optionIds.length);
    const ranks = new Map<number, string>();
    for (const id of optionIds) {
      const raw = String(form.get(`rank-${id}`) ?? "").trim();
      if (!raw) continue;
      const rank = Number(raw);
      if (!Number.isInteger(rank) || rank < 1 || rank > places) {
        return { ok: false, message: `Geef elke plaats een nummer van 1 tot en met ${places}.` };
      }
      if (ranks.has(rank))
        return { ok: false, message: `Plaats ${rank} is twee keer gekozen; geef elke plaats één keer.` };
      ranks.set(rank, String(id));
    }
    if (ranks.size !== places) {
      return {
        ok: false,
        message: `Zet ${places === optionIds.length ? "alle opties" : `${places} opties`} op volgorde (1 tot en met ${places}).`,
      };
    }
    return { ok: true, points: Object.fromEntries([...ranks].map(([rank, id]) => [id, places - rank + 1])) };
  }
  const budget = poll.maxChoices ?? 0;
  const points: BallotPoints = {};
  let total = 0;
  for (const id of optionIds) {
    const raw = String(form.get(`dots-${id}`) ?? "").trim();
    if (!raw || raw === "0") continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > budget) {
      return { ok: false, message: `Geef per optie een heel aantal punten van 0 tot en met ${budget}.` };
    }
    points[String(id)] = value;
    total += value;
  }
  if (total === 0) return { ok: false, message: "Verdeel minstens één punt." };
  if (total > budget) return { ok: false, message: `Je verdeelde ${total} punten; je hebt er ${budget}.` };
  return { ok: true, points };
}
