import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { neighboursWithin } from './neighbours.ts';

const gazetteer = loadGazetteer();
const code = (name: string) => {
  const m = gazetteer.all.find((x) => x.name === name);
  if (!m) throw new Error(`${name} not in the gazetteer`);
  return m.code;
};

describe('neighboursWithin', () => {
  it('finds the towns next door in the same region, nearest first', () => {
    const near = neighboursWithin(gazetteer, 30);
    const of = near(code('Химки'));
    expect(of).toContain(code('Долгопрудный'));
    expect(of.length).toBeLessThanOrEqual(4);
    for (const c of of) expect(gazetteer.byCode(c)?.region).toBe(gazetteer.byCode(code('Химки'))?.region);
    // Москва is another subject of the federation (another shard): never a neighbour here.
    expect(of).not.toContain(code('Москва'));
  });

  it('lists none for a town alone in its steppe, and none at all when the distance is 0', () => {
    expect(neighboursWithin(gazetteer, 30)(code('Норильск'))).toEqual([]);
    expect(neighboursWithin(gazetteer, 0)(code('Химки'))).toEqual([]);
    expect(neighboursWithin(gazetteer, 30)('00000000')).toEqual([]);
  });
});
