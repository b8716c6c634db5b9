import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addDays, amsterdamDay, formatDate, formatPeriod } from "~/utils/dates";

const direct = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

describe("calendar days in Amsterdam", () => {
  test("the day changes at midnight Amsterdam time, also around the clock changes", () => {
    // 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    expect(amsterdamDay(new Date("2026-03-28T22:59:59.999Z"))).toBe("2026-03-28");
    expect(amsterdamDay(new Date("2026-03-28T23:00:00.000Z"))).toBe("2026-03-29");
    expect(amsterdamDay(new Date("2026-03-29T21:59:59.999Z"))).toBe("2026-03-29");
    expect(amsterdamDay(new Date("2026-03-29T22:00:00.000Z"))).toBe("2026-03-30");
    expect(amsterdamDay(new Date("2026-10-24T21:59:59.999Z"))).toBe("2026-10-24");
    expect(amsterdamDay(new Date("2026-10-24T22:00:00.000Z"))).toBe("2026-10-25");
    expect(amsterdamDay(new Date("2026-10-25T22:59:59.999Z"))).toBe("2026-10-25");
    expect(amsterdamDay(new Date("2026-10-25T23:00:00.000Z"))).toBe("2026-10-26");
  });

  test("asked again and again in any order, the answer is always Intl's", () => {
    const moment = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
    // Moments close together (the same minute, around midnight) as well as far apart.
    const near = moment.chain((t) => fc.array(fc.integer({ min: -120_000, max: 120_000 }).map((d) => t + d)));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            moment.map((t) => [t]),
            near,
          ),
        ),
        (groups) => {
          for (const t of groups.flat()) expect(amsterdamDay(new Date(t))).toBe(direct.format(new Date(t)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("days are added across months, years, leap days and the clock changes", () => {
    expect(addDays("2026-12-04", 21)).toBe("2026-12-25");
    expect(addDays("2026-12-04", 21)).toBe("2026-12-25");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  test("a calendar day reads the same every time, in Dutch", () => {
    expect(formatDate("2026-12-14")).toBe("14 december 2026");
    expect(formatDate("2026-12-14")).toBe("14 december 2026");
    expect(formatDate("2027-01-01")).toBe("1 januari 2027");
    expect(formatDate(null)).toBe("");
  });
});

describe("a period in Dutch", () => {
  test("names the day once when both ends fall on the same day in Amsterdam", () => {
    expect(formatPeriod(new Date("2026-12-14T17:30:00Z"), new Date("2026-12-14T19:00:00Z"))).toBe(
      "14 december 2026 van 18:30 tot 20:00",
    );
  });

  test("names both days when the period passes midnight in Amsterdam (not in UTC)", () => {
    expect(formatPeriod(new Date("2026-12-14T22:30:00Z"), new Date("2026-12-14T23:30:00Z"))).toBe(
      "14 december 2026 om 23:30 tot 15 december 2026 om 00:30",
    );
  });
});
