/**
 * A group's mean season, the reference shape for towns with short histories (recurrence.ts
 * testRecurrenceAgainstReference): √ weekly totals of each complete season, averaged over seasons, scaled to mean
 * 1 — so series of any size (a region's sum, a town) can be averaged together.
 */
import type { Season } from './split-seasons.ts';

const WEEKS = 52;

/** Undefined without a complete season with complaints. */
export function meanSeasonShape(seasons: readonly Season[]): number[] | undefined {
  const complete = seasons.filter((s) => s.complete);
  if (complete.length === 0) return undefined;
  const v = Array.from({ length: WEEKS }, (_, i) =>
    complete.reduce((a, s) => a + Math.sqrt(s.weeks[i]?.total ?? 0), 0),
  );
  const mean = v.reduce((a, b) => a + b, 0) / WEEKS;
  return mean > 0 ? v.map((x) => x / mean) : undefined;
}

/** The mean of several shapes (each of 52 weeks), or undefined when none is given. */
export function averageShapes(shapes: readonly (readonly number[] | undefined)[]): number[] | undefined {
  const ok = shapes.filter((x): x is readonly number[] => x !== undefined);
  if (ok.length === 0) return undefined;
  return Array.from({ length: WEEKS }, (_, i) => ok.reduce((a, x) => a + (x[i] as number), 0) / ok.length);
}
