import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import type { SeriesQuery } from '../../store/types.ts';
import { EKB, KAZAN, NTAGIL } from '../../store/test-records.ts';
import { localDay } from '../local-day.ts';
import { fullestDigest } from '../test-digest.ts';
import { digestLateNote } from './late-data.ts';

/** A store whose day counts now are `now[code]`, on each town's own local day of 5 December. */
const storeWith = (now: Record<string, number>) => ({
  series: async (q: SeriesQuery) => [
    { at: q.fromDay ?? 0, count: now[q.municipality ?? ''] ?? 0, uniqueAuthors: 0 },
  ],
});

describe('digestLateNote', () => {
  const gazetteer = loadGazetteer();
  const sent = fullestDigest(3);
  sent.date = '2026-12-05';
  sent.rows = [
    { ...(sent.rows[0] as (typeof sent.rows)[number]), code: EKB, count: 100 },
    { ...(sent.rows[1] as (typeof sent.rows)[number]), code: NTAGIL, count: 40 },
    { ...(sent.rows[2] as (typeof sent.rows)[number]), code: KAZAN, count: 7 },
  ];

  it('sums what each town of the previous digest gained since, on its own local day', async () => {
    const asked: number[] = [];
    const store = storeWith({ [EKB]: 103, [NTAGIL]: 40, [KAZAN]: 9 });
    const spy = {
      series: (q: SeriesQuery) => {
        asked.push(q.fromMs);
        return store.series(q);
      },
    };
    // 3 + 0 + 2: a count that fell (a message deleted) is not a negative late count.
    expect(await digestLateNote(spy, gazetteer, sent)).toEqual({ date: '2026-12-05', count: 5 });
    expect(asked).toEqual(
      [EKB, NTAGIL, KAZAN].map((c) => localDay('2026-12-05', gazetteer.byCode(c)?.utcOffsetMin ?? 0).fromMs),
    );
    expect(
      await digestLateNote(storeWith({ [EKB]: 90, [NTAGIL]: 40, [KAZAN]: 7 }), gazetteer, sent),
    ).toBeNull();
    expect(await digestLateNote(store, gazetteer, undefined)).toBeNull();
  });
});
