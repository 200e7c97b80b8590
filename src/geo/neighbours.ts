/**
 * Neighbouring municipalities: the towns whose residents may write about one thing (a landfill fire's smoke, a
 * closed bridge between them). Centres within `km` of each other in the same region — the same region keeps them
 * on one shard (pipeline/shard.ts), so a story can gather both towns' messages — nearest first, at most `max`.
 */
import { distanceKm } from '../cluster/stories.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';

export function neighboursWithin(
  gazetteer: Gazetteer,
  km: number,
  max = 4,
): (municipality: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  const byRegion = new Map<string, (typeof gazetteer.all)[number][]>();
  for (const m of gazetteer.all) {
    const list = byRegion.get(m.region);
    if (list) list.push(m);
    else byRegion.set(m.region, [m]);
  }
  return (code) => {
    const known = memo.get(code);
    if (known !== undefined) return known;
    const m = gazetteer.byCode(code);
    const found =
      m === undefined || km <= 0
        ? []
        : (byRegion.get(m.region) ?? [])
            .filter((o) => o.code !== code)
            .map((o) => ({ code: o.code, d: distanceKm(m.lat, m.lon, o.lat, o.lon) }))
            .filter((o) => o.d <= km)
            .sort((a, b) => a.d - b.d || (a.code < b.code ? -1 : 1))
            .slice(0, max)
            .map((o) => o.code);
    memo.set(code, found);
    return found;
  };
}
