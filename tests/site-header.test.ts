import { describe, expect, test } from "vitest";
import { isCurrentPath } from "~/components/site-header";

describe("the header marks the menu item of the current page (as NavLink did)", () => {
  test("the page itself and the pages below it", () => {
    expect(isCurrentPath("/leren", "/leren")).toBe(true);
    expect(isCurrentPath("/leren/verklarende-analyse", "/leren")).toBe(true);
    expect(isCurrentPath("/leren/", "/leren")).toBe(true);
  });

  test("not a page that only starts with the same letters", () => {
    expect(isCurrentPath("/lerenpad", "/leren")).toBe(false);
    expect(isCurrentPath("/webinars", "/leren")).toBe(false);
  });

  test("the start page only on itself", () => {
    expect(isCurrentPath("/", "/", true)).toBe(true);
    expect(isCurrentPath("/leren", "/", true)).toBe(false);
  });

  test("end: only the page itself", () => {
    expect(isCurrentPath("/beheer", "/beheer", true)).toBe(true);
    expect(isCurrentPath("/beheer/themas", "/beheer", true)).toBe(false);
  });

  test("case does not matter, and a target with a trailing slash still matches below it", () => {
    expect(isCurrentPath("/Leren/Autisme", "/leren")).toBe(true);
    expect(isCurrentPath("/leren/autisme", "/leren/")).toBe(true);
  });
});
