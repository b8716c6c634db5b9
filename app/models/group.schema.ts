import { z } from "zod";
import {
  ACTION_STATUSES,
  EMBEDDING_KINDS,
  type ActionStatus,
  type EmbeddingKind,
  type GroupMemberStatus,
} from "@db/schema/enums";
import { BSN_MESSAGE, containsBsn, containsNameWithBirthDate, NAME_BIRTH_DATE_MESSAGE } from "~/utils/privacy";
import { amsterdamMoment } from "./moment.schema";

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: "Open",
  bezig: "Bezig",
  gedaan: "Gedaan",
  losgelaten: "Losgelaten",
};

export const EMBEDDING_KIND_LABELS: Record<EmbeddingKind, string> = {
  werkproces: "In een werkproces",
  protocol: "In een protocol",
  training: "In een training",
  teamoverleg: "In het teamoverleg",
};

export const GROUP_MEMBER_STATUS_LABELS: Record<GroupMemberStatus, string> = {
  invited: "Uitgenodigd",
  requested: "Aangevraagd",
  active: "Lid",
  declined: "Afgewezen",
  left: "Vertrokken",
};

/** Statuses of an action that still asks something of its owner (reminders, the start page). */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ["open", "bezig"];

/** Free text in a group is about practice: never a BSN, never a name with a date of birth. */
function guarded(schema: z.ZodString) {
  return schema.superRefine((text, ctx) => {
    if (containsBsn(text)) ctx.addIssue({ code: "custom", message: BSN_MESSAGE });
    else if (containsNameWithBirthDate(text)) ctx.addIssue({ code: "custom", message: NAME_BIRTH_DATE_MESSAGE });
  });
}

const optionalText = (max: number) =>
  guarded(z.string().trim().max(max, `Schrijf hoogstens ${max} tekens.`)).default("");

const requiredText = (message: string, max: number, min = 3) =>
  guarded(z.string({ error: message }).trim().min(min, message).max(max, `Schrijf hoogstens ${max} tekens.`));

/** A calendar day (YYYY-MM-DD, the value of a date input); `label` names it in the message. */
export function calendarDay(label: string) {
  return z
    .string({ error: `Kies ${label}.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Kies ${label}.`)
    .refine((day) => {
      const date = new Date(`${day}T12:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
    }, `Kies ${label} die bestaat.`);
}

/** A whole number between min and max; `one` and `many` name the thing ("bijeenkomst", "bijeenkomsten"). */
const count = ([one, many]: [string, string], min: number, max: number) =>
  z
    .number({ error: `Vul het aantal ${many} in.` })
    .int(`Vul een heel aantal ${many} in.`)
    .min(min, `Minstens ${min} ${min === 1 ? one : many}.`)
    .max(max, `Hoogstens ${max} ${max === 1 ? one : many}.`);

const name = z
  .string({ error: "Vul de naam in." })
  .trim()
  .min(3, "Vul de naam in.")
  .max(200, "De naam mag hoogstens 200 tekens zijn.");

/** The set-up a frame proposes and a group adopts (or adapts). Without defaults: see StartGroupSchema. */
const setup = {
  themeId: z.number().int().positive().nullable(),
  learningQuestion: requiredText("Vul de leervraag in.", 1000),
  aim: guarded(z.string().trim().max(2000, "Schrijf hoogstens 2000 tekens.")),
  plannedMeetings: count(["bijeenkomst", "bijeenkomsten"], 1, 52),
  meetingIntervalWeeks: count(["week tussen de bijeenkomsten", "weken tussen de bijeenkomsten"], 1, 26),
  maxMembers: count(["deelnemer", "deelnemers"], 2, 50),
  confidentiality: guarded(z.string().trim().max(2000, "Schrijf hoogstens 2000 tekens.")),
  attendance: guarded(z.string().trim().max(2000, "Schrijf hoogstens 2000 tekens.")),
  commitment: guarded(z.string().trim().max(2000, "Schrijf hoogstens 2000 tekens.")),
};

/** A frame (kader): the template for setting up a group, kept and reused by coordinators. */
export const FrameSchema = z.object({
  name,
  ...setup,
  themeId: setup.themeId.default(null),
  aim: optionalText(2000),
  confidentiality: optionalText(2000),
  attendance: optionalText(2000),
  commitment: optionalText(2000),
});
export type FrameInput = z.infer<typeof FrameSchema>;

const facilitatorId = z.string({ error: "Kies een begeleider." }).trim().min(1, "Kies een begeleider.");

/**
 * Starting a group from a frame: a name and a facilitator, and whatever the coordinator adapts; every
 * set-up field left out is taken from the frame.
 */
export const StartGroupSchema = z.object({
  frameId: z.number({ error: "Kies een kader." }).int("Kies een kader.").positive("Kies een kader."),
  name,
  facilitatorId,
  startsOn: calendarDay("de startdatum").optional(),
  openToRequests: z.boolean().default(false),
  ...z.object(setup).partial().shape,
});
export type StartGroupInput = z.infer<typeof StartGroupSchema>;

/** Changing a running group: everything at once, as the form shows it. */
export const GroupSchema = FrameSchema.extend({
  facilitatorId,
  startsOn: calendarDay("de startdatum"),
  openToRequests: z.boolean().default(false),
});
export type GroupInput = z.infer<typeof GroupSchema>;

export const InviteMemberSchema = z.object({
  userId: z.string({ error: "Kies wie je uitnodigt." }).trim().min(1, "Kies wie je uitnodigt."),
  message: optionalText(1000),
});
export type InviteMemberInput = z.infer<typeof InviteMemberSchema>;

export const JoinRequestSchema = z.object({ message: optionalText(1000) });
export type JoinRequestInput = z.infer<typeof JoinRequestSchema>;

/** A meeting: entered in Amsterdam time, stored as moments. */
export const MeetingSchema = z
  .object({
    startsAt: amsterdamMoment("het begin"),
    endsAt: amsterdamMoment("het einde"),
    location: z.string().trim().max(500, "Schrijf hoogstens 500 tekens.").default(""),
    agenda: optionalText(5000),
  })
  .superRefine((value, ctx) => {
    // Zod runs this also when a field already failed (a time of only spaces, say): then that field
    // holds what was typed, not a moment, and its own message is enough.
    const { startsAt, endsAt } = value as { startsAt: unknown; endsAt: unknown };
    if (!(startsAt instanceof Date) || !(endsAt instanceof Date)) return;
    if (endsAt <= startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Het einde moet na het begin liggen." });
    } else if (endsAt.getTime() - startsAt.getTime() > 12 * 3600_000) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Een bijeenkomst duurt hoogstens twaalf uur." });
    }
  });
export type MeetingInput = z.infer<typeof MeetingSchema>;

/** After a meeting: its yield (opbrengst) and who was there. */
export const MeetingYieldSchema = z.object({
  yield: requiredText("Schrijf de opbrengst van de bijeenkomst op.", 5000),
  attendeeIds: z.array(z.string().min(1)).max(100, "Te veel deelnemers.").default([]),
});
export type MeetingYieldInput = z.infer<typeof MeetingYieldSchema>;

export const ActionSchema = z.object({
  description: requiredText("Beschrijf de actie.", 1000),
  ownerId: z.string({ error: "Kies wie de actie trekt." }).trim().min(1, "Kies wie de actie trekt."),
  organisationId: z.number().int().positive().optional(),
  dueOn: calendarDay("de einddatum"),
  meetingId: z.number().int().positive().optional(),
});
export type ActionInput = z.infer<typeof ActionSchema>;

/**
 * A status change with its short update; "geborgd" (embedded) goes with a done action: where, and
 * what shows it.
 */
export const ActionStatusSchema = z
  .object({
    status: z.enum(ACTION_STATUSES, { error: "Kies de status." }),
    update: requiredText("Schrijf kort wat er veranderde.", 1000),
    embeddedIn: z.enum(EMBEDDING_KINDS, { error: "Kies waar de actie geborgd is." }).optional(),
    embeddingEvidence: guarded(z.string().trim().max(1000, "Schrijf hoogstens 1000 tekens.")).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.embeddedIn && value.status !== "gedaan") {
      ctx.addIssue({ code: "custom", path: ["embeddedIn"], message: "Een actie is pas geborgd als ze gedaan is." });
    }
    if (value.embeddedIn && !value.embeddingEvidence) {
      ctx.addIssue({
        code: "custom",
        path: ["embeddingEvidence"],
        message: "Beschrijf waaruit blijkt dat het geborgd is (bijvoorbeeld welk protocol of welk overleg).",
      });
    }
    if (!value.embeddedIn && value.embeddingEvidence) {
      ctx.addIssue({ code: "custom", path: ["embeddedIn"], message: "Kies waar de actie geborgd is." });
    }
  })
  .transform(({ embeddedIn, embeddingEvidence, ...rest }) => ({
    ...rest,
    embedding: embeddedIn && embeddingEvidence ? { kind: embeddedIn, evidence: embeddingEvidence } : undefined,
  }));
export type ActionStatusInput = z.infer<typeof ActionStatusSchema>;

export const CloseGroupSchema = z.object({
  finalYield: requiredText("Schrijf de opbrengst van de groep op.", 5000, 10),
});
export type CloseGroupInput = z.infer<typeof CloseGroupSchema>;
