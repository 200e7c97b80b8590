/**
 * created_at is stored as event_time_ms plus the UTC offset it was written with; these two functions take the
 * offset apart and put the ISO string back together.
 */

/** Minutes east of UTC of an ISO 8601 date-time ('Z' → 0, '+05:00' → 300); null when it carries none. */
export function utcOffsetMinOf(iso: string): number | null {
  const m = /(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(iso.trim());
  if (!m) return null;
  const z = m[1] as string;
  if (z === 'Z' || z === 'z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return minutes > 18 * 60 ? null : sign * minutes;
}

/** ISO 8601 with the given offset: formatWithOffset(Date.UTC(2026,0,1,2), 300) → '2026-01-01T07:00:00.000+05:00'. */
export function formatWithOffset(eventTimeMs: number, offsetMin: number): string {
  const local = new Date(eventTimeMs + offsetMin * 60_000).toISOString().slice(0, -1);
  if (offsetMin === 0) return `${local}Z`;
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${hh}:${mm}`;
}
