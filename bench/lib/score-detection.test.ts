import { describe, expect, it } from 'vitest';
import { scoreDetection } from './score-detection.ts';

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
