/**
 * Russia's fixed-date public holidays (Labour Code art. 112): 1–8 January, 23 February, 8 March, 1 and 9 May,
 * 12 June, 4 November — as local day numbers (days since 1970-01-01 in the municipality's own time). Transfers
 * decreed each year are not here; a ЦУР can enter them as known events.
 */
const DAY_MS = 86_400_000;

function fixedHoliday(month: number, day: number): boolean {
  if (month === 1) return day <= 8;
  return (
    (month === 2 && day === 23) ||
    (month === 3 && day === 8) ||
    (month === 5 && (day === 1 || day === 9)) ||
    (month === 6 && day === 12) ||
    (month === 11 && day === 4)
  );
}

const HOLIDAYS = new Set<number>();
for (let y = 1990; y <= 2100; y++)
  for (let m = 1; m <= 12; m++)
    for (let d = 1; d <= 31; d++)
      if (fixedHoliday(m, d)) HOLIDAYS.add(Math.round(Date.UTC(y, m - 1, d) / DAY_MS));

/**
 * Whether the local day containing `timeMs` (a municipality at `utcOffsetMin`) is a public holiday.
 * @example isHolidayAt(Date.parse('2026-01-02T12:00:00Z'), 180) // → true
 */
export function isHolidayAt(timeMs: number, utcOffsetMin: number): boolean {
  return HOLIDAYS.has(Math.floor((timeMs + utcOffsetMin * 60_000) / DAY_MS));
}
