import { describe, expect, test } from "vitest";
import { parseEnv as parseProcessEnv } from "~/utils/env.server";

// The app's types mark NODE_ENV as always present in process.env; these cases leave it out on purpose.
const parseEnv = (vars: Record<string, string>) => parseProcessEnv(vars as NodeJS.ProcessEnv);

describe("parseEnv", () => {
  test("an empty environment gets the defaults", () => {
    const env = parseEnv({});

    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_PATH: "data/leercirkel.db",
      SEED_DEMO: "auto",
      LOG_REQUESTS: true,
      appUrl: "http://localhost:3000",
      cookieSecure: false,
      isProduction: false,
    });
    expect(env.SMTP_URL).toBeUndefined();
  });

  test("empty values count as not set", () => {
    expect(parseEnv({ PORT: "", SMTP_URL: "", APP_URL: "" })).toMatchObject({
      PORT: 3000,
      appUrl: "http://localhost:3000",
    });
  });

  test("reads the values that are set", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      APP_URL: "https://leercirkel.example.nl/",
      SMTP_URL: "smtps://user:pass@mail.example.nl:465",
      LOG_REQUESTS: "false",
    });

    expect(env).toMatchObject({
      PORT: 8080,
      appUrl: "https://leercirkel.example.nl",
      SMTP_URL: "smtps://user:pass@mail.example.nl:465",
      LOG_REQUESTS: false,
      isProduction: true,
      cookieSecure: true,
    });
  });

  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["SMTP_URL", "mail.example.nl"],
    ["SMTP_URL", "https://mail.example.nl"],
    ["APP_URL", "leercirkel.example.nl"],
    ["SESSION_SECRET", "te-kort"],
    ["LOG_REQUESTS", "misschien"],
  ])("a wrong %s (%s) is refused with an error that names it", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid configuration[\\s\\S]*\\b${name}:`));
  });

  test("every wrong variable is named at once", () => {
    expect(() => parseEnv({ PORT: "abc", SMTP_URL: "http://mail.example.nl" })).toThrow(/PORT[\s\S]*SMTP_URL/);
  });
});
