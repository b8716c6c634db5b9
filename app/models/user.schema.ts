import { z } from "zod";
import { ROLES } from "@db/schema/enums";

export const PASSWORD_MIN_LENGTH = 10;

const email = z
  .string({ error: "Vul je e-mailadres in." })
  .trim()
  .max(254, "Dit e-mailadres is te lang.")
  .pipe(z.email({ error: "Vul een geldig e-mailadres in, zoals naam@organisatie.nl." }));

const newPassword = z
  .string({ error: "Kies een wachtwoord." })
  .min(PASSWORD_MIN_LENGTH, `Kies een wachtwoord van minstens ${PASSWORD_MIN_LENGTH} tekens.`)
  .max(200, "Kies een wachtwoord van hoogstens 200 tekens.");

export const RegistrationSchema = z.object({
  name: z
    .string({ error: "Vul je naam in." })
    .trim()
    .min(2, "Vul je naam in.")
    .max(100, "Je naam mag hoogstens 100 tekens zijn."),
  email,
  password: newPassword,
  organisationId: z
    .number({ error: "Kies je organisatie." })
    .int("Kies je organisatie uit de lijst.")
    .positive("Kies je organisatie uit de lijst."),
  role: z.enum(["professional", "expert"], {
    error: "Kies of je hier bent als professional of als ervaringsdeskundige.",
  }),
});
export type RegistrationInput = z.infer<typeof RegistrationSchema>;

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "Vul je wachtwoord in." }).max(200, "Dit wachtwoord is te lang."),
  redirectTo: z.string().optional(),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string({ error: "Herhaal je nieuwe wachtwoord." }),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    message: "De twee wachtwoorden zijn niet gelijk.",
  });

export const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"], { error: "Onbekende actie." }),
  role: z.enum(ROLES, { error: "Kies een bestaande rol." }),
});

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string({ error: "Vul je huidige wachtwoord in." }).max(200, "Dit wachtwoord is te lang."),
    password: newPassword,
    confirm: z.string({ error: "Herhaal je nieuwe wachtwoord." }),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    message: "De twee wachtwoorden zijn niet gelijk.",
  });
