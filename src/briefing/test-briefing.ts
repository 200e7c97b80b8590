/**
 * Test support (like store/test-records.ts): the fullest briefing a page must hold — every list at its maximum
 * with «и ещё N» under it, long names, streets and quotes, three charts.
 */
import { localDay } from './local-day.ts';
import type { Briefing, BriefingAlert, TopicMove } from './types.ts';

export const H = 3_600_000;
const LONG_QUOTE =
  'Третий день нет отопления в доме 15 по улице Героев Сталинградской битвы, в квартирах +12, дети болеют, ' +
  'управляющая компания трубку не берёт, аварийная служба обещала приехать ещё вчера…';

export function fullestBriefing(): Briefing {
  const day = localDay('2026-12-06', 300);
  const topic = (i: number): TopicMove => ({
    topic: 'heating',
    topicName:
      ['Водоснабжение и канализация', 'Отопление', 'Снег и гололёд', 'Благоустройство', 'Дороги'][i] ?? '',
    count: 120 - i * 10,
    norm: 12.25,
    normWeeks: 4,
    score: 30 - i,
    terms: ['прорыв', 'теплотрассы', 'батареи холодные', 'нет горячей воды', 'аварийная служба'],
    streets: ['ул. Героев Сталинградской битвы', 'пр-т Космонавтов', 'ул. Краснофлотцев'],
    districts: ['Железнодорожный', 'Орджоникидзевский', 'Верх-Исетский'],
    quote: `${LONG_QUOTE.slice(0, 99)}…`,
  });
  const alert = (i: number): BriefingAlert => ({
    id: `a${i}`,
    state: (['new', 'open', 'closed', 'new', 'open'] as const)[i] ?? 'new',
    topic: 'heating',
    topicName: 'Водоснабжение и канализация',
    severity: (['critical', 'critical', 'high', 'high', 'normal'] as const)[i] ?? 'normal',
    respondWithinMin: 480,
    respondByMs: day.morningMs + 2 * H,
    startMs: day.fromMs + 8 * H,
    endMs: day.fromMs + 11 * H,
    firstDetectedAtMs: day.fromMs + 8 * H,
    closedAtMs: i === 2 ? day.morningMs - H : null,
    peakObserved: 42,
    peakExpected: 3.4,
    terms: ['прорыв', 'теплотрассы', 'батареи', 'холодно', 'аварийная'],
    districts: ['Железнодорожный', 'Орджоникидзевский'],
    cause: null,
  });
  return {
    version: 1,
    place: {
      code: '65701000',
      name: 'Петропавловск-Камчатский городской округ',
      region: '41',
      regionName: 'Камчатский край',
      population: 1_377_738,
      utcOffsetMin: 300,
    },
    date: day.date,
    readOn: '2026-12-07',
    fromMs: day.fromMs,
    toMs: day.toMs,
    morningMs: day.morningMs,
    volume: {
      count: 12_345,
      authors: 9_876,
      per10k: 89.6,
      norm: 6_543.25,
      normDays: [0, 1, 2, 3].map((i) => ({ date: `2026-11-${8 + 7 * i}`, count: 6_543 })),
      ratio: 1.887,
    },
    rank: {
      position: 12,
      of: 31,
      populationFrom: 459_246,
      populationTo: 4_133_214,
      shrunk: 89.6,
      shrunkLow: 88.1,
      shrunkHigh: 91.2,
      per10k: 89.6,
      low: 88,
      high: 91.3,
      regionPer10k: 61.2,
    },
    topics: { items: [0, 1, 2, 3, 4].map(topic), more: 17 },
    alerts: { items: [0, 1, 2, 3, 4].map(alert), more: 21 },
    stories: {
      items: [0, 1, 2, 3, 4].map((i) => ({
        id: `s${i}`,
        topic: 'heating',
        topicName: 'Водоснабжение и канализация',
        kind: 'story',
        label: 'Третий день нет отопления в доме 15 по улице Героев Сталинградской битвы',
        messages: 121,
        authors: 98,
        startMs: day.fromMs - 2 * 86_400_000,
        lastMs: day.toMs - H,
        streets: ['ул. Героев Сталинградской битвы', 'пр-т Космонавтов'],
      })),
      more: 9,
    },
    causes: {
      items: [0, 1, 2, 3, 4].map((i) => ({
        id: `c${i}`,
        kind: 'planned_shutoff',
        // An analyst may enter 500 characters.
        label: 'Плановое отключение горячей воды для гидравлических испытаний тепловых сетей. '
          .repeat(7)
          .slice(0, 500),
        topics: ['hot_water'],
        from: '2026-12-01',
        to: '2026-12-14',
        alerts: 3,
      })),
      more: 4,
    },
    series: ['Отопление', 'Водоснабжение и канализация', 'Снег и гололёд'].map((name, i) => ({
      topic: 'heating',
      topicName: name,
      dates: Array.from({ length: 30 }, (_, d) => `2026-11-${String(7 + d).padStart(2, '0')}`),
      counts: Array.from({ length: 30 }, (_, d) => ((d * 37 + i * 11) % 90) + 1000),
    })),
    forecasts: {
      items: (['heating', 'snow_ice', 'roads', 'landscaping', 'hot_water'] as const).map((topic, i) => ({
        topic,
        topicName: ['Отопление', 'Снег и гололёд', 'Дороги', 'Благоустройство', 'Горячая вода'][i] as string,
        onsetWeek: `2025-10-${String(6 + 7 * (i % 3)).padStart(2, '0')}`,
        onsetLow: '2025-09-22',
        onsetHigh: '2025-11-10',
        campaignStart: '2025-09-08',
        expectedPer10k: i === 4 ? null : 1234.5 / (i + 1),
      })),
      more: 3,
    },
    late: { date: '2026-12-05', count: 1021 },
  };
}
