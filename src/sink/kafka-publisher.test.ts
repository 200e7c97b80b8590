import { describe, expect, it } from 'vitest';
import { shardOfPlace } from '../pipeline/shard.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import {
  agg,
  alert,
  anomaly,
  doc,
  EKB,
  emptyBatch,
  HOUR_MS,
  KAZAN,
  rejected,
  story,
  T0,
  termBurst,
} from '../store/test-records.ts';
import { routeResults } from './kafka-publisher.ts';

const gazetteer = loadGazetteer();
const regionOf = (m: string) => gazetteer.byCode(m)?.region ?? '';
const PARTITIONS = 4;
// Shards of the places below (shard.ts, FNV-1a mod 4): region 66 → 1, region 16 → 2, no region → 1.
const SHARD_66 = shardOfPlace(EKB, '66', PARTITIONS);
const SHARD_16 = shardOfPlace(KAZAN, '16', PARTITIONS);

describe('routeResults', () => {
  it('keys every kind by its identity and puts it on the partition of the shard that produced it', () => {
    expect([SHARD_66, SHARD_16]).toEqual([1, 2]);
    const m = doc({ municipalityCode: KAZAN, topic: 'waste' });
    const b = {
      ...emptyBatch(),
      messages: [m],
      aggregates: [agg('hour', EKB, 'heating', T0, 3)],
      anomalies: [anomaly('hour', KAZAN, 'waste', T0)],
      alerts: [alert(EKB, 'heating', T0)],
      deadLetters: [rejected({ origin: { kind: 'kafka', topic: 'in', partition: 7, offset: '12' } })],
    };
    expect(
      [...routeResults(b, PARTITIONS, regionOf)].map((r) => [r.result.kind, r.partition, r.key]),
    ).toEqual([
      ['message', SHARD_16, `m\u0000vk\u0000${m.id}`],
      ['window', SHARD_66, `w\u0000hour\u0000${EKB}\u0000heating\u0000${T0}`],
      ['anomaly', SHARD_16, `a\u0000hour:${KAZAN}:waste:${T0}`],
      ['alert', SHARD_66, `i\u0000${EKB}:heating:${T0}`],
      ['dead_letter', 7 % PARTITIONS, 'd\u0000{"kind":"kafka","topic":"in","partition":7,"offset":"12"}'],
    ]);
  });

  it("publishes term bursts keyed by id on their place's shard, a region-wide one on its region's", () => {
    const local = termBurst(KAZAN, 'гарь', T0, { messageIds: ['vk:1'] });
    const regional = termBurst('16', 'гарь', T0 + HOUR_MS, { municipalities: 3 });
    const routed = [
      ...routeResults({ ...emptyBatch(), termBursts: [local, regional] }, PARTITIONS, regionOf),
    ];
    expect(routed).toEqual([
      { partition: SHARD_16, key: `t\u0000${local.id}`, result: { kind: 'term_burst', value: local } },
      { partition: SHARD_16, key: `t\u0000${regional.id}`, result: { kind: 'term_burst', value: regional } },
    ]);
    // By the municipality alone a region-wide burst ('') would land on the shard of no region.
    expect(shardOfPlace('', regionOf(''), PARTITIONS)).not.toBe(SHARD_16);
  });

  it("publishes stories keyed by id on their place's shard, and the story each message joined", () => {
    const s = story(KAZAN, 'vk:1', T0);
    const m = doc({ municipalityCode: KAZAN, storyId: s.id });
    const routed = [
      ...routeResults(
        { ...emptyBatch(), messages: [m], stories: [s, { ...s, closed: true }] },
        PARTITIONS,
        regionOf,
      ),
    ];
    expect(routed.map((r) => [r.result.kind, r.partition, r.key])).toEqual([
      ['message', SHARD_16, `m\u0000vk\u0000${m.id}`],
      ['story', SHARD_16, `s\u0000${s.id}`],
      ['story', SHARD_16, `s\u0000${s.id}`],
    ]);
    expect(routed[0]?.result).toMatchObject({ kind: 'message', doc: { id: m.id, storyId: s.id } });
    expect(routed[2]?.result).toEqual({ kind: 'story', value: { ...s, closed: true } });
    // A message that joined no story is published without the field.
    const [alone] = [...routeResults({ ...emptyBatch(), messages: [doc()] }, PARTITIONS, regionOf)];
    expect(alone?.result.kind === 'message' && 'storyId' in alone.result.doc).toBe(false);
  });
});
