import { describe, expect, test } from "vitest";
import { safeRedirect } from "~/utils/redirect";

describe("safeRedirect", () => {
  test.each(["/", "/beheer", "/beheer/gebruikers?q=jan&page=2", "/leerinterventies/autisme#vragen"])(
    "keeps the same-site path %s",
    (to) => {
      expect(safeRedirect(to)).toBe(to);
    },
  );

  test.each([
    ["another site", "https://elders.example.com/"],
    ["a protocol-relative URL", "//elders.example.com"],
    ["a backslash trick", "/\\elders.example.com"],
    ["a relative path", "beheer"],
    ["a javascript URL", "javascript:alert(1)"],
    ["an empty value", ""],
    ["no value", null],
    ["undefined", undefined],
  ])("replaces %s by the fallback", (_what, to) => {
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "/start")).toBe("/start");
  });

  test("replaces an uploaded file by the fallback", () => {
    expect(safeRedirect(new File(["x"], "x.txt"), "/start")).toBe("/start");
  });
});
