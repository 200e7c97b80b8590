import { describe, expect, it } from 'vitest';
import type { Anomaly, Severity, TermBurst, TopicId } from '../records.ts';
import { AlertTracker, SEASONAL_WAVE, SEASONAL_WAVE_SPILL, SEVERITY_RESPONSE_MIN } from './alerts.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-03T08:00:00Z');

function flagged(
  startMs: number,
  o: { bucket?: '5m' | 'hour'; topic?: TopicId; observed?: number; severity?: Severity } = {},
): Anomaly {
  const bucket = o.bucket ?? 'hour';
  const endMs = startMs + (bucket === 'hour' ? HOUR : 300_000);
  const topic = o.topic ?? 'roads';
  return {
    id: `${bucket}:65701000:${topic}:${startMs}`,
    bucket,
    municipality: '65701000',
    topic,
    startMs,
    endMs,
    observed: o.observed ?? 6,
    expected: 1,
    pValue: 1e-7,
    score: 0.6,
    severity: o.severity ?? 'normal',
    detector: 'poisson-burst',
    detectedAtMs: endMs,
    updates: 0,
  };
}

describe('AlertTracker', () => {
  it('merges the windows of one incident into one alert and closes it after the quiet period', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const first = t.observe(flagged(T0, { bucket: '5m' }));
    const second = t.observe(flagged(T0, { observed: 9 }));
    const third = t.observe(flagged(T0 + 2 * HOUR, { observed: 7 }));
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    expect(third).toMatchObject({
      status: 'open',
      windows: 3,
      peakObserved: 9,
      startMs: T0,
      endMs: T0 + 3 * HOUR,
    });
    expect(third.firstDetectedAtMs).toBe(T0 + 300_000); // the 5-minute window flagged it first
    expect(t.advance(T0 + 4 * HOUR + 59 * 60_000)).toEqual([]);
    const [closed] = t.advance(T0 + 5 * HOUR);
    expect(closed).toMatchObject({ id: first.id, status: 'closed', closedAtMs: T0 + 5 * HOUR });
    expect(t.openCount).toBe(0);
  });

  it("merges its districts' flagged windows into the city's alert, listing each district once, first flagged first", () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const inDistrict = (startMs: number, district: string) => ({
      ...flagged(startMs),
      id: `hour:${district}:roads:${startMs}:65701000`,
      district,
    });
    const first = t.observe(inDistrict(T0, 'd2'));
    expect(first).toMatchObject({ municipality: '65701000', districts: ['d2'], windows: 1 });
    t.observe(flagged(T0 + HOUR));
    t.observe(inDistrict(T0 + HOUR, 'd1'));
    const last = t.observe(inDistrict(T0 + 2 * HOUR, 'd2'));
    expect(last).toMatchObject({ id: first.id, districts: ['d2', 'd1'], windows: 4 });
    // Values already emitted are not changed by later windows.
    expect(first.districts).toEqual(['d2']);
    // The restored tracker keeps them; state saved before districts restores with none.
    const restored = new AlertTracker({ quietMs: 2 * HOUR }, t.snapshot());
    expect(restored.observe(flagged(T0 + 3 * HOUR)).districts).toEqual(['d2', 'd1']);
    const old = t.snapshot();
    for (const a of old.open) delete (a as { districts?: string[] }).districts;
    expect(new AlertTracker({ quietMs: 2 * HOUR }, old).observe(flagged(T0 + 3 * HOUR)).districts).toEqual(
      [],
    );
  });

  it('opens a new alert for a flagged window after the quiet period, and reopens on a late revision inside it', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const a = t.observe(flagged(T0));
    t.advance(T0 + 4 * HOUR);
    const late = t.observe(flagged(T0 + 2 * HOUR)); // revised window, within the closed alert's gap
    expect(late).toMatchObject({ id: a.id, status: 'open', windows: 2 });
    t.advance(T0 + 10 * HOUR);
    const b = t.observe(flagged(T0 + 12 * HOUR));
    expect(b.id).not.toBe(a.id);
    expect(b.windows).toBe(1);
  });

  it('weighs severity by topic and per-capita load and maps it to a response time', () => {
    const t = new AlertTracker();
    expect(t.observe(flagged(T0, { topic: 'roads' })).severity).toBe('normal');
    const heating = t.observe(flagged(T0, { topic: 'heating' }));
    expect(heating.severity).toBe('high');
    expect(heating.respondWithinMin).toBe(SEVERITY_RESPONSE_MIN.high);
    // 12 authors in a town of 20,000 = 6 per 10,000 in one window.
    const big = t.observe(flagged(T0, { topic: 'waste', observed: 12 }), { population: 20_000 });
    expect(big).toMatchObject({ severity: 'critical', respondWithinMin: 60, peakPer10k: 6 });
    // The same 12 authors in a city of a million is not critical by weight.
    const city = new AlertTracker().observe(flagged(T0, { topic: 'waste', observed: 12 }), {
      population: 1e6,
    });
    expect(city.severity).toBe('normal');
  });

  it('labels an alert with the known cause it started under', () => {
    const t = new AlertTracker();
    const cause = { id: 'hw-2025-ekb', kind: 'hot_water_shutoff', label: 'Плановое отключение горячей воды' };
    expect(t.observe(flagged(T0, { topic: 'hot_water' }), { cause }).cause).toEqual(cause);
    expect(t.observe(flagged(T0, { topic: 'roads' })).cause).toBeNull();
  });

  it('groups alerts of one municipality that open while the first is open into one incident, whatever their topics', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const roads = t.observe(flagged(T0, { topic: 'roads' }));
    const other = t.observe(flagged(T0 + HOUR, { topic: 'other' })); // the same story, misfiled
    const lighting = t.observe(flagged(T0 + 3 * HOUR, { topic: 'lighting' })); // within roads' quiet period
    expect(roads.groupId).toBe(roads.id);
    expect(other.groupId).toBe(roads.id);
    expect(lighting.groupId).toBe(roads.id);
    t.advance(T0 + 20 * HOUR);
    const later = t.observe(flagged(T0 + 24 * HOUR, { topic: 'other' }));
    expect(later.groupId).toBe(later.id);
  });

  it('lets only the head keep a group joinable, for at most groupWithinMs after it opened', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR, groupWithinMs: 6 * HOUR });
    const roads = t.observe(flagged(T0, { topic: 'roads' }));
    t.observe(flagged(T0 + 2 * HOUR, { topic: 'other' })); // joins; its windows do not extend the group
    t.observe(flagged(T0 + 3 * HOUR, { topic: 'other' }));
    // roads ended at T0 + 1 h: quiet until T0 + 3 h. A member active later does not chain the group on.
    const lighting = t.observe(flagged(T0 + 4 * HOUR, { topic: 'lighting' }));
    expect(lighting.groupId).toBe(lighting.id);
    // A head that stays open for a day takes members only in its first six hours.
    const u = new AlertTracker({ quietMs: 2 * HOUR, groupWithinMs: 6 * HOUR });
    for (let h = 0; h < 12; h++) u.observe(flagged(T0 + h * HOUR, { topic: 'heating' }));
    expect(u.observe(flagged(T0 + 5 * HOUR, { topic: 'roads' })).groupId).toBe(`65701000:heating:${T0}`);
    const late = u.observe(flagged(T0 + 7 * HOUR, { topic: 'waste' }));
    expect(late.groupId).toBe(late.id);
  });

  it('keeps incidents nothing explains apart from expected alerts in the same hours', () => {
    const cause = { id: 'hw-2025-ekb', kind: 'hot_water_shutoff', label: 'Плановое отключение горячей воды' };
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const planned = t.observe(flagged(T0, { topic: 'hot_water' }), { cause });
    const roads = t.observe(flagged(T0 + HOUR, { topic: 'roads' }));
    const lighting = t.observe(flagged(T0 + HOUR, { topic: 'lighting' }));
    const water = t.observe(flagged(T0 + HOUR, { topic: 'water_sewer' }), { cause });
    expect(roads.groupId).toBe(roads.id);
    expect(lighting.groupId).toBe(roads.id);
    expect(water.groupId).toBe(planned.id);
  });

  it('never makes a slow wave the head of a group', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const wave = t.observe({ ...flagged(T0, { topic: 'heating' }), detector: 'cusum' });
    const roads = t.observe(flagged(T0 + HOUR, { topic: 'roads' }));
    expect(wave.groupId).toBe(wave.id);
    expect(roads.groupId).toBe(roads.id);
  });

  it('joins alerts of one topic in towns of the same region into one regional incident', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR });
    const ekb = t.observe(flagged(T0, { topic: 'heating' }), { region: '66' });
    const other = { ...flagged(T0 + HOUR, { topic: 'heating' }), municipality: '65740000' };
    const town = t.observe({ ...other, id: `hour:65740000:heating:${T0 + HOUR}` }, { region: '66' });
    expect(town.regionGroupId).toBe(ekb.id);
    expect(town.groupId).toBe(town.id); // another municipality: its own incident group
    const elsewhere = t.observe({ ...other, municipality: '45000000' }, { region: '77' });
    expect(elsewhere.regionGroupId).toBe(elsewhere.id);
    const roads = t.observe(
      { ...flagged(T0 + HOUR, { topic: 'roads' }), municipality: '65740000' },
      { region: '66' },
    );
    expect(roads.regionGroupId).toBe(roads.id); // another topic
  });

  it('continues identically from a snapshot', () => {
    const a = new AlertTracker();
    a.observe(flagged(T0));
    a.observe(flagged(T0, { topic: 'heating' }));
    const b = new AlertTracker({}, JSON.parse(JSON.stringify(a.snapshot())));
    const next = flagged(T0 + HOUR, { observed: 11 });
    expect(b.observe(next)).toEqual(a.observe(next));
    const joining = flagged(T0 + 2 * HOUR, { topic: 'waste' });
    expect(b.observe(joining)).toEqual(a.observe(joining));
    expect(b.advance(T0 + 10 * HOUR)).toEqual(a.advance(T0 + 10 * HOUR));
  });

  it('collects the emerging words of its town while it lasts, strongest first, and keeps them over a snapshot', () => {
    const t = new AlertTracker({ quietMs: 2 * HOUR, labelWaves: true });
    t.observe(flagged(T0, { topic: 'landscaping' }));
    expect(t.observeTerms([burst('пыль', T0, 0.5)])[0]?.terms).toEqual(['пыль']);
    const restored = new AlertTracker(
      { quietMs: 2 * HOUR, labelWaves: true },
      JSON.parse(JSON.stringify(t.snapshot())),
    );
    const later = [
      burst('набережная', T0 + HOUR, 0.9),
      burst('пыль', T0 + HOUR, 0.4),
      burst('чужой', T0, 0.9, '45000000'),
    ];
    const [updated] = restored.observeTerms(later);
    expect(updated?.terms).toEqual(['набережная', 'пыль']);
    expect(restored.observeTerms([burst('пыль', T0 + 2 * HOUR, 0.3)])).toEqual([]); // nothing new
    // Too late for it: past its quiet end.
    expect(restored.observeTerms([burst('поздно', T0 + 4 * HOUR, 0.9)])).toEqual([]);
    const [closed] = restored.advance(T0 + 10 * HOUR);
    expect(closed).toMatchObject({ status: 'closed', terms: ['набережная', 'пыль'], cause: null });
  });

  it('labels a weather-topic alert that closes without any emerging word a seasonal wave — only when words are tracked', () => {
    const tracked = new AlertTracker({ labelWaves: true });
    tracked.observe(flagged(T0, { topic: 'snow_ice' }));
    tracked.observe(flagged(T0, { topic: 'roads' }));
    tracked.observe(flagged(T0, { topic: 'electricity' }));
    tracked.observe({ ...flagged(T0, { topic: 'waste' }), municipality: '45000000' });
    const closed = tracked.advance(T0 + 10 * HOUR);
    expect(closed.find((a) => a.topic === 'snow_ice')?.cause).toEqual(SEASONAL_WAVE);
    // The snowfall filed under roads, at the same time and with no story of its own: the same wave.
    expect(closed.find((a) => a.topic === 'roads')?.cause).toEqual(SEASONAL_WAVE_SPILL);
    // Never a life-support topic, nor another town's rise.
    expect(closed.find((a) => a.topic === 'electricity')?.cause).toBeNull();
    expect(closed.find((a) => a.topic === 'waste')?.cause).toBeNull();

    // A sibling that closes after the wave closed still reads it (their times overlap).
    const later = new AlertTracker({ quietMs: 2 * HOUR, labelWaves: true });
    later.observe({ ...flagged(T0, { topic: 'snow_ice' }), endMs: T0 + 3 * HOUR });
    later.observe(flagged(T0 + 2 * HOUR, { topic: 'landscaping' }));
    later.observe(flagged(T0 + 4 * HOUR, { topic: 'landscaping' }));
    expect(later.advance(T0 + 5 * HOUR + 1).map((a) => [a.topic, a.cause])).toEqual([['snow_ice', SEASONAL_WAVE]]);
    expect(later.advance(T0 + 10 * HOUR)[0]?.cause).toEqual(SEASONAL_WAVE_SPILL);

    // A weather alert with a story (a street) is no wave, and neither are its siblings.
    const told = new AlertTracker({ labelWaves: true });
    told.observe({ ...flagged(T0, { topic: 'snow_ice' }), endMs: T0 + 3 * HOUR });
    told.observeTerms([burst('ленина', T0, 0.8)]);
    told.observe(flagged(T0 + HOUR, { topic: 'other' })); // opens after the words: it has none of its own
    expect(told.advance(T0 + 10 * HOUR).map((a) => [a.topic, a.terms, a.cause])).toEqual([
      ['snow_ice', ['ленина'], null],
      ['other', [], null],
    ]);

    const alone = new AlertTracker({ labelWaves: true });
    alone.observe(flagged(T0, { topic: 'roads' }));
    expect(alone.advance(T0 + 10 * HOUR)[0]?.cause).toBeNull(); // no weather wave: an incident

    const story = new AlertTracker({ labelWaves: true });
    story.observe(flagged(T0, { topic: 'snow_ice' }));
    story.observeTerms([burst('сосульки', T0, 0.7)]);
    expect(story.advance(T0 + 10 * HOUR)[0]).toMatchObject({ cause: null, terms: ['сосульки'] });

    const untracked = new AlertTracker();
    untracked.observe(flagged(T0, { topic: 'snow_ice' }));
    expect(untracked.advance(T0 + 10 * HOUR)[0]?.cause).toBeNull();
  });

  it('tells a slow wave (only the day CUSUM flagged it) from a burst, and a burst joining it makes it one', () => {
    const t = new AlertTracker();
    const day = {
      ...flagged(T0),
      id: `cusum:day:65701000:roads:${T0}`,
      bucket: 'day' as const,
      detector: 'cusum',
      endMs: T0 + 24 * HOUR,
    };
    expect(t.observe(day).kind).toBe('slow_wave');
    expect(t.observe(flagged(T0 + 5 * HOUR)).kind).toBe('burst');
    expect(new AlertTracker().observe(flagged(T0)).kind).toBe('burst');
  });
});

function burst(term: string, startMs: number, score: number, municipality = '65701000'): TermBurst {
  return {
    id: `term:municipality:${municipality}:${term}:${startMs}`,
    scope: 'municipality',
    municipality,
    region: '65',
    stem: term,
    term,
    topic: 'landscaping',
    startMs,
    endMs: startMs + HOUR,
    observed: 6,
    expected: 0.2,
    pValue: 1e-9,
    score,
    municipalities: 1,
    messageIds: [],
    detectedAtMs: startMs + HOUR,
  };
}
