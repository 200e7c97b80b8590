import { describe, expect, it } from 'vitest';
import { UNKNOWN_MUNICIPALITY } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { createLineRouter, shardOf, shardOfPlace } from './shard.ts';

describe('shards', () => {
  const gazetteer = loadGazetteer();

  it('maps a region to the same shard every time, spreading regions over all shards', () => {
    expect(shardOf('66', 4)).toBe(shardOf('66', 4));
    const counts = [0, 0, 0, 0];
    for (const r of gazetteer.regions()) {
      const i = shardOf(r.code, 4);
      counts[i] = (counts[i] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(gazetteer.regions().length / 8);
  });

  it('puts every place of unknown municipality in one shard, whatever region it names', () => {
    expect(shardOfPlace(UNKNOWN_MUNICIPALITY, '66', 4)).toBe(shardOf('', 4));
    expect(shardOfPlace(UNKNOWN_MUNICIPALITY, '77', 4)).toBe(shardOf('', 4));
  });

  it('routes a line by its code, or by the place named in its text when it has none', () => {
    const route = createLineRouter(gazetteer, 4);
    const ekb = gazetteer.byCode('65701000');
    expect(ekb?.region).toBeDefined();
    const coded =
      '{"id":"1","source":"vk","created_at":"2025-03-01T10:00:00+05:00","text":"нет воды","municipality":"65701000"}';
    expect(route(coded)).toBe(shardOf(ekb?.region as string, 4));
    const byText =
      '{"id":"2","source":"vk","created_at":"2025-03-01T10:00:00+05:00","text":"В Екатеринбурге нет горячей воды"}';
    expect(route(byText)).toBe(shardOf(ekb?.region as string, 4));
    expect(route('{broken')).toBeUndefined();
  });

  it("takes the fast path only for a code JSON.parse reads as the message's own", () => {
    const route = createLineRouter(gazetteer, 4);
    const a = gazetteer.all[0] as { code: string; region: string };
    const b = gazetteer.all.find((m) => shardOf(m.region, 4) !== shardOf(a.region, 4)) as typeof a;
    const head = '{"id":"1","source":"vk","created_at":"2025-03-01T10:00:00+05:00","text":"нет воды"';
    // Nested first: the message's own code decides; nested alone: no code at all (placed by text: none here).
    expect(route(`${head},"meta":{"municipality":"${a.code}"},"municipality":"${b.code}"}`)).toBe(
      shardOf(b.region, 4),
    );
    expect(route(`${head},"meta":{"municipality":"${a.code}"}}`)).toBe(shardOf('', 4));
    // A repeated key (the last wins) and a key spelled with an escape.
    expect(route(`${head},"municipality":"${a.code}","municipality":"${b.code}"}`)).toBe(
      shardOf(b.region, 4),
    );
    expect(route(`${head},"municipality":"${a.code}","municipalit\\u0079":"${b.code}"}`)).toBe(
      shardOf(b.region, 4),
    );
    // The processor's clock and limits: a line "in the future" by the wall clock is not by the run's.
    const future = `${head.replace('2025-03-01', '2090-03-01')}}`;
    expect(route(future)).toBeUndefined();
    expect(route(future, Date.parse('2090-03-01T00:00:00Z'))).toBe(shardOf('', 4));
  });
});
