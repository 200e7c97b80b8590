import { describe, expect, it } from 'vitest';
import { alertBands } from './alert-bands.ts';
import type { AlertItem } from './api-client.ts';

const HOUR_S = 3_600;
const DAY_S = 86_400;

function item(id: string, startMs: number, endMs: number, over: Partial<AlertItem> = {}): AlertItem {
  return {
    id,
    municipality: '65701000',
    municipalityName: 'Екатеринбург',
    topic: 'heating',
    topicName: 'Отопление',
    status: 'open',
    severity: 'high',
    respondWithinMin: 240,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    startMs,
    endMs,
    firstDetectedAt: new Date(endMs).toISOString(),
    windows: 1,
    peakObserved: 9,
    peakExpected: 1,
    expected: false,
    cause: null,
    groupId: id,
    regionGroupId: id,
    terms: [],
    kind: 'burst',
    districts: [],
    ...over,
  };
}

describe('alertBands', () => {
  // Hour buckets of 2026-01-30, 00:00–23:00 UTC.
  const day0S = Date.UTC(2026, 0, 30) / 1e3;
  const hours = Array.from({ length: 24 }, (_, h) => day0S + h * HOUR_S);

  it('covers the points of its windows, half a bucket either side (hour buckets)', () => {
    const a = item('a', Date.UTC(2026, 0, 30, 8), Date.UTC(2026, 0, 30, 10));
    expect(alertBands([a], 'hour', 300, hours)).toEqual([
      {
        id: 'a',
        fromS: day0S + 7.5 * HOUR_S,
        toS: day0S + 9.5 * HOUR_S,
        severity: 'high',
        expected: false,
        label: 'Екатеринбург · Отопление',
      },
    ]);
  });

  it('leaves out alerts outside the buckets and clips the rest to them', () => {
    const before = item('before', Date.UTC(2026, 0, 29, 8), Date.UTC(2026, 0, 29, 9));
    const across = item('across', Date.UTC(2026, 0, 30, 22), Date.UTC(2026, 0, 31, 3));
    const bands = alertBands([before, across], 'hour', 300, hours);
    expect(bands.map((b) => [b.id, b.fromS, b.toS])).toEqual([
      ['across', day0S + 21.5 * HOUR_S, day0S + 23.5 * HOUR_S],
    ]);
  });

  it('reads day buckets as local dates: 21:00 UTC at UTC+5 is the next day', () => {
    // Day buckets: local dates at 00:00 UTC, 2026-01-28 .. 2026-02-01.
    const days = Array.from({ length: 5 }, (_, d) => Date.UTC(2026, 0, 28) / 1e3 + d * DAY_S);
    const a = item('a', Date.UTC(2026, 0, 29, 21), Date.UTC(2026, 0, 29, 23));
    const [b] = alertBands([a], 'day', 300, days);
    const jan30S = Date.UTC(2026, 0, 30) / 1e3;
    expect([b?.fromS, b?.toS]).toEqual([jan30S - DAY_S / 2, jan30S + DAY_S / 2]);
    // In UTC the same alert is on the 29th.
    const [utc] = alertBands([a], 'day', 0, days);
    expect(utc?.fromS).toBe(jan30S - DAY_S - DAY_S / 2);
  });

  it('gives nothing for an empty series', () => {
    expect(alertBands([item('a', 0, HOUR_S * 1e3)], 'hour', 0, [])).toEqual([]);
  });
});
