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
});
