import { z } from "zod";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "use true or false",
  })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: "must be a port number (1–65535)" }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/leercirkel.db"),
  CONTENT_DIR: z.string().min(1).default("content"),
  APP_URL: z.url({ error: "must be a full URL such as https://leercirkel.example.nl" }).optional(),
  SMTP_URL: z
    .url({ error: "must be a URL such as smtp://user:pass@mail.example.nl:587" })
    .refine((value) => /^smtps?:/.test(value), "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Leercirkel <noreply@leercirkel.local>"),
  MAIL_POLL_INTERVAL_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).default(5000),
  DEMO_PASSWORD: z.string().min(10, "must be at least 10 characters").default("leercirkel-demo"),
  SEED_DEMO: z.enum(["auto", "true", "false"]).default("auto"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  COOKIE_SECURE: booleanish.optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)$/, "use true, false or the number of proxies in front of the app")
    .default("false"),
  LOG_REQUESTS: booleanish.default(true),
  // A session ends after this long without a request (default 7 days: a work week plus a weekend)…
  SESSION_IDLE_HOURS: z.coerce
    .number({ error: "must be a whole number of hours" })
    .int("must be a whole number of hours")
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  // …and at the latest this long after sign-in, however active (default 30 days).
  SESSION_ABSOLUTE_DAYS: z.coerce
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(1)
    .max(365)
    .default(30),
});

export type Env = z.infer<typeof EnvSchema> & {
  appUrl: string;
  cookieSecure: boolean;
  isProduction: boolean;
};

/** Parses the environment; throws an Error whose message lists every wrong variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // Empty strings (as in a copied .env.example) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const parsed = result.data;
  if (parsed.SESSION_IDLE_HOURS > parsed.SESSION_ABSOLUTE_DAYS * 24) {
    throw new Error(
      "Invalid configuration in the environment:\n  SESSION_IDLE_HOURS: must not be longer than SESSION_ABSOLUTE_DAYS\nSee .env.example.",
    );
  }
  const isProduction = parsed.NODE_ENV === "production";
  return {
    ...parsed,
    appUrl: (parsed.APP_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ""),
    cookieSecure: parsed.COOKIE_SECURE ?? isProduction,
    isProduction,
  };
}

export const env = parseEnv(process.env);
