/**
 * Yearly, weekly and daily shapes of complaint volume per topic. The seasonal curve of each topic is built
 * from the seasonal waves listed here (a floor plus raised-cosine bumps in week of year), so the waves in the
 * ground truth are exactly the components that generated the stream.
 *
 * Sources for the shapes: DESIGN.md "Volumes to simulate" (Boston 311 heating 300–430/month in winter vs 2–11 in
 * summer → winter/summer ratio ≈ 30×), the topic mix of the real Kursk appeals (fixtures/ru/kursk-topic-map.tsv:
 * landscaping and roads lead, then transport, lighting, waste, water, healthcare, housing), and the Russian
 * calendar (heating season starts late September, planned hot-water shut-offs May–August, potholes after the
 * thaw, New Year holidays 1–8 January).
 */
import type { TopicId } from '../../records.ts';

export interface SeasonalWave {
  topic: TopicId;
  name: string;
  /** Week of year, 1-based: week w covers day-of-year 7(w−1) … 7w−1 (day 0 = 1 January). */
  peakWeekOfYear: number;
  startWeek: number;
  endWeek: number;
}

interface WaveSpec {
  name: string;
  startWeek: number;
  peakWeekOfYear: number;
  endWeek: number;
  /** Height of the bump above the floor, before normalisation. */
  amplitude: number;
}

export type HourShape = 'office' | 'home' | 'street' | 'evening';

export interface TopicProfile {
  id: TopicId;
  /** Share of the year's messages (normalised over topics). */
  share: number;
  /** Level of the seasonal curve outside its waves, before normalisation (0: the topic vanishes off season). */
  floor: number;
  waves: WaveSpec[];
  /** Saturday and Sunday factors relative to a weekday (normalised so the week averages 1). */
  weekend: [number, number];
  hours: HourShape;
  /** Multiplier on public holidays (1–8 January and the fixed-date holidays). */
  holiday: number;
}

export const TOPIC_PROFILES: readonly TopicProfile[] = [
  {
    id: 'heating',
    share: 0.07,
    floor: 0.1,
    waves: [
      { name: 'начало отопительного сезона', startWeek: 37, peakWeekOfYear: 41, endWeek: 46, amplitude: 2.6 },
      { name: 'зимние холода', startWeek: 45, peakWeekOfYear: 3, endWeek: 13, amplitude: 3.0 },
    ],
    weekend: [0.95, 0.95],
    hours: 'home',
    holiday: 0.9,
  },
  {
    id: 'hot_water',
    share: 0.05,
    floor: 0.5,
    waves: [
      {
        name: 'плановые отключения горячей воды',
        startWeek: 18,
        peakWeekOfYear: 25,
        endWeek: 35,
        amplitude: 1.3,
      },
    ],
    weekend: [0.95, 0.95],
    hours: 'home',
    holiday: 0.9,
  },
  {
    id: 'water_sewer',
    share: 0.07,
    floor: 1,
    waves: [{ name: 'весенний паводок', startWeek: 12, peakWeekOfYear: 16, endWeek: 20, amplitude: 0.35 }],
    weekend: [0.9, 0.9],
    hours: 'home',
    holiday: 0.9,
  },
  {
    id: 'electricity',
    share: 0.03,
    floor: 1,
    waves: [{ name: 'летние грозы', startWeek: 24, peakWeekOfYear: 29, endWeek: 33, amplitude: 0.35 }],
    weekend: [0.95, 0.95],
    hours: 'home',
    holiday: 0.95,
  },
  { id: 'gas', share: 0.01, floor: 1, waves: [], weekend: [0.9, 0.9], hours: 'home', holiday: 0.9 },
  {
    id: 'waste',
    share: 0.08,
    floor: 1,
    waves: [{ name: 'летний рост отходов', startWeek: 22, peakWeekOfYear: 29, endWeek: 36, amplitude: 0.45 }],
    weekend: [0.85, 0.8],
    hours: 'street',
    holiday: 0.8,
  },
  {
    id: 'snow_ice',
    share: 0.06,
    floor: 0,
    waves: [{ name: 'снег и гололёд', startWeek: 46, peakWeekOfYear: 4, endWeek: 14, amplitude: 1 }],
    weekend: [0.9, 0.85],
    hours: 'street',
    holiday: 0.85,
  },
  {
    id: 'roads',
    share: 0.13,
    floor: 0.6,
    waves: [
      { name: 'ямы после схода снега', startWeek: 10, peakWeekOfYear: 15, endWeek: 22, amplitude: 1.6 },
    ],
    weekend: [0.7, 0.65],
    hours: 'street',
    holiday: 0.6,
  },
  {
    id: 'transport',
    share: 0.06,
    floor: 1,
    waves: [{ name: 'начало учебного года', startWeek: 35, peakWeekOfYear: 37, endWeek: 40, amplitude: 0.4 }],
    weekend: [0.7, 0.6],
    hours: 'street',
    holiday: 0.6,
  },
  {
    id: 'landscaping',
    share: 0.16,
    floor: 0.5,
    waves: [
      { name: 'покос травы и комары', startWeek: 21, peakWeekOfYear: 27, endWeek: 35, amplitude: 1.1 },
      { name: 'листопад', startWeek: 39, peakWeekOfYear: 42, endWeek: 45, amplitude: 0.8 },
    ],
    weekend: [0.75, 0.7],
    hours: 'street',
    holiday: 0.6,
  },
  {
    id: 'lighting',
    share: 0.05,
    floor: 0.6,
    waves: [{ name: 'тёмное время года', startWeek: 40, peakWeekOfYear: 51, endWeek: 9, amplitude: 0.8 }],
    weekend: [0.8, 0.75],
    hours: 'evening',
    holiday: 0.7,
  },
  { id: 'housing', share: 0.07, floor: 1, waves: [], weekend: [0.6, 0.55], hours: 'office', holiday: 0.5 },
  {
    id: 'healthcare',
    share: 0.04,
    floor: 1,
    waves: [{ name: 'сезон ОРВИ', startWeek: 3, peakWeekOfYear: 6, endWeek: 10, amplitude: 0.5 }],
    weekend: [0.6, 0.5],
    hours: 'office',
    holiday: 0.5,
  },
  {
    id: 'education',
    share: 0.015,
    floor: 1,
    waves: [
      { name: 'запись в школы и сады', startWeek: 31, peakWeekOfYear: 35, endWeek: 38, amplitude: 0.9 },
    ],
    weekend: [0.5, 0.45],
    hours: 'office',
    holiday: 0.4,
  },
  { id: 'social', share: 0.02, floor: 1, waves: [], weekend: [0.55, 0.5], hours: 'office', holiday: 0.4 },
  {
    id: 'ecology',
    share: 0.025,
    floor: 1,
    waves: [{ name: 'летний дым и запахи', startWeek: 25, peakWeekOfYear: 30, endWeek: 35, amplitude: 0.5 }],
    weekend: [0.9, 0.9],
    hours: 'evening',
    holiday: 0.8,
  },
  {
    id: 'animals',
    share: 0.015,
    floor: 1,
    waves: [
      { name: 'бродячие собаки весной', startWeek: 14, peakWeekOfYear: 20, endWeek: 30, amplitude: 0.4 },
    ],
    weekend: [0.85, 0.85],
    hours: 'street',
    holiday: 0.8,
  },
  {
    id: 'communications',
    share: 0.01,
    floor: 1,
    waves: [],
    weekend: [0.9, 0.9],
    hours: 'home',
    holiday: 0.9,
  },
  {
    id: 'construction',
    share: 0.015,
    floor: 1,
    waves: [],
    weekend: [0.7, 0.65],
    hours: 'office',
    holiday: 0.6,
  },
  { id: 'safety', share: 0.008, floor: 1, waves: [], weekend: [1.1, 1.1], hours: 'evening', holiday: 1.1 },
  {
    id: 'culture_sport',
    share: 0.007,
    floor: 1,
    waves: [{ name: 'летний сезон', startWeek: 22, peakWeekOfYear: 28, endWeek: 34, amplitude: 0.5 }],
    weekend: [1.1, 1.1],
    hours: 'evening',
    holiday: 1,
  },
  { id: 'other', share: 0.04, floor: 1, waves: [], weekend: [0.7, 0.65], hours: 'office', holiday: 0.6 },
];

/** Relative volume by local hour 0…23 (normalised to mean 1 below): quiet 1–6 am, morning and evening peaks. */
const HOUR_SHAPES: Record<HourShape, number[]> = {
  office: [
    0.25, 0.12, 0.06, 0.05, 0.05, 0.1, 0.3, 0.8, 1.4, 1.8, 1.9, 1.8, 1.6, 1.6, 1.6, 1.5, 1.4, 1.3, 1.3, 1.4,
    1.5, 1.3, 0.9, 0.5,
  ],
  home: [
    0.3, 0.15, 0.08, 0.06, 0.06, 0.15, 0.6, 1.6, 1.9, 1.5, 1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.1, 1.4, 1.8, 2.1,
    2.2, 1.9, 1.3, 0.7,
  ],
  street: [
    0.2, 0.1, 0.05, 0.05, 0.08, 0.3, 1.0, 2.0, 2.2, 1.6, 1.2, 1.1, 1.1, 1.1, 1.1, 1.2, 1.5, 1.9, 2.0, 1.6,
    1.2, 0.9, 0.6, 0.35,
  ],
  evening: [
    0.8, 0.45, 0.25, 0.12, 0.1, 0.1, 0.3, 0.7, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.5, 1.7,
    1.9, 1.9, 1.6, 1.2,
  ],
};

export const TOPIC_IDS: readonly TopicId[] = TOPIC_PROFILES.map((p) => p.id);
export const TOPIC_COUNT = TOPIC_PROFILES.length;
export const WEEKS_PER_YEAR = 365 / 7;

/** Raised-cosine bump in (cyclic) week of year: 0 outside [start, end], 1 at peak. */
export function waveAt(
  week: number,
  w: { startWeek: number; peakWeekOfYear: number; endWeek: number },
): number {
  const mod = (x: number) => ((x % WEEKS_PER_YEAR) + WEEKS_PER_YEAR) % WEEKS_PER_YEAR;
  const d = mod(week - w.startWeek);
  const rise = mod(w.peakWeekOfYear - w.startWeek);
  const span = mod(w.endWeek - w.startWeek);
  if (d <= rise) return rise === 0 ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / rise);
  if (d <= span) return 0.5 + 0.5 * Math.cos((Math.PI * (d - rise)) / (span - rise));
  return 0;
}

export interface Profiles {
  /** share[t], sums to 1. */
  share: Float64Array;
  /** season[t * 366 + dayOfYear], mean 1 over days 0…364 for each topic. */
  season: Float64Array;
  /** weekly[t * 7 + dow], dow 0 = Monday; mean 1 over the week. */
  weekly: Float64Array;
  /** hourly[t * 24 + localHour], mean 1 over the day. */
  hourly: Float64Array;
  holiday: Float64Array;
  waves: SeasonalWave[];
}

let cached: Profiles | undefined;
/** The precomputed profile tables (pure; computed once). */
export function buildProfiles(): Profiles {
  if (cached) return cached;
  const T = TOPIC_COUNT;
  const share = new Float64Array(T);
  const season = new Float64Array(T * 366);
  const weekly = new Float64Array(T * 7);
  const hourly = new Float64Array(T * 24);
  const holiday = new Float64Array(T);
  const waves: SeasonalWave[] = [];
  const shareSum = TOPIC_PROFILES.reduce((a, p) => a + p.share, 0);
  TOPIC_PROFILES.forEach((p, t) => {
    share[t] = p.share / shareSum;
    holiday[t] = p.holiday;
    let sum = 0;
    for (let d = 0; d < 366; d++) {
      const week = d / 7 + 1;
      let v = p.floor;
      for (const w of p.waves) v += w.amplitude * waveAt(week, w);
      season[t * 366 + d] = v;
      if (d < 365) sum += v;
    }
    for (let d = 0; d < 366; d++) season[t * 366 + d] = (season[t * 366 + d] ?? 0) / (sum / 365);
    const week = [1, 1, 1, 1, 1, p.weekend[0], p.weekend[1]];
    const wsum = week.reduce((a, b) => a + b, 0);
    for (let d = 0; d < 7; d++) weekly[t * 7 + d] = ((week[d] ?? 1) * 7) / wsum;
    const hs = HOUR_SHAPES[p.hours];
    const hsum = hs.reduce((a, b) => a + b, 0);
    for (let h = 0; h < 24; h++) hourly[t * 24 + h] = ((hs[h] ?? 1) * 24) / hsum;
    for (const w of p.waves) {
      waves.push({
        topic: p.id,
        name: w.name,
        peakWeekOfYear: w.peakWeekOfYear,
        startWeek: w.startWeek,
        endWeek: w.endWeek,
      });
    }
  });
  cached = { share, season, weekly, hourly, holiday, waves };
  return cached;
}

/** Fixed-date Russian public holidays (month 1-based, day): 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November. */
export function isPublicHoliday(month: number, day: number): boolean {
  if (month === 1) return day <= 8;
  return (
    (month === 2 && day === 23) ||
    (month === 3 && day === 8) ||
    (month === 5 && (day === 1 || day === 9)) ||
    (month === 6 && day === 12) ||
    (month === 11 && day === 4)
  );
}
