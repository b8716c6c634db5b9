import { describe, expect, test } from "vitest";
import { isAllowedOrigin } from "~/auth/origin.server";

const HOSTS = ["localhost:3000", "leercirkel.example.nl"];

describe("isAllowedOrigin", () => {
  test.each(["GET", "HEAD", "OPTIONS", "get"])("lets %s through from anywhere", (method) => {
    expect(isAllowedOrigin(method, "https://elders.example.com", HOSTS)).toBe(true);
    expect(isAllowedOrigin(method, undefined, HOSTS)).toBe(true);
  });

  test.each(["http://localhost:3000", "https://leercirkel.example.nl", "https://LEERCIRKEL.example.nl"])(
    "accepts a POST from this site (%s)",
    (origin) => {
      expect(isAllowedOrigin("POST", origin, HOSTS)).toBe(true);
    },
  );

  test.each([
    ["another site", "https://elders.example.com"],
    ["another port", "http://localhost:4000"],
    ["a look-alike host", "https://leercirkel.example.nl.evil.example"],
    ["an opaque origin", "null"],
    ["a malformed origin", "niet een url"],
    ["no origin", undefined],
  ])("refuses a POST from %s", (_what, origin) => {
    expect(isAllowedOrigin("POST", origin, HOSTS)).toBe(false);
  });

  test("checks every method that can change data", () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect(isAllowedOrigin(method, "https://elders.example.com", HOSTS)).toBe(false);
    }
  });
});
