import { describe, expect, it } from 'vitest';
import { dayFromIsoDate, isoDateFromDay } from './days.ts';
import type { SeasonForecast } from './forecast-season.ts';
import { type PlannedSeries, recommendCampaigns } from './recommend-campaigns.ts';
import type { Recurrence } from './recurrence.ts';

const day = (s: string) => dayFromIsoDate(s) as number;
const recurrence = (recurring: boolean): Recurrence => ({
  seasons: 5,
  meanCorrelation: recurring ? 0.8 : 0.01,
  pValue: recurring ? 0.001 : 0.4,
  agreement: [],
  amplitude: recurring ? 6 : 1.2,
  recurring,
  reason: '',
});
function forecast(onset: string, total: number, peak: number): SeasonForecast {
  const o = day(onset);
  const iv = (point: number, spread: number) => ({ point, low: point - spread, high: point + spread });
  return {
    startDay: day('2026-07-01'),
    firstMonday: day('2026-07-06'),
    onsetIndex: iv((o - day('2026-07-06')) / 7, 1),
    peakIndex: iv((o - day('2026-07-06')) / 7 + 6, 2),
    onsetMonday: iv(o, 7),
    onsetEarliestIndex: (o - day('2026-07-06')) / 7 - 1,
    onsetEarliestMonday: o - 7,
    peakMonday: iv(o + 42, 14),
    peakWeekly: iv(peak, peak / 3),
    total: iv(total, total / 3),
    pooled: 0,
    method: 'history',
    seasonsUsed: 5,
  };
}
const item = (
  municipality: string,
  topic: string,
  onset: string,
  total: number,
  recurring = true,
): PlannedSeries => ({
  municipality,
  topic,
  population: 50_000,
  recurrence: recurrence(recurring),
  forecast: forecast(onset, total, total / 10),
});

describe('recommendCampaigns', () => {
  it('starts lead weeks before the onset, ranks by start then volume per 10,000, and skips what does not recur', () => {
    const r = recommendCampaigns(
      [
        item('A', 'heating', '2026-10-05', 500),
        item('B', 'heating', '2026-10-05', 900),
        item('C', 'snow_ice', '2026-09-28', 100),
        item('D', 'housing', '2026-09-21', 5000, false),
        item('E', 'snow_ice', '2027-01-04', 100), // start far beyond the 8-week horizon
        item('F', 'heating', '2026-08-31', 100), // onset before `from`: too late
      ],
      { fromDay: day('2026-09-07') },
    );
    expect(r.map((x) => x.municipality)).toEqual(['C', 'B', 'A']);
    expect(isoDateFromDay((r[1] as (typeof r)[number]).startDay)).toBe('2026-09-21');
    // 900 in the season for 50,000 residents → 180 per 10,000; peak 90 a week → 18.
    expect(r[1]?.expectedPer10k).toBeCloseTo(180, 10);
    expect(r[1]?.peakWeeklyPer10k).toBeCloseTo(18, 10);
    expect(r[1]?.reason).toMatch(
      /тема повторяется здесь \(сезонов: 5, p = 0,0010\); начало волны ожидается в неделю с 2026-10-05 \(80%: 2026-09-28 … 2026-10-12\), за сезон ~180 обращений на 10 000 жителей/,
    );
  });

  it('starts the week before the earliest likely onset when that comes before onset − lead', () => {
    const f = item('A', 'heating', '2026-10-05', 500);
    // The onset comes before 2026-09-07 in at most 1 season of 10: the week before, 2026-08-31, is earlier than
    // onset − 2 weeks.
    const wide = {
      ...f,
      forecast: {
        ...f.forecast,
        onsetMonday: { point: day('2026-10-05'), low: day('2026-09-07'), high: day('2026-11-02') },
        onsetEarliestMonday: day('2026-09-07'),
      },
    };
    const r = recommendCampaigns([wide], { fromDay: day('2026-09-01') });
    expect(isoDateFromDay((r[0] as (typeof r)[number]).startDay)).toBe('2026-08-31');
    expect(r[0]?.reason).toMatch(/начать за 5 нед\./);
  });

  it('takes the lead time as configured', () => {
    const r = recommendCampaigns([item('A', 'heating', '2026-10-05', 500)], {
      fromDay: day('2026-09-01'),
      leadWeeks: 3,
    });
    expect(isoDateFromDay((r[0] as (typeof r)[number]).startDay)).toBe('2026-09-14');
  });
});
