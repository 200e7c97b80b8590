/**
 * Generator options: the public shape and its normalisation (defaults filled, values checked once, frozen).
 */
import { vspError } from '../../errors.ts';

export interface GeneratorOptions {
  days: number;
  municipalities: number;
  seed: number;
  /** YYYY-MM-DD, default '2025-01-01': local midnight of this date in each municipality starts its stream. */
  startDate?: string;
  /** Multiplies all base rates, default 1. */
  rateScale?: number;
  /** Share of deliberately broken records, default 0.002. */
  invalidFraction?: number;
  /** Share of valid records delivered late (1 hour to 2 days after event time), default 0.01. */
  lateFraction?: number;
  /** Injected incidents, default max(2, round(days × municipalities / 60)). */
  incidents?: number;
  /** Bot floods, default max(1, floor(days / 60)). */
  floods?: number;
  /**
   * Day-to-day noise of every (town, topic) rate: coefficient of variation of its gamma multiplier, default
   * 1/√8 ≈ 0.35 (real complaint counts are over-dispersed); raise it to test detectors on noisier streams.
   */
  dayNoiseCv?: number;
  /** Messages in an incident's first hour at least (and its peak rate), default 6: raise for bigger incidents. */
  incidentMinPeak?: number;
  /**
   * Copy-paste campaigns, default 0: one long text posted with small variations by 15–60 distinct accounts within
   * an hour or two (counted among the floods in the truth, `kind: 'campaign'`).
   */
  campaigns?: number;
  /**
   * Where message texts come from, default 'templates' (a small tidy vocabulary). 'real': recombined sentences of
   * real citizen appeals (real-corpus.ts), with their lengths, typos and vocabulary.
   */
  texts?: 'templates' | 'real';
  /** OKTMO codes always in the stream (on top of the drawn ones, within `municipalities` when it is larger). */
  include?: readonly string[];
  /** The N most populous municipalities of the gazetteer are always in the stream, default 0. */
  largestCities?: number;
  /**
   * Population at which a town's volume stops growing, default 1,500,000 (POPULATION_WEIGHT_CAP); 0 or Infinity:
   * no cap, so Moscow gets its real ≈ 1,700 messages a day.
   */
  populationCap?: number;
}

/** Options that stay absent when not given, so a default stream's truth reads as before they existed. */
type Optional =
  | 'dayNoiseCv'
  | 'incidentMinPeak'
  | 'campaigns'
  | 'texts'
  | 'include'
  | 'largestCities'
  | 'populationCap';

export type NormalizedOptions = Readonly<
  Required<Omit<GeneratorOptions, Optional>> & Pick<GeneratorOptions, Optional>
>;

function check(ok: boolean, field: string, value: unknown, want: string): void {
  if (!ok)
    throw vspError('VSP_CONFIG_INVALID', `generator option ${field}=${JSON.stringify(value)}: ${want}`);
}

function int(v: unknown, field: string, min: number, max: number): number {
  check(
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
    field,
    v,
    `integer in [${min}, ${max}]`,
  );
  return v as number;
}

function frac(v: unknown, field: string, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  check(typeof v === 'number' && v >= 0 && v <= max, field, v, `number in [0, ${max}]`);
  return v as number;
}

export function normalizeOptions(o: GeneratorOptions): NormalizedOptions {
  const days = int(o.days, 'days', 1, 3660);
  const municipalities = int(o.municipalities, 'municipalities', 1, 100_000);
  const seed = int(o.seed, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const startDate = o.startDate ?? '2025-01-01';
  check(
    /^\d{4}-\d{2}-\d{2}$/.test(startDate) && !Number.isNaN(Date.parse(`${startDate}T00:00:00Z`)),
    'startDate',
    startDate,
    'YYYY-MM-DD',
  );
  const cv = (v: unknown): number => {
    check(typeof v === 'number' && v > 0 && v <= 3, 'dayNoiseCv', v, 'number in (0, 3]');
    return v as number;
  };
  const rateScale = o.rateScale ?? 1;
  check(
    typeof rateScale === 'number' && rateScale > 0 && rateScale <= 1000,
    'rateScale',
    rateScale,
    'number in (0, 1000]',
  );
  return Object.freeze({
    days,
    municipalities,
    seed,
    startDate,
    rateScale,
    invalidFraction: frac(o.invalidFraction, 'invalidFraction', 0.002, 0.5),
    lateFraction: frac(o.lateFraction, 'lateFraction', 0.01, 1),
    incidents:
      o.incidents === undefined
        ? Math.max(2, Math.round((days * municipalities) / 60))
        : int(o.incidents, 'incidents', 0, 1_000_000),
    floods: o.floods === undefined ? Math.max(1, Math.floor(days / 60)) : int(o.floods, 'floods', 0, 100_000),
    ...(o.dayNoiseCv === undefined ? {} : { dayNoiseCv: cv(o.dayNoiseCv) }),
    ...(o.incidentMinPeak === undefined
      ? {}
      : { incidentMinPeak: int(o.incidentMinPeak, 'incidentMinPeak', 1, 10_000) }),
    ...(o.campaigns === undefined ? {} : { campaigns: int(o.campaigns, 'campaigns', 0, 10_000) }),
    ...(o.texts === undefined ? {} : { texts: texts(o.texts) }),
    ...(o.include === undefined ? {} : { include: include(o.include) }),
    ...(o.largestCities === undefined
      ? {}
      : { largestCities: int(o.largestCities, 'largestCities', 0, 100_000) }),
    ...(o.populationCap === undefined ? {} : { populationCap: populationCap(o.populationCap) }),
  });
}

function texts(v: unknown): 'templates' | 'real' {
  check(v === 'templates' || v === 'real', 'texts', v, "'templates' or 'real'");
  return v as 'templates' | 'real';
}

/** OKTMO codes: 8 or 11 digits (whether the gazetteer knows them is checked when towns are picked). */
function include(v: unknown): readonly string[] {
  check(
    Array.isArray(v) && v.every((c) => typeof c === 'string' && /^\d{8}(\d{3})?$/.test(c)),
    'include',
    v,
    'array of OKTMO codes (8 or 11 digits)',
  );
  return Object.freeze([...new Set(v as string[])]);
}

function populationCap(v: unknown): number {
  check(typeof v === 'number' && v >= 0 && !Number.isNaN(v), 'populationCap', v, 'number ≥ 0 (0: no cap)');
  return v as number;
}
