const dateTime = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  dateStyle: "medium",
  timeStyle: "short",
});

/** "23 nov 2026, 14:05" in Dutch, Amsterdam time. */
export function formatDateTime(value: Date | string | number | null | undefined) {
  if (value == null) return "";
  return dateTime.format(new Date(value));
}
