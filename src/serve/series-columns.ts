/**
 * Fills a bucket grid with the store's non-empty buckets: uPlot-ready columns (x in unix seconds, every bucket,
 * zeros included), computed in advance as uPlot asks.
 */
import type { Bucket } from '../records.ts';
import type { SeriesPoint } from '../store/index.ts';
import { type BucketGrid, DAY_MS, MINUTE_MS } from './time-range.ts';

export interface SeriesColumns {
  x: number[];
  count: number[];
  uniqueAuthors: number[];
  perCapita?: number[];
}

/** `points[].at` is a window start in ms (5m/hour) or a local day number (day), as Store.series returns. */
export function fillSeriesColumns(
  grid: BucketGrid,
  bucket: Bucket,
  points: readonly SeriesPoint[],
  perCapitaOf: number | null,
): SeriesColumns {
  const x = new Array<number>(grid.points);
  const count = new Array<number>(grid.points).fill(0);
  const uniqueAuthors = new Array<number>(grid.points).fill(0);
  for (let i = 0; i < grid.points; i++) x[i] = (grid.startMs + i * grid.stepMs) / 1000;
  for (const p of points) {
    const atMs = bucket === 'day' ? p.at * DAY_MS : p.at;
    const i = Math.round((atMs - grid.startMs) / grid.stepMs);
    if (i < 0 || i >= grid.points) continue;
    count[i] = (count[i] ?? 0) + p.count;
    uniqueAuthors[i] = (uniqueAuthors[i] ?? 0) + p.uniqueAuthors;
  }
  const out: SeriesColumns = { x, count, uniqueAuthors };
  if (perCapitaOf !== null && perCapitaOf > 0) {
    out.perCapita = count.map((c) => Math.round(((c * 100_000) / perCapitaOf) * 1e4) / 1e4);
  }
  return out;
}

/** The x (unix seconds) of the bucket an instant falls in. */
export function bucketXOf(ms: number, bucket: Bucket, grid: BucketGrid, utcOffsetMin: number): number {
  if (bucket === 'day') return Math.floor((ms + utcOffsetMin * MINUTE_MS) / DAY_MS) * (DAY_MS / 1000);
  return (Math.floor((ms - grid.startMs) / grid.stepMs) * grid.stepMs + grid.startMs) / 1000;
}
