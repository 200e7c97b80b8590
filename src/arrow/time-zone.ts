/**
 * The Arrow time-zone name of a fixed UTC offset. Arrow allows "+05:00", but polars and R accept only tz-database
 * names, so the offset is given as the tz database's fixed-offset zone: Etc/GMT-5 is UTC+5 (POSIX signs, inverted).
 * Every Russian zone is a whole number of hours today; an offset that is not, or lies beyond the
 * tz database's Etc zones (UTC−12…UTC+14), falls back to "+HH:MM".
 * @example arrowTimeZone(300) === 'Etc/GMT-5'; arrowTimeZone(0) === 'UTC'; arrowTimeZone(-210) === '-03:30'
 */
export function arrowTimeZone(utcOffsetMin: number): string {
  if (utcOffsetMin === 0) return 'UTC';
  if (utcOffsetMin % 60 === 0 && utcOffsetMin <= 14 * 60 && utcOffsetMin >= -12 * 60) {
    const h = utcOffsetMin / 60;
    return `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
  }
  const a = Math.abs(utcOffsetMin);
  const hhmm = `${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  return `${utcOffsetMin < 0 ? '-' : '+'}${hhmm}`;
}
