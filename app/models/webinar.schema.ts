import { z } from "zod";
import { gradeSchema, practiceText } from "./learning.schema";
import { amsterdamMoment } from "./moment.schema";

const moment = amsterdamMoment;

/** "Naam – rol" per line; the role is optional. */
function parseSpeakers(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...role] = line.split(/\s+[–-]\s+/);
      return { name: (name ?? "").trim(), role: role.join(" – ").trim() };
    });
}

/** A coordinator's webinar: entered in Amsterdam time, stored as moments. */
export const WebinarSchema = z
  .object({
    title: z
      .string({ error: "Vul de titel in." })
      .trim()
      .min(3, "Vul de titel in.")
      .max(200, "De titel mag hoogstens 200 tekens zijn."),
    themeId: z.number().int().positive().optional(),
    description: z.string().trim().max(5000, "De beschrijving mag hoogstens 5000 tekens zijn.").default(""),
    // The names are checked on the parsed list, here: a refinement of the whole form also runs when
    // the text was too long, and would then get the text instead of the list.
    speakers: z
      .string()
      .max(2000, "Te veel tekst.")
      .default("")
      .transform((text) => parseSpeakers(text))
      .refine(
        (speakers) => speakers.every((s) => s.name && s.name.length <= 120),
        "Geef per regel een naam (hoogstens 120 tekens).",
      ),
    startsAt: moment("het begin"),
    endsAt: moment("het einde"),
    capacity: z
      .number({ error: "Vul het aantal plaatsen in." })
      .int("Vul een heel aantal plaatsen in.")
      .min(1, "Minstens 1 plaats.")
      .max(10_000, "Hoogstens 10.000 plaatsen."),
    registrationClosesAt: moment("het einde van de aanmelding").optional(),
    joinUrl: z
      .string({ error: "Vul de link naar de online bijeenkomst in." })
      .trim()
      .max(2000, "Deze link is te lang.")
      .pipe(z.url({ protocol: /^https?$/, error: "Vul een webadres in dat begint met https://." })),
    modules: z
      .array(z.string().regex(/^[a-z0-9-]{1,80}$/))
      .max(20)
      .default([]),
    pollId: z.number().int().positive().optional(),
  })
  .superRefine((value, ctx) => {
    // Zod runs this also when a field already failed (a time of only spaces, say): then that field
    // holds what was typed, not a moment, and its own message is enough.
    const moments = [value.startsAt, value.endsAt, value.registrationClosesAt] as unknown[];
    if (moments.some((m) => m !== undefined && !(m instanceof Date))) return;
    if (value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Het einde moet na het begin liggen." });
    }
    if (value.registrationClosesAt && value.registrationClosesAt > value.startsAt) {
      ctx.addIssue({
        code: "custom",
        path: ["registrationClosesAt"],
        message: "Aanmelden moet uiterlijk bij het begin sluiten.",
      });
    }
  });
export type WebinarInput = z.infer<typeof WebinarSchema>;

const optionalUrl = z
  .string()
  .trim()
  .max(2000, "Deze link is te lang.")
  .pipe(z.url({ protocol: /^https?$/, error: "Vul een webadres in dat begint met https://." }))
  .optional();

/** After the webinar: where to watch it again and the slides. */
export const WebinarMaterialsSchema = z.object({
  intent: z.literal("materials"),
  recordingUrl: optionalUrl,
  slidesUrl: optionalUrl,
});

/** Attendance marked by hand: the user ids ticked as present; the rest of the list was absent. */
export const AttendanceSchema = z.object({
  intent: z.literal("attendance"),
  shown: z.array(z.string().max(64)).max(10_000).default([]),
  present: z.array(z.string().max(64)).max(10_000).default([]),
});

/** The participant list from the meeting tool (Teams, Zoom…): any CSV or text with e-mail addresses. */
// Under the server's limit of 1 MiB per request (scripts/http-app.ts); a Teams list of 1,000 people is ~200 kB.
export const ATTENDANCE_FILE_MAX_BYTES = 1_000_000;
export const AttendanceUploadSchema = z.object({
  intent: z.literal("attendance-upload"),
  file: z
    .instanceof(File, { error: "Kies het bestand met de deelnemerslijst." })
    .refine((file) => file.size > 0, "Dit bestand is leeg.")
    .refine((file) => file.size <= ATTENDANCE_FILE_MAX_BYTES, "Het bestand mag hoogstens 1 MB zijn."),
});

export const WebinarEvaluationSchema = z.object({
  grade: gradeSchema,
  takeaway: practiceText({ max: 2000 }).default(""),
  improve: practiceText({ max: 2000 }).default(""),
});
export type WebinarEvaluationInput = z.infer<typeof WebinarEvaluationSchema>;
