const ZONE = "Europe/Amsterdam";

const dateTime = new Intl.DateTimeFormat("nl-NL", { timeZone: ZONE, dateStyle: "long", timeStyle: "short" });
const longDate = new Intl.DateTimeFormat("nl-NL", { timeZone: ZONE, day: "numeric", month: "long", year: "numeric" });
const dayParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "23 november 2026 om 14:05" in Dutch, Amsterdam time (the month in full, as formatDate has it). */
export function formatDateTime(value: Date | string | number | null | undefined) {
  if (value == null) return "";
  return dateTime.format(new Date(value));
}

const timeOfDay = new Intl.DateTimeFormat("nl-NL", { timeZone: ZONE, timeStyle: "short" });

/** "14:05" in Amsterdam time. */
export function formatTime(value: Date | string | number) {
  return timeOfDay.format(new Date(value));
}

/**
 * "14 december 2026 van 18:30 tot 20:00": the day once when both ends fall on the same day in
 * Amsterdam, otherwise both in full ("14 december 2026 om 23:30 tot 15 december 2026 om 00:30").
 * Reads after "op" as well as on its own.
 */
export function formatPeriod(start: Date | string | number, end: Date | string | number) {
  const from = new Date(start);
  const to = new Date(end);
  if (dayParts.format(from) === dayParts.format(to)) {
    return `${longDate.format(from)} van ${formatTime(from)} tot ${formatTime(to)}`;
  }
  return `${formatDateTime(from)} tot ${formatDateTime(to)}`;
}

// Pages show the same few days again and again; Intl formatting is the costly part, so the
// words for a calendar day are kept (a bounded number of them).
const dayWords = new Map<string, string>();

/** "23 november 2026"; a calendar day (YYYY-MM-DD) is taken as that day, whatever the zone. */
export function formatDate(value: Date | string | number | null | undefined) {
  if (value == null) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    let words = dayWords.get(value);
    if (words === undefined) {
      words = longDate.format(new Date(`${value}T12:00:00Z`));
      if (dayWords.size >= 1000) dayWords.clear();
      dayWords.set(value, words);
    }
    return words;
  }
  return longDate.format(new Date(value));
}

// Offsets of Europe/Amsterdam are whole hours, so the day can only change on a minute's start:
// the day of the last minute asked for is kept.
let lastMinute = Number.NaN;
let lastDay = "";

/** The calendar day (YYYY-MM-DD) in Amsterdam at this moment. */
export function amsterdamDay(at: Date = new Date()) {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = dayParts.format(at);
    lastMinute = minute;
  }
  return lastDay;
}

const sums = new Map<string, string>();

/** A calendar day plus a number of days. */
export function addDays(day: string, days: number) {
  const key = `${day}+${days}`;
  let sum = sums.get(key);
  if (sum === undefined) {
    const date = new Date(`${day}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    sum = date.toISOString().slice(0, 10);
    if (sums.size >= 1000) sums.clear();
    sums.set(key, sum);
  }
  return sum;
}

const localParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** A moment as Amsterdam wall-clock time, "YYYY-MM-DDTHH:MM" (the value of a datetime-local input). */
export function toAmsterdamLocal(value: Date | number) {
  const parts = Object.fromEntries(localParts.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function offsetAt(utc: number) {
  const local = toAmsterdamLocal(utc);
  const [date, time] = local.split("T") as [string, string];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = time.split(":").map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, h, min) - Math.floor(utc / 60000) * 60000;
}

/**
 * Amsterdam wall-clock time ("2026-12-01T09:00") as a moment; null when it is no valid time. An
 * hour that occurs twice (autumn) is taken the first time; one that is skipped (spring) an hour later.
 */
export function fromAmsterdamLocal(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, m, d, h, min] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (m < 1 || m > 12 || h > 23 || min > 59) return null;
  const wall = Date.UTC(y, m - 1, d, h, min);
  if (new Date(wall).getUTCDate() !== d) return null;
  const hour = 3600_000;
  const candidates = [wall - offsetAt(wall - 3 * hour), wall - offsetAt(wall + 3 * hour)];
  const exact = candidates.filter((utc) => toAmsterdamLocal(utc) === value);
  return new Date(exact.length ? Math.min(...exact) : candidates[0]!);
}
