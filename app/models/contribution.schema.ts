import { z } from "zod";
import {
  CONTRIBUTION_CREDITS,
  CONTRIBUTION_KINDS,
  CONTRIBUTION_PERSPECTIVES,
  type ContributionEvent,
  type ContributionKind,
  type ContributionStatus,
} from "@db/schema/enums";
import { BSN_MESSAGE, containsBsn, containsNameWithBirthDate, NAME_BIRTH_DATE_MESSAGE } from "~/utils/privacy";

/**
 * The status machine. The contributor saves and submits drafts and returned contributions and may
 * withdraw any of their own; a coordinator publishes, returns or archives what is submitted, and
 * archives what is published. Every change is one UPDATE guarded by the allowed statuses, so a
 * crafted request cannot skip a step, and two decisions at once cannot both land.
 */
export const EDITABLE: readonly ContributionStatus[] = ["draft", "returned"];
export const WITHDRAWABLE: readonly ContributionStatus[] = ["draft", "submitted", "returned", "published", "archived"];
export const DECISIONS = {
  publish: { from: ["submitted"], to: "published", event: "published" },
  return: { from: ["submitted"], to: "returned", event: "returned" },
  archive: { from: ["submitted", "published", "returned"], to: "archived", event: "archived" },
} as const satisfies Record<
  string,
  { from: readonly ContributionStatus[]; to: ContributionStatus; event: ContributionEvent }
>;
/** A coordinator may correct a typo in what is submitted or published, never rewrite it. */
export const CORRECTABLE: readonly ContributionStatus[] = ["submitted", "published"];
export const MAX_CORRECTION = 20;

/** How many published contributions a module shows before "meer". */
export const MODULE_CONTRIBUTIONS_SHOWN = 6;

/** At most this many characters per kind: short do's, don'ts and tips; a story may be longer. */
export const CONTRIBUTION_MAX_LENGTH: Record<ContributionKind, number> = {
  do: 1000,
  dont: 1000,
  tip: 1000,
  story: 3000,
};
export const CONTRIBUTION_MIN_LENGTH = 10;

/** The privacy guard of every text about a family: no BSN, no name with a date of birth. */
export function privacyProblem(text: string): string | null {
  if (containsBsn(text)) return BSN_MESSAGE;
  if (containsNameWithBirthDate(text)) return NAME_BIRTH_DATE_MESSAGE;
  return null;
}

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, "Onbekende module.");

export const ContributionSchema = z
  .object({
    intent: z.enum(["save", "submit"], { error: "Kies opslaan of indienen." }),
    kind: z.enum(CONTRIBUTION_KINDS, { error: "Kies wat voor bijdrage het is." }),
    text: z
      .string({ error: "Schrijf je bijdrage." })
      .trim()
      .min(1, "Schrijf je bijdrage.")
      .max(CONTRIBUTION_MAX_LENGTH.story, `Schrijf hoogstens ${CONTRIBUTION_MAX_LENGTH.story} tekens.`)
      .superRefine((text, ctx) => {
        const problem = privacyProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    themeId: z.number({ error: "Kies een thema." }).int("Kies een thema.").positive("Kies een thema."),
    modules: z.array(slug).max(20, "Kies hoogstens 20 modules.").default([]),
    perspective: z.enum(CONTRIBUTION_PERSPECTIVES, { error: "Kies vanuit welk perspectief je schrijft." }),
    credit: z.enum(CONTRIBUTION_CREDITS, { error: "Kies hoe je genoemd wilt worden." }),
    inviteId: z.number().int().positive().optional(),
  })
  .superRefine((value, ctx) => {
    const max = CONTRIBUTION_MAX_LENGTH[value.kind];
    if (value.text.length > max) {
      const what = value.kind === "story" ? "een verhaal" : "een doen, niet doen of tip";
      ctx.addIssue({ code: "custom", path: ["text"], message: `Voor ${what} is het hoogstens ${max} tekens.` });
    }
    if (value.intent === "submit" && value.text.length < CONTRIBUTION_MIN_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["text"],
        message: `Schrijf minstens ${CONTRIBUTION_MIN_LENGTH} tekens voordat je indient.`,
      });
    }
  });
export type ContributionInput = z.infer<typeof ContributionSchema>;

export const WithdrawSchema = z.object({
  intent: z.literal("withdraw"),
  confirm: z.literal("ja", { error: "Vink aan dat je deze bijdrage wilt intrekken." }),
});

const comment = z.string().trim().max(2000, "Schrijf hoogstens 2000 tekens.");

export const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({
    intent: z.literal("return"),
    comment: z
      .string({ error: "Schrijf wat de bijdrager moet aanpassen." })
      .trim()
      .min(1, "Schrijf wat de bijdrager moet aanpassen.")
      .max(2000, "Schrijf hoogstens 2000 tekens."),
  }),
  z.object({ intent: z.literal("archive"), comment: comment.optional() }),
  z.object({
    intent: z.literal("correct"),
    text: z
      .string({ error: "De tekst mag niet leeg zijn." })
      .trim()
      .min(1, "De tekst mag niet leeg zijn.")
      .max(CONTRIBUTION_MAX_LENGTH.story, `Schrijf hoogstens ${CONTRIBUTION_MAX_LENGTH.story} tekens.`)
      .superRefine((text, ctx) => {
        const problem = privacyProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  }),
]);
export type ReviewInput = z.infer<typeof ReviewSchema>;

export const InviteSchema = z.object({
  email: z
    .string({ error: "Vul een e-mailadres in." })
    .trim()
    .max(254, "Dit e-mailadres is te lang.")
    .pipe(z.email({ error: "Vul een geldig e-mailadres in." })),
  themeId: z.number({ error: "Kies een thema." }).int("Kies een thema.").positive("Kies een thema."),
  slug: slug.optional(),
  message: z.string().trim().max(1000, "Schrijf hoogstens 1000 tekens.").default(""),
});
export type InviteInput = z.infer<typeof InviteSchema>;
