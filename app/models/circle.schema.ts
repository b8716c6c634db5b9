import { z } from "zod";
import {
  CIRCLE_STEP_STATUSES,
  CIRCLE_STEPS,
  SIGNAL_KINDS,
  SIGNAL_SOURCES,
  type CircleStep,
  type CircleStepStatus,
  type OrganisationKind,
  type SignalKind,
  type SignalSource,
} from "@db/schema/enums";
import { amsterdamDay } from "~/utils/dates";
import { REGIONS } from "~/utils/labels";
import { privacyProblem } from "./contribution.schema";
import { calendarDay } from "./group.schema";

/** The seven practical steps of seed 001, as the circle page names them. */
export const CIRCLE_STEP_TITLES: Record<CircleStep, string> = {
  1: "Netwerkoverleg met kennisplatforms, professionals en ervaringsdeskundigen",
  2: "Inventarisatie van thema's waar behoefte aan is",
  3: "Kader voor de actieleergroep en de monitor",
  4: "Eerste webinar, met een peiling onder de deelnemers",
  5: "Eerste actieleergroep",
  6: "Vervolgwebinars en vervolgactieleergroepen",
  7: "Jaarlijkse netwerkbijeenkomst over inhoud en opbrengsten",
};

export const CIRCLE_STEP_STATUS_LABELS: Record<CircleStepStatus, string> = {
  niet_gestart: "Niet gestart",
  bezig: "Bezig",
  afgerond: "Afgerond",
};

export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  pattern: "Patroon",
  gap: "Lacune",
  trend: "Trend",
};

export const SIGNAL_SOURCE_LABELS: Record<SignalSource, string> = {
  expert_team: "Regionaal expertteam",
  casework_research: "Casuïstiekonderzoek",
  chain_learning: "Ketenbreed leren",
  monitoring: "Monitoring",
  practice: "Signaal uit de praktijk",
  other: "Anders",
};

/** A network meeting is the first step (netwerkoverleg) or the last (the yearly network meeting). */
export const NETWORK_MEETING_STEPS = [1, 7] as const;

/**
 * Free text on a circle speaks about patterns and practice, never about one child or family: no
 * BSN, no name with a date of birth (the guard contributions and groups use).
 */
function guarded(schema: z.ZodString) {
  return schema.superRefine((text, ctx) => {
    const problem = privacyProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

const optionalText = (max: number) =>
  guarded(z.string().trim().max(max, `Schrijf hoogstens ${max} tekens.`)).default("");

const step = z
  .number({ error: "Kies een stap." })
  .int("Kies een stap.")
  .refine(
    (value): value is CircleStep => (CIRCLE_STEPS as readonly number[]).includes(value),
    "Kies een stap van 1 tot en met 7.",
  );

const themeId = z.number({ error: "Kies een thema." }).int("Kies een thema.").positive("Kies een thema.");

/** Starting a circle for a theme, at any of the seven steps. */
export const StartCircleSchema = z.object({ themeId, step });
export type StartCircleInput = z.infer<typeof StartCircleSchema>;

/** A coordinator sets a step's status, or clears it (null) to follow the suggestion from the data again. */
export const StepStatusSchema = z.object({
  step,
  status: z.enum(CIRCLE_STEP_STATUSES, { error: "Kies de status van de stap." }).nullable().default(null),
  note: optionalText(1000),
});
export type StepStatusInput = z.infer<typeof StepStatusSchema>;

const headcount = z
  .number({ error: "Vul een aantal in." })
  .int("Vul een heel aantal in.")
  .min(0, "Vul 0 of meer in.")
  .max(10_000, "Hoogstens 10.000.")
  .default(0);

/** Who took part, counted per kind of organisation: no names. */
const participants = z.object({
  aanbieder: headcount,
  toegang: headcount,
  gecertificeerde_instelling: headcount,
  gemeente: headcount,
  kennisinstelling: headcount,
  clientvertegenwoordiging: headcount,
} satisfies Record<OrganisationKind, typeof headcount>);

export const NetworkMeetingSchema = z
  .object({
    step: z.union([z.literal(1), z.literal(7)], {
      error: "Kies netwerkoverleg (stap 1) of netwerkbijeenkomst (stap 7).",
    }),
    heldOn: calendarDay("de datum"),
    participants: participants.default({
      aanbieder: 0,
      toegang: 0,
      gecertificeerde_instelling: 0,
      gemeente: 0,
      kennisinstelling: 0,
      clientvertegenwoordiging: 0,
    }),
    expertsByExperience: headcount,
    notes: optionalText(10_000),
    decisions: optionalText(10_000),
  })
  .superRefine((value, ctx) => {
    const total = Object.values(value.participants).reduce((sum, n) => sum + n, 0) + value.expertsByExperience;
    if (total === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["participants"],
        message: "Vul in wie er meededen: minstens één deelnemer.",
      });
    }
  });
export type NetworkMeetingInput = z.infer<typeof NetworkMeetingSchema>;

/**
 * A signal from casework: aggregated (a pattern, gap or trend over several cases), never data about
 * one child or family.
 */
export const SignalSchema = z.object({
  title: guarded(
    z
      .string({ error: "Vat het signaal samen in een titel." })
      .trim()
      .min(3, "Vat het signaal samen in een titel.")
      .max(200, "De titel mag hoogstens 200 tekens zijn."),
  ),
  description: optionalText(5000),
  kind: z.enum(SIGNAL_KINDS, { error: "Kies of het een patroon, lacune of trend is." }),
  source: z.enum(SIGNAL_SOURCES, { error: "Kies de bron van het signaal." }),
  region: z.enum(REGIONS, { error: "Kies de regio." }),
  observedOn: calendarDay("de datum van het signaal").refine(
    (day) => day <= amsterdamDay(),
    "Kies een datum die niet in de toekomst ligt.",
  ),
  themeId: themeId.nullable().default(null),
});
export type SignalInput = z.infer<typeof SignalSchema>;

/** The field error when a chosen theme was deleted meanwhile. */
export const UNKNOWN_THEME = "Dit thema bestaat niet (meer). Kies een ander thema.";

export const LinkSignalSchema = z.object({ themeId: themeId.nullable() });
export type LinkSignalInput = z.infer<typeof LinkSignalSchema>;

export const YearSchema = z
  .number({ error: "Kies een jaar." })
  .int("Kies een jaar.")
  .min(2000, "Kies een jaar vanaf 2000.")
  .max(2100, "Kies een jaar tot 2100.");

/** The coordinator's highlights of a year; empty removes them. */
export const HighlightsSchema = z.object({
  year: YearSchema,
  text: optionalText(10_000),
});
export type HighlightsInput = z.infer<typeof HighlightsSchema>;

const optionalDay = calendarDay("een datum").optional().catch(undefined);

/**
 * The filters of the figures in the query string (?van=2026-01-01&tot=2026-06-30&regio=Achterhoek):
 * a period of calendar days, both ends included, and a region. Anything unreadable is ignored;
 * a period given backwards is turned around.
 */
export const FiguresFilterSchema = z
  .object({
    van: optionalDay,
    tot: optionalDay,
    regio: z.enum(REGIONS).optional().catch(undefined),
  })
  .transform(({ van, tot, regio }) => {
    const [from, to] = van && tot && van > tot ? [tot, van] : [van, tot];
    return { from, to, region: regio };
  });
export type FiguresFilter = z.infer<typeof FiguresFilterSchema>;

/** ?jaar=2026 for the yearly yield report; the current year when absent or unreadable. */
export const YearFilterSchema = z.object({
  jaar: z.coerce
    .number()
    .pipe(YearSchema)
    .catch(() => Number(amsterdamDay().slice(0, 4))),
});

/** The yearly yield report's scope in the query string: ?cirkel=<slug> (absent: all circles) and ?jaar=2026. */
export const YearReportFilterSchema = YearFilterSchema.extend({
  cirkel: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
});
