import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";

const ZONE = "Europe/Amsterdam";

export type IcsMethod = "REQUEST" | "CANCEL";

export type CalendarEvent = {
  /** Never changes for the same event: calendars match updates and cancellations on it. */
  uid: string;
  /** Raised with every change the attendee must see. */
  sequence: number;
  start: Date;
  end: Date;
  /** When the event last changed (DTSTAMP). */
  stamp: Date;
  summary: string;
  description: string;
  url: string;
  location?: string;
  method: IcsMethod;
};

/**
 * One event as an RFC 5545 calendar: times in Europe/Amsterdam with its VTIMEZONE, and
 * METHOD:CANCEL with STATUS:CANCELLED for a cancellation.
 */
export function calendarIcs(event: CalendarEvent) {
  const calendar = ical({
    prodId: { company: "Leercirkel", product: "leercirkel", language: "NL" },
    method: event.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: ZONE, generator: getVtimezoneComponent },
  });
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    // Luxon carries the zone: ical-generator writes a plain Date in the server's own zone.
    start: DateTime.fromJSDate(event.start, { zone: ZONE }),
    end: DateTime.fromJSDate(event.end, { zone: ZONE }),
    timezone: ZONE,
    stamp: DateTime.fromJSDate(event.stamp, { zone: "utc" }),
    summary: event.summary,
    description: event.description,
    url: event.url,
    location: event.location,
    status: event.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: "Leercirkel", email: "noreply@leercirkel.nl" },
  });
  return calendar.toString();
}

/** The calendar as a mail attachment (Outlook reads the method from the content type). */
export function icsAttachment(event: CalendarEvent, filename = "uitnodiging.ics") {
  return {
    filename,
    contentType: `text/calendar; charset=utf-8; method=${event.method}`,
    content: calendarIcs(event),
  };
}
