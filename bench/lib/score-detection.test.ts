import { describe, expect, it } from 'vitest';
import { scoreDetection, scoreGroups } from './score-detection.ts';

const H = 3_600_000;
const a = (id: string, m: string, t: string, startH: number, lenH = 1) => ({
  id,
  municipality: m,
  topic: t,
  bucket: 'hour',
  startMs: startH * H,
  endMs: (startH + lenH) * H,
});

describe('scoreDetection (hand-computed cases)', () => {
  it('merges adjacent anomalies into episodes and scores precision, recall and delay', () => {
    const truth = {
      incidents: [
        { id: 'i1', municipality: 'A', topic: 'heating', startMs: 10 * H, endMs: 14 * H, messages: 20 },
        { id: 'i2', municipality: 'B', topic: 'roads', startMs: 50 * H, endMs: 52 * H, messages: 10 },
      ],
      floods: [{ id: 'f1', municipality: 'C', topic: 'waste', startMs: 30 * H, endMs: 31 * H }],
    };
    const s = scoreDetection(truth, [
      a('1', 'A', 'heating', 10),
      a('2', 'A', 'heating', 11), // same episode as 1
      a('3', 'A', 'heating', 100), // false episode
      a('4', 'C', 'waste', 30), // flood alerted
    ]);
    expect(s.episodes).toBe(3);
    expect(s.truePositiveEpisodes).toBe(1);
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBe(0.5);
    expect(s.missed.map((m) => m.id)).toEqual(['i2']);
    expect(s.floodsAlerted).toBe(1);
    expect(s.delaysMin).toEqual([60]); // first window ends one hour after the incident started
  });
});

describe('scoreGroups (hand-computed cases)', () => {
  const incident = {
    id: 'i1',
    municipality: 'A',
    topic: 'water_sewer',
    startMs: 10 * H,
    endMs: 12 * H,
    messages: 9,
    streetName: 'Фрунзе',
  };
  const g = (topics: string[], terms: string[], m = 'A', startH = 10) => ({
    municipality: m,
    topics,
    terms,
    startMs: startH * H,
    endMs: (startH + 1) * H,
    detectedAtMs: (startH + 1) * H,
  });

  it('matches a row filed under another topic by the street its words name, and counts it apart', () => {
    const s = scoreGroups({ incidents: [incident], floods: [] }, [g(['other'], ['прорыв', 'фрунзе'])]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(1);
    expect(s.byStreetOnly).toBe(1);
  });

  it('does not match another topic without the street, another town, or another time', () => {
    const s = scoreGroups({ incidents: [incident], floods: [] }, [
      g(['other'], ['прорыв']),
      g(['water_sewer'], ['фрунзе'], 'B'),
      g(['other'], ['фрунзе'], 'A', 40),
    ]);
    expect(s.precision).toBe(0);
    expect(s.recall).toBe(0);
    expect(s.byStreetOnly).toBe(0);
  });
});
