/**
 * JSON has no NaN or ±∞, and state snapshots hold them (a watermark before any event is −∞, an unset start is
 * NaN). These encode such numbers as the strings 'NaN', 'Infinity', '-Infinity' and decode them back exactly;
 * finite doubles survive JSON unchanged (shortest round-trip form).
 */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function encodeNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(v: JsonNumber): number {
  return typeof v === 'number' ? v : Number(v);
}
