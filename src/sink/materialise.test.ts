import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';
import {
  agg,
  alert,
  anomaly,
  doc,
  EKB,
  emptyBatch,
  HOUR_MS,
  NTAGIL,
  rejected,
  story,
  T0,
  termBurst,
} from '../store/test-records.ts';
import type { WriteBatch } from '../store/types.ts';
import { routeResults } from './kafka-publisher.ts';
import { toWriteBatch } from './materialise.ts';

const gazetteer = loadGazetteer();
const regionOf = (m: string) => gazetteer.byCode(m)?.region ?? '';

/** A batch as the materialiser reads it back from `<prefix>.results` (kafka-publisher.ts), without a broker. */
function published(b: WriteBatch): RawRecord[] {
  return [...routeResults(b, 4, regionOf)].map((r, i) => ({
    raw: JSON.stringify(r.result),
    origin: { kind: 'kafka', topic: 'x.results', partition: r.partition, offset: String(i) },
    key: r.key,
  }));
}

describe('toWriteBatch', () => {
  it('reads every published kind back into one store batch, term bursts and stories included', () => {
    const s = story(NTAGIL, 'vk:1', T0);
    const m = doc({ municipalityCode: NTAGIL, storyId: s.id, district: '45303000' });
    const late = doc({ eventTimeMs: T0 - 5 * HOUR_MS });
    const burst = termBurst(EKB, 'сирен', T0, { messageIds: [m.id] });
    const b: WriteBatch = {
      messages: [m],
      lateMessages: [late],
      aggregates: [agg('hour', EKB, 'heating', T0, 3)],
      anomalies: [
        anomaly('hour', EKB, 'heating', T0),
        anomaly('hour', EKB, 'water_sewer', T0, { district: '45303000' }),
      ],
      alerts: [alert(EKB, 'heating', T0, { districts: ['45303000'] })],
      termBursts: [burst, termBurst('66', 'сирен', T0, { municipalities: 2 })],
      stories: [s, { ...s, messages: 4, closed: true }],
      deadLetters: [rejected()],
    };
    const { tokens: _t, stems: _s, normText: _n, ...stored } = m;
    const { tokens: _lt, stems: _ls, normText: _ln, ...storedLate } = late;
    expect(toWriteBatch(published(b))).toEqual({
      ...b,
      messages: [stored],
      lateMessages: [storedLate],
      dedupe: true,
    });
  });

  it('reads an alert published before districts as one with none', () => {
    const { districts: _d, ...old } = alert(EKB, 'heating', T0);
    const origin = { kind: 'kafka', topic: 'x.results', partition: 0, offset: '1' } as const;
    const out = toWriteBatch([{ raw: JSON.stringify({ kind: 'alert', value: old }), origin }]);
    expect(out.alerts).toEqual([{ ...old, districts: [] }]);
  });

  it('dead-letters a record that is not a published result, naming the kinds', () => {
    const origin = { kind: 'kafka', topic: 'x.results', partition: 0, offset: '5' } as const;
    const out = toWriteBatch([
      { raw: '{"kind":"burst"}', origin },
      { raw: 'not json', origin },
    ]);
    expect(out.termBursts).toEqual([]);
    expect(out.stories).toEqual([]);
    expect(out.deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['bad_field:kind', expect.stringContaining('|term_burst|story|')],
      ['invalid_json', expect.stringContaining('not a published result')],
    ]);
  });

  it('materialising the same term bursts again (a resumed processor republishes) upserts them', async () => {
    const store = await openStore(':memory:', { gazetteer, topics: loadTopics() });
    try {
      const burst = termBurst(EKB, 'сирен', T0, { observed: 8 });
      const records = published({ ...emptyBatch(), termBursts: [burst] });
      await store.writeBatch(toWriteBatch(records));
      await store.writeBatch(toWriteBatch([...records, ...records]));
      const page = await store.termBursts({ limit: 10, offset: 0 });
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ id: burst.id, observed: 8, messageIds: [] });
    } finally {
      await store.close();
    }
  });

  it('materialises the story each message joined, and a story republished by a resumed processor once', async () => {
    const store = await openStore(':memory:', { gazetteer, topics: loadTopics() });
    try {
      const opened = story(EKB, 'vk:m1', T0);
      const joined = [doc({ storyId: opened.id }), doc({ storyId: opened.id })];
      const alone = doc();
      const first = published({ ...emptyBatch(), messages: [...joined, alone], stories: [opened] });
      const closed = { ...opened, messages: 5, closed: true };
      const second = published({ ...emptyBatch(), stories: [closed] });
      await store.writeBatch(toWriteBatch(first));
      // The processor resumed from a snapshot before `first`: it publishes it again, then what came after.
      await store.writeBatch(toWriteBatch([...first, ...second]));
      const page = await store.messagesByStory(opened.id, { limit: 10, offset: 0 });
      expect(page.total).toBe(2);
      expect(page.items.map((m) => [m.id, m.storyId])).toEqual(joined.map((m) => [m.id, opened.id]));
      expect((await store.messagesByIds([alone.id]))[0]?.storyId).toBeNull();
      expect(await store.stories({ limit: 10, offset: 0 })).toMatchObject({
        total: 1,
        items: [{ id: opened.id, messages: 5, closed: true }],
      });
    } finally {
      await store.close();
    }
  });
});
