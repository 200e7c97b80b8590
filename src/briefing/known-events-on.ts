/**
 * The known events (calendar: planned shut-offs, the heating season, holidays) that cover a town on a local date:
 * nationwide ones, its region's, its own. Dates of an event are local to its place and inclusive.
 */
import type { KnownEvent } from '../detect/calendar.ts';

export function knownEventsOn(
  events: readonly KnownEvent[],
  place: { code: string; region: string },
  date: string,
): KnownEvent[] {
  return events.filter(
    (e) =>
      e.from <= date &&
      date <= e.to &&
      (e.municipality === undefined || e.municipality === place.code) &&
      (e.region === undefined || e.region === place.region),
  );
}
