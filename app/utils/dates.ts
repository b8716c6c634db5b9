const ZONE = "Europe/Amsterdam";

const dateTime = new Intl.DateTimeFormat("nl-NL", { timeZone: ZONE, dateStyle: "medium", timeStyle: "short" });
const longDate = new Intl.DateTimeFormat("nl-NL", { timeZone: ZONE, day: "numeric", month: "long", year: "numeric" });
const dayParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "23 nov 2026, 14:05" in Dutch, Amsterdam time. */
export function formatDateTime(value: Date | string | number | null | undefined) {
  if (value == null) return "";
  return dateTime.format(new Date(value));
}

/** "23 november 2026"; a calendar day (YYYY-MM-DD) is taken as that day, whatever the zone. */
export function formatDate(value: Date | string | number | null | undefined) {
  if (value == null) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return longDate.format(new Date(`${value}T12:00:00Z`));
  }
  return longDate.format(new Date(value));
}

/** The calendar day (YYYY-MM-DD) in Amsterdam at this moment. */
export function amsterdamDay(at: Date = new Date()) {
  return dayParts.format(at);
}

/** A calendar day plus a number of days. */
export function addDays(day: string, days: number) {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
