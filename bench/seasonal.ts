/**
 * Backtest of the seasonal planner (issue 15, docs/seasonal.md). Not a test: prints JSON lines.
 *   npx tsx bench/seasonal.ts [--seeds 1,2,3,4,5] [--regions 3] [--towns 12] [--permutations 999]
 *     [--floor 200]      also the floor: each target season redrawn 200 times from the generator itself (fresh
 *                        weather and Poisson days), scored as below — what no forecaster can beat (floor_* keys)
 *     [--method analogs|history]  onset and peak weekly from the region's past seasons as analogs at the town's
 *                        size (default, analog-forecast.ts), or from the town's own past values shrunk to the region
 *     [--cases out.ndjson]  one line per wave forecast (past onsets, truth, the noise-free onset, the floor's
 *                        best onset…), to tell bias from noise
 *
 * Per seed, `regions` regions of `towns` towns (populations log-uniform 15,000–1,200,000), 7 years each, five
 * topics drawn with src/seasonal/simulate-seasons.ts (`realistic`: waves in weeks from the 1st of the simulator's
 * month, so they follow the calendar; one uniform a day, so a change to a rate redraws nothing else):
 *   heating      winter wave at the heating season's start (regional shift sd 1 week, severity ×e^N(0, 0.25))
 *   snow_ice     long winter wave (shift sd 1.5 weeks, severity sd 0.4 of the log: mild and severe winters)
 *   hot_water    summer planned shut-offs (shift sd 0.7 weeks, severity sd 0.2)
 *   housing      not seasonal at all
 *   water_sewer  one bad winter only (a single season with a wave, flat otherwise)
 * Each season's weather is shared by the region's towns, plus a little town-level variation (shift sd ≈ 0.5
 * weeks, severity sd 0.1–0.15). A quarter of the towns keep only their last 2 seasons before the target (short
 * histories, where the region's prior matters). These spreads are assumptions about Russian seasons chosen before
 * the first run; nothing in src/seasonal reads them.
 *
 * Seasons start in the month where the region's topic is lowest (its summed series, first 5 years). For every
 * town and topic: train on everything before the last complete season, forecast it (priors pooled from the
 * region's other towns, volumes per 10,000 residents; a town with under 3 seasons tests recurrence against the
 * other towns' mean season), and compare with that season as observed — beside a
 * seasonal-naive forecast (the same weeks and volumes as the last training season).
 *
 * Scored on the three seasonal topics ("waves"): onset-week error (weeks), peak weekly MAPE, the 80% intervals'
 * coverage of the true onset week and peak weekly (pooled), and whether the recommended start (forecast onset −
 * 2 weeks, or the onset interval's lower end if earlier: recommend-campaigns.ts) precedes the true onset
 * (`lead_ok_onset_minus_lead_only`: the same for onset − 2 weeks alone). Also the share of towns whose non-seasonal and one-bad-winter topics are called
 * recurring (should be 0) and of seasonal ones that are (recall).
 *
 * Then, if present, real data: the daily counts of the 1,005 appeals to the head of Troitsk (2017–2020,
 * fixtures/ru/appeals-troitsk.csv, a copy of shared/data/ru) — all appeals, no topics — trained on all but the last season.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { quantile } from 'simple-statistics';
import { mulberry32 } from '../src/classify/softmax-regression.ts';
import type { DailySeries } from '../src/seasonal/daily-series.ts';
import { dayFromIsoDate, isoDateFromDay, monthStartDay, yearOfDay } from '../src/seasonal/days.ts';
import {
  naiveForecast,
  SEASON_CENTERS,
  type SeasonPriors,
  seasonFeatures,
  WEATHER_PRIORS,
} from '../src/seasonal/forecast-season.ts';
import { groupAnalogs } from '../src/seasonal/group-analogs.ts';
import { groupPrior } from '../src/seasonal/group-prior.ts';
import { averageShapes, meanSeasonShape } from '../src/seasonal/mean-season-shape.ts';
import { profileSeries } from '../src/seasonal/profile-series.ts';
import { campaignStartDay } from '../src/seasonal/recommend-campaigns.ts';
import { seasonStartMonth } from '../src/seasonal/season-start-month.ts';
import { type SeasonStats, seasonStats } from '../src/seasonal/season-stats.ts';
import {
  drawWeather,
  expectedDaily,
  poissonDraw,
  type SeasonWeather,
  simulateSeasons,
  type WaveSpec,
} from '../src/seasonal/simulate-seasons.ts';
import { splitSeasons } from '../src/seasonal/split-seasons.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5' },
    regions: { type: 'string', default: '3' },
    towns: { type: 'string', default: '12' },
    permutations: { type: 'string', default: '999' },
    lead: { type: 'string', default: '2' },
    cases: { type: 'string' },
    floor: { type: 'string', default: '0' },
    method: { type: 'string', default: 'analogs' },
  },
});
const SEEDS = String(args.seeds).split(',').map(Number);
const REGIONS = Number(args.regions);
const TOWNS = Number(args.towns);
const PERMUTATIONS = Number(args.permutations);
const LEAD_WEEKS = Number(args.lead);
const CASES = args.cases;
const FLOOR_DRAWS = Number(args.floor);
const METHOD = String(args.method);
if (METHOD !== 'analogs' && METHOD !== 'history')
  throw new Error(`--method: analogs or history, not ${METHOD}`);
const YEARS = 7;
const FIRST_YEAR = 2019;

interface TopicSpec {
  id: string;
  kind: 'wave' | 'flat' | 'one-bad-winter';
  /** The simulator's own season start (generation only; the planner infers its own). */
  startMonth: number;
  wave: WaveSpec | WaveSpec[];
  /** Complaints per 1,000 residents per day outside the wave. */
  basePer1000: number;
  regional: { shiftSdWeeks: number; severityLogSd: number };
  town: { shiftSdWeeks: number; severityLogSd: number };
}

// Shapes and peak-to-floor ratios of the stream generator (src/source/generator/topic-profiles.ts), moved from
// week of year to week of season (season from July: week of year − 27; from January: − 1): heating floor 0.1 with
// waves 2.6 and 3.0 (×26 and ×30 the floor), hot water floor 0.5 and 1.3 (×2.6), snow floor 0 (here 2% of
// the wave, ×50, so the off-season has some noise). One bad winter: a made-up winter wave (×4) in one season.
const TOPICS: TopicSpec[] = [
  {
    id: 'heating',
    kind: 'wave',
    startMonth: 6,
    wave: [
      { riseWeek: 10, peakWeek: 14, endWeek: 19, amplitude: 26 },
      { riseWeek: 18, peakWeek: 28, endWeek: 38, amplitude: 30 },
    ],
    basePer1000: 0.0005,
    regional: { shiftSdWeeks: 1, severityLogSd: 0.25 },
    town: { shiftSdWeeks: 0.4, severityLogSd: 0.1 },
  },
  {
    id: 'snow_ice',
    kind: 'wave',
    startMonth: 6,
    wave: { riseWeek: 19, peakWeek: 29, endWeek: 39, amplitude: 50 },
    basePer1000: 0.0003,
    regional: { shiftSdWeeks: 1.5, severityLogSd: 0.4 },
    town: { shiftSdWeeks: 0.5, severityLogSd: 0.15 },
  },
  {
    id: 'hot_water',
    kind: 'wave',
    startMonth: 0,
    wave: { riseWeek: 17, peakWeek: 24, endWeek: 34, amplitude: 2.6 },
    basePer1000: 0.004,
    regional: { shiftSdWeeks: 0.7, severityLogSd: 0.2 },
    town: { shiftSdWeeks: 0.5, severityLogSd: 0.1 },
  },
  {
    id: 'housing',
    kind: 'flat',
    startMonth: 6,
    wave: { riseWeek: 0, peakWeek: 1, endWeek: 2, amplitude: 0 },
    basePer1000: 0.009,
    regional: { shiftSdWeeks: 0, severityLogSd: 0 },
    town: { shiftSdWeeks: 0, severityLogSd: 0 },
  },
  {
    id: 'water_sewer',
    kind: 'one-bad-winter',
    startMonth: 6,
    wave: { riseWeek: 20, peakWeek: 27, endWeek: 36, amplitude: 4 },
    basePer1000: 0.006,
    regional: { shiftSdWeeks: 0.5, severityLogSd: 0.2 },
    town: { shiftSdWeeks: 0.3, severityLogSd: 0.1 },
  },
];

interface Outcome {
  seed: number;
  topic: string;
  kind: TopicSpec['kind'];
  short: boolean;
  population: number;
  recurring: boolean;
  onsetError?: number;
  naiveOnsetError?: number;
  peakApe?: number;
  naivePeakApe?: number;
  onsetCovered?: boolean;
  peakCovered?: boolean;
  leadOk?: boolean;
  leadOkPointRule?: boolean;
  /** `--floor`: what a forecaster knowing the generator's spreads, but not the coming weather, could reach. */
  oracle?: Oracle;
  /** Per-case detail for `--cases` (diagnosis: bias vs noise). */
  detail?: Record<string, unknown>;
}

function slice(s: DailySeries, fromDay: number, toDay: number): DailySeries {
  const a = Math.max(0, fromDay - s.firstDay);
  const b = Math.min(s.values.length, toDay - s.firstDay);
  return { firstDay: s.firstDay + a, values: s.values.slice(a, b) };
}

const refOf = (reference: number[] | undefined) => (reference !== undefined ? { reference } : {});

function priorsFrom(others: { stats: SeasonStats[]; scale: number }[]): SeasonPriors {
  const feats = others.map((o) => seasonFeatures(o.stats, o.scale));
  const pick = (k: keyof SeasonPriors) =>
    groupPrior(
      feats.map((f) => f[k]),
      { center: SEASON_CENTERS[k] },
    ) ?? WEATHER_PRIORS[k];
  return {
    onset: pick('onset'),
    peakWeek: pick('peakWeek'),
    logPeak: pick('logPeak'),
    logTotal: pick('logTotal'),
  };
}

function runRegion(seed: number, region: number, out: Outcome[]): void {
  const rand = mulberry32(seed * 1000 + region);
  const towns = Array.from({ length: TOWNS }, (_, i) => ({
    population: Math.round(15_000 * (1_200_000 / 15_000) ** rand()),
    short: i % 4 === 3,
  }));
  for (const topic of TOPICS) {
    const regional = drawWeather(YEARS, topic.regional, rand);
    if (topic.kind === 'one-bad-winter') {
      const bad = Math.floor(rand() * (YEARS - 1)); // some training season, never the target
      regional.forEach((w, i) => {
        regional[i] = { ...w, severity: i === bad ? 2 : 0 };
      });
    }
    const sims = towns.map((t) => {
      const jitter = drawWeather(YEARS, topic.town, rand);
      const weather = townWeather(regional, jitter);
      const opts = {
        firstYear: FIRST_YEAR,
        startMonth: topic.startMonth,
        weather,
        baseDaily: (t.population / 1000) * topic.basePer1000,
        wave: topic.wave,
        realistic: true,
      };
      return { opts, series: simulateSeasons({ ...opts, rand }) };
    });
    const series = sims.map((x) => x.series);
    // The region's season start month, from its summed series over the first 5 years.
    const first = series[0] as DailySeries;
    const sum = first.values
      .slice(0, 5 * 365)
      .map((_, d) => series.reduce((a, s) => a + (s.values[d] ?? 0), 0));
    const m0 = seasonStartMonth({ firstDay: first.firstDay, values: sum }) as number;
    const prepared = series.map((s, i) => {
      const seasons = splitSeasons(s, m0).filter((x) => x.complete);
      const target = seasons[seasons.length - 1] as (typeof seasons)[number];
      const from = towns[i]?.short ? monthStartDay(yearOfDay(target.startDay) - 2, m0) : s.firstDay;
      const train = slice(s, from, target.startDay);
      const trainSeasons = splitSeasons(train, m0).filter((x) => x.complete);
      const stats = trainSeasons.map(seasonStats);
      return {
        train,
        targetSeason: target,
        target: seasonStats(target),
        stats,
        shape: meanSeasonShape(trainSeasons),
        trainSeasons,
        scale: (towns[i]?.population ?? 1) / 10_000,
      };
    });
    prepared.forEach((p, i) => {
      const priors = priorsFrom(prepared.filter((_, j) => j !== i));
      const prof = profileSeries(p.train, {
        rand: mulberry32(seed * 7919 + region * 131 + i),
        priors,
        scale: p.scale,
        startMonth: m0,
        permutations: PERMUTATIONS,
        ...refOf(averageShapes(prepared.filter((_, j) => j !== i).map((q) => q.shape))),
        ...(METHOD === 'analogs'
          ? {
              analogs: groupAnalogs(
                prepared.filter((_, j) => j !== i).map((q) => ({ seasons: q.trainSeasons, scale: q.scale })),
              ),
            }
          : {}),
      });
      const o: Outcome = {
        seed,
        topic: topic.id,
        kind: topic.kind,
        short: towns[i]?.short ?? false,
        population: towns[i]?.population ?? 0,
        recurring: prof?.recurrence.recurring ?? false,
      };
      const f = prof?.forecast;
      const truth = p.target;
      const last = p.stats[p.stats.length - 1];
      if (topic.kind === 'wave' && f !== undefined && truth.onsetIndex !== undefined && last !== undefined) {
        const naive = naiveForecast(last);
        o.onsetError = Math.abs(f.onsetIndex.point - truth.onsetIndex);
        if (naive.onsetIndex !== undefined) o.naiveOnsetError = Math.abs(naive.onsetIndex - truth.onsetIndex);
        o.peakApe = Math.abs(f.peakWeekly.point - truth.peakWeekly) / truth.peakWeekly;
        o.naivePeakApe = Math.abs(naive.peakWeekly - truth.peakWeekly) / truth.peakWeekly;
        o.onsetCovered = f.onsetIndex.low <= truth.onsetIndex && truth.onsetIndex <= f.onsetIndex.high;
        o.peakCovered = f.peakWeekly.low <= truth.peakWeekly && truth.peakWeekly <= f.peakWeekly.high;
        o.leadOk = campaignStartDay(f, LEAD_WEEKS) < (truth.onsetMonday as number);
        o.leadOkPointRule = f.onsetMonday.point - 7 * LEAD_WEEKS < (truth.onsetMonday as number);
        if (FLOOR_DRAWS > 0)
          o.oracle = oracleCase(
            p.targetSeason,
            m0,
            topic,
            sims[i]?.opts.baseDaily ?? 0,
            mulberry32(seed * 104_729 + region * 1009 + i),
          );
        if (CASES !== undefined)
          o.detail = {
            region,
            town: i,
            m0,
            truthOnset: truth.onsetIndex,
            noiseFreeOnset: noiseFreeOnset(p.targetSeason, sims[i]?.opts),
            forecastOnset: [f.onsetIndex.low, f.onsetIndex.point, f.onsetIndex.high],
            naiveOnset: naive.onsetIndex,
            pastOnsets: p.stats.map((x) => x.onsetIndex),
            method: f.method,
            pooled: r3(f.pooled),
            truthPeak: truth.peakWeekly,
            forecastPeak: [f.peakWeekly.low, f.peakWeekly.point, f.peakWeekly.high].map(r3),
            pastPeaks: p.stats.map((x) => x.peakWeekly),
            ...(o.oracle !== undefined ? { oracle: o.oracle } : {}),
          };
      }
      out.push(o);
    });
  }
}

interface Oracle {
  /** Probability that the best constant onset forecast is within 1 week of the coming season's onset. */
  onsetWithin1: number;
  /** Its expected absolute onset error (weeks), forecasting the onset's median. */
  onsetMae: number;
  /** The onset's median and the forecast that maximises the share within 1 week. */
  onsetMedian: number;
  onsetBest: number;
  /** Expected peak APE of the MAPE-optimal point (the 1/x-weighted median) and of the median point. */
  peakApe: number;
  peakApeAtMedian: number;
  /** Expected APE of seasonal naive: last season, an independent draw of the same weather. */
  naivePeakApe: number;
}

/**
 * The floor: `FLOOR_DRAWS` fresh draws of the target season from the generator itself (new regional weather,
 * town jitter and Poisson days; the town's base and wave known exactly), scored as the bench scores. No
 * forecaster that does not know the coming weather can beat these expectations; one that must also estimate
 * the town's typical season from a few past ones does worse.
 */
function oracleCase(
  target: { startDay: number; nextStartDay: number },
  m0: number,
  topic: TopicSpec,
  baseDaily: number,
  rand: () => number,
): Oracle {
  const onsets: number[] = [];
  const peaks: number[] = [];
  const from = target.startDay;
  const to = target.nextStartDay + 7;
  for (let k = 0; k < FLOOR_DRAWS; k++) {
    const regional = drawWeather(YEARS, topic.regional, rand);
    const jitter = drawWeather(YEARS, topic.town, rand);
    const weather = townWeather(regional, jitter);
    const opts = {
      firstYear: FIRST_YEAR,
      startMonth: topic.startMonth,
      weather,
      baseDaily,
      wave: topic.wave,
      realistic: true,
    };
    const values: number[] = [];
    for (let d = from; d < to; d++) values.push(poissonDraw(expectedDaily(d, opts), rand));
    const season = splitSeasons({ firstDay: from, values }, m0).find((x) => x.startDay === from);
    const st = season === undefined ? undefined : seasonStats(season);
    if (st?.onsetIndex === undefined) continue;
    onsets.push(st.onsetIndex);
    peaks.push(st.peakWeekly);
  }
  const within1 = (f: number) => onsets.filter((t) => Math.abs(t - f) <= 1).length / onsets.length;
  const candidates = [...new Set(onsets)];
  const onsetBest = candidates.reduce((a, f) => (within1(f) > within1(a) ? f : a), onsets[0] as number);
  const onsetWithin1 = within1(onsetBest);
  const onsetMedian = quantile(onsets, 0.5);
  const ape = (f: number) => peaks.reduce((a, t) => a + Math.abs(f - t) / t, 0) / peaks.length;
  const peakApe = Math.min(...peaks.map(ape)); // the 1/x-weighted median is one of the draws
  let naive = 0;
  for (let j = 0; j < peaks.length; j++) naive += ape(peaks[j] as number);
  return {
    onsetWithin1,
    onsetMae: onsets.reduce((a, t) => a + Math.abs(t - onsetMedian), 0) / onsets.length,
    onsetMedian,
    onsetBest,
    peakApe,
    peakApeAtMedian: ape(quantile(peaks, 0.5)),
    naivePeakApe: naive / peaks.length,
  };
}

/** The onset the definition gives on expected (noise-free) weekly totals: what weather alone decides. */
function noiseFreeOnset(
  season: { weeks: readonly { monday: number; index: number }[] },
  opts: Parameters<typeof expectedDaily>[1] | undefined,
): number | undefined {
  if (opts === undefined) return undefined;
  const week = season.weeks.map((w) => {
    let t = 0;
    for (let d = 0; d < 7; d++) t += expectedDaily(w.monday + d, opts);
    return { index: w.index, t };
  });
  const peak = Math.max(...week.map((w) => w.t));
  return week.find((w) => w.t >= 0.3 * peak)?.index;
}

const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
const med = (xs: number[]) => (xs.length ? quantile(xs, 0.5) : Number.NaN);
const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : Number.NaN);
const defined = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);

function summarise(label: Record<string, unknown>, os: Outcome[]): Record<string, unknown> {
  const waves = os.filter((o) => o.kind === 'wave' && o.onsetError !== undefined);
  const onset = defined(waves.map((o) => o.onsetError));
  const covered = [...defined(waves.map((o) => o.onsetCovered)), ...defined(waves.map((o) => o.peakCovered))];
  return {
    ...label,
    waves: waves.length,
    onset_week_error_median: r3(med(onset)),
    onset_week_error_p90: r3(onset.length ? quantile(onset, 0.9) : Number.NaN),
    // Above ½ exactly when the median error is ≤ 1 week; compare with floor_onset_within_1_share.
    onset_within_1_share: r3(share(onset.map((e) => e <= 1))),
    naive_onset_week_error_median: r3(med(defined(waves.map((o) => o.naiveOnsetError)))),
    peak_mape: r3(mean(defined(waves.map((o) => o.peakApe)))),
    naive_peak_mape: r3(mean(defined(waves.map((o) => o.naivePeakApe)))),
    interval_coverage_80: r3(share(covered)),
    onset_coverage_80: r3(share(defined(waves.map((o) => o.onsetCovered)))),
    peak_coverage_80: r3(share(defined(waves.map((o) => o.peakCovered)))),
    recommendation_lead_ok: r3(share(defined(waves.map((o) => o.leadOk)))),
    lead_ok_onset_minus_lead_only: r3(share(defined(waves.map((o) => o.leadOkPointRule)))),
    seasonal_called_recurring: r3(share(os.filter((o) => o.kind === 'wave').map((o) => o.recurring))),
    nonseasonal_called_recurring: r3(share(os.filter((o) => o.kind === 'flat').map((o) => o.recurring))),
    one_bad_winter_called_recurring: r3(
      share(os.filter((o) => o.kind === 'one-bad-winter').map((o) => o.recurring)),
    ),
    ...(FLOOR_DRAWS > 0 ? floorSummary(defined(waves.map((o) => o.oracle))) : {}),
  };
}

/** The floor's figures beside the bench's: the share within 1 week must exceed ½ for a median error ≤ 1. */
function floorSummary(os: Oracle[]): Record<string, unknown> {
  return {
    floor_onset_within_1_share: r3(mean(os.map((o) => o.onsetWithin1))),
    floor_onset_mae: r3(mean(os.map((o) => o.onsetMae))),
    floor_peak_mape: r3(mean(os.map((o) => o.peakApe))),
    floor_peak_mape_at_median: r3(mean(os.map((o) => o.peakApeAtMedian))),
    floor_naive_peak_mape: r3(mean(os.map((o) => o.naivePeakApe))),
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

const all: Outcome[] = [];
for (const seed of SEEDS) {
  const os: Outcome[] = [];
  for (let r = 0; r < REGIONS; r++) runRegion(seed, r, os);
  all.push(...os);
  console.log(JSON.stringify(summarise({ bench: 'seasonal', method: METHOD, seed }, os)));
}
console.log(
  JSON.stringify(summarise({ bench: 'seasonal', method: METHOD, seeds: SEEDS.join(','), all: true }, all)),
);
if (CASES !== undefined)
  writeFileSync(
    CASES,
    all
      .filter((o) => o.detail !== undefined)
      .map((o) =>
        JSON.stringify({
          seed: o.seed,
          topic: o.topic,
          population: o.population,
          short: o.short,
          ...o.detail,
        }),
      )
      .join('\n'),
  );
for (const t of ['heating', 'snow_ice', 'hot_water'])
  console.log(
    JSON.stringify(
      summarise(
        { bench: 'seasonal', topic: t },
        all.filter((o) => o.topic === t),
      ),
    ),
  );
for (const [lo, hi] of [
  [0, 100_000],
  [100_000, 400_000],
  [400_000, Number.POSITIVE_INFINITY],
] as const)
  console.log(
    JSON.stringify(
      summarise(
        { bench: 'seasonal', population: `${lo}–${hi}` },
        all.filter((o) => o.population >= lo && o.population < hi),
      ),
    ),
  );
for (const short of [false, true])
  console.log(
    JSON.stringify(
      summarise(
        { bench: 'seasonal', history: short ? 'short (2 seasons)' : 'long (5-6 seasons)' },
        all.filter((o) => o.short === short),
      ),
    ),
  );

// Real data: daily appeals to the head of Troitsk.
const TROITSK = 'fixtures/ru/appeals-troitsk.csv';
if (existsSync(TROITSK)) {
  const counts = new Map<number, number>();
  for (const m of readFileSync(TROITSK, 'utf8').matchAll(/^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2},/gm)) {
    const d = dayFromIsoDate(m[1] as string) as number;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const days = [...counts.keys()].sort((a, b) => a - b);
  const firstDay = days[0] as number;
  const values = new Array<number>((days[days.length - 1] as number) - firstDay + 1).fill(0);
  for (const [d, n] of counts) values[d - firstDay] = n;
  const full: DailySeries = { firstDay, values };
  const m0 = seasonStartMonth(full) as number;
  const seasons = splitSeasons(full, m0).filter((s) => s.complete);
  const target = seasons[seasons.length - 1];
  if (target !== undefined) {
    const train = slice(full, firstDay, target.startDay);
    const prof = profileSeries(train, { rand: mulberry32(1), startMonth: m0, permutations: PERMUTATIONS });
    const truth = seasonStats(target);
    const f = prof?.forecast;
    const last = prof?.observed[prof.observed.length - 1];
    console.log(
      JSON.stringify({
        bench: 'seasonal',
        real: 'appeals-troitsk (all appeals, daily)',
        days: values.length,
        appeals: values.reduce((a, b) => a + b, 0),
        season_start_month: m0 + 1,
        training_seasons: prof?.observed.length ?? 0,
        recurring: prof?.recurrence.recurring ?? null,
        recurrence: prof?.recurrence.reason ?? null,
        target_season: isoDateFromDay(target.startDay),
        true_onset_week: truth.onsetMonday === undefined ? null : isoDateFromDay(truth.onsetMonday),
        forecast_onset_week: f ? isoDateFromDay(f.onsetMonday.point) : null,
        onset_interval: f ? [isoDateFromDay(f.onsetMonday.low), isoDateFromDay(f.onsetMonday.high)] : null,
        naive_onset_week: last?.onsetMonday === undefined ? null : isoDateFromDay(last.onsetMonday),
        true_peak_weekly: truth.peakWeekly,
        forecast_peak_weekly: f ? r3(f.peakWeekly.point) : null,
        peak_interval: f ? [r3(f.peakWeekly.low), r3(f.peakWeekly.high)] : null,
        naive_peak_weekly: last?.peakWeekly ?? null,
      }),
    );
  }
}

/** A town's seasons: its region's weather, each season shifted and scaled by the town's own jitter. */
function townWeather(regional: readonly SeasonWeather[], jitter: readonly SeasonWeather[]): SeasonWeather[] {
  return regional.map((w, i) => ({
    shiftWeeks: w.shiftWeeks + (jitter[i]?.shiftWeeks ?? 0),
    severity: w.severity * (jitter[i]?.severity ?? 1),
  }));
}
