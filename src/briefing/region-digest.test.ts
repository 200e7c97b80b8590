import { describe, expect, it } from 'vitest';
import type { TopicId } from '../records.ts';
import { compareAttention, type DigestRow, unexplainedRise } from './region-digest.ts';
import { openAlertsRu } from './render-digest.ts';

const m = (xs: [string, number][]) => new Map(xs as [TopicId, number][]);

describe('unexplainedRise', () => {
  it('sums each topic’s excess over its weekday norm, leaving out the topics a known event explains', () => {
    // heating 12 against (2+4)/2 = 3 → 9; waste 3 against 0 → 3; roads 1 against 5 → 0 (a fall is not a rise).
    const day = m([
      ['heating', 12],
      ['waste', 3],
      ['roads', 1],
    ]);
    const weeks = [
      m([
        ['heating', 2],
        ['roads', 5],
      ]),
      m([
        ['heating', 4],
        ['roads', 5],
      ]),
    ];
    expect(unexplainedRise(day, weeks, () => false)).toEqual({
      total: 12,
      leading: { topic: 'heating', count: 12, norm: 3 },
    });
    expect(unexplainedRise(day, weeks, (t) => t === 'heating')).toEqual({
      total: 3,
      leading: { topic: 'waste', count: 3, norm: 0 },
    });
    expect(unexplainedRise(m([]), weeks, () => false)).toEqual({ total: 0, leading: null });
  });
});

describe('compareAttention', () => {
  const row = (name: string, c: number, h: number, rise: number): DigestRow => ({
    code: name,
    name,
    population: 10_000,
    utcOffsetMin: 300,
    count: 10,
    per10k: 10,
    openCritical: c,
    openHigh: h,
    openNormal: 0,
    unexplainedRise: rise,
    unexplainedRisePer10k: rise,
    leadingTopic: null,
  });

  it('puts open critical alerts first, then high, then the largest unexplained rise per capita', () => {
    const rows = [
      row('А', 0, 0, 9),
      row('Б', 0, 2, 0),
      row('В', 1, 0, 0),
      row('Г', 0, 0, 1),
      row('Д', 0, 2, 5),
    ];
    expect(rows.sort(compareAttention).map((r) => r.name)).toEqual(['В', 'Д', 'Б', 'А', 'Г']);
  });

  it('agrees the adjectives with their numbers', () => {
    expect(openAlertsRu(row('А', 1, 2, 0))).toBe('1 критический, 2 высоких');
    expect(openAlertsRu(row('А', 21, 11, 0))).toBe('21 критический, 11 высоких');
    expect(openAlertsRu(row('А', 0, 0, 0))).toBe('нет');
  });
});
