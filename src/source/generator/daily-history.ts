/**
 * Generated history for the demo (docs/seasonal.md, "The demo's history"): earlier years of **daily counts only**
 * per (municipality, topic), for the seasonal planner, which needs several seasons that differ. The stream
 * generator draws one year of messages on a fixed yearly curve; these years use the same curve
 * (topic-profiles.ts: floor plus raised-cosine waves, weekday factors) with each year's weather drawn per region
 * and topic — the waves come early or late (normal shift, sd `shiftSdWeeks`) and are mild or severe (log-normal
 * factor on the waves' height, not on the floor) — plus a little town-level variation, and Poisson counts.
 *
 * A weather year runs from the topic's quietest day (the middle of the longest stretch of its curve near its
 * minimum), so a winter wave is never cut at New Year. The weather year holding the stream's first day, and
 * later ones, keep the generator's own curve (shift 0, severity 1): the history joins the stream without a step.
 *
 * Each (municipality, topic)'s level comes from the stream itself (`levelFromObserved`): its count over the
 * stream's days divided by the curve's expected factor over the same days.
 */
import type { Aggregate, TopicId } from '../../records.ts';
import { drawWeather, poissonDraw, type SeasonWeather } from '../../seasonal/simulate-seasons.ts';
import { createPrng } from './prng.ts';
import { buildProfiles, TOPIC_IDS, TOPIC_PROFILES, WEEKS_PER_YEAR, waveAt } from './topic-profiles.ts';

const DAY_MS = 86_400_000;

export interface HistoryWeatherSpread {
  /** Region-wide, per year and topic. */
  readonly regional: { readonly shiftSdWeeks: number; readonly severityLogSd: number };
  /** Town on top of its region. */
  readonly town: { readonly shiftSdWeeks: number; readonly severityLogSd: number };
}

/**
 * Chosen, not fitted: Russian winters come a few weeks early or late and differ by factors in snow (docs/seasonal.md,
 * WEATHER_PRIORS: ±2 weeks, ±35%); the backtest's regional spreads are of the same order.
 */
export const DEMO_HISTORY_WEATHER: HistoryWeatherSpread = {
  regional: { shiftSdWeeks: 1.5, severityLogSd: 0.35 },
  town: { shiftSdWeeks: 0.4, severityLogSd: 0.1 },
};
/** Shifts are clamped to this many weeks either way (a wave never crosses the weather year's boundary). */
const MAX_SHIFT_WEEKS = 5;

export interface HistoryKey {
  readonly municipality: string;
  readonly region: string;
  readonly topic: TopicId;
  /** The municipality's UTC offset: a day window starts at local midnight. */
  readonly utcOffsetMin: number;
  /** Expected complaints on a day whose curve × weekday factor is 1 (levelFromObserved). */
  readonly level: number;
}

export interface HistoryOptions {
  /** Local calendar days (days since 1970-01-01): history is generated on [fromDay, streamFromDay). */
  readonly fromDay: number;
  readonly streamFromDay: number;
  readonly seed: number;
  readonly spread?: HistoryWeatherSpread;
}

/** Source name of the generated windows in counts_daily.sources (never a real source). */
export const HISTORY_SOURCE = 'generated-history';

const dayOfYear = (day: number) => {
  const d = new Date(day * DAY_MS);
  return Math.min(365, Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS));
};
const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
const weekdayOf = (day: number) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;

/** The generator's curve × weekday factor of topic `t` on local day `day` (mean ≈ 1 over a year). */
export function curveFactor(t: number, day: number): number {
  const p = buildProfiles();
  return (p.season[t * 366 + dayOfYear(day)] ?? 0) * (p.weekly[t * 7 + weekdayOf(day)] ?? 0);
}

/** Level of a (municipality, topic) from its count over the stream's local days [fromDay, fromDay + days). */
export function levelFromObserved(t: number, count: number, fromDay: number, days: number): number {
  let expected = 0;
  for (let d = fromDay; d < fromDay + days; d++) expected += curveFactor(t, d);
  return expected > 0 ? count / expected : 0;
}

/** Day of year (0–364) where topic `t`'s weather year starts: the middle of its longest quiet stretch. */
export function quietDayOfYear(t: number): number {
  const p = buildProfiles();
  const v = Array.from({ length: 365 }, (_, d) => p.season[t * 366 + d] ?? 0);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const quiet = v.map((x) => x <= lo + 0.05 * (hi - lo));
  let best = { len: 0, start: 0 };
  for (let s = 0; s < 365; s++) {
    if (!quiet[s] || quiet[(s + 364) % 365]) continue;
    let len = 0;
    while (len < 365 && quiet[(s + len) % 365]) len++;
    if (len > best.len) best = { len, start: s };
  }
  return best.len === 0 || best.len >= 365 ? 0 : (best.start + Math.floor(best.len / 2)) % 365;
}

/** The curve of topic `t` on day of year `doy` with a year's weather, on the generator's scale (mean 1 unshifted). */
function weatheredSeason(t: number, doy: number, w: SeasonWeather): number {
  const profile = TOPIC_PROFILES[t];
  if (profile === undefined) return 0;
  const p = buildProfiles();
  const base = p.season[t * 366 + doy] ?? 0;
  if (profile.waves.length === 0) return base;
  const week = doy / 7 + 1;
  let raw0 = profile.floor;
  let raw = profile.floor;
  for (const wave of profile.waves) {
    raw0 += wave.amplitude * waveAt(week, wave);
    raw += w.severity * wave.amplitude * waveAt((week - w.shiftWeeks) % WEEKS_PER_YEAR, wave);
  }
  // base = raw0 / norm: the same normaliser keeps a year of weather (0, 1) identical to the stream's curve.
  return raw0 > 0 ? (base * raw) / raw0 : 0;
}

const clampShift = (w: SeasonWeather): SeasonWeather => ({
  shiftWeeks: Math.max(-MAX_SHIFT_WEEKS, Math.min(MAX_SHIFT_WEEKS, w.shiftWeeks)),
  severity: w.severity,
});

/** One generated day window: its key, its start (local midnight in UTC ms) and its count (> 0). */
export type EmitHistoryDay = (key: HistoryKey, startMs: number, count: number) => void;

/** Day windows (bucket 'day', only days with a complaint) of every key on [fromDay, streamFromDay), as aggregates. */
export function generateDailyHistory(keys: readonly HistoryKey[], o: HistoryOptions): Aggregate[] {
  const out: Aggregate[] = [];
  forEachHistoryDay(keys, o, (k, startMs, count) =>
    out.push({
      bucket: 'day',
      municipality: k.municipality,
      topic: k.topic,
      startMs,
      endMs: startMs + DAY_MS,
      count,
      uniqueAuthors: count,
      sources: { [HISTORY_SOURCE]: count },
      revision: false,
    }),
  );
  return out;
}

/**
 * Every generated day with a complaint, key by key, day by day. Seeded: the same keys and options give the same
 * days whatever the keys' order.
 */
export function forEachHistoryDay(
  keys: readonly HistoryKey[],
  o: HistoryOptions,
  emit: EmitHistoryDay,
): void {
  const spread = o.spread ?? DEMO_HISTORY_WEATHER;
  const firstYear = yearOf(o.fromDay) - 1;
  const years = yearOf(o.streamFromDay) - firstYear + 1;
  const n = Math.max(0, o.streamFromDay - o.fromDay);
  // The calendar of the range, once for every key.
  const doys = new Int16Array(n);
  const calYears = new Int16Array(n);
  const weekdays = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    doys[i] = dayOfYear(o.fromDay + i);
    calYears[i] = yearOf(o.fromDay + i);
    weekdays[i] = weekdayOf(o.fromDay + i);
  }
  const p = buildProfiles();
  const regional = new Map<string, SeasonWeather[]>();
  const quietOf = new Map<number, number>();
  for (const k of keys) {
    const t = TOPIC_IDS.indexOf(k.topic);
    if (t < 0 || !(k.level > 0)) continue;
    const regionKey = `${k.region}\u0000${k.topic}`;
    let rw = regional.get(regionKey);
    if (rw === undefined) {
      rw = drawWeather(years, spread.regional, createPrng(o.seed, `history:${regionKey}`).next);
      regional.set(regionKey, rw);
    }
    const townRng = createPrng(o.seed, `history:${k.municipality}:${k.topic}`);
    const tw = drawWeather(years, spread.town, townRng.next);
    let quiet = quietOf.get(t);
    if (quiet === undefined) {
      quiet = quietDayOfYear(t);
      quietOf.set(t, quiet);
    }
    const q = quiet;
    const weatherYear = (i: number) => (calYears[i] as number) - ((doys[i] as number) < q ? 1 : 0);
    const streamWeatherYear = yearOf(o.streamFromDay) - (dayOfYear(o.streamFromDay) < q ? 1 : 0);
    const hasWaves = (TOPIC_PROFILES[t]?.waves.length ?? 0) > 0;
    // Each weather year's weather (undefined: the generator's own curve).
    const weathers = Array.from({ length: years }, (_, j) => {
      const r = rw[j];
      const tt = tw[j];
      return firstYear + j < streamWeatherYear && r !== undefined && tt !== undefined
        ? clampShift({ shiftWeeks: r.shiftWeeks + tt.shiftWeeks, severity: r.severity * tt.severity })
        : undefined;
    });
    for (let i = 0; i < n; i++) {
      const doy = doys[i] as number;
      let season = p.season[t * 366 + doy] ?? 0;
      if (hasWaves) {
        const w = weathers[weatherYear(i) - firstYear];
        if (w !== undefined) season = weatheredSeason(t, doy, w);
      }
      const lambda = k.level * season * (p.weekly[t * 7 + (weekdays[i] as number)] ?? 0);
      const count = poissonDraw(lambda, townRng.next);
      if (count === 0) continue;
      emit(k, (o.fromDay + i) * DAY_MS - k.utcOffsetMin * 60_000, count);
    }
  }
}
